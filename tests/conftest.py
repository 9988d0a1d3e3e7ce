"""Test fixtures: the app on a real database (SQLite file, or PostgreSQL when
TEST_DATABASE_URL / a test DATABASE_URL points at it), built by the real migrations."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import Table, create_engine, event, text
from sqlalchemy.engine import make_url

from app import create_app
from events.config import database_url_from_env
from events.extensions import db, limiter
from tests import factories

# The suite runs on a clock that starts on the day its expectations were written and ticks on
# from there: registration windows, "upcoming" meetings and the demo's next workshop (26–27
# April 2027) stay as the tests expect whatever the machine's date. Started here, not in a
# fixture, because test modules read the demo's dates when they are imported.
TEST_CLOCK_START = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
_clock = time_machine.travel(TEST_CLOCK_START, tick=True)
_clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _clock.stop()


def _test_database_url(tmp_dir: Path) -> str:
    """TEST_DATABASE_URL; else DATABASE_URL if it names a test database (the suite wipes it);
    else a SQLite file of this run."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        candidate = os.environ.get("DATABASE_URL", "")
        if candidate and "test" in (make_url(database_url_from_env(candidate)).database or ""):
            url = candidate
    if url:
        return _database_of_this_worker(database_url_from_env(url))
    return f"sqlite:///{tmp_dir / 'test.sqlite'}"


def _database_of_this_worker(url: str) -> str:
    """Under pytest-xdist each worker process gets its own PostgreSQL database, `<name>_gw0`,
    `<name>_gw1`…, created on first use (SQLite files are already per worker: each worker has
    its own temporary folder)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    parsed = make_url(url)
    if not worker or parsed.get_backend_name() != "postgresql":
        return url
    name = f"{parsed.database}_{worker}"
    engine = create_engine(parsed, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp_dir = tmp_path_factory.mktemp("plenaria")
    instance = tmp_dir / "instance"
    instance.mkdir()
    application = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir),
        "MAIL_SERVER": None,
        "SERVER_NAME": "plenaria.test",
        # Page tests see their mails at once: each task runs inside the commit that queues
        # it. The tests of the queue itself run a real worker (tests/test_outbox_worker.py).
        "QUEUE_IMMEDIATE": True,
        # Organisers and the secretariat of the other tests sign in with a password only;
        # tests/test_two_factor.py switches the requirement on.
        "TWO_FACTOR_REQUIRED": False,
    })
    application.instance_path = str(instance)
    with application.app_context():
        _reset_schema()
        upgrade()  # the real migrations, so the suite also proves they build the schema
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()


def _reset_schema() -> None:
    engine = db.engine
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            names = [row[0] for row in connection.execute(
                text("SELECT name FROM sqlite_master WHERE type='table' "
                     "AND name NOT LIKE 'sqlite_%'"))]
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for name in names:
                connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')


def _empty_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            connection.execute(text(
                "TRUNCATE " + ", ".join(f'"{name}"' for name in tables)
                + " RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.exec_driver_sql(f'DELETE FROM "{name}"')


@pytest.fixture(autouse=True)
def _clean_database(app: Flask) -> Iterator[None]:
    yield
    with app.app_context():
        db.session.remove()
        _empty_tables()


@pytest.fixture(autouse=True)
def _queue_of_the_suite(app: Flask) -> Iterator[None]:
    """The task queue is one per process (Huey's): a test that builds an app of its own
    (two servers, a proxied app, a real worker) points it elsewhere. Every test starts, and
    leaves, with the suite's app and its immediate queue, empty."""
    from events import tasks

    def restore() -> None:
        if tasks._app is not app or not tasks.huey.immediate or tasks.huey.pending_count():
            tasks.init_app(app)

    restore()
    yield
    restore()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(app: Flask) -> Iterator[None]:
    """Each test starts with no sign-in attempts counted (they all come from one address)."""
    yield
    with app.app_context():
        limiter.reset()


@pytest.fixture(autouse=True)
def _fresh_rendered_cache(app: Flask) -> Iterator[None]:
    """Each test starts with no built feed kept in memory: ids restart with the tables, and
    a test on a stopped clock could otherwise meet another test's feed under its ETag."""
    yield
    app.extensions.pop("plenaria.rendered_cache", None)


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Flask]:
    """An application context for tests that use the database directly."""
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# Actions that cannot be undone first answer with a confirmation page (events.confirmation);
# a form carrying this is the person's "yes".
CONFIRMED = {"confirmed": "yes"}

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def submit(client: FlaskClient, url: str, data: dict[str, Any] | None = None,
           page: str | None = None, **kwargs: Any) -> Any:
    """POST a form the way a browser does: open the page, take its CSRF token, send."""
    form_page = client.get(page or url)
    payload = dict(data or {})
    payload["csrf_token"] = csrf_token_from(form_page.get_data(as_text=True))
    return client.post(url, data=payload, **kwargs)


def sign_in(client: FlaskClient, email: str, password: str = factories.PASSWORD) -> Any:
    response = submit(client, "/sign-in", {"email": email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    return response


@dataclass
class QueryLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """`with count_queries() as log: ...` then `log.count` is the number of SQL statements
    (transaction control not counted)."""

    @contextmanager
    def counter() -> Iterator[QueryLog]:
        log = QueryLog()

        def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if not re.match(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)", statement,
                            re.IGNORECASE):
                log.statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield log
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counter


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        # Addresses at refused.example stand for mailboxes the server does not know.
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        message["X-Connection"] = str(id(session))  # one SMTP session per connection
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[Mailbox]:
    """A real SMTP server on localhost; the app sends its mail there during the test."""
    mailbox = Mailbox()
    with socket.socket() as probe:  # aiosmtpd needs a concrete port: ask the OS for a free one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    previous = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        yield mailbox
    finally:
        app.config.update(previous)
        controller.stop()


# The demo as the loader first built it in this run, table by table: later tests get a copy
# of its rows instead of running the loader again (it hashes dozens of passwords and imports
# files: seconds each time, for the same rows).
_demo_rows: list[tuple[Table, list[dict[str, Any]]]] | None = None


def _copy_of_tables() -> list[tuple[Table, list[dict[str, Any]]]]:
    with db.engine.connect() as connection:
        return [(table, [dict(row) for row in connection.execute(
                    table.select().order_by(*table.primary_key.columns)).mappings()])
                for table in db.metadata.sorted_tables]


def _restore_tables(copy: list[tuple[Table, list[dict[str, Any]]]]) -> None:
    with db.engine.begin() as connection:
        # Rows of one table may point at each other (an agenda item at its parent) and tables
        # at each other: the keys are checked once everything is in (SQLite), or not at all
        # for this copy of rows that were consistent when taken (PostgreSQL).
        if db.engine.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for table, rows in copy:
            if rows:
                connection.execute(table.insert(), rows)
        if db.engine.dialect.name == "postgresql":
            # The rows came with their ids; the sequences must continue after them.
            for table, rows in copy:
                if rows and "id" in table.c and table.c.id.primary_key:
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f"(SELECT MAX(id) FROM \"{table.name}\"))"))


@pytest.fixture
def demo(app: Flask) -> None:
    """The demo data set (the ISO/CASCO 2019 week), committed. Loaded in an application
    context of its own, so requests in the test get fresh ones, as in production. The first
    test of the run loads it with the real loader; the others get a copy of its rows."""
    global _demo_rows
    from events.demo.loader import load_demo

    with app.app_context():
        if _demo_rows is None:
            load_demo()
            db.session.commit()
            db.session.remove()
            _demo_rows = _copy_of_tables()
        else:
            _restore_tables(_demo_rows)
        db.session.remove()
