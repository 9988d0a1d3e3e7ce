"""The scale curve of issue 21: organisers' pages, exports, document and feed validators of
one meeting at N = 100, 1,000 and 10,000 registrations (160 NSBs), each against `/healthz`
in the same run, through a real gunicorn.

    .venv/bin/python -m benchmarks.scale_curve [--sizes 100,1000,10000] [--rounds 15]
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/plenaria_bench_scale \\
        .venv/bin/python -m benchmarks.scale_curve      # its schema is wiped for each size

For each size: a fresh database with the real migrations; N approved delegates, each with an
attendance row, inserted in bulk. Query counts come from the app in process (the test
suite's way); times from gunicorn (one sync worker, its own instance folder), one request at
a time, each measured request alternated with `/healthz` so that both see the same load;
medians, and their ratio. The 304s send the ETag the app computes from the data (so the
10,000 badges are never built, here either). Peak RSS is the worker's `VmHWM` after the run.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event as sa_event
from sqlalchemy import insert, text

from app import create_app
from events.agenda.publishing import publish_agenda
from events.auth.accounts import create_user
from events.extensions import db
from events.models import (
    Attendance,
    AttendanceMode,
    AttendanceOrigin,
    Event,
    EventKind,
    EventStatus,
    Organisation,
    OrganisationKind,
    Person,
    Registration,
    RegistrationStatus,
    Role,
    Session,
)
from events.models.people import fold_name
from events.reports import fingerprints

ROOT = Path(__file__).resolve().parent.parent
HOST = "bench.plenaria.test"
PASSWORD = "benchmark-password"
NSBS = 160
GIVEN = ["Ana", "José", "Ольга", "Wanjiru", "Nguyễn", "فاطمة", "伟", "Łukasz", "Zoë", "Σοφία"]
FAMILY = ["Pérez", "Muñoz", "Кузнецова", "Kamau", "Trần", "الزهراء", "王", "Żółć", "Müller"]
PAGES = [
    ("registrations list", "/events/scale/registrations", None),
    ("registrations CSV", "/events/scale/registrations.csv", None),
    ("check-in page", "/events/scale/check-in", None),
    ("check-in search", "/events/scale/check-in?q=kamau", None),
    ("attendance records", "/events/scale/attendance", None),
    ("304 of the badges PDF", "/events/scale/reports/badges.pdf", "badges"),
    ("304 of the certificates PDF", "/events/scale/reports/certificates.pdf", "certificates"),
    ("event feed without ETag", "/events/scale/calendar.ics", None),
]


def database_url(size: int) -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{Path(tempfile.gettempdir()) / f'plenaria-scale-{size}.sqlite'}"


def build(size: int) -> Flask:
    url = database_url(size)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": HOST,
                      "SECRET_KEY": "benchmark"})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        nsbs = [Organisation(acronym=f"N{n:03d}", name=f"Organismo Nacional {n}",
                             kind=OrganisationKind.NSB, country=["KE", "CO", "EC", "FR"][n % 4])
                for n in range(NSBS)]
        db.session.add_all(nsbs)
        start = datetime(2030, 5, 1, 6, tzinfo=UTC)
        event = Event(slug="scale", title="Plenary at scale", kind=EventKind.PLENARY,
                      status=EventStatus.PUBLISHED, timezone="Europe/Zurich", starts_at=start,
                      ends_at=start.replace(day=3), host=nsbs[0])
        db.session.add(event)
        db.session.add(Session(event=event, title="Opening", starts_at=start,
                               ends_at=start.replace(hour=8)))
        db.session.flush()
        publish_agenda(event)
        create_user("organiser@bench.example", "Bench Organiser", PASSWORD, Role.ORGANISER,
                    nsbs[0], None)
        people = [{"given_name": GIVEN[n % len(GIVEN)], "family_name": f"{FAMILY[n % 9]} {n}",
                   "email": f"d{n}@bench.example", "organisation_id": nsbs[n % NSBS].id,
                   "sort_name": fold_name(GIVEN[n % len(GIVEN)], f"{FAMILY[n % 9]} {n}")}
                  for n in range(size)]
        ids = list(db.session.scalars(insert(Person).returning(Person.id), people))
        db.session.execute(insert(Registration), [
            {"event_id": event.id, "person_id": pid, "organisation_id": nsbs[n % NSBS].id,
             "status": RegistrationStatus.APPROVED} for n, pid in enumerate(ids)])
        db.session.execute(insert(Attendance), [
            {"event_id": event.id, "person_id": pid, "organisation_id": nsbs[n % NSBS].id,
             "mode": AttendanceMode.ONSITE, "origin": AttendanceOrigin.CHECK_IN}
            for n, pid in enumerate(ids)])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # As autovacuum would soon after a bulk load: without statistics the planner
            # takes the fresh tables for empty and joins them row by row.
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                    text("ANALYZE"))
    return app


def query_counts(app: Flask) -> dict[str, int]:
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    client.post("/sign-in", data={"csrf_token": _token(page),
                                  "email": "organiser@bench.example", "password": PASSWORD})
    counts: dict[str, int] = {}
    with app.app_context():
        engine = db.engine
    for label, path, document in PAGES:
        if document:
            continue
        client.get(path)  # warm
        statements: list[str] = []

        def record(conn, cursor, statement, *args, _log=statements):
            _log.append(statement)

        sa_event.listen(engine, "before_cursor_execute", record)
        try:
            assert client.get(path).status_code == 200, path
        finally:
            sa_event.remove(engine, "before_cursor_execute", record)
        counts[label] = len(statements)
    return counts


def etags(app: Flask) -> dict[str, str]:
    """The validators a client holding the documents would send (computed, never built)."""
    with app.test_request_context(base_url=f"http://{HOST}/"):
        event = db.session.scalar(db.select(Event).where(Event.slug == "scale"))
        return {"badges": fingerprints.badges_fingerprint(event, None, False),
                "certificates": fingerprints.certificates_fingerprint(event)}


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


class Client:
    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, ""

    def request(self, method: str, path: str, body: str | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            sent = {"Host": HOST, **({"Cookie": self.cookies} if self.cookies else {}),
                    **(headers or {})}
            if body is not None:
                sent["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            answer = dict(response.getheaders())
            data = response.read()
        finally:
            connection.close()
        for cookie in [v for k, v in answer.items() if k.lower() == "set-cookie"]:
            name_value = cookie.split(";", 1)[0]
            kept = [c for c in self.cookies.split("; ") if c and
                    not c.startswith(name_value.split("=", 1)[0] + "=")]
            self.cookies = "; ".join([*kept, name_value])
        return response.status, answer, data


def timed(client: Client, path: str, headers: dict[str, str] | None, rounds: int
          ) -> tuple[float, float]:
    ours, baseline = [], []
    client.request("GET", path, headers=headers)  # warm
    for _ in range(rounds):
        for target, extra, samples in ((path, headers, ours), ("/healthz", None, baseline)):
            started = time.perf_counter()
            status, _headers, _body = client.request("GET", target, headers=extra)
            samples.append(time.perf_counter() - started)
            assert status in (200, 304), (target, status)
    return statistics.median(ours) * 1000, statistics.median(baseline) * 1000


def worker_rss_mib(master: int) -> float:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    peak = 0
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak / 1024


def measure(size: int, rounds: int, port: int) -> list[tuple[str, int | None, float, float]]:
    app = build(size)
    counts = query_counts(app)
    validators = etags(app)
    with app.app_context():
        db.engine.dispose()
    instance = Path(tempfile.mkdtemp(prefix="plenaria-scale-"))
    env = {**os.environ, "DATABASE_URL": database_url(size).replace("+psycopg", ""),
           "SECRET_KEY": "benchmark", "SERVER_NAME": HOST, "INSTANCE_PATH": str(instance)}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", "1", "--timeout", "300",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "app:create_app()"],
        cwd=ROOT, env=env)
    try:
        client = Client(port)
        for _ in range(100):
            try:
                if client.request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        _status, _headers, form = client.request("GET", "/sign-in")
        status, _headers, _body = client.request("POST", "/sign-in", urllib.parse.urlencode({
            "csrf_token": _token(form.decode()), "email": "organiser@bench.example",
            "password": PASSWORD}))
        assert status == 302, "sign-in failed"
        results = []
        for label, path, document in PAGES:
            headers = {"If-None-Match": f'"{validators[document]}"'} if document else None
            ours, healthz = timed(client, path, headers, rounds)
            results.append((label, counts.get(label), ours, healthz))
        print(f"peak RSS of the worker at N={size}: {worker_rss_mib(server.pid):.0f} MiB")
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--port", type=int, default=5321)
    options = parser.parse_args()
    for size in (int(s) for s in options.sizes.split(",")):
        print(f"\nN = {size:,} registrations")
        print("| page or job | queries | ms | /healthz ms | ratio |")
        print("|---|---|---|---|---|")
        for label, count, ours, healthz in measure(size, options.rounds, options.port):
            shown = "—" if count is None else str(count)
            print(f"| {label} | {shown} | {ours:.1f} | {healthz:.2f} | {ours / healthz:.1f}x |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
