"""A committee meeting to take decisions in: P-members, an O-member, a liaison, delegates with
names in many scripts, checked in or online."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from events.extensions import db
from events.models import (
    AttendanceMode,
    AttendanceOrigin,
    Committee,
    CommitteeMembership,
    CommitteeStatus,
    DelegateRole,
    Event,
    Organisation,
    OrganisationKind,
    Person,
    Session,
)
from tests.factories import (
    make_attendance,
    make_event,
    make_org,
    make_person,
    make_registration,
    make_session,
)

NAMES = [("Алексей", "Смирнов"), ("明", "王"), ("فاطمة", "الزهراء"), ("Ana", "Pérez Núñez"),
         ("Νίκος", "Παπαδόπουλος"), ("Wanjiru", "Kamau"), ("ศิริ", "ใจดี"), ("Jürgen", "Groß")]
COUNTRIES = ["KE", "CO", "RU", "CN", "EG", "AR", "GR", "TH", "DE", "BR", "JM", "PE"]


@dataclass
class Plenary:
    event: Event
    committee: Committee
    sessions: list[Session]
    p_members: list[Organisation]
    o_member: Organisation
    liaison: Organisation
    heads: dict[str, Person] = field(default_factory=dict)


def committee_meeting(p_members: int = 5, present: int = 3, remote: int = 1,
                      timezone: str = "Africa/Nairobi", code: str | None = None) -> Plenary:
    """A plenary of `p_members` P-members: the first `present` attend (the last `remote` of
    them online), each with a head of delegation and a delegate; the O-member and the liaison
    are checked in too."""
    number = db.session.query(Committee).count() + 1
    committee = Committee(code=code or f"ISO/TC {900 + number}", name="Test committee")
    db.session.add(committee)
    event = make_event(committee=committee, timezone=timezone,
                       start=datetime(2030, 5, 1, 6, 0, tzinfo=UTC), hours=30)
    sessions = [make_session(event, title="Opening session"),
                make_session(event, title="Second day",
                             start=datetime(2030, 5, 2, 6, 0, tzinfo=UTC))]
    nsbs = []
    for index in range(p_members):
        country = COUNTRIES[index % len(COUNTRIES)]
        nsbs.append(make_org(f"P{number}N{index}", country=country))
    o_member = make_org(f"O{number}", country="JP")
    liaison = make_org(f"L{number}", kind=OrganisationKind.LIAISON, country=None,
                       name="International Accreditation Forum")
    for org, status in [*((n, CommitteeStatus.P) for n in nsbs), (o_member, CommitteeStatus.O),
                        (liaison, CommitteeStatus.A)]:
        db.session.add(CommitteeMembership(committee=committee, organisation=org, status=status))
    plenary = Plenary(event, committee, sessions, nsbs, o_member, liaison)
    attending = [*nsbs[:present], o_member, liaison]
    for index, org in enumerate(attending):
        online = nsbs.index(org) >= present - remote if org in nsbs else False
        for role in (DelegateRole.HEAD_OF_DELEGATION, DelegateRole.DELEGATE):
            given, family = NAMES[(2 * index + (role is DelegateRole.DELEGATE)) % len(NAMES)]
            person = make_person(org, given_name=given, family_name=f"{family} {org.acronym}")
            make_registration(event, person, role=role)
            make_attendance(event, person,
                            mode=AttendanceMode.REMOTE if online else AttendanceMode.ONSITE,
                            origin=AttendanceOrigin.IMPORT if online
                            else AttendanceOrigin.CHECK_IN)
            if role is DelegateRole.HEAD_OF_DELEGATION:
                plenary.heads[org.acronym] = person
    db.session.flush()
    return plenary
