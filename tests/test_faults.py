"""Faults with the real parts: PostgreSQL dropping every connection under a running server
(the pool's pre-ping replaces them, no restart), and a gunicorn worker killed in the middle
of a registration burst (no registration lost or doubled).

PostgreSQL: FAULT_TEST_DATABASE_URL (default: postgresql://postgres@127.0.0.1:5432/plenaria_faults,
created when missing), a database of these tests' own — its schema is rebuilt — never the
suite's. Its backends are
ended with pg_terminate_backend, as a server restart or a failover would end them.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from events.config import database_url_from_env
from tests.scripts.seed_burst import PASSWORD, SLUG, email_of
from tests.servers import ROOT, Browser, gunicorn

FAULT_DATABASE = os.environ.get("FAULT_TEST_DATABASE_URL",
                                "postgresql://postgres@127.0.0.1:5432/plenaria_faults")


def _create_fault_database() -> None:
    """The fault tests' own database, made on the same server when it does not exist yet."""
    url = make_url(database_url_from_env(FAULT_DATABASE))
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                     {"name": url.database}):
                connection.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
    finally:
        server.dispose()


def _seed(url: str, people: int, capacity: int) -> int:
    done = subprocess.run([sys.executable, "tests/scripts/seed_burst.py", str(people),
                           str(capacity)], cwd=ROOT,
                          env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": "fault-tests"},
                          check=True, capture_output=True, text=True)
    return int(done.stdout.strip().splitlines()[-1])


def _register(browser: Browser, org_id: int) -> int:
    return browser.submit(f"/events/{SLUG}/register", {
        "organisation": str(org_id), "role": "delegate", "attendance_type": "onsite"})[0]


def test_the_app_recovers_when_postgresql_drops_every_connection(app):
    assert os.environ.get("TEST_DATABASE_URL") != FAULT_DATABASE, \
        "FAULT_TEST_DATABASE_URL must not be the suite's database (its schema is rebuilt)"
    _create_fault_database()
    org_id = _seed(FAULT_DATABASE, 6, 4)
    admin = create_engine(database_url_from_env(FAULT_DATABASE), isolation_level="AUTOCOMMIT")
    env = {"DATABASE_URL": FAULT_DATABASE, "SECRET_KEY": "faults",
           "SIGN_IN_RATE_LIMIT": "100000 per minute"}
    try:
        with gunicorn(env, workers=2) as (base, _process):
            people = [Browser(base) for _ in range(6)]
            for number, person in enumerate(people[:3]):
                assert person.submit("/sign-in", {"email": email_of(number),
                                                  "password": PASSWORD})[0] == 302
                assert _register(person, org_id) == 302

            with admin.connect() as connection:
                ended = connection.execute(text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
            assert ended >= 1  # the workers' pooled connections are gone

            for number, person in enumerate(people[3:], start=3):
                assert person.submit("/sign-in", {"email": email_of(number),
                                                  "password": PASSWORD})[0] == 302
                assert _register(person, org_id) == 302
            assert Browser(base).request("/healthz")[0] == 200
        with admin.connect() as connection:
            statuses = dict(connection.execute(text(
                "SELECT status, count(*) FROM registrations GROUP BY status")).all())
        assert statuses == {"approved": 4, "waitlisted": 2}
    finally:
        admin.dispose()


def test_a_worker_killed_mid_burst_loses_and_doubles_no_registration(tmp_path: Path):
    people, capacity = 32, 20
    database = tmp_path / "burst.sqlite"
    url = f"sqlite:///{database}"
    org_id = _seed(url, people, capacity)
    env = {"DATABASE_URL": url, "SECRET_KEY": "faults", "SIGN_IN_RATE_LIMIT": "100000 per minute"}
    with gunicorn(env, workers=4) as (base, master):
        browsers = [Browser(base) for _ in range(people)]
        for number, browser in enumerate(browsers):
            assert browser.submit("/sign-in", {"email": email_of(number),
                                               "password": PASSWORD})[0] == 302
        workers = [int(pid) for pid in subprocess.run(
            ["pgrep", "-P", str(master.pid)], capture_output=True, text=True,
            check=True).stdout.split()]
        start = threading.Barrier(people + 1)

        def press_register(number: int) -> int:
            start.wait()
            try:
                return _register(browsers[number], org_id)
            except OSError:
                return 0  # the connection died with its worker

        with ThreadPoolExecutor(max_workers=people + 1) as pool:
            answers = [pool.submit(press_register, n) for n in range(people)]
            start.wait()
            os.kill(workers[0], signal.SIGKILL)  # our own gunicorn's worker, mid-burst
            first = [answer.result() for answer in answers]
        # Whoever got no answer presses "Register" again, as a person would.
        again = [_register(browsers[n], org_id) if code != 302 else 302
                 for n, code in enumerate(first)]
        assert again == [302] * people
    assert all(code in (0, 302, 502) for code in first)
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT person_id, status, waitlist_position FROM registrations").fetchall()
    assert len(rows) == people == len({person for person, _s, _p in rows})  # none doubled
    statuses = [status for _p, status, _w in rows]
    assert statuses.count("approved") == capacity
    assert sorted(p for _p, s, p in rows if s == "waitlisted") == list(
        range(1, people - capacity + 1))
