"""Participation figures, computed from attendance rows (never typed in).

One module serves the event pages, the attendance report (HTML, JSON, CSV, and PDF later) and
the benchmarks, so it returns plain data. Each figure is computed in a fixed number of queries
whatever the number of editions, people or NSBs:

- per event, session and day: participants, NSBs, countries, on site and remote, by region;
- per NSB: registered (approved), attended, head of delegation;
- continuity across a series: for each NSB the editions attended, first-timers and returning;
- the funnel of a meeting week: NSBs at the prep session, the regional workshop, the plenary.

A person counts once per event however many session or day rows they have; an NSB and its
country count when at least one of its representatives attended.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, selectinload

from events.extensions import db
from events.geo import REGION_LABELS, region_of
from events.models import (
    Attendance,
    AttendanceMode,
    DelegateRole,
    Event,
    EventKind,
    EventSeries,
    EventStatus,
    Organisation,
    OrganisationKind,
    Person,
    Registration,
    RegistrationStatus,
    Session,
)


@dataclass(frozen=True)
class Participation:
    participants: int
    nsbs: int
    countries: int
    onsite: int
    remote: int


EMPTY = Participation(0, 0, 0, 0, 0)


def _per_person(event_ids: list[int], *extra_keys: InstrumentedAttribute[Any]) -> Select:
    """One row per person (and per extra key) with the organisation and mode they attended
    with. Onsite wins when someone was both in the room and online on other days."""
    return (
        select(
            Attendance.event_id,
            *extra_keys,
            Attendance.person_id,
            func.max(Attendance.organisation_id).label("organisation_id"),
            func.min(Attendance.mode).label("mode"),
        )
        .where(Attendance.event_id.in_(event_ids))
        .group_by(Attendance.event_id, *extra_keys, Attendance.person_id)
    )


def _figures(per_person: Select, *group_keys: str) -> Select:
    """Participants, NSBs, countries and on-site head count, grouped by the subquery's keys."""
    people = per_person.subquery()
    nsb = (
        select(Organisation.id, Organisation.country)
        .where(Organisation.kind == OrganisationKind.NSB)
        .subquery()
    )
    keys = [people.c[key] for key in group_keys]
    return (
        select(
            *keys,
            func.count(people.c.person_id),
            func.count(func.distinct(nsb.c.id)),
            func.count(func.distinct(nsb.c.country)),
            func.count(people.c.person_id).filter(people.c.mode == AttendanceMode.ONSITE.value),
        )
        .select_from(people)
        .outerjoin(nsb, nsb.c.id == people.c.organisation_id)
        .group_by(*keys)
    )


def participation_by_event(events: Iterable[Event]) -> dict[int, Participation]:
    """Participants, NSBs and countries for each event, in one query."""
    ids = [event.id for event in events]
    if not ids:
        return {}
    rows = db.session.execute(_figures(_per_person(ids), "event_id"))
    figures = {
        event_id: Participation(people, nsbs, countries, onsite, people - onsite)
        for event_id, people, nsbs, countries, onsite in rows
    }
    return {event_id: figures.get(event_id, EMPTY) for event_id in ids}


def participation(event: Event) -> Participation:
    return participation_by_event([event])[event.id]


@dataclass(frozen=True)
class SessionFigures:
    session: Session
    figures: Participation


@dataclass(frozen=True)
class DayFigures:
    day: date
    figures: Participation


def participation_by_session(event: Event) -> list[SessionFigures]:
    """Figures for each session that has attendance rows, in time order (one query each for
    the sessions and the figures)."""
    sessions = {s.id: s for s in db.session.scalars(
        select(Session).where(Session.event_id == event.id))}
    query = _per_person([event.id], Attendance.session_id).where(
        Attendance.session_id.is_not(None))
    rows = db.session.execute(_figures(query, "session_id"))
    found = [
        SessionFigures(sessions[sid], Participation(people, nsbs, countries, onsite,
                                                    people - onsite))
        for sid, people, nsbs, countries, onsite in rows
    ]
    return sorted(found, key=lambda f: (f.session.starts_at, f.session.id))


