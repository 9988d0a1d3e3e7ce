"""A real worker process (`flask --app app worker`) on a real queue (Redis db
TEST_QUEUE_REDIS_URL, default 127.0.0.1:6379/12) delivers the outbox: a mail survives an SMTP
outage. The web side is the test's app, enqueuing into the same Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from flask import Flask

from events import tasks
from events.extensions import db
from events.models import MailStatus, OutboxMail
from events.outbox.tasks import deliver_mail
from tests.conftest import Mailbox, sign_in, submit
from tests.outbox_support import free_port
from tests.test_outbox import pending_registration_at_abnt

ROOT = Path(__file__).resolve().parents[1]
# A database number of the queue's own, one per pytest-xdist worker (12, 13): the tests empty it,
# and two workers may run queue tests at the same time.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
QUEUE_URL = os.environ.get("TEST_QUEUE_REDIS_URL", f"redis://127.0.0.1:6379/{12 + _WORKER % 2}")


def wait_for(condition: Callable[[], object], what: str, seconds: float = 60) -> None:
    """Poll until `condition()` is true; a bound on waiting, not a measure of speed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"still waiting for {what}")


@pytest.fixture
def real_queue(app: Flask) -> Iterator[str]:
    """The test app enqueues into Redis instead of running tasks in place."""
    connection = redis.Redis.from_url(QUEUE_URL)
    connection.flushdb()  # the queue's own database number: nothing else lives there
    app.config.update(QUEUE_IMMEDIATE=False, QUEUE_URL=QUEUE_URL)
    tasks.init_app(app)
    try:
        yield QUEUE_URL
    finally:
        app.config.update(QUEUE_IMMEDIATE=True, QUEUE_URL=None)
        tasks.init_app(app)
        connection.flushdb()


@pytest.fixture
def start_worker(app: Flask, real_queue: str, tmp_path: Path) -> Iterator[Callable[..., None]]:
    processes: list[subprocess.Popen] = []
    logs = []

    def start(mail_port: int) -> None:
        env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
               "QUEUE_URL": real_queue, "SECRET_KEY": app.config["SECRET_KEY"],
               "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(mail_port),
               "MAIL_RETRY_DELAY": "1", "MAIL_TIMEOUT": "5", "SERVER_NAME": "plenaria.test"}
        log = (tmp_path / f"worker-{len(processes)}.log").open("w")
        logs.append(log)
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "worker", "--workers", "2"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=20)
    for log in logs:
        log.close()


def row_of(app: Flask, recipient: str) -> OutboxMail | None:
    with app.app_context():
        row = db.session.query(OutboxMail).filter_by(recipient=recipient).one_or_none()
        db.session.expunge_all()
        return row


def test_a_confirmation_survives_an_smtp_outage(app, client, start_worker):
    with app.app_context():
        registration_id = pending_registration_at_abnt()
    mailbox = Mailbox()
    port = free_port()
    server = Controller(mailbox, hostname="127.0.0.1", port=port)
    server.start()
    server.stop()  # the mail server goes down
    start_worker(port)
    sign_in(client, "fp@abnt.org.br")
    response = submit(client, f"/registrations/{registration_id}/approve", {},
                      page="/orgs/ABNT/delegates")
    assert response.status_code == 302
    # The worker tries, fails, and keeps trying with longer waits.
    wait_for(lambda: (row := row_of(app, "joao@abnt.org.br")) is not None
             and row.attempts >= 2, "two failed tries")
    waiting = row_of(app, "joao@abnt.org.br")
    assert waiting.status is MailStatus.PENDING
    assert "could not be reached" in waiting.last_error
    assert mailbox.messages == []
    server = Controller(mailbox, hostname="127.0.0.1", port=port)
    server.start()  # and comes back
    try:
        wait_for(lambda: mailbox.to("joao@abnt.org.br"), "the confirmation to arrive")
        # The server has it; the worker records that just after.
        wait_for(lambda: row_of(app, "joao@abnt.org.br").status is MailStatus.SENT,
                 "the mail to be marked sent")
    finally:
        server.stop()
    (confirmation,) = mailbox.to("joao@abnt.org.br")
    assert confirmation["Subject"] == "Registration confirmed: Grupo focal"
    delivered = row_of(app, "joao@abnt.org.br")
    assert delivered.status is MailStatus.SENT and delivered.last_error is None
    assert delivered.attempts >= 3


def test_the_health_check_reports_the_queue_and_what_waits_in_it(app, client, real_queue):
    with app.app_context():
        deliver_mail(1)  # nobody consumes it in this test
    assert client.get("/healthz").get_json()["checks"]["queue"] == {"status": "ok", "pending": 1}
