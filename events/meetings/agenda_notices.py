"""Telling participants what changed: the words of each change (shared by the email and the
public changes page) and the email to approved participants, with the updated .ics."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from events.agenda.publishing import AgendaChangeKind, SessionChange, changes_from_version
from events.calendar.feeds import event_calendar
from events.extensions import db
from events.i18n import by_language
from events.mail import Attachment, build_message
from events.models import (
    AgendaVersion,
    Event,
    Person,
    Registration,
    RegistrationStatus,
    User,
)
from events.outbox.writing import queue_mails
from events.timefmt import format_date, format_time_range, zone_label

log = logging.getLogger(__name__)


def _when(start: datetime | None, end: datetime | None, zone: str) -> str:
    # A session's change carries its times, and a move its old ones.
    assert start is not None and end is not None
    return f"{format_date(start, zone)}, {format_time_range(start, end, zone)}"


def describe_change(change: SessionChange, zone: str) -> str:
    """One line a participant understands, with times in the event's zone."""
    kind = change.kind
    if change.uid is None:
        return _("The items not yet scheduled in a session changed.")
    when = _when(change.starts_at, change.ends_at, zone)
    if kind is AgendaChangeKind.ADDED:
        return _("Added: %(title)s, %(when)s.", title=change.title, when=when)
    if kind is AgendaChangeKind.MOVED:
        return _("Moved: %(title)s, now %(when)s (was %(before)s).", title=change.title,
                 when=when, before=_when(change.old_starts_at, change.old_ends_at, zone))
    if kind is AgendaChangeKind.RETITLED:
        return _("Renamed: %(title)s (was %(before)s).", title=change.title,
                 before=change.old_title)
    if kind is AgendaChangeKind.ROOM_CHANGED:
        return _("Room changed: %(title)s, now in %(room)s (was %(before)s).",
                 title=change.title, room=change.room or _("no room given"),
                 before=change.old_room or _("no room given"))
    if kind is AgendaChangeKind.ITEMS_CHANGED:
        return _("Agenda items changed: %(title)s, %(when)s.", title=change.title, when=when)
    if kind is AgendaChangeKind.DETAILS_CHANGED:
        return _("Details changed (chairs, kind or notes): %(title)s, %(when)s.",
                 title=change.title, when=when)
    if kind is AgendaChangeKind.CANCELLED:
        return _("Cancelled: %(title)s, %(when)s.", title=change.title, when=when)
    return _("Back on the agenda: %(title)s, %(when)s.", title=change.title, when=when)


def participant_addresses(event: Event) -> list[tuple[str, str | None]]:
    """Email addresses of the approved participants (the registered participants), each
    with the language its owner reads Plenaria in (None: no account, or not known)."""
    # Every email is set (the query asks for addresses); the check tells the type checker.
    return [(email, language) for email, language in db.session.execute(
        select(Person.email, User.language)
        .join(Registration, Registration.person_id == Person.id)
        .outerjoin(User, User.person_id == Person.id)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.APPROVED,
               Person.email.is_not(None))
        .distinct().order_by(Person.email)
    ) if email is not None]


def notice_text(event: Event, version: AgendaVersion) -> tuple[str, str]:
    """(subject, body) of the email about `version`."""
    zone = event.timezone
    agenda_url = url_for("meetings.agenda", event=event, _external=True)
    if version.number == 1:
        subject = _("Agenda published: %(event)s", event=event.title)
        opening = _("The agenda of %(event)s is published.", event=event.title)
    else:
        subject = _("Agenda updated: %(event)s (version %(number)d)", event=event.title,
                    number=version.number)
        opening = _("The agenda of %(event)s has changed (version %(number)d).",
                    event=event.title, number=version.number)
    lines = [opening, ""]
    changes = changes_from_version(version)
    if version.number > 1 and changes:
        lines += [_("What changed (times in %(zone)s):",
                    zone=zone_label(event.starts_at, zone)), ""]
        lines += [f"- {describe_change(change, zone)}" for change in changes]
        lines.append("")
    if version.note:
        lines += [_("From the organisers:"), version.note, ""]
    lines += [
        _("The agenda: %(url)s", url=agenda_url),
        _("Every change: %(url)s", url=url_for("meetings.agenda_changes", event=event,
                                                _external=True)),
        "",
        _("The attached calendar file updates the sessions already in your calendar. To have "
          "changes arrive by themselves, subscribe to the meeting's calendar: %(url)s",
          url=url_for("calendar.event_feed", event=event, _external=True)),
    ]
    return subject, "\n".join(lines)


def notify_participants(event: Event, version: AgendaVersion) -> int:
    """Put in the outbox a mail to every approved participant (one message each: nobody
    sees the others' addresses) about `version`, with the meeting's .ics. Returns how many
    and records it on the version (the caller commits; the worker runs this, see
    `events.background.agenda_notice`)."""
    addresses = participant_addresses(event)
    if not addresses:
        version.notified = 0
        return 0
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(default):
        # Approved participants may see the join details (rule "event.join_details").
        ics = Attachment(f"{event.slug}.ics", event_calendar(event, join_details=True),
                         "text/calendar; method=PUBLISH")
    messages = []
    # Written once per language, in each participant's own; the site's default language for
    # people whose language is not known (not the organiser's: the mail is not from them).
    for language, group in by_language(addresses).items():
        with force_locale(language or default):
            subject, body = notice_text(event, version)
        messages += [build_message([address], subject, body, attachments=[ics])
                     for address in group]
    queued = queue_mails(messages, kind="agenda_notice", event_id=event.id)
    version.notified = queued
    return queued