def participation_by_day(event: Event) -> list[DayFigures]:
    """Figures for each day checked in separately, in date order."""
    query = _per_person([event.id], Attendance.day).where(Attendance.day.is_not(None))
    rows = db.session.execute(_figures(query, "day"))
    return sorted(
        (DayFigures(day, Participation(people, nsbs, countries, onsite, people - onsite))
         for day, people, nsbs, countries, onsite in rows),
        key=lambda f: f.day,
    )


@dataclass
class NsbLine:
    """One organisation at one event (NSBs, and liaisons or regional bodies that took part)."""

    organisation_id: int
    acronym: str
    name: str
    kind: OrganisationKind
    country: str | None
    registered: int = 0
    attended: int = 0
    onsite: int = 0
    remote: int = 0
    head_of_delegation: str | None = None

    @property
    def region(self) -> str | None:
        return region_of(self.country)

    @property
    def is_nsb(self) -> bool:
        return self.kind is OrganisationKind.NSB


def by_organisation(event: Event) -> list[NsbLine]:
    """Registered (approved), attended, on site/remote and head of delegation for every
    organisation registered or present, NSBs first then by country and acronym (3 queries)."""
    lines: dict[int, NsbLine] = {}
    orgs: dict[int, Organisation] = {}

    def line(org_id: int) -> NsbLine:
        if org_id not in lines:
            org = orgs[org_id]
            lines[org_id] = NsbLine(org.id, org.acronym, org.name, org.kind, org.country)
        return lines[org_id]

    people = _per_person([event.id]).subquery()
    attended_rows = db.session.execute(
        select(Organisation, func.count(people.c.person_id),
               func.count(people.c.person_id).filter(
                   people.c.mode == AttendanceMode.ONSITE.value))
        .join(people, people.c.organisation_id == Organisation.id)
        .group_by(Organisation.id)
    ).all()
    for org, count, onsite in attended_rows:
        orgs[org.id] = org
        found = line(org.id)
        found.attended, found.onsite, found.remote = count, onsite, count - onsite

    registered_rows = db.session.execute(
        select(Organisation, func.count(Registration.id))
        .join(Registration, Registration.organisation_id == Organisation.id)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.APPROVED)
        .group_by(Organisation.id)
    ).all()
    for org, count in registered_rows:
        orgs[org.id] = org
        line(org.id).registered = count

    heads = db.session.execute(
        select(Registration.organisation_id, Person.given_name, Person.family_name)
        .join(Person, Person.id == Registration.person_id)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.APPROVED,
               Registration.role == DelegateRole.HEAD_OF_DELEGATION)
        .order_by(Registration.id)
    )
    for org_id, given, family in heads:
        if org_id in lines and lines[org_id].head_of_delegation is None:
            lines[org_id].head_of_delegation = f"{given} {family}".strip()
    return sorted(lines.values(), key=lambda n: (not n.is_nsb, n.country or "~", n.acronym))


@dataclass
class RegionLine:
    region: str | None  # None: organisations without a country (liaisons, regional bodies)
    participants: int = 0
    nsbs: int = 0
    countries: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return str(REGION_LABELS[self.region]) if self.region else ""


def by_region(lines: Iterable[NsbLine], unaffiliated: int = 0) -> list[RegionLine]:
    """Participants, NSBs and countries per world region, from the per-organisation lines.
    People with no organisation are counted under no region."""
    regions: dict[str | None, RegionLine] = {}
    for line in lines:
        if not line.attended:
            continue
        key = line.region if line.is_nsb else None
        found = regions.setdefault(key, RegionLine(key))
        found.participants += line.attended
        if line.is_nsb:
            found.nsbs += 1
            if line.country:
                found.countries.add(line.country)
    if unaffiliated:
        regions.setdefault(None, RegionLine(None)).participants += unaffiliated
    order = list(REGION_LABELS)
    return sorted(regions.values(),
                  key=lambda r: order.index(r.region) if r.region in order else len(order))


# --- continuity -----------------------------------------------------------------------------


