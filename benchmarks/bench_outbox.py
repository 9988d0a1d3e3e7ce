"""Mail leaves the request: the outbox and the worker, measured against baselines of the run.

    .venv/bin/python -m benchmarks.bench_outbox                 # SQLite in a temporary folder
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/plenaria_bench_mail \\
        .venv/bin/python -m benchmarks.bench_outbox             # PostgreSQL (schema rebuilt!)

1. A focal point approves registrations while the mail server accepts connections and never
   answers, and again with no mail server at all: each against `/healthz` in the same run
   (test client, alternating). The ratios should be the same: requests never talk to SMTP.
2. Publishing an agenda change mailed to 30 and to 300 participants: the request's time
   (constant: one job row is written), then how long a real worker (`flask --app app worker`,
   2 threads) takes to drain the 300 mails into a real SMTP server (aiosmtpd).
3. The SMTP server stopped for `--outage` seconds (default 60) while 100 mails are queued,
   then started again: mails lost (rows not sent, or not received by the server). Goal: 0.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from app import create_app
from events.agenda.publishing import publish_agenda
from events.auth.accounts import create_user
from events.extensions import db
from events.models import (
    ApprovalPolicy,
    Event,
    EventKind,
    EventStatus,
    ListVisibility,
    MailStatus,
    Organisation,
    OrganisationKind,
    OutboxMail,
    Person,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    Role,
    Session,
)

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "benchmark passphrase"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def database_url(folder: Path) -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{folder / 'bench-mail.sqlite'}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HangingServer:
    """Accepts connections and never says a word, like a mail server that hangs."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.held.append(connection)


class Counting:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.received += len(envelope.rcpt_tos)
        return "250 OK"


def build(app: Flask, pending: int, participants: int) -> None:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        nsb = Organisation(acronym="INEN", name="Servicio Ecuatoriano de Normalización",
                           kind=OrganisationKind.NSB, country="EC")
        start = datetime.now(UTC) + timedelta(days=90)
        event = Event(slug="bench", title="Taller COPANT", kind=EventKind.WORKSHOP, host=nsb,
                      status=EventStatus.PUBLISHED, timezone="America/Bogota",
                      starts_at=start, ends_at=start + timedelta(hours=8),
                      registration_opens_at=start - timedelta(days=120),
                      registration_closes_at=start - timedelta(days=5))
        db.session.add_all([nsb, event, RegistrationSettings(
            event=event, approval_policy=ApprovalPolicy.FOCAL_POINT,
            public_list=ListVisibility.HIDDEN, participants_list=ListVisibility.CONSENTING)])
        db.session.flush()
        create_user("fp@inen.example", "Punto Focal", PASSWORD, Role.FOCAL_POINT, nsb, None)
        create_user("organiser@inen.example", "Organiser", PASSWORD, Role.ORGANISER, nsb, None)
        for number in range(pending + participants):
            person = Person(given_name=f"Delegado{number}", family_name="Núñez",
                            email=f"d{number}@inen.example", organisation=nsb)
            status = (RegistrationStatus.PENDING if number < pending
                      else RegistrationStatus.APPROVED)
            db.session.add(Registration(event=event, person=person, organisation=nsb,
                                        status=status))
        db.session.add(Session(event=event, title="Apertura", starts_at=start,
                               ends_at=start + timedelta(hours=1)))
        db.session.flush()
        publish_agenda(event)
        db.session.commit()


def signed_in(app: Flask, email: str) -> tuple[FlaskClient, str]:
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    client.post("/sign-in", data={"email": email, "password": PASSWORD,
                                  "csrf_token": _CSRF.search(page)[1]})
    token = _CSRF.search(client.get("/focal-point", follow_redirects=True)
                         .get_data(as_text=True))[1]
    return client, token


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def approvals(app: Flask, ids: list[int]) -> tuple[float, float]:
    """Median ms of an approval and of /healthz, alternating."""
    client, token = signed_in(app, "fp@inen.example")
    ours, base = [], []
    for registration_id in ids:
        base.append(timed(lambda: client.get("/healthz")))
        ours.append(timed(lambda registration_id=registration_id: client.post(
            f"/registrations/{registration_id}/approve", data={"csrf_token": token})))
    return statistics.median(ours), statistics.median(base)


def mails(app: Flask, status: MailStatus | None = None) -> int:
    with app.app_context():
        query = select(func.count()).select_from(OutboxMail)
        if status is not None:
            query = query.where(OutboxMail.status == status)
        count = db.session.scalar(query) or 0
        db.session.remove()
        return count


