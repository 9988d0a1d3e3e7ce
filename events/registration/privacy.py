"""Retention of what delegates give for a meeting: the passport details of invitation letters,
and the dietary and accessibility needs (health data, special categories under GDPR art. 9),
are kept only until the meeting is over."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, or_, select, update

from events.audit import log as audit_log
from events.extensions import db
from events.models import Event, InvitationLetterRequest, Registration, utcnow


def purge_passport_details(days_after: int = 0, now: datetime | None = None) -> int:
    """Delete the passport details of registrations for events that ended more than
    `days_after` days ago. Returns how many were deleted; the caller commits."""
    cutoff = (now or utcnow()) - timedelta(days=days_after)
    ended = (
        select(Registration.id).join(Event, Event.id == Registration.event_id)
        .where(Event.ends_at < cutoff)
    )
    # A DELETE gives a CursorResult (with its rowcount); Session.execute is typed for any
    # statement.
    result = cast(CursorResult[Any], db.session.execute(
        delete(InvitationLetterRequest)
        .where(InvitationLetterRequest.registration_id.in_(ended))
        .execution_options(synchronize_session=False)
    ))
    return result.rowcount or 0


def purge_health_needs(days_after: int = 0, now: datetime | None = None) -> int:
    """Erase the dietary and accessibility needs of registrations for meetings that ended
    more than `days_after` days ago. Returns how many registrations held some; the caller
    commits."""
    cutoff = (now or utcnow()) - timedelta(days=days_after)
    ended = select(Event.id).where(Event.ends_at < cutoff)
    result = cast(CursorResult[Any], db.session.execute(
        update(Registration)
        .where(Registration.event_id.in_(ended),
               or_(Registration.dietary_needs.is_not(None),
                   Registration.accessibility_needs.is_not(None)))
        .values(dietary_needs=None, accessibility_needs=None)
        .execution_options(synchronize_session=False)
    ))
    return result.rowcount or 0


def purge_after_meetings(days_after: int = 0, now: datetime | None = None) -> tuple[int, int]:
    """Passports and health needs of meetings that are over: (passports, health needs).
    Recorded in the audit log (these bulk deletions pass no row through the session)."""
    counts = purge_passport_details(days_after, now), purge_health_needs(days_after, now)
    if any(counts):
        audit_log.record("personal_data.purged", f"meetings ended {days_after} days ago or more",
                         after={"passports": counts[0], "health_needs": counts[1]})
    return counts
