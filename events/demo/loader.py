"""`flask --app app demo load`: the ISO/CASCO week of 2019 and its earlier editions.

Idempotent: every row is found by its natural key (acronym, slug, e-mail, UID) and updated,
so loading twice gives the same database as loading once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select

from events.agenda import deadlines
from events.agenda.publishing import latest_version, publish_agenda
from events.attendance.importer import import_attendance
from events.auth.accounts import create_user, find_user
from events.demo import week2019 as facts
from events.demo.committee import load_committee
from events.demo.decisions2019 import PLENARY_2019, load_decisions
from events.demo.letters import load_invitation_letters
from events.demo.people import invented_email, invented_names
from events.demo.upcoming import load_focal_points, load_upcoming_workshop
from events.directory.importer import import_csv
from events.extensions import Base, db
from events.models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    AttendanceOrigin,
    AttendanceType,
    Committee,
    DeadlineCompletion,
    DeadlineKind,
    DelegateRole,
    Document,
    Event,
    EventMode,
    EventSeries,
    EventStatus,
    MeetingWeek,
    Organisation,
    OrganisationKind,
    Person,
    PrepSessionDetails,
    ProblemKind,
    Registration,
    RegistrationStatus,
    Role,
    Session,
)
from events.prep.problems import record_problems

DIRECTORY_FILE = Path(__file__).with_name("organisations.csv")
# Sample exports shipped with the tests; the demo imports them like an organiser would.
EXPORTS_DIR = Path(__file__).resolve().parents[2] / "tests" / "data"
DEMO_PASSWORD = "plenaria-demo-2019"
_UID_NAMESPACE = uuid.UUID("5b0d8a52-3f43-4a4e-9a43-1c1a3c7e2019")


@dataclass
class DemoAccount:
    email: str
    name: str
    role: Role
    organisation: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("secretariat@plenaria.example", "Amara Secretariat", Role.SECRETARIAT),
    DemoAccount("organiser@kebs.example", "Esther Wairimu", Role.ORGANISER, "KEBS"),
    DemoAccount("coordinator@copant.example", "Laura Benítez", Role.ORGANISER, "COPANT"),
)


@dataclass
class LoadReport:
    organisations: str = ""
    accounts: list[DemoAccount] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


def stable_uid(*parts: str) -> str:
    return uuid.uuid5(_UID_NAMESPACE, "/".join(parts)).hex


def local_instant(day: str, clock: str, zone: str) -> datetime:
    """A wall-clock time in `zone` as an aware UTC instant."""
    local = datetime.combine(date.fromisoformat(day), time.fromisoformat(clock),
                             tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def load_demo(workshop_day: date | None = None, wg64_day: date | None = None) -> LoadReport:
    """Load (or refresh) the demo in the current transaction; the caller commits.
    `workshop_day` holds the upcoming workshop on that day instead of the next April's, and
    `wg64_day` WG 64's meeting instead of the next March's."""
    report = LoadReport()
    report.organisations = import_csv(DIRECTORY_FILE.read_bytes()).summary()
    orgs = {org.acronym: org for org in db.session.scalars(select(Organisation))}

    committee = db.session.scalar(select(Committee).where(Committee.code == facts.COMMITTEE))
    assert committee is not None, "the directory file creates ISO/CASCO"
    committee.name = facts.COMMITTEE_NAME
    committee.secretariat = orgs["ISO"]

    series = _upsert(EventSeries, slug=facts.SERIES_SLUG)
    series.title = facts.SERIES_TITLE
    series.committee = committee
    series.description = ("The annual plenary meeting of ISO/CASCO, held in Geneva or in a host "
                          "country upon invitation of a CASCO member, with a workshop beside it.")
    week = _upsert(MeetingWeek, slug=facts.WEEK_SLUG)
    week.title = facts.WEEK_TITLE

    documents = _load_documents(committee)
    people = _load_people(orgs)
    events = {}
    for spec in facts.EVENTS:
        event = _load_event(spec, orgs, committee, series, week)
        _load_sessions(event, spec, documents)
        _load_participants(event, spec, people, orgs)
        if spec.attendance_export:
            import_attendance(event, (EXPORTS_DIR / spec.attendance_export).read_bytes(),
                              spec.attendance_export)
        events[spec.slug] = event
        _publish_agenda(event)
        report.events.append(event.slug)
    for spec in facts.EVENTS:
        if spec.prepares:
            events[spec.slug].prepares = events[spec.prepares]
            _load_prep_details(events[spec.slug], people)
    load_invitation_letters(events, people)
    load_decisions(events[PLENARY_2019])  # its roll call, resolutions, votes and minutes
    report.accounts = _load_accounts(orgs)
    report.accounts += [
        DemoAccount(email, description, Role.DELEGATE)
        for email, description in load_committee(committee, orgs, DEMO_PASSWORD, local_instant,
                                                 wg64_day)
    ]
    report.events.append(load_upcoming_workshop(orgs, people, local_instant,
                                                workshop_day).slug)
    report.accounts += [
        DemoAccount(email, f"Focal point {acronym}", Role.FOCAL_POINT, acronym)
        for email, acronym in load_focal_points(orgs, DEMO_PASSWORD)
    ]
    db.session.flush()
    return report


def _publish_agenda(event: Event) -> None:
    """Version 1 of each agenda, published in time (the plenary's before its Directives
    deadline), and the plenary's other deadlines marked done as they were in 2019."""
    if latest_version(event) is None:
        weeks_before = 17 if event.committee_id else 4
        publish_agenda(event, now=event.starts_at - timedelta(weeks=weeks_before))
    marks = {
        DeadlineKind.DOCUMENTS_FOR_DECISION: event.starts_at - timedelta(weeks=7),
        DeadlineKind.RESOLUTIONS: event.ends_at + timedelta(hours=20),
        DeadlineKind.MINUTES: event.ends_at + timedelta(weeks=5),  # a week late
    }
    found = deadlines.deadlines_for([event])[event.id]
    marked = set(db.session.scalars(select(DeadlineCompletion.kind).where(
        DeadlineCompletion.event_id == event.id)))
    for deadline in found:
        if deadline.kind in marks and deadline.kind not in marked:
            deadlines.mark(event, deadline.kind, done=True, by=None, now=marks[deadline.kind])


