"""Emails about registrations, written to the outbox in the transaction that causes them.

Operations return `Notice`s; the caller passes them to `deliver` and then commits. A
rolled-back registration therefore never mails anyone, and a committed one always does.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from blinker import Namespace
from flask import current_app, render_template, url_for
from flask_babel import gettext as _

from events.auth.permissions import approvers, meeting_group
from events.calendar.feeds import event_calendar
from events.extensions import db
from events.i18n import by_language, in_language
from events.mail import Attachment, build_message
from events.models import (
    ApprovalPolicy,
    Registration,
    Session,
    settings_for,
)
from events.outbox.writing import queue_mail

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
        url_for("meetings.event_page", event=event, _external=True),
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
        "event_url": url_for("meetings.event_page", event=event, _external=True),
        "my_meetings_url": url_for("registration.my_meetings", _external=True),
    }
    template = f"registration/mail/{notice.kind.value}.txt"
    if notice.kind is NoticeKind.PENDING_APPROVAL:
        context["decide_url"] = url_for("registration.delegates",
                                        organisation=registration.organisation, _external=True)
        if settings_for(event).approval_policy is not ApprovalPolicy.FOCAL_POINT:
            context["decide_url"] = url_for("registration.manage", event=event, _external=True)
        group = meeting_group(event)
        if group is not None:  # the convenor decides from the group's registrations
            context["decide_url"] = url_for(
                "committees.group_registrations", committee=group.committee, subgroup=group,
                _external=True)
        mails: list[tuple[list[str], str, str, list[Attachment]]] = []
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
        subject = _SUBJECTS[notice.kind](event.title)
        if notice.kind is NoticeKind.PROMOTED and session is not None:
            # A seat in one session is not a place at the meeting: the subject says which.
            subject = _("A seat for you: %(session)s, %(title)s", session=session.title,
                        title=event.title)
        return [([person.email], subject, render_template(template, **context), attachments)]


_signals = Namespace()
# Sent with `notices=` (a list of Notice) when their mails are written, inside the transaction
# of the change: listeners (the webhooks, events.api.webhooks) add their own rows to it. The
# arrow runs from the listener to registration, never back.
notices_written = _signals.signal("registration-notices-written")


def deliver(notices: Iterable[Notice]) -> int:
    """Put the mails of `notices` in the outbox, in the current transaction (the caller
    commits). Returns the number of mails (one per recipient). Whoever listens to
    `notices_written` (the webhooks) records its part in the same transaction."""
    notices = list(notices)
    # The real app, not the proxy (Flask types current_app as the app itself).
    notices_written.send(current_app._get_current_object(),  # type: ignore[attr-defined]
                         notices=notices)
    count = 0
    for notice in notices:
        registration = db.session.get_one(Registration, notice.registration_id)
        for recipients, subject, body, attachments in compose(notice):
            count += len(queue_mail(
                build_message(recipients, subject, body, attachments=attachments),
                kind=notice.kind.value, event_id=registration.event_id,
                registration_id=registration.id))
    return count
