"""Attendance that makes sense in time: people are checked in on the meeting's days (an
organiser may record one outside them, giving a reason that is kept), and a certificate of
attendance certifies attendance within the meeting's dates, once the meeting has begun."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import gettext as _

from events.models import Attendance, Event, Session, utcnow
from events.timefmt import format_day_range, local_day

# Late sessions and exports from accounts in other zones: as for imports (formats.dates).
TOLERANCE = timedelta(days=1)


def meeting_days(event: Event) -> list[date]:
    """The meeting's days in its own zone, first to last."""
    first, last = (local_day(t, event.timezone) for t in (event.starts_at, event.ends_at))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def check_in_refusal(event: Event, session: Session | None = None,
                     now: datetime | None = None) -> str | None:
    """Why nobody can be checked in now (not one of the meeting's or session's days), or
    None when the desk is open."""
    today = local_day(now or utcnow(), event.timezone)
    days = ([local_day(session.starts_at, event.timezone)] if session is not None
            else meeting_days(event))
    if today in days:
        return None
    return _("Check-in is for the days of the meeting (%(dates)s). To record someone today, "
             "give the reason for checking in outside the meeting's days.",
             dates=format_day_range(event.starts_at, event.ends_at, event.timezone))


def outside_days_note(how: str, reason: str) -> str:
    """The origin kept on an attendance recorded outside the meeting's days."""
    return f"{how}; outside the meeting's days: {' '.join(reason.split())}"[:255]


def within_meeting(event: Event, attendance: Attendance) -> bool:
    """The attendance took place during the meeting (its day, or its join time)."""
    if attendance.day is not None:
        return attendance.day in meeting_days(event)
    if attendance.joined_at is None:
        return True  # typed by an organiser without a time: the meeting is what they meant
    return event.starts_at - TOLERANCE <= attendance.joined_at <= event.ends_at + TOLERANCE


def may_certify(event: Event, now: datetime | None = None) -> bool:
    """Certificates exist only for meetings that have begun."""
    return (now or utcnow()) >= event.starts_at
