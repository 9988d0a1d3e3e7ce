"""The benchmarks' data: a series of 20 editions with 50 sessions each (1,000 sessions), in
Nairobi, Bogotá and Zurich, each session with numbered items and a document, published."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select, text

from app import create_app
from events.agenda.publishing import publish_agenda
from events.extensions import db
from events.models import (
    AgendaItem,
    Document,
    Event,
    EventKind,
    EventSeries,
    EventStatus,
    Session,
)

EDITIONS = 20
SESSIONS_PER_EDITION = 50
ZONES = ("Africa/Nairobi", "America/Bogota", "Europe/Zurich")
SERIES = "bench-series"


def database_url() -> str:
    """BENCH_DATABASE_URL (e.g. a PostgreSQL database the benchmark may wipe), else a
    SQLite file in the temporary directory."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{Path(tempfile.gettempdir()) / 'plenaria-bench.sqlite'}"


def bench_app() -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url(),
                       "SERVER_NAME": "bench.plenaria.test", "SECRET_KEY": "benchmark"})


def build(app: Flask) -> None:
    """Create the schema with the migrations and the series, unless it is already there."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            upgrade()
        else:
            with db.engine.begin() as connection:
                exists = connection.execute(text(
                    "SELECT to_regclass('public.alembic_version') IS NOT NULL")).scalar()
            if not exists:
                upgrade()
        if db.session.scalar(select(EventSeries.id).where(EventSeries.slug == SERIES)):
            return
        series = EventSeries(slug=SERIES, title="Benchmark plenary")
        db.session.add(series)
        for edition in range(EDITIONS):
            start = datetime(2010 + edition, 5, 4, 6, tzinfo=UTC)
            event = Event(slug=f"bench-{edition}", title=f"Plenary {edition + 1}",
                          kind=EventKind.PLENARY, status=EventStatus.PUBLISHED,
                          series=series,
                          edition=edition + 1, timezone=ZONES[edition % len(ZONES)],
                          starts_at=start, ends_at=start + timedelta(days=3),
                          venue="Convention centre", city="Somewhere", country="KE")
            db.session.add(event)
            for number in range(SESSIONS_PER_EDITION):
                begins = start + timedelta(hours=number)
                session = Session(event=event, title=f"Session {number + 1}",
                                  starts_at=begins, ends_at=begins + timedelta(minutes=50),
                                  room=f"Room {number % 4 + 1}", chairs="The Chair")
                document = Document(reference=f"N {edition}-{number}", title="Report",
                                    url="https://documents.example/n")
                item = AgendaItem(event=event, session=session, position=number,
                                  title=f"Report on topic {number}", presenter="Convenor",
                                  documents=[document])
                db.session.add_all([session, item, AgendaItem(
                    event=event, session=session, parent=item, position=0,
                    title="Discussion", presenter=None)])
            db.session.flush()
            publish_agenda(event)
        db.session.commit()
