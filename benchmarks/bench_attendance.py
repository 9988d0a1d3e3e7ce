"""Attendance benchmarks: series statistics (20 editions x 500 participants) and importing a
2,000-row Webex export, each against a baseline measured in the same run.

    .venv/bin/python benchmarks/bench_attendance.py [--port 5301]

Uses a fresh SQLite file in a temporary directory, or BENCH_DATABASE_URL (a PostgreSQL
database whose schema it drops and rebuilds). The report page is also fetched over HTTP from a
real gunicorn on 127.0.0.1, against /healthz as baseline.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event as sa_event
from sqlalchemy import insert, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from events.config import database_url_from_env  # noqa: E402
from events.extensions import db  # noqa: E402

EDITIONS, PARTICIPANTS, NSBS, POOL = 20, 500, 120, 1500
IMPORT_ROWS = 2000
PASSWORD = "benchmark-password"


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class QueryCounter:
    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        self.engine, self.count = engine, 0

    def __enter__(self) -> QueryCounter:
        sa_event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc: object) -> None:
        sa_event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if not re.match(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)", statement, re.I):
            self.count += 1


def reset_schema() -> None:
    from flask_migrate import upgrade

    with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(directory=str(ROOT / "migrations"))


def build_series() -> dict:
    """120 NSBs' delegates over 20 editions of 500 participants, with registrations."""
    from events.auth.accounts import create_user
    from events.models import (
        Attendance,
        AttendanceMode,
        AttendanceOrigin,
        EmailDomain,
        Event,
        EventKind,
        EventSeries,
        EventStatus,
        Organisation,
        OrganisationKind,
        Person,
        Registration,
        RegistrationStatus,
        Role,
    )

    rng = random.Random(2019)
    countries = ["AR", "BR", "CO", "EC", "MX", "PE", "CL", "UY", "US", "CA", "KE", "TZ", "UG",
                 "RW", "NG", "GH", "ZA", "EG", "MA", "FR", "DE", "GB", "CH", "SE", "NL", "ES",
                 "IT", "DK", "JP", "CN", "IN", "KR", "AU"]
    db.session.execute(insert(Organisation), [
        {"kind": OrganisationKind.NSB, "acronym": f"NSB{i:03d}", "name": f"Standards body {i}",
         "country": countries[i % len(countries)]} for i in range(NSBS)])
    orgs = list(db.session.scalars(select(Organisation).order_by(Organisation.id)))
    db.session.execute(insert(EmailDomain), [
        {"organisation_id": org.id, "domain": f"nsb{index:03d}.example"}
        for index, org in enumerate(orgs)])
    db.session.execute(insert(Person), [
        {"given_name": f"Given{i}", "family_name": f"Family{i}",
         "email": f"person{i}@nsb{i % NSBS:03d}.example", "organisation_id": orgs[i % NSBS].id}
        for i in range(POOL)])
    people = list(db.session.scalars(select(Person.id).order_by(Person.id)))
    series = EventSeries(slug="bench-plenary", title="Benchmark plenary")
    db.session.add(series)
    db.session.flush()
    for number in range(EDITIONS):
        start = datetime(2000 + number, 5, 1, 6, tzinfo=UTC)
        db.session.add(Event(slug=f"bench-{number + 1}", title=f"Plenary {number + 1}",
                             kind=EventKind.PLENARY, status=EventStatus.PUBLISHED,
                             timezone="Africa/Nairobi", starts_at=start,
                             ends_at=start + timedelta(hours=30), series_id=series.id,
                             edition=number + 1))
    db.session.flush()
    events = list(db.session.scalars(select(Event).where(Event.series_id == series.id)
                                     .order_by(Event.starts_at)))
    for event in events:
        chosen = rng.sample(range(POOL), PARTICIPANTS)
        db.session.execute(insert(Registration), [
            {"event_id": event.id, "person_id": people[i], "organisation_id": orgs[i % NSBS].id,
             "status": RegistrationStatus.APPROVED} for i in chosen])
        db.session.execute(insert(Attendance), [
            {"event_id": event.id, "person_id": people[i], "organisation_id": orgs[i % NSBS].id,
             "mode": AttendanceMode.ONSITE if n % 5 else AttendanceMode.REMOTE,
             "origin": AttendanceOrigin.CHECK_IN} for n, i in enumerate(chosen)])
    target = Event(slug="bench-import", title="Online prep", kind=EventKind.PREP_SESSION,
                   status=EventStatus.PUBLISHED, timezone="America/Bogota",
                   starts_at=datetime(2030, 3, 29, 15, tzinfo=UTC),
                   ends_at=datetime(2030, 3, 29, 17, tzinfo=UTC))
    db.session.add(target)
    create_user("bench@example.org", "Bench Secretariat", PASSWORD, Role.SECRETARIAT)
    db.session.commit()
    return {"series_id": series.id, "last_slug": events[-1].slug, "import_id": target.id}


