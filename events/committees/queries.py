"""What the committee pages show, read in a few queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from events.extensions import db
from events.models import (
    Committee,
    CommitteeMembership,
    CommitteeOfficer,
    CommitteeStatus,
    Event,
    EventStatus,
    ExpertStatus,
    LiaisonDirection,
    OfficerRole,
    Organisation,
    Subgroup,
    SubgroupExpert,
    SubgroupKind,
    SubgroupMeeting,
    utcnow,
)

# The order a committee page lists its officers in.
OFFICER_ORDER = list(OfficerRole)


def today() -> date:
    return utcnow().date()


def find_committee(code: str) -> Committee | None:
    return db.session.scalar(select(Committee).where(Committee.code == code))


@dataclass
class CommitteePage:
    committee: Committee
    officers: list[CommitteeOfficer]
    groups: dict[SubgroupKind, list[Subgroup]]
    p_members: list[Organisation]
    o_members: list[Organisation]
    liaisons: dict[CommitteeStatus, list[Organisation]]
    liaison_committees: dict[LiaisonDirection, list]
    meetings: list[Event] = field(default_factory=list)
    experts_by_group: dict[int, int] = field(default_factory=dict)


def committee_page(committee: Committee) -> CommitteePage:
    """Everything the public page of `committee` shows."""
    day = today()
    officers = sorted(
        (o for o in db.session.scalars(
            select(CommitteeOfficer).where(CommitteeOfficer.committee_id == committee.id)
            .options(selectinload(CommitteeOfficer.person)))
         if o.holds_office_on(day)),
        key=lambda o: (OFFICER_ORDER.index(o.role), o.person.sort_key))
    memberships = db.session.scalars(
        select(CommitteeMembership).where(CommitteeMembership.committee_id == committee.id)
        .options(selectinload(CommitteeMembership.organisation))).all()
    by_status: dict[CommitteeStatus, list[Organisation]] = {s: [] for s in CommitteeStatus}
    for membership in memberships:
        by_status[membership.status].append(membership.organisation)
    for organisations in by_status.values():
        organisations.sort(key=lambda org: org.acronym.casefold())
    subgroups = db.session.scalars(
        select(Subgroup).where(Subgroup.committee_id == committee.id)
        .options(selectinload(Subgroup.convenor), selectinload(Subgroup.experts))).all()
    groups: dict[SubgroupKind, list[Subgroup]] = {}
    for kind in SubgroupKind:
        found = sorted((g for g in subgroups if g.kind is kind), key=group_sort_key)
        if found:
            groups[kind] = found
    directions: dict[LiaisonDirection, list] = {d: [] for d in LiaisonDirection}
    for liaison in committee.liaison_committees:
        directions[liaison.direction].append(liaison)
    group_meetings = select(SubgroupMeeting.event_id).join(Subgroup).where(
        Subgroup.committee_id == committee.id)
    meetings = list(db.session.scalars(
        select(Event).where(Event.status != EventStatus.DRAFT,
                            or_(Event.committee_id == committee.id,
                                Event.id.in_(group_meetings)))
        .order_by(Event.starts_at.desc())))
    return CommitteePage(
        committee=committee, officers=officers, groups=groups,
        p_members=by_status[CommitteeStatus.P], o_members=by_status[CommitteeStatus.O],
        liaisons={s: by_status[s] for s in (CommitteeStatus.A, CommitteeStatus.B,
                                             CommitteeStatus.C)},
        liaison_committees=directions, meetings=meetings,
        experts_by_group={g.id: sum(1 for e in g.experts if e.is_member_on(day))
                          for g in subgroups},
    )


def group_sort_key(subgroup: Subgroup) -> tuple[str, int, str]:
    """WG 9 before WG 30: the number in a code sorts as a number."""
    prefix, _, number = subgroup.code.rpartition(" ")
    return (prefix, int(number), "") if number.isdigit() else (subgroup.code, 0, "")


def current_experts(subgroup: Subgroup, day: date | None = None) -> list[SubgroupExpert]:
    day = day or today()
    return sorted((e for e in subgroup.experts if e.is_member_on(day)),
                  key=lambda e: e.person.sort_key)


def pending_nominations(committee: Committee) -> list[SubgroupExpert]:
    return list(db.session.scalars(
        select(SubgroupExpert).join(Subgroup)
        .where(Subgroup.committee_id == committee.id,
               SubgroupExpert.status == ExpertStatus.NOMINATED)
        .order_by(Subgroup.code, SubgroupExpert.created_at)))


def group_meetings(subgroup: Subgroup) -> list[Event]:
    return sorted((m.event for m in subgroup.meetings if m.event.is_public),
                  key=lambda e: e.starts_at, reverse=True)