@dataclass
class Edition:
    event_id: int
    slug: str
    title: str
    year: int
    city: str | None
    edition: int | None
    this_meeting: bool = False  # the event itself, shown after its year's edition


@dataclass
class ContinuityLine:
    acronym: str
    country: str | None
    attended: list[bool]  # one per column (editions, then the event), in order
    editions_attended: int  # editions of the series (the event itself not counted)


@dataclass
class Continuity:
    """Which NSBs came back across the editions of a series, up to the current one."""

    series_title: str
    # The editions up to the event's, then the event itself when it is not an edition.
    editions: list[Edition]
    lines: list[ContinuityLine]  # NSBs at the event, then the others
    current: int  # index of the event's column in `editions`
    first_timers: list[str]
    returning: list[str]
    earlier: list[Edition]  # editions before the event's year
    # NSBs of the event that attended every earlier edition ("the third time after
    # Vancouver (2017) and Mexico (2018)").
    every_edition: list[str]
    # For each edition: (NSBs, first-timers among them).
    per_edition: list[tuple[int, int]]


def continuity_series(event: Event) -> tuple[EventSeries | None, Event | None]:
    """The series an event's continuity is measured in, and the edition it belongs with: its
    own series; else the series of the meeting it prepares; else that of the series event of
    its meeting week (the prep session and the workshop go with that year's plenary)."""
    if event.series_id is not None:
        return event.series, event
    prepared = event.prepares
    if prepared is not None and prepared.series_id is not None:
        return prepared.series, prepared
    if event.meeting_week_id is not None:
        edition = db.session.scalar(
            select(Event).where(Event.meeting_week_id == event.meeting_week_id,
                                Event.series_id.is_not(None))
            .options(selectinload(Event.series)).order_by(Event.starts_at))
        if edition is not None:
            return edition.series, edition
    return None, None


def _editions(series: EventSeries, until: Event | None) -> list[Event]:
    query = select(Event).where(Event.series_id == series.id,
                                Event.status != EventStatus.DRAFT)
    if until is not None:
        query = query.where(Event.starts_at <= until.starts_at)
    return list(db.session.scalars(query.order_by(Event.starts_at)))


def _nsbs_by_event(event_ids: list[int]) -> dict[int, dict[str, str | None]]:
    """For each event, the NSBs that attended it: {acronym: country} (one query). The
    distinct (event, organisation) pairs are taken from the attendance index alone, before
    the few hundred organisations are joined: 20 editions of 10,000 rows read no row."""
    pairs = (select(Attendance.event_id, Attendance.organisation_id)
             .where(Attendance.event_id.in_(event_ids),
                    Attendance.organisation_id.is_not(None))
             .distinct().subquery())
    rows = db.session.execute(
        select(pairs.c.event_id, Organisation.acronym, Organisation.country)
        .join(Organisation, Organisation.id == pairs.c.organisation_id)
        .where(Organisation.kind == OrganisationKind.NSB)
    )
    found: dict[int, dict[str, str | None]] = defaultdict(dict)
    for event_id, acronym, country in rows:
        found[event_id][acronym] = country
    return found


def continuity(event: Event) -> Continuity | None:
    """Continuity of participation for `event`: the NSBs that took part in it, and the
    editions of its series each attended before (3 queries at most). An event outside the
    series (the prep session, the regional workshop) is shown after its year's edition."""
    series, edition = continuity_series(event)
    if series is None or edition is None:
        return None
    editions = _editions(series, edition)
    attended = _nsbs_by_event([e.id for e in editions] + [event.id])
    return _continuity(series, editions, attended, event)


def series_continuity(series: EventSeries) -> Continuity | None:
    """Continuity over every edition of a series, measured at its latest edition with
    attendance (2 queries)."""
    editions = _editions(series, None)
    if not editions:
        return None
    attended = _nsbs_by_event([e.id for e in editions])
    with_rows = [e for e in editions if attended.get(e.id)]
    latest = with_rows[-1] if with_rows else editions[-1]
    return _continuity(series, editions[: editions.index(latest) + 1], attended, latest)


