"""iCalendar feeds, built with the icalendar library: one builder for every scope.

What calendar clients get wrong elsewhere is decided here, once:
- times carry their IANA TZID and the calendar a full VTIMEZONE for each zone (never `GMT`,
  never a TZID without its definition), so summer-time changes land where they should;
- a session's UID is its own random identity plus our domain, never a row id, so moving or
  renaming it updates the same entry; SEQUENCE goes up with every published change;
- DTSTAMP and LAST-MODIFIED are when the entry last changed, so an unchanged feed is
  byte-for-byte the same (and its ETag can be known without building it);
- cancelled sessions stay, with STATUS:CANCELLED;
- join details (URL in the description and RFC 7986 CONFERENCE) only when the caller says the
  reader is entitled to them;
- every feed says METHOD:PUBLISH and names a default zone in X-WR-TIMEZONE: Outlook's import
  refuses or mangles a calendar without the one, Google takes the calendar's zone from the other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from flask import current_app, url_for
from flask_babel import gettext as _

from events.agenda.deadlines import Deadline, DeadlineState
from events.agenda.publishing import (
    PublishedAgenda,
    PublishedItem,
    PublishedSession,
    agenda_from_version,
    latest_versions,
)
from events.calendar.vtimezone import vtimezone
from events.geo import country_name
from events.models import Event, EventStatus, Session, SessionKind
from events.text import one_line
from events.text import strip_control_characters as clean
from events.timefmt import format_date, format_time, zone_label

PRODID = "-//Plenaria//Meetings of standards bodies//EN"
# Part of every ETag: raise it when the shape of the output changes, so clients refetch.
FEED_FORMAT = "2"
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class FeedEntry:
    """One VEVENT, in plain values."""

    uid: str
    summary: str
    start: datetime | date  # a date for all-day entries (deadlines)
    end: datetime | date
    zone: str | None  # IANA zone of timed entries
    sequence: int
    modified_at: datetime
    url: str
    cancelled: bool = False
    location: str | None = None
    description: str | None = None
    category: str | None = None
    transparent: bool = False  # breaks: the time is not "busy"
    join_url: str | None = None


@dataclass(frozen=True)
class Feed:
    name: str
    entries: Sequence[FeedEntry]
    uid: str
    description: str | None = None
    source: str | None = None  # where the feed itself lives
    refresh: timedelta = REFRESH


# --- rendering ---------------------------------------------------------------------------

# Text typed by people (titles pasted from Word) goes through `clean`: RFC 5545 forbids control
# characters in TEXT values and calendar clients refuse or garble feeds that carry them.


def _vevent(entry: FeedEntry) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", entry.uid)
    vevent.add("dtstamp", entry.modified_at)
    vevent.add("last-modified", entry.modified_at)
    vevent.add("sequence", entry.sequence)
    vevent.add("summary", one_line(entry.summary))
    if entry.zone is None:
        vevent.add("dtstart", entry.start)
        vevent.add("dtend", entry.end)
    else:
        zone = ZoneInfo(entry.zone)
        # Timed entries (with a zone) start and end at datetimes, not dates.
        vevent.add("dtstart", entry.start.astimezone(zone))  # type: ignore[union-attr]
        vevent.add("dtend", entry.end.astimezone(zone))  # type: ignore[union-attr]
    vevent.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if entry.transparent else "OPAQUE")
    if entry.location:
        vevent.add("location", clean(entry.location))
    vevent.add("url", entry.url)
    if entry.description:
        vevent.add("description", clean(entry.description))
    if entry.category:
        vevent.add("categories", [entry.category])
    if entry.join_url:
        vevent.conferences = [icalendar.Conference(entry.join_url, feature="VIDEO",
                                                   label=_("Join online"))]
    return vevent


def default_zone(entries: Sequence[FeedEntry]) -> str:
    """The zone most timed entries are in (the earliest entry's among equals); UTC when none
    is timed (a feed of deadlines only), so X-WR-TIMEZONE is never left out."""
    timed = sorted((entry for entry in entries if entry.zone is not None),
                   key=lambda entry: entry.start)
    zones = [entry.zone for entry in timed if entry.zone is not None]  # all: says `str`
    if not zones:
        return "UTC"
    counts = Counter(zones)
    most = max(counts.values())
    return next(zone for zone in zones if counts[zone] == most)


def render(feed: Feed, *, method: str = "PUBLISH") -> bytes:
    """The feed as iCalendar bytes (CRLF, folded lines): same input, same bytes.

    `method` is PUBLISH for feeds and mail attachments alike (RFC 6047 wants the METHOD of a
    mail's Content-Type in the calendar too)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("uid", feed.uid)
    calendar.calendar_name = one_line(feed.name)
    calendar.add("x-wr-timezone", default_zone(feed.entries))
    if feed.description:
        calendar.add("description", clean(feed.description))
    if feed.source:
        calendar.add("source", feed.source, parameters={"VALUE": "URI"})
    calendar.add("refresh-interval", feed.refresh, parameters={"VALUE": "DURATION"})
    # The same hint for Outlook and Apple Calendar, which read the older property.
    calendar.add("x-published-ttl", icalendar.vDuration(feed.refresh))
    timed = [entry for entry in feed.entries if entry.zone is not None]
    if timed:
        # Cover the years of the entries, with a year's margin for clients that look around.
        first = min(entry.start for entry in timed).year - 1
        last = max(entry.end for entry in timed).year + 2
        for zone in sorted({entry.zone for entry in timed if entry.zone}):
            calendar.add_component(vtimezone(zone, first, last))
    for entry in feed.entries:
        calendar.add_component(_vevent(entry))
    return calendar.to_ical()


# --- entries: the same words in every feed -----------------------------------------------

def configured_uid_domain() -> str:
    # Fixed by configuration, not taken from the request: a UID must not change with the host.
    return current_app.config["CALENDAR_UID_DOMAIN"]


def location(event: Event, room: str | None = None) -> str | None:
    """Room, venue, city, country; an online meeting is "Online" (with its tool's name)."""
    if event.is_online:
        return ", ".join(part for part in (room, _("Online")) if part)
    country = country_name(event.country) if event.country else None
    parts = [room, event.venue, event.city, country]
    return ", ".join(part for part in parts if part) or None


def _item_lines(items: Iterable[PublishedItem]) -> list[str]:
    lines = []
    for root in items:
        for depth, item in root.walk():
            line = f"{'   ' * depth}{item.number} {item.title}"
            if item.presenter:
                line += f" \u2014 {item.presenter}"
            if item.documents:
                line += " (" + ", ".join(d.reference for d in item.documents) + ")"
            lines.append(line)
    return lines


def _join_lines(event: Event, join: bool) -> list[str]:
    if join and event.join_url:
        return [_("Join online: %(url)s", url=event.join_url)]
    return []


def _paragraphs(paragraphs: list[list[str]]) -> str | None:
    text = "\n\n".join("\n".join(lines) for lines in paragraphs if lines)
    return text or None


def event_url(event: Event) -> str:
    return url_for("meetings.event_page", event=event, _external=True)


def session_entry(event: Event, session: PublishedSession, *, join: bool,
                  domain: str | None = None) -> FeedEntry:
    """A published session as a VEVENT of its event."""
    page = url_for("meetings.agenda", event=event, _external=True,
                   _anchor=f"session-{session.uid}")
    cancelled = session.cancelled or event.status is EventStatus.CANCELLED
    summary = f"{session.title} \u2013 {event.title}"
    if cancelled:
        summary = _("Cancelled: %(title)s", title=summary)
    header = [_("Chair: %(names)s", names=session.chairs)] if session.chairs else []
    notes = [session.description] if session.description else []
    on_the_agenda = [_("Agenda: %(url)s", url=page)]
    is_break = session.kind is SessionKind.BREAK
    modified = max(filter(None, (session.modified_at, event.updated_at)))
    return FeedEntry(
        uid=f"{session.uid}@{domain or configured_uid_domain()}",
        summary=summary,
        start=session.starts_at,
        end=session.ends_at,
        zone=event.timezone,
        # Both only ever go up: the session's own changes and its event's (title, place).
        sequence=session.sequence + event.sequence,
        modified_at=modified,
        url=page,
        cancelled=cancelled,
        location=location(event, session.room),
        description=_paragraphs([header, _item_lines(session.items), notes,
                                 [] if is_break else _join_lines(event, join), on_the_agenda]),
        category=session.kind.label,
        transparent=is_break,
        join_url=event.join_url if join and not is_break else None,
    )


def whole_event_entry(event: Event, *, join: bool, page: str | None = None,
                      domain: str | None = None) -> FeedEntry:
    """The event as one VEVENT (no published agenda yet, or a feed of meetings)."""
    page = page or event_url(event)
    cancelled = event.status is EventStatus.CANCELLED
    summary = _("Cancelled: %(title)s", title=event.title) if cancelled else event.title
    return FeedEntry(
        uid=f"{event.uid}@{domain or configured_uid_domain()}",
        summary=summary,
        start=event.starts_at,
        end=event.ends_at,
        zone=event.timezone,
        sequence=event.sequence,
        modified_at=event.updated_at,
        url=page,
        cancelled=cancelled,
        location=location(event),
        description=_paragraphs([[event.description] if event.description else [],
                                 _join_lines(event, join), [page]]),
        category=event.kind.label,
        join_url=event.join_url if join else None,
    )


def deadline_entry(deadline: Deadline) -> FeedEntry:
    """A Directives deadline as an all-day entry on its due date, in the event's zone."""
    event = deadline.event
    zone = ZoneInfo(event.timezone)
    due_day = deadline.due_at.astimezone(zone).date()
    done = deadline.state() in (DeadlineState.DONE, DeadlineState.DONE_LATE)
    what = f"{deadline.kind.label} \u2013 {event.title}"
    page = url_for("manage.hub", event=event, _external=True)
    due = _("Due %(day)s at %(time)s, %(zone)s: %(rule)s (ISO/IEC Directives).",
            day=format_date(deadline.due_at, event.timezone, "long"),
            time=format_time(deadline.due_at, event.timezone),
            zone=zone_label(deadline.due_at, event.timezone), rule=deadline.rule.rule)
    return FeedEntry(
        uid=f"{event.uid}-{deadline.kind.value}@{configured_uid_domain()}",
        summary=_("Done: %(what)s", what=what) if done else _("Due: %(what)s", what=what),
        start=due_day,
        end=due_day + timedelta(days=1),
        zone=None,
        sequence=event.sequence + deadline.revision,
        modified_at=max(filter(None, (deadline.modified_at, event.updated_at))),
        url=page,
        cancelled=event.status is EventStatus.CANCELLED,
        description=_paragraphs([[due], [page]]),
        category=_("Deadline"),
        transparent=True,
    )


def agenda_entries(event: Event, agenda: PublishedAgenda | None, *, join: bool,
                   only: set[str] | None = None, page: str | None = None,
                   domain: str | None = None) -> list[FeedEntry]:
    """The event's published sessions (or the event itself before its agenda is out).
    `only`: keep these session UIDs (one session's feed, a person's chosen sessions)."""
    if agenda is None or not agenda.sessions:
        return [] if only else [whole_event_entry(event, join=join, page=page, domain=domain)]
    return [session_entry(event, session, join=join, domain=domain)
            for session in agenda.sessions if only is None or session.uid in only]


def event_calendar(event: Event, sessions: Sequence[Session] | None = None,
                   url: str | None = None, uid_domain: str | None = None, *,
                   join_details: bool = False) -> bytes:
    """The .ics of one event as published, for mail attachments (METHOD:PUBLISH).

    `sessions` keeps only those sessions (for instance the ones a participant chose); None
    keeps them all. `url`: the event's page (default: its address here); `uid_domain`: the
    domain of the UIDs (default: CALENDAR_UID_DOMAIN, as in the feeds, so the attachment
    updates the same calendar entries). Pass `join_details=True` only for a reader entitled
    to them (rule "event.join_details").
    """
    version = latest_versions([event.id]).get(event.id)
    agenda = agenda_from_version(version) if version else None
    only = {session.uid for session in sessions} if sessions is not None else None
    domain = uid_domain or configured_uid_domain()
    feed = Feed(
        name=event.title,
        entries=agenda_entries(event, agenda, join=join_details, only=only, page=url,
                               domain=domain),
        uid=f"event-{event.uid}@{domain}",
        source=url_for("calendar.event_feed", event=event, _external=True),
    )
    return render(feed, method="PUBLISH")
