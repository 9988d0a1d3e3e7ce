"""Reading events for the public pages, each page in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from events.auth.permissions import organised_events
from events.extensions import db
from events.models import (
    Event,
    EventSeries,
    EventStatus,
    MeetingWeek,
    User,
    utcnow,
)


def public_events() -> Select[Event]:
    """Events anyone may see: published or cancelled (a cancellation is news), not drafts."""
    return select(Event).where(Event.status != EventStatus.DRAFT)


def _with_listing_details(query: Select[Event]) -> Select[Event]:
    return query.options(
        selectinload(Event.host),
        selectinload(Event.series),
        selectinload(Event.meeting_week),
    )


@dataclass
class EventGroup:
    """Events shown together on the home page: a meeting week, or an event on its own."""

    week: MeetingWeek | None
    events: list[Event]

    @property
    def starts_at(self) -> datetime:
        return self.events[0].starts_at

    @property
    def ends_at(self) -> datetime:
        return max(event.ends_at for event in self.events)


def group_by_week(events: list[Event]) -> list[EventGroup]:
    """Keep the order of `events`; a week appears where its first event does."""
    groups: list[EventGroup] = []
    by_week: dict[int, EventGroup] = {}
    for event in events:
        if event.meeting_week_id is None:
            groups.append(EventGroup(None, [event]))
        elif event.meeting_week_id in by_week:
            by_week[event.meeting_week_id].events.append(event)
        else:
            group = EventGroup(event.meeting_week, [event])
            by_week[event.meeting_week_id] = group
            groups.append(group)
    for group in groups:
        group.events.sort(key=lambda e: e.starts_at)
    return groups


def home_listing(now: datetime | None = None) -> tuple[list[EventGroup], list[EventGroup]]:
    """(upcoming, past) groups. A week is upcoming while any of its events is."""
    now = now or utcnow()
    events = list(db.session.scalars(
        _with_listing_details(public_events()).order_by(Event.starts_at)
    ))
    groups = group_by_week(events)
    upcoming = [g for g in groups if g.ends_at >= now]
    past = sorted((g for g in groups if g.ends_at < now), key=lambda g: g.starts_at,
                  reverse=True)
    return upcoming, past


def week_events(event: Event) -> list[Event]:
    """The other public events of the event's meeting week, in time order."""
    if event.meeting_week_id is None:
        return []
    return list(db.session.scalars(
        public_events()
        .where(Event.meeting_week_id == event.meeting_week_id, Event.id != event.id)
        .order_by(Event.starts_at)
    ))


def series_editions(series: EventSeries) -> list[Event]:
    return list(db.session.scalars(
        _with_listing_details(public_events())
        .where(Event.series_id == series.id)
        .order_by(Event.starts_at.desc())
    ))


def load_event_page(event: Event) -> Event:
    """Load what the event page shows in a fixed number of queries."""
    db.session.scalars(
        select(Event).where(Event.id == event.id).options(
            selectinload(Event.host),
            selectinload(Event.organisers),
            selectinload(Event.series),
            selectinload(Event.committee),
            selectinload(Event.meeting_week),
        )
    ).one()
    return event


def organiser_desk(user: User) -> list[Event]:
    """The events `user` organises, drafts included, most recent first (for their desk)."""
    return list(db.session.scalars(
        _with_listing_details(select(Event).where(Event.id.in_(organised_events(user))))
        .options(selectinload(Event.organisers), selectinload(Event.committee))
        .order_by(Event.starts_at.desc())
    ))