def _continuity(series: EventSeries, editions: list[Event],
                attended: dict[int, dict[str, str | None]], event: Event) -> Continuity:
    """`editions` end with the edition `event` belongs with (or is)."""
    columns = editions if event.id == editions[-1].id else [*editions, event]
    earlier = editions[:-1]
    before: set[str] = set().union(*(attended.get(e.id, {}).keys() for e in earlier))
    at_event = attended.get(event.id, {})
    countries: dict[str, str | None] = {}
    for column in columns:
        countries.update(attended.get(column.id, {}))
    lines = [
        ContinuityLine(acronym, countries[acronym],
                       [acronym in attended.get(column.id, {}) for column in columns],
                       sum(acronym in attended.get(e.id, {}) for e in editions))
        for acronym in sorted(countries, key=lambda a: (a not in at_event, countries[a] or "",
                                                        a))
    ]
    per_edition = []
    seen: set[str] = set()
    for column in columns:
        nsbs = set(attended.get(column.id, {}))
        newcomers = nsbs - (before if column.id == event.id else seen)
        per_edition.append((len(nsbs), len(newcomers)))
        seen |= nsbs
    every = sorted(a for a in at_event
                   if earlier and all(a in attended.get(e.id, {}) for e in earlier))
    return Continuity(
        series_title=series.title,
        editions=[Edition(e.id, e.slug, e.title, e.starts_at.year, e.city, e.edition,
                          this_meeting=e.id == event.id and e not in editions)
                  for e in columns],
        earlier=[Edition(e.id, e.slug, e.title, e.starts_at.year, e.city, e.edition)
                 for e in earlier],
        lines=lines,
        current=len(columns) - 1,
        first_timers=sorted(set(at_event) - before),
        returning=sorted(set(at_event) & before),
        every_edition=every,
        per_edition=per_edition,
    )


# --- funnel ---------------------------------------------------------------------------------

FUNNEL_STAGES = (EventKind.PREP_SESSION, EventKind.REGIONAL_WORKSHOP, EventKind.PLENARY)


@dataclass
class FunnelStage:
    event_id: int
    slug: str
    title: str
    kind: EventKind
    nsbs: int
    # Of the NSBs at the first stage, how many are here too.
    carried: int
    new: list[str]


@dataclass
class Funnel:
    week_title: str
    stages: list[FunnelStage]
    cohort: list[str]  # NSBs at the first stage
    # For each NSB of the cohort, the stages it reached.
    reached: dict[str, list[bool]]


def funnel(event: Event) -> Funnel | None:
    """NSBs at the prep session, then the regional workshop, then the plenary of the event's
    meeting week (2 queries)."""
    if event.meeting_week_id is None:
        return None
    week_events = list(db.session.scalars(
        select(Event).where(Event.meeting_week_id == event.meeting_week_id,
                            Event.kind.in_(FUNNEL_STAGES),
                            Event.status != EventStatus.DRAFT)
        .options(selectinload(Event.meeting_week))
        .order_by(Event.starts_at)
    ))
    stages_events = sorted(week_events, key=lambda e: (FUNNEL_STAGES.index(e.kind),
                                                       e.starts_at))
    if len(stages_events) < 2:
        return None
    attended = _nsbs_by_event([e.id for e in stages_events])
    first = set(attended.get(stages_events[0].id, {}))
    seen: set[str] = set()
    stages = []
    for stage_event in stages_events:
        nsbs = set(attended.get(stage_event.id, {}))
        stages.append(FunnelStage(stage_event.id, stage_event.slug, stage_event.title,
                                  stage_event.kind, len(nsbs), len(nsbs & first),
                                  sorted(nsbs - seen) if seen else []))
        seen |= nsbs
    reached = {
        acronym: [acronym in attended.get(e.id, {}) for e in stages_events]
        for acronym in sorted(first)
    }
    week_title = stages_events[0].meeting_week.title if stages_events[0].meeting_week else ""
    return Funnel(week_title, stages, sorted(first), reached)