def webex_export(rows: int) -> bytes:
    """A UTF-16 Webex export: known people by email, some rejoining, some unknown."""
    lines = ["Name\tAttendee Email\tJoin Time\tLeave Time\tAttendance Duration"]
    rejoiners = rows // 5
    for i in range(rows):
        person = i if i < rows - rejoiners else i - (rows - rejoiners)
        known = person < POOL
        email = (f"person{person}@nsb{person % NSBS:03d}.example" if known
                 else f"guest{person}@elsewhere.example")
        joined = "03/29/2030 10:00:00 AM" if i < rows - rejoiners else "03/29/2030 11:00:00 AM"
        left = "03/29/2030 10:55:00 AM" if i < rows - rejoiners else "03/29/2030 12:00:00 PM"
        lines.append(f"Given{person} Family{person}\t{email}\t{joined}\t{left}\t55")
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")


def bench_statistics(ids: dict) -> list[tuple[str, float, float, int]]:
    from events.attendance.stats import attendance_report, series_report
    from events.models import Attendance, Event, EventSeries

    series = db.session.get(EventSeries, ids["series_id"])
    event_ids = [e.id for e in series.events]
    last = db.session.scalar(select(Event).where(Event.slug == ids["last_slug"]))

    def baseline() -> None:
        db.session.execute(select(Attendance.event_id, Attendance.person_id,
                                  Attendance.organisation_id)
                           .where(Attendance.event_id.in_(event_ids))).all()

    def whole_series() -> None:
        db.session.expire_all()
        series_report(db.session.get(EventSeries, ids["series_id"]))

    def one_edition() -> None:
        db.session.expire_all()
        attendance_report(db.session.get(Event, last.id))

    base = median_time(baseline, 7)
    results = []
    for name, action in (("series statistics (20 editions x 500)", whole_series),
                         ("event report (last edition, continuity over 20)", one_edition)):
        with QueryCounter(db.engine) as counter:
            action()
        results.append((name, median_time(action, 7), base, counter.count))
    return results


def bench_import(ids: dict) -> tuple[float, float, str]:
    from events.attendance.formats import read_export
    from events.attendance.importer import import_attendance
    from events.models import Attendance, AttendanceImport, AttendanceReviewItem, Event

    data = webex_export(IMPORT_ROWS)
    event = db.session.get(Event, ids["import_id"])
    base = median_time(lambda: read_export(data, event.zone), 5)
    times, summary = [], ""
    for _ in range(5):
        start = time.perf_counter()
        result = import_attendance(event, data, "bench-webex.csv")
        db.session.commit()
        times.append(time.perf_counter() - start)
        summary = result.summary()
        for model in (AttendanceReviewItem, Attendance, AttendanceImport):
            db.session.execute(model.__table__.delete().where(model.event_id == event.id))
        db.session.commit()
    return statistics.median(times), base, summary


def bench_http(database_url: str, instance: Path, port: int, slug: str) -> tuple[float, float]:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "benchmark"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "app:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        for _ in range(100):
            try:
                opener.open(f"{base_url}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        page = opener.open(f"{base_url}/sign-in", timeout=5).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        opener.open(f"{base_url}/sign-in", urllib.parse.urlencode(
            {"csrf_token": token, "email": "bench@example.org", "password": PASSWORD}).encode(),
            timeout=5).read()
        report_url = f"{base_url}/events/{slug}/reports/attendance.json"
        assert b"participants" in opener.open(report_url, timeout=10).read()
        health = median_time(lambda: opener.open(f"{base_url}/healthz", timeout=5).read(), 20)
        report = median_time(lambda: opener.open(report_url, timeout=10).read(), 20)
        return report, health
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5301, help="for gunicorn (127.0.0.1)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
        url = database_url_from_env(url)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark"})
        with app.app_context():
            reset_schema()
            started = time.perf_counter()
            ids = build_series()
            print(f"database: {db.engine.dialect.name}; data built in "
                  f"{time.perf_counter() - started:.1f} s")
            print(f"{'measure':52} {'median':>9} {'baseline':>9} {'ratio':>7} {'queries':>8}")
            with app.test_request_context():
                for name, took, base, queries in bench_statistics(ids):
                    print(f"{name:52} {took * 1000:7.1f}ms {base * 1000:7.1f}ms "
                          f"{took / base:6.1f}x {queries:8d}")
                took, base, summary = bench_import(ids)
            print(f"{'import of a 2,000-row Webex export (UTF-16)':52} {took * 1000:7.1f}ms "
                  f"{base * 1000:7.1f}ms {took / base:6.1f}x")
            print(f"  baseline: reading and checking the file alone; result: {summary}")
            db.session.remove()
            db.engine.dispose()
        report, health = bench_http(url, Path(tmp), args.port, ids["last_slug"])
        print(f"{'GET report .json over gunicorn (last edition)':52} {report * 1000:7.1f}ms "
              f"{health * 1000:7.1f}ms {report / health:6.1f}x")
        print("  baseline: GET /healthz on the same server")
        print("baselines: series statistics against one query reading every attendance row "
              "of the series.")


if __name__ == "__main__":
    main()
