"""Webhooks, delivered to a real HTTP receiver on loopback: signed with HMAC, logged with the
receiver's answers, retried with backoff after a failure, switched off after many."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from events.agenda.editing import SessionDetails, save_session
from events.api import webhooks
from events.extensions import db
from events.models import (
    DeliveryStatus,
    Event,
    Registration,
    Role,
    SessionKind,
    Webhook,
    WebhookDelivery,
    utcnow,
)
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_user
from tests.test_api import bearer, new_token, nsb_workshop


@dataclass
class Receiver:
    """What an NSB's system sees: every request, and the answers it is told to give."""

    url: str
    answers: list[int] = field(default_factory=list)  # next status codes; then 200
    received: list[dict] = field(default_factory=list)

    def next_status(self) -> int:
        return self.answers.pop(0) if self.answers else 200


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state["receiver"].received.append({"headers": dict(self.headers), "body": body})
            status = state["receiver"].next_status()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"thanks" if status < 300 else b"database is down")

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["receiver"] = Receiver(f"http://127.0.0.1:{server.server_address[1]}/plenaria")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state["receiver"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def verified(secret: str, request: dict) -> dict:
    """The receiver's check: recompute the HMAC of "<timestamp>.<body>" with the secret."""
    headers, body = request["headers"], request["body"]
    expected = "sha256=" + hmac.new(secret.encode(), headers["X-Plenaria-Timestamp"].encode()
                                    + b"." + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, headers["X-Plenaria-Signature"])
    return json.loads(body)


def test_a_focal_point_gets_a_signed_delivery_and_a_retry_after_a_failure(
        app, client, receiver):
    with app.app_context():
        ids = nsb_workshop()
    token = new_token(client, "focal-point@inen.example")
    made = client.post("/api/v1/webhooks", headers=bearer(token), json={
        "url": receiver.url, "organisation": "INEN",
        "topics": ["registration.created", "registration.approved"]})
    assert made.status_code == 201
    secret = made.json["secret"]
    assert "secret" not in client.get("/api/v1/webhooks", headers=bearer(token)).json[0]

    receiver.answers = [500]  # the NSB's system is down at first
    approved = client.post(f"/api/v1/registrations/{ids['ours']}/approve",
                           headers=bearer(token))
    assert approved.status_code == 200  # whatever the receiver says
    [first] = receiver.received
    payload = verified(secret, first)
    assert (payload["topic"], payload["data"]["family_name"]) == ("registration.approved",
                                                                   "Иванова")
    log = client.get(f"/api/v1/webhooks/{made.json['id']}/deliveries", headers=bearer(token))
    [delivery] = log.json
    assert (delivery["status"], delivery["attempts"]) == ("pending", 1)
    assert delivery["log"][0]["status_code"] == 500
    assert delivery["log"][0]["response_excerpt"] == "database is down"

    with app.app_context():
        assert webhooks.deliver_due() == 0  # not yet: the retry waits a minute
        assert webhooks.deliver_due(utcnow() + timedelta(minutes=2)) == 1
    second = receiver.received[1]
    assert verified(secret, second)["id"] == payload["id"]  # the same delivery, again
    assert second["headers"]["X-Plenaria-Delivery"] == first["headers"]["X-Plenaria-Delivery"]
    [delivery] = client.get(f"/api/v1/webhooks/{made.json['id']}/deliveries",
                            headers=bearer(token)).json
    assert (delivery["status"], delivery["attempts"]) == ("delivered", 2)
    assert [a["status_code"] for a in delivery["log"]] == [500, 200]

    # Another NSB's registration is not theirs to hear about.
    with app.app_context():
        organiser_view = db.session.scalars(select(WebhookDelivery)).all()
        assert len(organiser_view) == 1


def test_a_new_registration_and_the_published_agenda_reach_the_organisers_webhook(
        app, client, receiver):
    with app.app_context():
        kebs = make_org("KEBS", country="KE")
        make_event("casco-2027", title="ISO/CASCO Plenary", timezone="Africa/Nairobi",
                   host=kebs)
        make_user(Role.ORGANISER, organisation=kebs, email="organiser@kebs.example")
        db.session.commit()
    token = new_token(client, "organiser@kebs.example")
    made = client.post("/api/v1/webhooks", headers=bearer(token), json={
        "url": receiver.url, "meeting": "casco-2027",
        "topics": ["registration.created", "agenda.published"]})
    assert made.status_code == 201
    registered = client.post("/api/v1/meetings/casco-2027/registrations", headers=bearer(token),
                             json={"email": "li.na@sac.example", "given_name": "娜",
                                   "family_name": "李", "organisation": "KEBS"})
    assert registered.status_code == 201
    [created] = [verified(made.json["secret"], r) for r in receiver.received]
    assert created["topic"] == "registration.created" and created["meeting"] == "casco-2027"

    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "casco-2027"))
        save_session(event, SessionDetails("Opening", SessionKind.SESSION,
                                           datetime(2030, 5, 1, 9), datetime(2030, 5, 1, 10)))
        db.session.commit()
    sign_in(client, "organiser@kebs.example")
    submit(client, "/events/casco-2027/manage/agenda/publish", {})
    published = verified(made.json["secret"], receiver.received[-1])
    assert published["topic"] == "agenda.published" and published["data"]["version"] == 1