def publish(app: Flask, client: FlaskClient, note: str) -> float:
    page = client.get("/events/bench/manage/agenda/publish").get_data(as_text=True)
    token = _CSRF.search(page)[1]
    with app.app_context():  # a change to publish
        session = db.session.scalar(select(Session))
        session.title = note
        db.session.commit()
    response = []
    took = timed(lambda: response.append(client.post(
        "/events/bench/manage/agenda/publish",
        data={"csrf_token": token, "notify": "y", "note": note})))
    if response[0].status_code != 302:
        raise SystemExit(f"publishing failed: {response[0].status_code}")
    return took


def worker(app: Flask, queue: str, mail_port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "QUEUE_URL": queue, "SECRET_KEY": app.config["SECRET_KEY"],
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(mail_port), "MAIL_RETRY_DELAY": "5"}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker",
                             "--workers", "2"], cwd=ROOT, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)


def wait_until(condition: Callable[[], bool], limit: float) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > limit:
            raise SystemExit("gave up waiting")
        time.sleep(0.2)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--approvals", type=int, default=40)
    parser.add_argument("--outage", type=float, default=60.0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="plenaria-bench-mail-"))
    queue = f"sqlite:///{folder / 'queue.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(folder),
                      "SECRET_KEY": "bench", "QUEUE_URL": queue, "MAIL_TIMEOUT": 30,
                      "SIGN_IN_RATE_LIMIT": "10000 per minute",
                      "SERVER_NAME": "plenaria.bench"})
    app.instance_path = str(folder)
    build(app, pending=2 * args.approvals, participants=300)
    with app.app_context():
        ids = list(db.session.scalars(select(Registration.id).where(
            Registration.status == RegistrationStatus.PENDING).order_by(Registration.id)))
    hanging = HangingServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=hanging.port)
    hang_ours, hang_base = approvals(app, ids[:args.approvals])
    app.config.update(MAIL_SERVER=None)
    none_ours, none_base = approvals(app, ids[args.approvals:])
    print(f"approve, mail server hanging: {hang_ours:.1f} ms / healthz {hang_base:.1f} ms "
          f"= {hang_ours / hang_base:.2f}")
    print(f"approve, no mail server:      {none_ours:.1f} ms / healthz {none_base:.1f} ms "
          f"= {none_ours / none_base:.2f}")

    organiser, _ = signed_in(app, "organiser@inen.example")
    with app.app_context():  # 30 of the 300 participants for the small publication
        for registration in db.session.scalars(select(Registration).where(
                Registration.status == RegistrationStatus.APPROVED).offset(30)):
            registration.status = RegistrationStatus.CANCELLED
        db.session.commit()
    small = publish(app, organiser, "Apertura (30)")
    with app.app_context():
        for registration in db.session.scalars(select(Registration).where(
                Registration.status == RegistrationStatus.CANCELLED)):
            registration.status = RegistrationStatus.APPROVED
        db.session.commit()
    before = mails(app)
    large = publish(app, organiser, "Apertura (300)")
    print(f"publish to 30: {small:.1f} ms; to 300: {large:.1f} ms = {large / small:.2f}")
    counting = Counting()
    port = free_port()
    smtp = Controller(counting, hostname="127.0.0.1", port=port)
    smtp.start()
    process = worker(app, queue, port, folder / "worker.log")
    try:
        # Everything queued so far: the approvals' mails, the 30 and the 300 notices.
        drained = wait_until(lambda: mails(app) - before >= 300
                             and mails(app, MailStatus.PENDING) == 0, 600)
        # The job of each notice lists the participants when it runs (the worker starts
        # after both publications): both notices go to all 300.
        total = mails(app)
        print(f"queue drained {total} mails (two notices to 300, the approvals' mails) "
              f"in {drained:.1f} s: {total / drained:.1f} mails/s")
        smtp.stop()  # the outage
        sent = mails(app, MailStatus.SENT)
        received = counting.received
        with app.app_context():
            for registration in db.session.scalars(select(Registration).where(
                    Registration.status == RegistrationStatus.APPROVED).offset(100)):
                registration.status = RegistrationStatus.CANCELLED
            db.session.commit()
        publish(app, organiser, "Apertura (outage)")
        time.sleep(args.outage)
        smtp = Controller(counting, hostname="127.0.0.1", port=port)
        smtp.start()
        wait_until(lambda: mails(app, MailStatus.SENT) - sent >= 100, 900)
        lost = 100 - (counting.received - received)
        print(f"SMTP down {args.outage:.0f} s with 100 mails queued: "
              f"{counting.received - received} received, lost {lost}, "
              f"failed rows {mails(app, MailStatus.FAILED)}")
    finally:
        process.terminate()
        process.wait(timeout=30)
        smtp.stop()


if __name__ == "__main__":
    main()
