"""A second app server just works: two gunicorn processes, each with its own instance folder
(its own config, PDF cache and feed memory), on one database and one SECRET_KEY from the
environment, serve the same pages to one browser that the load balancer sends to either.
Without the shared key (PostgreSQL) a server refuses to start rather than sign with a key of
its own; behind proxies each client keeps its own sign-in limit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from sqlalchemy import select

from app import create_app
from events.agenda.publishing import publish_agenda
from events.attendance.checkin import badge_code
from events.config import MissingSecretKey
from events.extensions import db
from events.models import Attendance, Registration, Role
from tests.factories import (
    PASSWORD,
    make_event,
    make_org,
    make_person,
    make_registration,
    make_session,
    make_user,
)
from tests.test_rate_limit_shared import ROOT, free_port, wait_until_up


@pytest.fixture
def two_servers(app, tmp_path: Path) -> Iterator[list[str]]:
    ports = [free_port(), free_port()]
    processes = []
    for number, port in enumerate(ports):
        instance = tmp_path / f"instance-{number}"
        instance.mkdir()
        env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
               "SECRET_KEY": app.config["SECRET_KEY"], "INSTANCE_PATH": str(instance),
               # The organiser signs in with a password only, as in the suite's other tests
               # (tests/test_two_factor.py asks for the second factor).
               "TWO_FACTOR_REQUIRED": "false"}
        for name in ("MAIL_SERVER", "REDIS_URL", "PDF_CACHE_DIR"):
            env.pop(name, None)
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind",
             f"127.0.0.1:{port}", "app:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_until_up(port, process)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
            process.stderr.close()
    # Each kept its own instance folder: nothing was written to the checkout's.
    assert all((tmp_path / f"instance-{n}").is_dir() for n in range(2))


class Browser:
    """One browser, one cookie jar, whichever server answers: as behind a load balancer,
    both see the public host name."""

    host = "meetings.example.org"

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())

    def get(self, url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
        return self._open(urllib.request.Request(url, headers={"Host": self.host,
                                                               **(headers or {})}))

    def post(self, url: str, data: dict[str, str]) -> tuple[int, dict, str]:
        return self._open(urllib.request.Request(
            url, data=urllib.parse.urlencode(data).encode(), headers={"Host": self.host}))

    def _open(self, request: urllib.request.Request) -> tuple[int, dict, str]:
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, dict(answer.headers), answer.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


def test_two_servers_share_sessions_forms_links_codes_and_validators(app, two_servers):
    with app.app_context():
        kebs = make_org("KEBS", country="KE")
        # Open for check-in on the servers' own (real) clock as on the suite's pinned one:
        # a long meeting around both.
        event = make_event("plenary", start=datetime(2026, 6, 1, 6, 0, tzinfo=UTC),
                           hours=24 * 365 * 3, timezone="Africa/Nairobi", host=kebs)
        make_session(event, title="Sesión de apertura")
        publish_agenda(event)
        make_user(Role.ORGANISER, organisation=kebs, email="host@kebs.example")
        delegate = make_registration(event, make_person(kebs, given_name="Ольга",
                                                        family_name="Кузнецова"))
        code = badge_code(delegate, app.config["SECRET_KEY"])
        db.session.commit()
    first, second = two_servers
    browser = Browser()
    # The form comes from one server, the answer goes to the other: CSRF and session agree.
    _, _, form = browser.get(f"{first}/sign-in")
    status, headers, _ = browser.post(f"{second}/sign-in", {
        "csrf_token": _token(form), "email": "host@kebs.example", "password": PASSWORD})
    assert status == 302, "the second server refused the first one's form"
    for server in (first, second):
        status, _, page = browser.get(f"{server}/events/plenary/registrations")
        assert status == 200 and "Кузнецова" in page
    # A badge code printed by any server checks in at the other's desk.
    _, _, desk = browser.get(f"{first}/events/plenary/check-in")
    status, _, _ = browser.post(f"{second}/events/plenary/check-in/code",
                                {"csrf_token": _token(desk), "code": code, "via": "typed"})
    assert status == 302
    with app.app_context():
        assert db.session.scalar(select(Attendance.person_id)) == db.session.scalar(
            select(Registration.person_id))
    # A personal calendar link made on one server works on the other.
    _, _, account = browser.get(f"{first}/account/calendar")
    link = re.search(r'http://meetings\.example\.org/[^"<\s]+/meetings\.ics', account)[0]
    path = urllib.parse.urlsplit(link).path
    status, headers, _ = browser.get(f"{second}{path}")
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")
    # Validators are derived from the data, not from a server: one's ETag is the other's.
    status, headers, feed = browser.get(f"{first}/events/plenary/calendar.ics")
    assert status == 200 and "Sesión de apertura" in feed
    status, _, _ = browser.get(f"{second}/events/plenary/calendar.ics",
                               {"If-None-Match": headers["ETag"]})
    assert status == 304


def test_a_server_on_postgresql_without_a_secret_key_refuses_to_start(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(MissingSecretKey, match="SECRET_KEY is not set"):
        create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db.internal/plenaria"})


def test_behind_a_proxy_each_client_has_its_own_sign_in_limit(app, tmp_path):
    proxied = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key",
                          "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                          "SERVER_NAME": "plenaria.test", "PROXY_FIX": 1,
                          "SIGN_IN_ADDRESS_LIMIT": "3 per hour",
                          "RATELIMIT_STORAGE_URI": "memory://"})
    proxied.instance_path = str(tmp_path)
    client = proxied.test_client()

    def attempt(address: str) -> int:
        headers = {"X-Forwarded-For": address}
        page = client.get("/sign-in", headers=headers).get_data(as_text=True)
        return client.post("/sign-in", headers=headers, data={
            "csrf_token": _token(page), "email": "nobody@example.org",
            "password": "a wrong guess"}).status_code

    assert [attempt("203.0.113.5") for _ in range(3)] == [200, 200, 200]
    assert attempt("203.0.113.5") == 429
    assert attempt("198.51.100.7") == 200  # another client behind the same balancer
    with proxied.app_context():
        db.engine.dispose()