M = TypeVar("M", bound=Base)


def _upsert(model: type[M], **key: object) -> M:
    found = db.session.scalar(select(model).filter_by(**key))
    if found is None:
        found = model(**key)
        db.session.add(found)
    return found


def _load_documents(committee: Committee) -> dict[str, Document]:
    documents = {}
    for reference, title in facts.DOCUMENTS.items():
        document = _upsert(Document, committee_id=committee.id, reference=reference)
        document.title = title
        documents[reference] = document
    return documents


def _delegation_sizes() -> dict[str, int]:
    sizes: dict[str, int] = {}
    for spec in facts.EVENTS:
        for acronym in set(spec.attendance) | set(spec.no_shows):
            needed = spec.attendance.get(acronym, 0) + spec.no_shows.get(acronym, 0)
            sizes[acronym] = max(sizes.get(acronym, 0), needed)
    return sizes


def _load_people(orgs: dict[str, Organisation]) -> dict[str, list[Person]]:
    """Each organisation's delegation, in a fixed order (first = head of delegation)."""
    taken: set[tuple[str, str]] = set()
    for names in facts.NAMED_PEOPLE.values():
        taken.update(names)
    people: dict[str, list[Person]] = {}
    for acronym, size in sorted(_delegation_sizes().items()):
        org = orgs[acronym]
        named = facts.NAMED_PEOPLE.get(acronym, [])
        names = named + invented_names(acronym, org.country, size - len(named), taken)
        domain = org.email_domains[0].domain if org.email_domains else None
        delegation = []
        for index, (given, family) in enumerate(names):
            if index < len(named):
                person = db.session.scalar(select(Person).where(
                    Person.given_name == given, Person.family_name == family,
                    Person.email.is_(None)))
                if person is None:
                    person = Person(given_name=given, family_name=family)
                    db.session.add(person)
            else:
                person = _upsert(Person, email=invented_email(given, family, domain))
                person.given_name, person.family_name = given, family
            person.organisation = org
            delegation.append(person)
        people[acronym] = delegation
    db.session.flush()
    return people


def _load_event(spec: facts.EventSpec, orgs: dict[str, Organisation], committee: Committee,
                series: EventSeries, week: MeetingWeek) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == spec.slug))
    if event is None:
        event = Event(slug=spec.slug, uid=stable_uid(spec.slug))
        db.session.add(event)
    event.title = spec.title
    event.kind = spec.kind
    event.mode = spec.mode
    event.status = EventStatus.PUBLISHED
    event.timezone = spec.timezone
    event.starts_at = local_instant(spec.day, spec.start, spec.timezone)
    event.ends_at = local_instant(spec.last_day, spec.end, spec.timezone)
    event.host = orgs[spec.host] if spec.host else None
    event.organisers = [orgs[acronym] for acronym in spec.organisers]
    event.city, event.country, event.venue = spec.city, spec.country, spec.venue
    event.capacity = spec.capacity
    event.join_url = spec.join_url
    event.description = spec.description
    event.committee = committee if spec.committee else None
    event.series = series if spec.series_edition else None
    event.edition = spec.series_edition
    event.meeting_week = week if spec.in_week else None
    # ISO opens registration 24 weeks before a meeting; the demo closes it 2 weeks before.
    event.registration_opens_at = event.starts_at - timedelta(weeks=24)
    event.registration_closes_at = event.starts_at - timedelta(weeks=2)
    db.session.flush()
    return event


