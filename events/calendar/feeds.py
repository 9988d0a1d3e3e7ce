"""iCalendar feeds, built with the icalendar library (one builder for every scope)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import icalendar

from events.models import Event, Session, utcnow
from events.timefmt import in_zone

PRODID = "-//Plenaria//Meetings of standards bodies//EN"


def _location(event: Event, session: Session | None = None) -> str:
    parts = [session.room if session else None, event.venue, event.city]
    return ", ".join(part for part in parts if part) or ("Online" if event.is_online else "")


def _vevent(
    uid: str, summary: str, start: datetime, end: datetime, zone: str, event: Event,
    url: str, stamp: datetime, session: Session | None = None,
) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("summary", summary)
    # Local times with the IANA zone: calendar clients then follow summer-time rules.
    vevent.add("dtstart", in_zone(start, zone))
    vevent.add("dtend", in_zone(end, zone))
    vevent.add("dtstamp", stamp)
    location = _location(event, session)
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    return vevent


def build_calendar(name: str, components: Iterable[icalendar.Event]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for component in components:
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_components(
    event: Event, sessions: list[Session], url: str, uid_domain: str
) -> list[icalendar.Event]:
    """The event's sessions as VEVENTs, or the event itself when it has no sessions."""
    stamp = utcnow()
    if not sessions:
        return [_vevent(f"{event.uid}@{uid_domain}", event.title, event.starts_at, event.ends_at,
                        event.timezone, event, url, stamp)]
    return [
        _vevent(f"{session.uid}@{uid_domain}", f"{session.title} \u2013 {event.title}",
                session.starts_at, session.ends_at, event.timezone, event, url, stamp,
                session)
        for session in sessions
    ]


def event_calendar(event: Event, sessions: list[Session], url: str, uid_domain: str) -> bytes:
    """The feed of one event, also attached to registration emails."""
    return build_calendar(event.title, event_components(event, sessions, url, uid_domain))
