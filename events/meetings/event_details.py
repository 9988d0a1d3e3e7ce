"""Creating and editing an event's details, checked as a whole before anything is saved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from slugify import slugify as transliterated_slug
from sqlalchemy import select

from events.agenda.editing import AgendaError, move_sessions
from events.auth.permissions import organiser_bodies, would_still_organise
from events.extensions import db
from events.geo import is_country_code
from events.localtime import LocalTimeError, to_utc, wall_clock, zone_problem
from events.models import (
    Committee,
    Event,
    EventKind,
    EventMode,
    EventSeries,
    EventStatus,
    MeetingWeek,
    Organisation,
    User,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Addresses under /events/ that are not events.
RESERVED_SLUGS = frozenset({"new", "calendar"})


@dataclass
class EventDetails:
    """The event as its form gives it: times on the wall clock of `timezone`."""

    title: str
    slug: str
    kind: EventKind
    status: EventStatus
    mode: EventMode
    timezone: str
    starts: datetime
    ends: datetime
    series_id: int | None = None
    new_series: str | None = None
    edition: int | None = None
    meeting_week_id: int | None = None
    new_meeting_week: str | None = None
    committee_id: int | None = None
    host_id: int | None = None
    organiser_ids: list[int] = field(default_factory=list)
    venue: str | None = None
    city: str | None = None
    country: str | None = None
    capacity: int | None = None
    join_url: str | None = None
    description: str | None = None
    # On edit: keep the sessions at their times of day when the dates or the zone change.
    move_sessions: bool = True


def slugify(text: str) -> str:
    """An address part in ASCII, transliterated: 'São Paulo' -> 'sao-paulo', a Russian title
    in Latin letters rather than nothing."""
    return transliterated_slug(text, max_length=80) or "series"


def _unique_slug(model: type[EventSeries] | type[MeetingWeek], title: str) -> str:
    base = slugify(title)
    slug, number = base, 1
    while db.session.scalar(select(model.id).where(model.slug == slug)) is not None:
        number += 1
        slug = f"{base[:75]}-{number}"
    return slug


def address_from_title(title: str) -> str:
    """The web address a new meeting gets when the secretary leaves it empty: its title as a
    slug, numbered when another meeting has it already."""
    base = transliterated_slug(title, max_length=80) or "meeting"
    slug, number = base, 1
    while (slug in RESERVED_SLUGS
           or db.session.scalar(select(Event.id).where(Event.slug == slug)) is not None):
        number += 1
        slug = f"{base[:75]}-{number}"
    return slug


def event_details(event: Event) -> EventDetails:
    """The event as its form shows it."""
    return EventDetails(
        title=event.title, slug=event.slug, kind=event.kind, status=event.status,
        mode=event.mode, timezone=event.timezone,
        starts=wall_clock(event.starts_at, event.timezone),
        ends=wall_clock(event.ends_at, event.timezone),
        series_id=event.series_id, edition=event.edition,
        meeting_week_id=event.meeting_week_id, committee_id=event.committee_id,
        host_id=event.host_id, organiser_ids=[org.id for org in event.organisers],
        venue=event.venue, city=event.city, country=event.country, capacity=event.capacity,
        join_url=event.join_url, description=event.description,
    )


def _check(details: EventDetails, event: Event | None, by: User) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []

    def problem(name: str, message: str) -> None:
        problems.append((name, message))

    if not details.title.strip():
        problem("title", _("Enter the title of the meeting."))
    slug = details.slug.strip()
    if not SLUG.match(slug) or len(slug) > 80:
        problem("slug", _("Use lower-case letters, digits and hyphens, such as "
                          "casco-plenary-2026."))
    elif slug in RESERVED_SLUGS:
        problem("slug", _("%(slug)s is kept for the site's own pages; choose another.",
                          slug=slug))
    else:
        taken = db.session.scalar(select(Event.id).where(Event.slug == slug))
        if taken is not None and (event is None or taken != event.id):
            problem("slug", _("Another meeting already has the address %(slug)s.", slug=slug))
    zone_trouble = zone_problem(details.timezone)
    if zone_trouble:
        problem("timezone", zone_trouble)
    else:
        instants = {}
        for name, local in (("starts", details.starts), ("ends", details.ends)):
            try:
                instants[name] = to_utc(local, details.timezone.strip())
            except LocalTimeError as error:
                problem(name, str(error))
        if len(instants) == 2 and instants["ends"] <= instants["starts"]:
            problem("ends", _("The meeting must end after it starts."))
    if details.series_id and details.new_series:
        problem("new_series", _("Choose a series or name a new one, not both."))
    if details.edition is not None and details.edition <= 0:
        problem("edition", _("The edition is a number such as 34."))
    if details.edition is not None and details.series_id:
        clash = db.session.scalar(select(Event).where(Event.series_id == details.series_id,
                                                      Event.edition == details.edition))
        if clash is not None and (event is None or clash.id != event.id):
            problem("edition", _("%(title)s is already edition %(edition)d of this series.",
                                 title=clash.title, edition=details.edition))
    if details.meeting_week_id and details.new_meeting_week:
        problem("new_meeting_week", _("Choose a meeting week or name a new one, not both."))
    if details.country and not is_country_code(details.country):
        problem("country", _("Choose the country from the list."))
    if details.capacity is not None and details.capacity <= 0:
        problem("capacity", _("The number of places is a positive number, or leave it empty."))
    if details.join_url and not details.join_url.startswith(("https://", "http://")):
        problem("join_url", _("The link to join should start with https://"))
    if not would_still_organise(by, event, details.host_id, details.organiser_ids):
        names = ", ".join(sorted(db.session.scalars(
            select(Organisation.acronym).where(Organisation.id.in_(organiser_bodies(by))))))
        problem("host_id", _("You organise for %(names)s: keep it as the host or among "
                             "the organisers, or you could no longer manage this meeting.",
                             names=names or "—"))
    return problems


def save_event(details: EventDetails, *, by: User,
               event: Event | None = None) -> tuple[Event, int]:
    """Create the event (`event` None) or update it; gives back the event and how many
    sessions moved with it. The caller commits."""
    problems = _check(details, event, by)
    if problems:
        raise AgendaError(problems)
    creating = event is None
    old_zone = event.timezone if event else details.timezone
    old_day = wall_clock(event.starts_at, event.timezone).date() if event else None
    if event is None:
        event = Event()
        db.session.add(event)
    zone = details.timezone.strip()
    event.title = details.title.strip()
    event.slug = details.slug.strip()
    event.kind, event.status, event.mode = details.kind, details.status, details.mode
    event.timezone = zone
    event.starts_at = to_utc(details.starts, zone)
    event.ends_at = to_utc(details.ends, zone)
    if details.new_series:
        title = details.new_series.strip()
        event.series = EventSeries(title=title, slug=_unique_slug(EventSeries, title),
                                   committee_id=details.committee_id)
    else:
        event.series = db.session.get(EventSeries, details.series_id) if details.series_id \
            else None
    event.edition = details.edition
    if details.new_meeting_week:
        title = details.new_meeting_week.strip()
        event.meeting_week = MeetingWeek(title=title, slug=_unique_slug(MeetingWeek, title))
    else:
        event.meeting_week = (db.session.get(MeetingWeek, details.meeting_week_id)
                              if details.meeting_week_id else None)
    event.committee = (db.session.get(Committee, details.committee_id)
                       if details.committee_id else None)
    event.host = db.session.get(Organisation, details.host_id) if details.host_id else None
    event.organisers = list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(details.organiser_ids))))
    event.venue = (details.venue or "").strip() or None
    event.city = (details.city or "").strip() or None
    event.country = (details.country or "").strip().upper() or None
    event.capacity = details.capacity
    event.join_url = (details.join_url or "").strip() or None
    event.description = (details.description or "").strip() or None
    db.session.flush()
    if creating or not details.move_sessions:
        return event, 0
    days = (wall_clock(event.starts_at, zone).date() - old_day).days if old_day else 0
    if days == 0 and old_zone == zone:
        return event, 0
    return event, move_sessions(event, old_zone, days)
