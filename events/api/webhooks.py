"""Webhooks: what happened, told to the URLs that organisers and focal points subscribed.

Every delivery is signed (`X-Plenaria-Signature: sha256=<HMAC of "<timestamp>.<body>">` with
the subscription's secret), logged with what the receiver answered, retried with growing
delays, and a subscription whose deliveries keep failing is switched off.

`record(...)` writes the deliveries: registration notices in the transaction of their
change (through `registration.notifications.notices_written`), a published agenda or an
import once they are committed. The first attempt of each is a task of the queue
(`attempt_delivery`), started once the deliveries are committed; the retries that are due
are made every minute by `retry_due_deliveries` on the worker that runs the schedules (or by
hand: `flask --app app webhooks deliver`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests
from flask import url_for
from flask_babel import gettext as _
from huey import crontab
from sqlalchemy import or_, select

from events.auth.permissions import can
from events.extensions import db
from events.happenings import happened
from events.models import (
    DeliveryStatus,
    Event,
    Organisation,
    Registration,
    User,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
    utcnow,
)
from events.registration.notifications import notices_written
from events.tasks import enqueue_after_commit, enqueue_safely, huey, in_app_context

log = logging.getLogger(__name__)

REGISTRATION_TOPICS = ("registration.created", "registration.approved", "registration.rejected",
                       "registration.cancelled", "registration.promoted")
EVENT_TOPICS = ("agenda.published", "attendance.imported")
TOPICS = REGISTRATION_TOPICS + EVENT_TOPICS
# Retries after 1 minute, 5, 25, about 2 hours and about 10 hours; then the delivery fails.
RETRY_DELAYS = tuple(timedelta(minutes=5 ** n) for n in range(5))
# Consecutive failed attempts after which a subscription is switched off.
DISABLE_AFTER = 10
TIMEOUT_SECONDS = 10
EXCERPT = 2000  # characters of the receiver's answer kept in the log


class SubscriptionRefused(ValueError):
    """A subscription that cannot be made; the message says why, for the person, about
    `field` ("url" or "topics")."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


# --- subscribing -----------------------------------------------------------------------------

def subscribe(owner: User, url: str, topics: Sequence[str], *, event: Event | None = None,
              organisation: Organisation | None = None) -> Webhook:
    """Subscribe `url` to `topics` of one meeting (its organisers) or of one NSB's
    registrations (its focal point). The caller checks the rule and commits."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise SubscriptionRefused(_("The address should start with https://"), "url")
    unknown = sorted(set(topics) - set(TOPICS))
    if unknown or not topics:
        raise SubscriptionRefused(_("Choose topics among %(topics)s.",
                                    topics=", ".join(TOPICS)), "topics")
    if organisation is not None and set(topics) - set(REGISTRATION_TOPICS):
        raise SubscriptionRefused(_("An NSB's subscription is told about its registrations "
                                    "only: %(topics)s.", topics=", ".join(REGISTRATION_TOPICS)),
                                  "topics")
    webhook = Webhook(owner=owner, url=url.strip(), topics=sorted(set(topics)), event=event,
                      organisation=organisation, secret=secrets.token_hex(32))
    db.session.add(webhook)
    db.session.flush()
    return webhook


def may_manage(user: User, webhook: Webhook) -> bool:
    return webhook.owner_id == user.id


def _still_entitled(webhook: Webhook, registration: Registration | None) -> bool:
    """The owner's rights now, by the rules of permissions.py (they may have lost them)."""
    owner = webhook.owner
    if not owner.is_active:
        return False
    if webhook.event is not None:
        return can("webhook.event", owner, event=webhook.event)
    if webhook.organisation is not None and registration is not None:
        return can("webhook.organisation", owner, organisation=webhook.organisation)
    return False


# --- recording what happened -----------------------------------------------------------------

def _subscribers(topic: str, event: Event, organisation_id: int | None) -> list[Webhook]:
    scope = [Webhook.event_id == event.id]
    if organisation_id is not None:
        scope.append(Webhook.organisation_id == organisation_id)
    found = db.session.scalars(select(Webhook).where(Webhook.active.is_(True), or_(*scope)))
    return [webhook for webhook in found if topic in webhook.topics]


def record(topic: str, event: Event, data: dict[str, Any],
           registration: Registration | None = None) -> list[int]:
    """Write one delivery per subscription told about `topic` (in the caller's transaction).
    Returns their ids, for `dispatcher.schedule` after the commit."""
    ids = []
    now = utcnow()
    for webhook in _subscribers(topic, event,
                                registration.organisation_id if registration else None):
        if not _still_entitled(webhook, registration):
            continue
        # The body names its own delivery id (receivers drop repeats by it): written after
        # the row has one.
        delivery = WebhookDelivery(webhook=webhook, topic=topic, next_attempt_at=now,
                                   payload="{}")
        db.session.add(delivery)
        db.session.flush()
        delivery.payload = json.dumps({
            "id": delivery.id, "topic": topic, "occurred_at": now.isoformat(),
            "meeting": event.slug, "data": data}, ensure_ascii=False, sort_keys=True,
            default=str)
        ids.append(delivery.id)
    return ids


def registration_topic(kind: str) -> str | None:
    """The topic of a registration notice (`NoticeKind` value), if subscribers hear of it."""
    topic = f"registration.{kind}"
    return topic if topic in REGISTRATION_TOPICS else None


