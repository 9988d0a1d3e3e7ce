"""Sign-in limits are shared by every server process through Redis (REDIS_URL).

Two separate gunicorn processes serve the same database; a client alternates between them.
With Redis the eleventh failed attempt is refused whichever process gets it; with each
process counting in its own memory it would not be (5 + 6 attempts, both under the limit).
Redis: TEST_REDIS_URL, else REDIS_URL, else the machine's server at 127.0.0.1:6379 (db 15).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis

from events.extensions import db
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = (os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
             or "redis://127.0.0.1:6379/15")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on {port} stopped: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn on {port} did not answer")


@pytest.fixture
def two_servers(app) -> Iterator[list[int]]:
    connection = redis.Redis.from_url(REDIS_URL)
    stale = list(connection.scan_iter("LIMITS*"))  # only the limiter's keys, nothing else
    if stale:
        connection.delete(*stale)
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "REDIS_URL": REDIS_URL, "SECRET_KEY": app.config["SECRET_KEY"]}
    env.pop("MAIL_SERVER", None)
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "1", "--bind",
                          f"127.0.0.1:{port}", "app:create_app()"],
                         cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_until_up(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
            process.stderr.close()
        leftovers = list(connection.scan_iter("LIMITS*"))
        if leftovers:
            connection.delete(*leftovers)


def failed_sign_in(port: int) -> int:
    """Open the sign-in form (for its CSRF token and cookie) and send a wrong password."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    base = f"http://127.0.0.1:{port}"
    with opener.open(f"{base}/sign-in") as page:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode())[1]
    body = urllib.parse.urlencode({"csrf_token": token, "email": "ana@icontec.org",
                                   "password": "a wrong guess"}).encode()
    try:
        with opener.open(urllib.request.Request(f"{base}/sign-in", data=body)) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_two_server_processes_share_the_sign_in_limit(app, two_servers):
    with app.app_context():
        make_user(email="ana@icontec.org")
        db.session.commit()
    first, second = two_servers
    codes = [failed_sign_in(first if attempt % 2 else second) for attempt in range(10)]
    assert codes == [200] * 10  # wrong password, form shown again
    assert failed_sign_in(first) == 429
    assert failed_sign_in(second) == 429
