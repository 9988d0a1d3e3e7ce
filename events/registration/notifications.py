"""Emails about registrations, sent after the transaction that caused them has committed.

Operations return `Notice`s; the caller commits, then passes them to `deliver`. A rolled-back
registration therefore never mails anyone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select

from events.calendar.feeds import event_calendar
from events.extensions import db
from events.i18n import by_language, in_language
from events.mail import Attachment, build_message, send_all
from events.models import (
    ApprovalPolicy,
    Registration,
    Role,
    RoleGrant,
    Session,
    User,
    event_organisers,
)
from events.registration.settings import settings_for

log = logging.getLogger(__name__)


class NoticeKind(StrEnum):
    CREATED = "created"  # no mail: for webhooks (events.api.webhooks)
    RECEIVED = "received"
    PENDING_APPROVAL = "pending_approval"  # to the people who decide
    APPROVED = "approved"
    REJECTED = "rejected"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    CANCELLED = "cancelled"
    SEAT_RELEASED = "seat_released"  # a session's waiting list closed by the organisers


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    registration_id: int
    # For a seat given in a session with limited seats.
    session_id: int | None = None


def approvers(registration: Registration) -> list[User]:
    """Who decides on a pending registration: the organisation's focal points when the event
    leaves it to them (the organisers when it has none), else the organisers."""
    event = registration.event
    if settings_for(event).approval_policy is ApprovalPolicy.FOCAL_POINT:
        focal_points = list(db.session.scalars(
            select(User).join(RoleGrant).where(
                RoleGrant.role == Role.FOCAL_POINT,
                RoleGrant.organisation_id == registration.organisation_id,
                User.active.is_(True),
            ).order_by(User.email)
        ))
        if focal_points:
            return focal_points
    bodies = select(event_organisers.c.organisation_id).where(
        event_organisers.c.event_id == event.id)
    return list(db.session.scalars(
        select(User).join(RoleGrant).where(
            RoleGrant.role == Role.ORGANISER,
            User.active.is_(True),
            or_(RoleGrant.event_id == event.id,
                RoleGrant.organisation_id == event.host_id,
                RoleGrant.organisation_id.in_(bodies)),
        ).distinct().order_by(User.email)
    ))


_SUBJECTS = {
    NoticeKind.RECEIVED: lambda title: _("Registration received: %(title)s", title=title),
    NoticeKind.PENDING_APPROVAL: lambda title: _("To approve: a registration for %(title)s",
                                                 title=title),
    NoticeKind.APPROVED: lambda title: _("Registration confirmed: %(title)s", title=title),
    NoticeKind.REJECTED: lambda title: _("Registration not accepted: %(title)s", title=title),
    NoticeKind.WAITLISTED: lambda title: _("On the waiting list: %(title)s", title=title),
    NoticeKind.PROMOTED: lambda title: _("A place for you: %(title)s", title=title),
    NoticeKind.CANCELLED: lambda title: _("Registration cancelled: %(title)s", title=title),
    NoticeKind.SEAT_RELEASED: lambda title: _("No seat in a session of %(title)s",
                                              title=title),
}


def _calendar_attachment(registration: Registration) -> Attachment:
    event = registration.event
    body = event_calendar(
        event, list(event.sessions),
        url_for("plenaries.event_page", event=event, _external=True),
        current_app.config["CALENDAR_UID_DOMAIN"],
    )
    return Attachment(f"{event.slug}.ics", body, "text/calendar; method=PUBLISH")


def compose(notice: Notice) -> list[tuple[list[str], str, str, list[Attachment]]]:
    """(recipients, subject, body, attachments) of each mail a notice gives."""
    if notice.kind is NoticeKind.CREATED:
        return []
    registration = db.session.get_one(Registration, notice.registration_id)
    event = registration.event
    session = db.session.get(Session, notice.session_id) if notice.session_id else None
    context = {
        "registration": registration,
        "event": event,
        "person": registration.person,
        "session": session,
        "event_url": url_for("plenaries.event_page", event=event, _external=True),
        "my_meetings_url": url_for("registration.my_meetings", _external=True),
    }
    template = f"registration/mail/{notice.kind.value}.txt"
    if notice.kind is NoticeKind.PENDING_APPROVAL:
        context["decide_url"] = url_for("registration.delegates",
                                        organisation=registration.organisation, _external=True)
        if settings_for(event).approval_policy is not ApprovalPolicy.FOCAL_POINT:
            context["decide_url"] = url_for("registration.manage", event=event, _external=True)
        mails = []
        # Each approver reads it in their own language: one mail per language.
        groups = by_language((user.email, user.language) for user in approvers(registration))
        for language, recipients in groups.items():
            with in_language(language):
                mails.append((recipients, _SUBJECTS[notice.kind](event.title),
                              render_template(template, **context), []))
        return mails
    person = registration.person
    if not person.email:
        return []
    with in_language(person.user.language if person.user else None):
        attachments = []
        if notice.kind in (NoticeKind.APPROVED, NoticeKind.PROMOTED) and session is None \
                and registration.status.value == "approved":
            attachments.append(_calendar_attachment(registration))
        return [([person.email], _SUBJECTS[notice.kind](event.title),
                 render_template(template, **context), attachments)]


def deliver(notices: Iterable[Notice]) -> int:
    """Send the mails of committed notices; a mail server failure is logged, never raised
    (the registration itself is saved). Returns the number of mails sent. Webhook
    subscribers are told too."""
    from events.api.webhooks import tell_registrations

    notices = list(notices)
    tell_registrations(notices)
    return send_all(build_message(recipients, subject, body, attachments=attachments)
                    for notice in notices
                    for recipients, subject, body, attachments in compose(notice))
