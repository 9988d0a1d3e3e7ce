"""The account page of one's webhook subscriptions: subscribe (the signing secret shown once),
read the delivery log, unsubscribe. The same domain functions as `/api/v1/webhooks`."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from events.api import webhooks
from events.api.forms import NewWebhookForm, RevokeForm
from events.auth.permissions import can, organised_events, requires
from events.extensions import db
from events.models import Event, Organisation, Role, Webhook, WebhookDelivery

bp = Blueprint("webhook_pages", __name__)


def _scopes() -> list[tuple[str, str]]:
    """What the user may subscribe to: meetings they organise, NSBs they are focal point of."""
    events: Iterable[Event] = db.session.scalars(
        select(Event).where(Event.id.in_(organised_events(current_user)))
        .order_by(Event.starts_at.desc())) if can("organise.dashboard") else []
    nsbs = {grant.organisation for grant in current_user.grants
            if grant.role is Role.FOCAL_POINT and grant.organisation is not None}
    return ([(f"event:{event.slug}", event.title) for event in events]
            + [(f"org:{org.acronym}", _("Registrations of %(acronym)s", acronym=org.acronym))
               for org in sorted(nsbs, key=lambda org: org.acronym)])


def _page(form: NewWebhookForm, secret: str | None = None) -> str:
    mine = list(db.session.scalars(select(Webhook).where(Webhook.owner_id == current_user.id)
                                   .order_by(Webhook.id)))
    recent = {webhook.id: list(db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook.id)
        .order_by(WebhookDelivery.id.desc()).limit(10))) for webhook in mine}
    return render_template("api/webhooks.html", form=form, webhooks=mine, recent=recent,
                           secret=secret, remove=RevokeForm())


@bp.get("/account/webhooks")
@login_required
@requires("account.signed_in")
def index() -> str:
    return _page(NewWebhookForm(_scopes()))


@bp.post("/account/webhooks")
@login_required
@requires("account.signed_in")
def create() -> str:
    form = NewWebhookForm(_scopes())
    if not form.validate_on_submit():
        return _page(form)
    kind, _colon, key = (form.scope.data or "").partition(":")
    event = db.session.scalar(select(Event).where(Event.slug == key)) if kind == "event" else None
    organisation = (db.session.scalar(select(Organisation).where(Organisation.acronym == key))
                    if kind == "org" else None)
    # The choices offered are the user's; the rules are asked again for what was sent.
    if not ((event is not None and can("webhook.event", event=event))
            or (organisation is not None
                and can("webhook.organisation", organisation=organisation))):
        abort(403)
    try:
        webhook = webhooks.subscribe(current_user, form.url.data or "", form.topics.data or [],
                                     event=event, organisation=organisation)
    except webhooks.SubscriptionRefused as refused:
        db.session.rollback()
        getattr(form, refused.field).errors.append(str(refused))
        return _page(form)
    db.session.commit()
    flash(_("Subscribed. Copy the signing secret now: it is not shown again."), "success")
    return _page(NewWebhookForm(_scopes(), formdata=None), secret=webhook.secret)


@bp.post("/account/webhooks/<int:webhook_id>/remove")
@login_required
@requires("account.signed_in")
def remove(webhook_id: int) -> BaseResponse:
    webhook = db.session.get(Webhook, webhook_id)
    if webhook is None or not webhooks.may_manage(current_user, webhook):
        abort(404)
    if RevokeForm().validate_on_submit():
        db.session.delete(webhook)
        db.session.commit()
        flash(_("The subscription of %(url)s is removed.", url=webhook.url), "success")
    return redirect(url_for("webhook_pages.index"))
