"""The organisers' delivery page of a meeting: mails sent, pending and failed, the server's
answer, and resending."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from events.auth.permissions import requires
from events.deliveries import queries
from events.extensions import db
from events.hub import ManagePage, add_manage_page
from events.models import Event, MailStatus, OutboxMail
from events.outbox import delivery
from events.registration.forms import ActionForm

bp = Blueprint("outbox", __name__, url_prefix="/events/<event:event>/manage/mail")

_UNSENT = (MailStatus.FAILED, MailStatus.UNDELIVERABLE)


@bp.get("/")
@requires("event.mail_delivery", targets=("event",))
def delivery_page(event: Event) -> str:
    try:
        status = MailStatus(request.args["status"]) if request.args.get("status") else None
    except ValueError:
        status = None
    return render_template("outbox/delivery.html", event=event, status=status,
                           counts=queries.delivery_counts(event), MailStatus=MailStatus,
                           listing=queries.event_mails(event, status, request.args.get("page")),
                           form=ActionForm())


@bp.post("/<int:mail_id>/resend")
@requires("event.mail_delivery", targets=("event",))
def resend(event: Event, mail_id: int) -> Response:
    mail = db.session.get(OutboxMail, mail_id)
    if mail is None or mail.event_id != event.id:
        abort(404)
    if ActionForm().validate_on_submit():
        if mail.status in _UNSENT:
            delivery.resend(mail)
            db.session.commit()
            flash(_("The mail to %(address)s is sent again.", address=mail.recipient),
                  "success")
        else:
            flash(_("This mail is not failed: there is nothing to resend."), "info")
    return redirect(url_for("outbox.delivery_page", event=event))


@bp.post("/resend-failed")
@requires("event.mail_delivery", targets=("event",))
def resend_failed(event: Event) -> Response:
    if ActionForm().validate_on_submit():
        mails = list(db.session.scalars(select(OutboxMail).where(
            OutboxMail.event_id == event.id, OutboxMail.status.in_(_UNSENT))))
        for mail in mails:
            delivery.resend(mail)
        db.session.commit()
        flash(ngettext("%(num)d failed mail is sent again.", "%(num)d failed mails are sent again.",
                       len(mails)), "success")
    return redirect(url_for("outbox.delivery_page", event=event))


add_manage_page(ManagePage("outbox.delivery_page", _l("Mail delivery"),
                           _l("Mails sent, waiting and failed, with the reason; resend."),
                           order=62, permission="event.mail_delivery"))