def record_registration(kind: str, registration_id: int,
                        session_id: int | None = None) -> list[int]:
    topic = registration_topic(kind)
    if topic is None:
        return []
    from events.api.views import registration_data

    registration = db.session.get_one(Registration, registration_id)
    data = registration_data(registration)
    if session_id is not None:
        data["session"] = session_id
    return record(topic, registration.event, data, registration)


# --- delivering -----------------------------------------------------------------------------

def signature(secret: str, timestamp: str, body: bytes) -> str:
    """What a receiver recomputes to trust a delivery: HMAC-SHA256 of "<timestamp>.<body>"."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def attempt(delivery_id: int, now: datetime | None = None) -> WebhookDelivery:
    """One attempt at one delivery, logged; schedules the retry or gives up. Commits."""
    now = now or utcnow()
    delivery = db.session.get_one(WebhookDelivery, delivery_id)
    webhook = delivery.webhook
    if delivery.status is not DeliveryStatus.PENDING or not webhook.active:
        return delivery
    body = delivery.payload.encode()
    timestamp = str(int(now.timestamp()))
    entry = WebhookAttempt(delivery=delivery, attempted_at=now)
    try:
        answer = requests.post(webhook.url, data=body, timeout=TIMEOUT_SECONDS,
                               allow_redirects=False, headers={
                                   "Content-Type": "application/json; charset=utf-8",
                                   "User-Agent": "Plenaria-Webhooks/1",
                                   "X-Plenaria-Topic": delivery.topic,
                                   "X-Plenaria-Delivery": str(delivery.id),
                                   "X-Plenaria-Timestamp": timestamp,
                                   "X-Plenaria-Signature": signature(webhook.secret, timestamp,
                                                                     body)})
        entry.status_code = answer.status_code
        entry.response_excerpt = answer.text[:EXCERPT]
        succeeded = 200 <= answer.status_code < 300
    except requests.RequestException as error:
        entry.error = f"{type(error).__name__}: {error}"[:EXCERPT]
        succeeded = False
    delivery.attempts += 1
    if succeeded:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        webhook.consecutive_failures = 0
    else:
        webhook.consecutive_failures += 1
        retry = delivery.attempts - 1
        if retry < len(RETRY_DELAYS):
            delivery.next_attempt_at = now + RETRY_DELAYS[retry]
        else:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        if webhook.consecutive_failures >= DISABLE_AFTER:
            webhook.active = False
            webhook.disabled_at = now
            log.warning("webhook %s to %s switched off after %d failures", webhook.id,
                        webhook.url, webhook.consecutive_failures)
    db.session.add(entry)
    db.session.commit()
    return delivery


def due(now: datetime | None = None) -> list[int]:
    now = now or utcnow()
    return list(db.session.scalars(
        select(WebhookDelivery.id).join(Webhook)
        .where(WebhookDelivery.status == DeliveryStatus.PENDING, Webhook.active.is_(True),
               WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)))


def deliver_due(now: datetime | None = None) -> int:
    """Make every attempt that is due (the retries); returns how many were made."""
    ids = due(now)
    for delivery_id in ids:
        attempt(delivery_id, now)
    return len(ids)


class Dispatcher(Protocol):
    def schedule(self, delivery_ids: Iterable[int]) -> None: ...


@huey.task()
@in_app_context
def attempt_delivery(delivery_id: int) -> None:
    """The queue's task: one attempt at a delivery (its retries are scheduled by `attempt`
    in the delivery's row and made by `retry_due_deliveries`)."""
    attempt(delivery_id)


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def retry_due_deliveries() -> int:
    """Every minute, on the worker that runs the schedules: the retries that are due."""
    return deliver_due()


class QueueDispatcher:
    """First attempts go to the task queue: a receiver that hangs holds a worker's thread,
    never a request."""

    def schedule(self, delivery_ids: Iterable[int]) -> None:
        for delivery_id in delivery_ids:
            enqueue_safely(attempt_delivery, delivery_id)


_dispatcher: Dispatcher = QueueDispatcher()


def set_dispatcher(dispatcher: Dispatcher) -> None:
    """Let a task queue take the deliveries over."""
    global _dispatcher
    _dispatcher = dispatcher


def dispatch(delivery_ids: Iterable[int]) -> None:
    ids = list(delivery_ids)
    if ids:
        _dispatcher.schedule(ids)


@notices_written.connect
def record_registration_notices(_sender: Any, notices: Iterable[Any]) -> None:
    """In the transaction of a registration change: one delivery per subscriber told of each
    of its notices (`registration.notifications`), each attempted once that transaction
    commits; if it rolls back, nothing was recorded and nobody is told."""
    for notice in notices:
        for delivery_id in record_registration(notice.kind.value, notice.registration_id,
                                               notice.session_id):
            enqueue_after_commit(attempt_delivery,
                                 db.session.get_one(WebhookDelivery, delivery_id))


@happened.connect
def tell(_sender: Any, topic: str, event: Event, data: dict[str, Any] | None = None) -> None:
    """Record and dispatch a meeting's own topic (agenda published, attendance imported),
    told by `events.happenings` after its cause is committed."""
    data = {"meeting": event.slug,
            "url": url_for("meetings.event_page", event=event, _external=True),
            **(data or {})}
    ids = record(topic, event, data)
    db.session.commit()
    dispatch(ids)
