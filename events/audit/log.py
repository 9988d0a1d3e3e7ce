"""Recording the audit log.

Changes to registrations, session seats and role grants are recorded as they are flushed,
whatever made them (a view, the CLI, a purge), so no operation can forget to log: one entry
per changed row with the fields before and after. Exports of personal data and the reading
of passports are recorded by the views that serve them (`record`). Health data (dietary and
accessibility needs) and passport details are never copied into the log: only the fact that
they changed.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event as sa_event
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session as OrmSession

from events.extensions import db
from events.models import (
    AuditEntry,
    Event,
    InvitationLetterRequest,
    Registration,
    RegistrationStatus,
    RoleGrant,
    SessionChoice,
)

REGISTRATION_FIELDS = ("status", "waitlist_position", "organisation_id", "role",
                       "attendance_type", "needs_invitation_letter", "arrival_date",
                       "departure_date", "consent_to_publish")
# Recorded as "changed", never with their values.
SENSITIVE_FIELDS = ("dietary_needs", "accessibility_needs")
SESSION_CHOICE_FIELDS = ("status", "queue_rank")
COMMAND_LINE = "command line"


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _actor() -> tuple[int | None, str]:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id, f"{current_user.person.full_name} <{current_user.email}>"
    return None, COMMAND_LINE


def record(action: str, subject: str, *, event: Event | None = None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           session: OrmSession | None = None) -> AuditEntry:
    """Add an entry (the caller commits), by the signed-in user or the command line."""
    actor_id, actor_name = _actor()
    # The relationship, not the id: a meeting made in the same flush has no id yet.
    entry = AuditEntry(actor_id=actor_id, actor_name=actor_name[:255], event=event,
                       action=action, subject=subject[:255], before=before or None,
                       after=after or None)
    (session or db.session).add(entry)
    return entry


def _changes(obj: Any, fields: tuple[str, ...],
             sensitive: tuple[str, ...] = ()) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name in fields + sensitive:
        history = state.attrs[name].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        if name in sensitive:
            before[name], after[name] = ("given" if old else None), ("changed" if new else None)
        else:
            before[name], after[name] = _plain(old), _plain(new)
    return before, after


def _who(registration: Registration) -> str:
    person = registration.person
    org = registration.organisation
    name = person.full_name if person is not None else f"#{registration.person_id}"
    return f"{name} ({org.acronym})" if org is not None else name


def _event_of(session: OrmSession, registration: Registration) -> Event | None:
    # Rows made with only `event_id` set have no `event` loaded yet.
    if registration.event is not None:
        return registration.event
    return session.get(Event, registration.event_id) if registration.event_id else None


def _registration_action(before: dict[str, Any], after: dict[str, Any]) -> str:
    if "status" in after:
        return f"registration.{after['status']}"
    if "waitlist_position" in after:
        return "waiting_list.moved"
    return "registration.edited"


def _grant_subject(grant: RoleGrant) -> str:
    user = grant.user
    where = grant.event.slug if grant.event is not None else (
        grant.organisation.acronym if grant.organisation is not None else "")
    who = user.email if user is not None else f"#{grant.user_id}"
    role = getattr(grant.role, "value", grant.role)  # a plain string until the flush
    return f"{who}: {role} {where}".strip()


def _before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    with session.no_autoflush:
        for obj in list(session.new):
            if isinstance(obj, Registration):
                record("registration.created", _who(obj), event=_event_of(session, obj),
                       session=session,
                       after={"status": _plain(obj.status or RegistrationStatus.PENDING)})
            elif isinstance(obj, RoleGrant):
                record("role.granted", _grant_subject(obj), event=obj.event, session=session)
            elif isinstance(obj, SessionChoice) and obj.registration is not None:
                record("session_seat.requested", f"{_who(obj.registration)}: "
                       f"{obj.session.title if obj.session else ''}",
                       event=_event_of(session, obj.registration), session=session,
                       after={"status": _plain(obj.status)})
        for obj in list(session.dirty):
            if isinstance(obj, Registration):
                before, after = _changes(obj, REGISTRATION_FIELDS, SENSITIVE_FIELDS)
                if after or before:
                    record(_registration_action(before, after), _who(obj),
                           event=_event_of(session, obj), before=before, after=after,
                           session=session)
            elif isinstance(obj, SessionChoice):
                before, after = _changes(obj, SESSION_CHOICE_FIELDS)
                if after or before:
                    record("session_seat.changed", f"{_who(obj.registration)}: "
                           f"{obj.session.title}",
                           event=_event_of(session, obj.registration),
                           before=before, after=after, session=session)
        for obj in list(session.deleted):
            if isinstance(obj, RoleGrant):
                record("role.withdrawn", _grant_subject(obj), event=obj.event,
                       session=session)
            elif isinstance(obj, InvitationLetterRequest):
                record("passport.deleted", _who(obj.registration),
                       event=_event_of(session, obj.registration), session=session)
            elif isinstance(obj, SessionChoice):
                record("session_seat.released", f"{_who(obj.registration)}: "
                       f"{obj.session.title}", event=_event_of(session, obj.registration),
                       session=session)


_installed = False


def install() -> None:
    """Record changes on every flush of every session (once per process)."""
    global _installed
    if not _installed:
        sa_event.listen(OrmSession, "before_flush", _before_flush)
        _installed = True


def entries(event: Event | None = None, limit: int = 500) -> list[AuditEntry]:
    """The latest entries, of one meeting or of all (the secretariat's view), newest first."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if event is not None:
        query = query.where(AuditEntry.event_id == event.id)
    return list(db.session.scalars(query.limit(limit)))