# --- the report -----------------------------------------------------------------------------


@dataclass
class AttendanceReport:
    """Everything the attendance report shows, as plain data (HTML, JSON, CSV, PDF)."""

    event: Event
    figures: Participation
    sessions: list[SessionFigures]
    days: list[DayFigures]
    organisations: list[NsbLine]
    regions: list[RegionLine]
    continuity: Continuity | None
    funnel: Funnel | None

    @property
    def nsb_lines(self) -> list[NsbLine]:
        return [line for line in self.organisations if line.is_nsb]


def attendance_report(event: Event) -> AttendanceReport:
    """The whole report for one event, in a fixed number of queries."""
    figures = participation(event)
    organisations = by_organisation(event)
    affiliated = sum(line.attended for line in organisations)
    return AttendanceReport(
        event=event,
        figures=figures,
        sessions=participation_by_session(event),
        days=participation_by_day(event),
        organisations=organisations,
        regions=by_region(organisations, figures.participants - affiliated),
        continuity=continuity(event),
        funnel=funnel(event),
    )


def report_as_dict(report: AttendanceReport, *, with_names: bool) -> dict:
    """The JSON form (a stable interface: participants, nsbs, countries, onsite, remote,
    by_nsb). Names of heads of delegation only for readers entitled to personal data."""
    figures = report.figures
    data: dict = {
        "event": report.event.slug,
        "title": report.event.title,
        "participants": figures.participants,
        "nsbs": figures.nsbs,
        "countries": figures.countries,
        "onsite": figures.onsite,
        "remote": figures.remote,
        "by_nsb": [
            {"acronym": line.acronym, "country": line.country, "registered": line.registered,
             "attended": line.attended, "onsite": line.onsite, "remote": line.remote,
             **({"head_of_delegation": line.head_of_delegation} if with_names else {})}
            for line in report.nsb_lines
        ],
        "other_organisations": [
            {"acronym": line.acronym, "kind": line.kind.value, "registered": line.registered,
             "attended": line.attended}
            for line in report.organisations if not line.is_nsb
        ],
        "by_region": [
            {"region": r.region, "participants": r.participants, "nsbs": r.nsbs,
             "countries": len(r.countries)}
            for r in report.regions
        ],
        "sessions": [
            {"title": s.session.title, "starts_at": s.session.starts_at.isoformat(),
             **_figures_dict(s.figures)}
            for s in report.sessions
        ],
        "days": [{"day": d.day.isoformat(), **_figures_dict(d.figures)} for d in report.days],
        "continuity": None,
        "funnel": None,
    }
    if report.continuity:
        c = report.continuity
        data["continuity"] = {
            "series": c.series_title,
            "editions": [{"event": e.slug, "year": e.year, "city": e.city} for e in c.editions],
            "first_timers": c.first_timers,
            "returning": c.returning,
            "every_edition": c.every_edition,
            "by_nsb": [{"acronym": line.acronym, "country": line.country,
                        "editions": [e.year for e, went in zip(c.editions, line.attended,
                                                               strict=True) if went]}
                       for line in c.lines],
        }
    if report.funnel:
        f = report.funnel
        data["funnel"] = {
            "stages": [{"event": s.slug, "kind": s.kind.value, "nsbs": s.nsbs,
                        "carried_from_first": s.carried, "new": s.new} for s in f.stages],
            "cohort": f.cohort,
        }
    return data


def _figures_dict(figures: Participation) -> dict[str, int]:
    return {"participants": figures.participants, "nsbs": figures.nsbs,
            "countries": figures.countries, "onsite": figures.onsite, "remote": figures.remote}


# --- a series -------------------------------------------------------------------------------


@dataclass
class SeriesReport:
    series: EventSeries
    editions: list[Event]
    figures: dict[int, Participation]
    continuity: Continuity | None


def series_report(series: EventSeries) -> SeriesReport:
    """Figures of every edition and continuity across them (3 queries, whatever the size)."""
    editions = _editions(series, None)
    return SeriesReport(series, editions, participation_by_event(editions),
                        series_continuity(series))
