"""PDF benchmarks: our documents against bare WeasyPrint rendering the same HTML, same run.

    .venv/bin/python -m benchmarks.bench_pdf             # SQLite in the temporary directory
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/plenaria_bench_pdf \
        .venv/bin/python -m benchmarks.bench_pdf         # PostgreSQL (schema rebuilt!)

1. List of participants, 1,000 delegates from 160 NSBs: the whole path (queries, template,
   content hash, WeasyPrint, cache write) against WeasyPrint alone on the identical HTML with
   the same fonts and the same fetcher (the library's floor). Goal: within 1.3 times. Peak Python
   memory of each (tracemalloc).
2. A cached repeat of that PDF over HTTP (test client: queries, template, hash, file read)
   and a conditional request answered 304, against `/healthz`. Goal: under 50 ms.
3. 500 badges on A4 sheets of 8, against WeasyPrint alone on the same HTML.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pycountry
import weasyprint
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select, text

from app import create_app
from events.extensions import db
from events.models import (
    DelegateRole,
    Event,
    EventKind,
    EventStatus,
    ListVisibility,
    Organisation,
    OrganisationKind,
    Person,
    Registration,
    RegistrationStatus,
)
from events.registration.settings import editable_settings
from events.reports import pdf_documents
from events.reports.pdf import BASE_URL, StaticOnlyFetcher, cached_pdf

SLUG = "bench-plenary"
NSBS = 160
DELEGATES = 1000
BADGES = 500
GIVEN = ("María", "João", "Hélène", "Wanjiru", "Søren", "Chloé", "José", "Ngozi", "Ana", "Ivan")
FAMILY = ("Pérez", "Gonçalves", "Lefèvre", "Kamau", "Jørgensen", "Müller", "Núñez", "Okafor")


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{Path(tempfile.gettempdir()) / 'plenaria-bench-pdf.sqlite'}"


def build(app: Flask) -> None:
    """A plenary with 1,000 approved delegates from 160 NSBs, its list public."""
    with app.app_context():
        with db.engine.begin() as connection:
            if db.engine.dialect.name == "postgresql":
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        if db.engine.dialect.name == "sqlite":
            Path(db.engine.url.database).unlink(missing_ok=True)
            db.engine.dispose()
        upgrade()
        host = Organisation(acronym="HOST", name="Host Standards Bureau",
                            kind=OrganisationKind.NSB, country="KE")
        event = Event(slug=SLUG, title="Benchmark Plenary", kind=EventKind.PLENARY,
                      status=EventStatus.PUBLISHED, timezone="Africa/Nairobi", host=host,
                      starts_at=datetime(2030, 5, 1, 6, tzinfo=UTC),
                      ends_at=datetime(2030, 5, 2, 13, tzinfo=UTC), city="Nairobi",
                      country="KE")
        db.session.add(event)
        countries = [c.alpha_2 for c in pycountry.countries][:NSBS]
        nsbs = [Organisation(acronym=f"N{i:03d}", name=f"Bureau de Normalisation n° {i}",
                             kind=OrganisationKind.NSB, country=code)
                for i, code in enumerate(countries)]
        db.session.add_all(nsbs)
        for i in range(DELEGATES):
            org = nsbs[i % NSBS]
            person = Person(given_name=GIVEN[i % len(GIVEN)],
                            family_name=f"{FAMILY[i % len(FAMILY)]}-{i}", organisation=org,
                            email=f"delegate{i}@bench.example")
            db.session.add(Registration(
                event=event, person=person, organisation=org,
                role=DelegateRole.HEAD_OF_DELEGATION if i < NSBS else DelegateRole.DELEGATE,
                status=RegistrationStatus.APPROVED, consent_to_publish=True))
        db.session.flush()
        editable_settings(event).public_list = ListVisibility.ALL
        db.session.commit()


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def alternate(ours: Callable[[], object], baseline: Callable[[], object],
              rounds: int) -> tuple[float, float]:
    """Medians of both, alternated so that both see the same machine load."""
    mine, floor = [], []
    for _ in range(rounds):
        mine.append(timed(ours))
        floor.append(timed(baseline))
    return statistics.median(mine), statistics.median(floor)


def peak_memory(function: Callable[[], object]) -> float:
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def bare(html: str, static: Path, tagged: bool) -> Callable[[], bytes]:
    def run() -> bytes:
        document = weasyprint.HTML(string=html, base_url=BASE_URL,
                                   url_fetcher=StaticOnlyFetcher(static))
        return document.write_pdf(**({"pdf_variant": "pdf/ua-1"} if tagged else {}))
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="plenaria-pdf-cache-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(), "SECRET_KEY": "benchmark",
                      "SERVER_NAME": "bench.plenaria.test", "PDF_CACHE_DIR": str(cache)})
    build(app)
    static = Path(app.static_folder or "static")
    rows = []

    with app.test_request_context("/"):
        event = db.session.scalar(select(Event).where(Event.slug == SLUG))
        html = pdf_documents.participants_document(event).html

        def ours_participants() -> bytes:
            for old in cache.glob("*.pdf"):  # every round renders: no cache hit allowed
                old.unlink()
            return cached_pdf(pdf_documents.participants_document(event))

        pages = len(ours_participants())  # warm up fonts and templates
        ours, floor = alternate(ours_participants, bare(html, static, True), args.rounds)
        rows.append(("List of participants, 1,000 delegates / 160 NSBs", ours, floor))
        ours_peak = peak_memory(ours_participants)
        bare_peak = peak_memory(bare(html, static, True))

        ids = list(db.session.scalars(select(Registration.id).order_by(Registration.id)
                                      .limit(BADGES)))
        badges_html = pdf_documents.badges_document(event, ids).html

        def ours_badges() -> bytes:
            for old in cache.glob("*.pdf"):
                old.unlink()
            return cached_pdf(pdf_documents.badges_document(event, ids))

        ours_badges()
        ours_b, floor_b = alternate(ours_badges, bare(badges_html, static, False),
                                    max(3, args.rounds // 2))
        rows.append(("500 badges, A4 sheets of 8", ours_b, floor_b))

    client = app.test_client()
    url = f"/events/{SLUG}/participants.pdf"
    etag = client.get(url).headers["ETag"]
    repeat, health = alternate(lambda: client.get(url), lambda: client.get("/healthz"), 20)
    conditional, _ = alternate(lambda: client.get(url, headers={"If-None-Match": etag}),
                               lambda: None, 20)

    print(f"Database: {database_url().split(':')[0]}; {pages // 1024} KiB participants PDF")
    print(f"{'Measure':<52} {'ours':>10} {'baseline':>10} {'ratio':>7}")
    for name, mine, base in rows:
        print(f"{name:<52} {mine * 1000:>8.0f}ms {base * 1000:>8.0f}ms {mine / base:>7.2f}")
    print(f"{'Cached repeat over HTTP vs /healthz':<52} {repeat * 1000:>8.1f}ms "
          f"{health * 1000:>8.1f}ms {repeat / health:>7.1f}")
    print(f"{'Conditional request (304) vs /healthz':<52} {conditional * 1000:>8.1f}ms "
          f"{health * 1000:>8.1f}ms {conditional / health:>7.1f}")
    print(f"Peak Python memory, participants: ours {ours_peak:.0f} MiB, "
          f"bare WeasyPrint {bare_peak:.0f} MiB")


if __name__ == "__main__":
    main()
