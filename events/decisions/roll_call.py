"""The roll call of a committee meeting, computed from its attendance rows.

Who counts as present at a session: anyone with an attendance row for that session, for the
day it falls on (check-in per day), or for the whole meeting (check-in at the door, an export
of the whole online meeting). Onsite rows come from check-in, remote rows from the online
meeting's exports. Each organisation is listed once with its committee status; an NSB that
sent written comments instead of attending is participating by correspondence, not absent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, or_, select

from events.extensions import db
from events.models import (
    ACTIVE_STATUSES,
    Attendance,
    AttendanceMode,
    CommitteeMembership,
    CommitteeStatus,
    Correspondence,
    DelegateRole,
    Event,
    Organisation,
    Person,
    Registration,
    Session,
    SessionKind,
    User,
)
from events.models.people import PersonName
from events.timefmt import local_day


@dataclass(frozen=True)
class _Named(PersonName):
    """A name read as two columns, shown and sorted as a person's."""

    given_name: str
    family_name: str


@dataclass
class RollCallLine:
    organisation: Organisation
    status: CommitteeStatus | None  # None: present without being a member of the committee
    onsite: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    head_of_delegation: str | None = None
    correspondence: Correspondence | None = None

    @property
    def present(self) -> bool:
        return bool(self.onsite or self.remote)

    @property
    def by_correspondence(self) -> bool:
        return not self.present and self.correspondence is not None

    @property
    def is_p_member(self) -> bool:
        return self.status is CommitteeStatus.P


@dataclass
class RollCall:
    event: Event
    session: Session | None
    lines: list[RollCallLine]

    def _of(self, *statuses: CommitteeStatus | None) -> list[RollCallLine]:
        return [line for line in self.lines if line.status in statuses]

    @property
    def p_members(self) -> list[RollCallLine]:
        return self._of(CommitteeStatus.P)

    @property
    def o_members(self) -> list[RollCallLine]:
        return self._of(CommitteeStatus.O)

    @property
    def liaisons(self) -> list[RollCallLine]:
        return self._of(CommitteeStatus.A, CommitteeStatus.B, CommitteeStatus.C)

    @property
    def others(self) -> list[RollCallLine]:
        return self._of(None)

    @property
    def p_present(self) -> int:
        return sum(1 for line in self.p_members if line.present)

    @property
    def p_total(self) -> int:
        return len(self.p_members)

    @property
    def p_by_correspondence(self) -> int:
        return sum(1 for line in self.p_members if line.by_correspondence)

    def present_p_member_ids(self) -> set[int]:
        return {line.organisation.id for line in self.p_members if line.present}

    def line_of(self, organisation_id: int) -> RollCallLine | None:
        return next((line for line in self.lines if line.organisation.id == organisation_id),
                    None)


def presence_filter(event: Event, session: Session | None) -> ColumnElement[bool]:
    """The attendance rows that count as presence at `session` (the whole meeting if None)."""
    if session is None:
        return Attendance.event_id == event.id
    return and_(Attendance.event_id == event.id, or_(
        Attendance.session_id == session.id,
        and_(Attendance.session_id.is_(None),
             or_(Attendance.day.is_(None),
                 Attendance.day == local_day(session.starts_at, event.timezone)))))


def roll_call(event: Event, session: Session | None = None) -> RollCall:
    """The roll call of `session` (or of the whole meeting), in four queries whatever the
    size of the committee or of the attendance (five when people came for organisations
    outside the committee)."""
    members: dict[int, tuple[Organisation, CommitteeStatus | None]] = {}
    if event.committee_id is not None:
        for membership_status, organisation in db.session.execute(
                select(CommitteeMembership.status, Organisation)
                .join(Organisation, Organisation.id == CommitteeMembership.organisation_id)
                .where(CommitteeMembership.committee_id == event.committee_id)):
            members[organisation.id] = (organisation, membership_status)

    # Plain rows, not model objects: a plenary has hundreds of people present, and the live
    # page asks again every few seconds.
    people: dict[int, dict[AttendanceMode, set[tuple[tuple[str, str], str]]]] = defaultdict(
        lambda: defaultdict(set))
    for organisation_id, mode, given, family in db.session.execute(
            select(Attendance.organisation_id, Attendance.mode, Person.given_name,
                   Person.family_name)
            .join(Person, Person.id == Attendance.person_id)
            .where(presence_filter(event, session), Attendance.organisation_id.is_not(None))):
        assert organisation_id is not None  # rows without an organisation are left out above
        named = _Named(given, family)
        people[organisation_id][mode].add((named.sort_key, named.full_name))
    strangers: dict[int, Organisation] = {}
    unknown = set(people) - set(members)
    if unknown:
        strangers = {org.id: org for org in db.session.scalars(
            select(Organisation).where(Organisation.id.in_(unknown)))}

    heads = {organisation_id: _Named(given, family).full_name
             for organisation_id, given, family in db.session.execute(
                 select(Registration.organisation_id, Person.given_name, Person.family_name)
                 .join(Person, Person.id == Registration.person_id)
                 .where(Registration.event_id == event.id,
                        Registration.role == DelegateRole.HEAD_OF_DELEGATION,
                        Registration.status.in_(ACTIVE_STATUSES)))}
    by_letter = {c.organisation_id: c for c in db.session.scalars(
        select(Correspondence).where(Correspondence.event_id == event.id))}

    lines = []
    everyone: dict[int, tuple[Organisation, CommitteeStatus | None]] = {
        **{oid: (org, None) for oid, org in strangers.items()}, **members}
    for organisation_id, (organisation, status) in everyone.items():
        seen = people.get(organisation_id, {})
        # Someone both checked in and online (a rejoin from the hall) counts as on site.
        onsite = sorted(seen.get(AttendanceMode.ONSITE, set()))
        remote = sorted(set(seen.get(AttendanceMode.REMOTE, set())) - set(onsite))
        lines.append(RollCallLine(
            organisation, status, [name for _, name in onsite], [name for _, name in remote],
            heads.get(organisation_id), by_letter.get(organisation_id)))
    lines.sort(key=_line_order)
    return RollCall(event, session, lines)


def _line_order(line: RollCallLine) -> tuple[str, str]:
    return (line.organisation.country or "~", line.organisation.acronym.casefold())


def record_correspondence(event: Event, organisation: Organisation, comments: str,
                          by: User | None, document_id: int | None = None) -> Correspondence:
    """Record (or replace) an NSB's written comments sent instead of attending. The caller
    commits."""
    found = db.session.scalar(select(Correspondence).where(
        Correspondence.event_id == event.id, Correspondence.organisation_id == organisation.id))
    if found is None:
        found = Correspondence(event_id=event.id, organisation_id=organisation.id)
        db.session.add(found)
    found.comments = comments
    found.document_id = document_id
    found.recorded_by_id = by.id if by is not None else None
    db.session.flush()
    return found


def sessions_of(event: Event) -> list[Session]:
    """The sittings a roll call can be taken at (not breaks or social events)."""
    return [s for s in event.sessions if s.kind is SessionKind.SESSION and not s.cancelled]
