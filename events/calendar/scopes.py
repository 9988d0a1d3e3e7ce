"""What each feed holds: one event, one session, a series, an organisation's meetings, a
person's meetings, an organiser's deadlines. Every scope answers two questions:

- `state()`: the feed's ETag and Last-Modified, from one small query over the rows the feed
  is made of, so a client that already has the feed gets a 304 without it being rebuilt;
- `feed()`: the feed itself, in a fixed number of queries whatever the number of sessions
  (the published agenda of each event is one row).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from events.agenda.deadlines import deadlines_for
from events.agenda.publishing import agenda_from_version, latest_versions
from events.auth.permissions import join_details_for, organised_events
from events.calendar.feeds import (
    FEED_FORMAT,
    Feed,
    agenda_entries,
    configured_uid_domain,
    deadline_entry,
    whole_event_entry,
)
from events.extensions import db
from events.models import (
    AgendaVersion,
    Attendance,
    DeadlineCompletion,
    Event,
    EventKind,
    EventSeries,
    EventStatus,
    Organisation,
    Registration,
    RegistrationStatus,
    Session,
    SessionChoice,
    SessionChoiceStatus,
    SessionSeats,
    User,
    event_organisers,
)


@dataclass(frozen=True)
class FeedState:
    etag: str
    last_modified: datetime | None


@dataclass
class EventsScope:
    """A feed made of events: each event's published sessions, or each event as a whole.

    `event_ids` are the candidates, drafts included: their rows are in the state even when
    the feed leaves them out, so that an event becoming a draft (and leaving a public feed)
    still changes the ETag and Last-Modified."""

    key: str
    name: str
    event_ids: Select[int]
    source: str
    description: str | None = None
    public_only: bool = True  # leave drafts out
    whole_events: bool = False  # one entry per event (an organisation's meetings)
    reader: User | None = None  # set for personal feeds: join details per the rule
    only_session: str | None = None
    _rows: list[tuple[object, ...]] | None = field(default=None, repr=False)  # query once

    def _state_rows(self) -> list[tuple[object, ...]]:
        if self._rows is None:
            self._rows = [tuple(row) for row in db.session.execute(
                select(Event.id, Event.status, Event.updated_at, Event.sequence,
                       func.max(AgendaVersion.number), func.max(AgendaVersion.published_at))
                .outerjoin(AgendaVersion, AgendaVersion.event_id == Event.id)
                .where(Event.id.in_(self.event_ids))
                .group_by(Event.id, Event.status, Event.updated_at, Event.sequence)
                .order_by(Event.id)
            )]
        return self._rows

    def _extra_state(self) -> list[tuple[object, ...]]:
        """More rows the feed depends on, beyond its events and their agenda versions."""
        return []

    def _left_out(self, events: list[Event]) -> set[str]:
        """UIDs of published sessions this feed leaves out (none, but in a person's feed)."""
        return set()

    def state(self) -> FeedState:
        rows = [*self._state_rows(), *self._extra_state()]
        stamps = [value for row in rows for value in row if isinstance(value, datetime)]
        return _state(self.key, rows, stamps)

    def _events(self) -> list[Event]:
        ids = [row[0] for row in self._state_rows()
               if not (self.public_only and row[1] == EventStatus.DRAFT)]
        if not ids:
            return []
        query = select(Event).where(Event.id.in_(ids)).order_by(Event.starts_at, Event.id)
        if self.reader is not None:  # the join-details rule looks at the organisers
            query = query.options(selectinload(Event.organisers))
        return list(db.session.scalars(query))

    def feed(self) -> Feed:
        events = self._events()
        join = join_details_for(self.reader, events) if self.reader is not None else set()
        entries = []
        if self.whole_events:
            entries = [whole_event_entry(event, join=event.id in join) for event in events]
        else:
            versions = latest_versions(event.id for event in events)
            left_out = self._left_out(events)
            for event in events:
                version = versions.get(event.id)
                agenda = agenda_from_version(version) if version else None
                only = {self.only_session} if self.only_session else None
                if agenda is not None and left_out:
                    only = {s.uid for s in agenda.sessions if s.uid not in left_out}
                entries.extend(agenda_entries(event, agenda, join=event.id in join, only=only))
        return Feed(name=self.name, entries=entries, uid=f"{self.key}@{configured_uid_domain()}",
                    description=self.description, source=self.source)


@dataclass
class DeadlinesScope(EventsScope):
    """An organiser's Directives deadlines, one all-day entry each."""

    def _extra_state(self) -> list[tuple[object, ...]]:
        ids = [row[0] for row in self._state_rows()]
        if not ids:
            return []
        return [tuple(row) for row in db.session.execute(
            select(DeadlineCompletion.event_id, DeadlineCompletion.kind,
                   DeadlineCompletion.revision, DeadlineCompletion.updated_at)
            .where(DeadlineCompletion.event_id.in_(ids))
            .order_by(DeadlineCompletion.event_id, DeadlineCompletion.kind)
        )]

    def feed(self) -> Feed:
        events = self._events()
        deadlines = deadlines_for(events)
        entries = [deadline_entry(deadline) for event in events
                   for deadline in deadlines[event.id]]
        return Feed(name=self.name, entries=entries, uid=f"{self.key}@{configured_uid_domain()}",
                    description=self.description, source=self.source)


def _state(key: str, rows: Iterable[object], stamps: Sequence[datetime]) -> FeedState:
    """ETag: a digest of everything the feed's bytes depend on. The rows carry every change
    (updated_at, versions, marks); the rest is the output format, the language, the host
    the links point to and the UID domain."""
    digest = hashlib.sha256()
    for part in (FEED_FORMAT, key, str(get_locale() or ""),
                 url_for("meetings.home", _external=True), configured_uid_domain(),
                 repr(list(rows))):
        digest.update(part.encode())
        digest.update(b"\0")
    last_modified = max(stamps).replace(microsecond=0) if stamps else None
    return FeedState(etag=digest.hexdigest()[:40], last_modified=last_modified)


def _feed_url(endpoint: str, **values: Any) -> str:
    return url_for(endpoint, _external=True, **values)


# --- the scopes --------------------------------------------------------------------------

def event_scope(event: Event) -> EventsScope:
    """One event (the view has checked that the reader may see it, draft or not)."""
    return EventsScope(
        key=f"event-{event.uid}", name=event.title,
        event_ids=select(Event.id).where(Event.id == event.id),
        source=_feed_url("calendar.event_feed", event=event), public_only=False,
    )


def session_scope(event: Event, session_uid: str) -> EventsScope:
    return EventsScope(
        key=f"session-{session_uid}", name=event.title,
        event_ids=select(Event.id).where(Event.id == event.id),
        source=_feed_url("calendar.session_feed", event=event, session_uid=session_uid),
        public_only=False, only_session=session_uid,
    )


def series_scope(series: EventSeries) -> EventsScope:
    return EventsScope(
        key=f"series-{series.id}",
        name=_("%(series)s (every edition)", series=series.title),
        event_ids=select(Event.id).where(Event.series_id == series.id),
        source=_feed_url("calendar.series_feed", series=series),
    )


def organisation_scope(organisation: Organisation) -> EventsScope:
    """What the organisation hosts, organises, or takes part in (approved registrations of
    its people, or attendance on its behalf), each meeting as one entry."""
    organised = select(event_organisers.c.event_id).where(
        event_organisers.c.organisation_id == organisation.id)
    registered = select(Registration.event_id).where(
        Registration.organisation_id == organisation.id,
        Registration.status == RegistrationStatus.APPROVED)
    attended = select(Attendance.event_id).where(Attendance.organisation_id == organisation.id)
    ids = select(Event.id).where(or_(Event.host_id == organisation.id, Event.id.in_(organised),
                                     Event.id.in_(registered), Event.id.in_(attended)))
    return EventsScope(
        key=f"organisation-{organisation.id}",
        name=_("%(acronym)s meetings", acronym=organisation.acronym),
        event_ids=ids,
        source=_feed_url("calendar.organisation_feed", organisation=organisation),
        whole_events=True,
    )


@dataclass
class PersonalScope(EventsScope):
    """A person's approved meetings. Their registrations, whatever their status, are part of
    the state: a cancelled one takes its meeting out of the feed."""

    person_id: int | None = None
    _seats: list[tuple[str, bool, int]] | None = field(default=None, repr=False)

    def _extra_state(self) -> list[tuple[object, ...]]:
        registrations = [tuple(row) for row in db.session.execute(
            select(Registration.event_id, Registration.status, Registration.updated_at)
            .where(Registration.person_id == self.person_id).order_by(Registration.event_id)
        )]
        return registrations + sorted(self._limited_sessions())

    def _limited_sessions(self) -> list[tuple[str, bool, int]]:
        """(uid, seat confirmed for this person, seats) of each session with limited seats
        in the feed's candidate events (queried once)."""
        if self._seats is not None:
            return self._seats
        event_ids = [row[0] for row in self._state_rows()]
        if not event_ids:
            self._seats = []
            return self._seats
        confirmed = (
            select(SessionChoice.session_id)
            .join(Registration, Registration.id == SessionChoice.registration_id)
            .where(Registration.person_id == self.person_id,
                   SessionChoice.status == SessionChoiceStatus.CONFIRMED)
        )
        self._seats = [(uid, bool(has_seat), seats) for uid, has_seat, seats in
                       db.session.execute(
                           select(Session.uid, Session.id.in_(confirmed), SessionSeats.seats)
                           .join(SessionSeats, SessionSeats.session_id == Session.id)
                           .where(Session.event_id.in_(event_ids)))]
        return self._seats

    def _left_out(self, events: list[Event]) -> set[str]:
        # A session with limited seats is in the person's calendar only with a seat there;
        # on its waiting list or never chosen, it is not.
        return {uid for uid, has_seat, _seats in self._limited_sessions() if not has_seat}


def personal_scope(user: User, source: str) -> EventsScope:
    """The meetings `user` is approved for, with their sessions and join details."""
    ids = select(Registration.event_id).where(
        Registration.person_id == user.person_id,
        Registration.status == RegistrationStatus.APPROVED)
    return PersonalScope(key=f"person-{user.id}", name=_("My meetings (Plenaria)"),
                         event_ids=ids, source=source, reader=user, person_id=user.person_id)


def deadlines_scope(user: User, source: str) -> DeadlinesScope:
    """Directives deadlines of the committee meetings `user` organises (drafts included:
    the draft agenda is due long before a meeting is announced)."""
    ids = select(Event.id).where(
        Event.id.in_(organised_events(user)), Event.committee_id.is_not(None),
        Event.kind.in_([EventKind.PLENARY, EventKind.WORKING_GROUP]))
    return DeadlinesScope(key=f"deadlines-{user.id}", name=_("My deadlines (Plenaria)"),
                          event_ids=ids, source=source, public_only=False)