def _load_sessions(event: Event, spec: facts.EventSpec, documents: dict[str, Document]) -> None:
    has_items = db.session.scalar(select(AgendaItem.id).where(AgendaItem.event_id == event.id))
    position = 0
    for index, session_spec in enumerate(spec.sessions):
        session = _upsert(Session, uid=stable_uid(spec.slug, "session", str(index)))
        session.event = event
        session.title = session_spec.title
        session.kind = session_spec.kind
        session.starts_at = local_instant(session_spec.day, session_spec.start, spec.timezone)
        session.ends_at = local_instant(session_spec.day, session_spec.end, spec.timezone)
        session.room = session_spec.room
        session.chairs = session_spec.chairs
        if has_items:  # an agenda already there (maybe edited by an organiser) is kept
            continue
        for item_spec in session_spec.items:
            _add_item(event, session, None, position, item_spec, documents)
            position += 1
    db.session.flush()


def _add_item(event: Event, session: Session, parent: AgendaItem | None, position: int,
              spec: tuple, documents: dict[str, Document]) -> None:
    title, presenter, references, *rest = spec
    item = AgendaItem(event=event, session=session, parent=parent, position=position,
                      title=title, presenter=presenter,
                      documents=[documents[r] for r in references])
    db.session.add(item)
    for child_position, child in enumerate(rest[0] if rest else ()):
        _add_item(event, session, item, child_position, child, documents)


def _role_for(org: Organisation, index: int, spec: facts.EventSpec) -> DelegateRole:
    if org.kind is OrganisationKind.LIAISON:
        return DelegateRole.LIAISON_REPRESENTATIVE
    if org.kind is not OrganisationKind.NSB:
        return DelegateRole.SPEAKER if index == 0 else DelegateRole.OBSERVER
    if spec.committee and index == 0:
        return DelegateRole.HEAD_OF_DELEGATION
    return DelegateRole.DELEGATE


def _load_participants(event: Event, spec: facts.EventSpec, people: dict[str, list[Person]],
                       orgs: dict[str, Organisation]) -> None:
    online = spec.mode is EventMode.ONLINE
    for acronym, delegation in people.items():
        attended = spec.attendance.get(acronym, 0)
        registered = attended + spec.no_shows.get(acronym, 0)
        remote = online or acronym in spec.remote
        for index, person in enumerate(delegation[:registered]):
            registration = _upsert(Registration, event_id=event.id, person_id=person.id)
            registration.organisation = orgs[acronym]
            registration.role = _role_for(orgs[acronym], index, spec)
            registration.attendance_type = (AttendanceType.VIRTUAL if remote
                                            else AttendanceType.ONSITE)
            registration.status = RegistrationStatus.APPROVED
            registration.consent_to_publish = index % 5 != 4  # a few prefer not to be listed
            if index >= attended or spec.attendance_export:
                continue
            attendance = db.session.scalar(select(Attendance).where(
                Attendance.person_id == person.id, Attendance.event_id == event.id,
                Attendance.session_id.is_(None)))
            if attendance is None:
                attendance = Attendance(person_id=person.id, event_id=event.id)
                db.session.add(attendance)
            attendance.organisation = orgs[acronym]
            attendance.mode = AttendanceMode.REMOTE if remote else AttendanceMode.ONSITE
            if remote:
                attendance.origin = AttendanceOrigin.IMPORT
                attendance.origin_detail = f"{spec.slug}-webex-export.csv (demo)"
                attendance.joined_at = event.starts_at + timedelta(minutes=index % 3)
                attendance.left_at = event.ends_at - timedelta(minutes=5 * (index % 2))
                attendance.minutes = int((attendance.left_at - attendance.joined_at)
                                         .total_seconds() // 60)
            else:
                attendance.origin = AttendanceOrigin.CHECK_IN
                attendance.origin_detail = "demo"
                attendance.joined_at = event.starts_at - timedelta(minutes=20)
    db.session.flush()


def _load_prep_details(event: Event, people: dict[str, list[Person]]) -> None:
    details = _upsert(PrepSessionDetails, event_id=event.id)
    for name, value in facts.PREP_WEBEX.items():
        setattr(details, name, value)
    details.facilitator = next(p for p in people["COPANT"]
                               if (p.given_name, p.family_name) == facts.PREP_FACILITATOR)
    db.session.flush()
    for acronym, index, kinds, text in facts.PREP_PROBLEMS:
        person = people[acronym][index]
        record_problems(event, person, [ProblemKind(kind) for kind in kinds], text, None)


def _load_accounts(orgs: dict[str, Organisation]) -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        org = orgs[account.organisation] if account.organisation else None
        # An account that exists is left as it is (its password, its roles): it may be a
        # real person's, and `demo load --force` must never hand it the published password.
        if find_user(account.email) is None:
            create_user(account.email, account.name, DEMO_PASSWORD, account.role, org)
    return list(DEMO_ACCOUNTS)
