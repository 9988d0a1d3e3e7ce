"""Deleting the passport details of invitation letters once the meeting is over."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select

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
