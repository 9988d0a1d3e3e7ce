"""`/api/v1/webhooks`: subscribe a URL, list one's subscriptions and their delivery log,
unsubscribe. Organisers subscribe for a meeting, focal points for their NSB."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Page, abort
from sqlalchemy import select

from events.api import webhooks
from events.api.schemas import DeliverySchema, NewWebhook, WebhookSchema
from events.api.views import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    _errors,
    _event,
    _organisation,
    allowed,
    blp,
    writes,
)
from events.extensions import db
from events.models import Webhook, WebhookDelivery


def webhook_data(webhook: Webhook, *, with_secret: bool = False) -> dict[str, Any]:
    data = {"id": webhook.id, "url": webhook.url, "topics": webhook.topics,
            "meeting": webhook.event.slug if webhook.event else None,
            "organisation": webhook.organisation.acronym if webhook.organisation else None,
            "active": webhook.active, "consecutive_failures": webhook.consecutive_failures,
            "disabled_at": webhook.disabled_at, "created_at": webhook.created_at}
    if with_secret:
        data["secret"] = webhook.secret
    return data


def _own_webhook(webhook_id: int) -> Webhook:
    webhook = db.session.get(Webhook, webhook_id) if webhook_id < 2**31 else None
    if webhook is None or not webhooks.may_manage(current_user, webhook):
        abort(404, message=_("There is no webhook %(id)s.", id=webhook_id))
    return webhook  # type: ignore[return-value]


@blp.get("/webhooks")
@blp.response(200, WebhookSchema(many=True))
@_errors(401)
@blp.doc(security=[{"token": []}])
def my_webhooks() -> list[dict[str, Any]]:
    """Your subscriptions."""
    allowed("account.signed_in")
    rows = db.session.scalars(select(Webhook).where(Webhook.owner_id == current_user.id)
                              .order_by(Webhook.id))
    return [webhook_data(webhook) for webhook in rows]


@blp.post("/webhooks")
@writes
@blp.arguments(NewWebhook)
@blp.response(201, WebhookSchema)
@_errors(401, 403, 404, 422)
@blp.doc(security=[{"token": []}])
def subscribe(data: dict[str, Any]) -> dict[str, Any]:
    """Subscribe a URL to a meeting's topics (its organisers) or an NSB's registrations (its
    focal point). The answer holds the signing secret, shown this once."""
    if bool(data["meeting"]) == bool(data["organisation"]):
        abort(422, message=_("Name either a meeting or an organisation."))
    event = organisation = None
    if data["meeting"]:
        event = _event(data["meeting"])
        allowed("webhook.event", event=event)
    else:
        organisation = _organisation(data["organisation"])
        allowed("webhook.organisation", organisation=organisation)
    try:
        webhook = webhooks.subscribe(current_user, data["url"], data["topics"], event=event,
                                     organisation=organisation)
    except webhooks.SubscriptionRefused as refused:
        db.session.rollback()
        abort(422, message=str(refused))
    db.session.commit()
    return webhook_data(webhook, with_secret=True)


@blp.delete("/webhooks/<int:webhook_id>")
@writes
@blp.response(204)
@_errors(401, 403, 404)
@blp.doc(security=[{"token": []}])
def unsubscribe(webhook_id: int) -> None:
    """Stop a subscription (its log goes with it)."""
    db.session.delete(_own_webhook(webhook_id))
    db.session.commit()


@blp.get("/webhooks/<int:webhook_id>/deliveries")
@blp.response(200, DeliverySchema(many=True))
@blp.paginate(Page, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
@_errors(401, 404)
@blp.doc(security=[{"token": []}])
def deliveries(webhook_id: int) -> list[dict[str, Any]]:
    """What was sent, the latest first, with every attempt and the receiver's answer."""
    allowed("account.signed_in")
    webhook = _own_webhook(webhook_id)
    rows = db.session.scalars(select(WebhookDelivery).where(
        WebhookDelivery.webhook_id == webhook.id).order_by(WebhookDelivery.id.desc()))
    return [{"id": d.id, "topic": d.topic, "status": d.status.value, "attempts": d.attempts,
             "next_attempt_at": d.next_attempt_at, "delivered_at": d.delivered_at,
             "created_at": d.created_at,
             "log": [{"attempted_at": a.attempted_at, "status_code": a.status_code,
                      "response_excerpt": a.response_excerpt, "error": a.error}
                     for a in d.log]} for d in rows]
