"""SQLite (the default of `make run`) under concurrent sign-ins and registrations, through
gunicorn with several workers: no "database is locked", no 5xx, capacity held exactly.

The first sign-in of an account writes its language: a read transaction turned into a write,
which SQLite in WAL mode refuses at once when another worker committed in between. Every
request that may write now begins its transaction for writing (events/transactions.py).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.scripts.seed_burst import PASSWORD, SLUG, email_of
from tests.servers import ROOT, Browser, gunicorn

PEOPLE = 48
CAPACITY = 30


def _seed(url: str) -> int:
    done = subprocess.run([sys.executable, "tests/scripts/seed_burst.py", str(PEOPLE),
                           str(CAPACITY)], cwd=ROOT, env={**os.environ, "DATABASE_URL": url},
                          check=True, capture_output=True, text=True)
    return int(done.stdout.strip().splitlines()[-1])


def _all_at_once(work, count: int) -> list:  # type: ignore[no-untyped-def]
    start = threading.Barrier(count)

    def run(number: int):  # type: ignore[no-untyped-def]
        start.wait()
        return work(number)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_dozens_sign_in_and_register_at_once_on_sqlite_without_one_error(tmp_path: Path):
    database = tmp_path / "burst.sqlite"
    url = f"sqlite:///{database}"
    org_id = _seed(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "burst-secret",
           "SIGN_IN_RATE_LIMIT": "100000 per minute"}  # one address, many people: no attack
    with gunicorn(env, workers=4) as (base, _process):
        browsers = [Browser(base) for _ in range(PEOPLE)]
        forms = [b.request("/sign-in") for b in browsers]
        assert all(status == 200 for status, _page in forms)

        def sign_in(number: int) -> int:
            return browsers[number].submit("/sign-in", {"email": email_of(number),
                                                        "password": PASSWORD})[0]

        def register(number: int) -> int:
            return browsers[number].submit(f"/events/{SLUG}/register", {
                "organisation": str(org_id), "role": "delegate",
                "attendance_type": "onsite"})[0]

        signed_in = _all_at_once(sign_in, PEOPLE)
        registered = _all_at_once(register, PEOPLE)

    assert signed_in == [302] * PEOPLE
    assert registered == [302] * PEOPLE
    with sqlite3.connect(database) as connection:
        statuses = dict(connection.execute(
            "SELECT status, count(*) FROM registrations GROUP BY status").fetchall())
        languages = connection.execute(
            "SELECT count(*) FROM users WHERE language IS NOT NULL").fetchone()[0]
    assert statuses == {"approved": CAPACITY, "waitlisted": PEOPLE - CAPACITY}
    assert languages == PEOPLE  # every first sign-in wrote its language