def test_a_subscription_is_switched_off_after_repeated_failures(app, client, receiver):
    with app.app_context():
        ids = nsb_workshop()
    token = new_token(client, "focal-point@inen.example")
    made = client.post("/api/v1/webhooks", headers=bearer(token), json={
        "url": receiver.url, "organisation": "INEN", "topics": ["registration.approved"]})
    receiver.answers = [503] * 50  # the receiver never recovers
    client.post(f"/api/v1/registrations/{ids['ours']}/approve", headers=bearer(token))
    with app.app_context():
        later = utcnow()
        for _ in webhooks.RETRY_DELAYS:
            later += timedelta(hours=13)
            webhooks.deliver_due(later)
        delivery = db.session.scalar(select(WebhookDelivery))
        assert delivery.status is DeliveryStatus.FAILED
        assert delivery.attempts == len(webhooks.RETRY_DELAYS) + 1
        # Later events keep failing until the limit: then the subscription is switched off.
        registration = db.session.get(Registration, ids["ours"])
        webhook = db.session.get(Webhook, made.json["id"])
        while webhook.active:
            for delivery_id in webhooks.record("registration.approved", registration.event,
                                               {"again": True}, registration):
                db.session.commit()
                webhooks.attempt(delivery_id)
            db.session.refresh(webhook)
        assert webhook.consecutive_failures == webhooks.DISABLE_AFTER
        assert webhook.disabled_at is not None
        sent = len(receiver.received)
        assert webhooks.record("registration.approved", registration.event, {},
                               registration) == []
        assert len(receiver.received) == sent == webhooks.DISABLE_AFTER
    listed = client.get("/api/v1/webhooks", headers=bearer(token)).json
    assert listed[0]["active"] is False


def test_nobody_subscribes_to_another_nsb_or_a_meeting_they_do_not_organise(app, client):
    with app.app_context():
        nsb_workshop()
    token = new_token(client, "focal-point@inen.example")
    other = client.post("/api/v1/webhooks", headers=bearer(token), json={
        "url": "https://travel.icontec.example/hook", "organisation": "ICONTEC",
        "topics": ["registration.created"]})
    assert other.status_code == 403
    meeting = client.post("/api/v1/webhooks", headers=bearer(token), json={
        "url": "https://travel.inen.example/hook", "meeting": "taller-2027",
        "topics": ["registration.created"]})
    assert meeting.status_code == 403
    bad = client.post("/api/v1/webhooks", headers=bearer(token), json={
        "url": "https://travel.inen.example/hook", "organisation": "INEN",
        "topics": ["agenda.published"]})
    assert bad.status_code == 422 and "its registrations only" in bad.json["message"]
    with app.app_context():
        assert db.session.scalar(select(Webhook.id)) is None


def test_a_focal_point_subscribes_on_the_webhooks_page_and_reads_the_log(app, client,
                                                                          receiver):
    with app.app_context():
        ids = nsb_workshop()
    sign_in(client, "focal-point@inen.example")
    page = client.get("/account/webhooks").get_data(as_text=True)
    assert "Registrations of INEN" in page and "ICONTEC" not in page
    wrong = submit(client, "/account/webhooks", {"url": receiver.url, "scope": "org:INEN",
                                                 "topics": ["agenda.published"]})
    assert 'id="topics-error"' in wrong.get_data(as_text=True)
    made = submit(client, "/account/webhooks", {"url": receiver.url, "scope": "org:INEN",
                                                "topics": ["registration.approved"]})
    secret = re.search(r'id="webhook-secret" readonly value="([0-9a-f]+)"',
                       made.get_data(as_text=True)).group(1)
    # Another NSB's registrations are not on offer, nor accepted when sent anyway.
    assert submit(client, "/account/webhooks", {"url": receiver.url, "scope": "org:ICONTEC",
                                                "topics": ["registration.approved"]}
                  ).status_code == 200
    with app.app_context():
        assert len(db.session.scalars(select(Webhook)).all()) == 1
    submit(client, f"/registrations/{ids['ours']}/approve", page="/orgs/INEN/delegates")
    assert verified(secret, receiver.received[0])["topic"] == "registration.approved"
    log = client.get("/account/webhooks").get_data(as_text=True)
    assert "registration.approved" in log and "delivered" in log
