"""Browsing the directory: filters by kind, country, region, committee status, regional body."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from events.extensions import db
from events.geo import countries_in
from events.models import (
    Attendance,
    Committee,
    CommitteeMembership,
    Event,
    EventStatus,
    Organisation,
    OrganisationKind,
    RegionalMembership,
    Registration,
    RegistrationStatus,
    event_organisers,
)


@dataclass
class DirectoryFilter:
    kind: str = ""
    country: str = ""
    region: str = ""
    committee: str = ""
    status: str = ""
    regional_body: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        return any(vars(self).values())


def browse(filters: DirectoryFilter) -> list[Organisation]:
    query: Select[Organisation] = select(Organisation).options(
        selectinload(Organisation.committee_memberships).selectinload(
            CommitteeMembership.committee
        ),
        selectinload(Organisation.regional_memberships).selectinload(
            RegionalMembership.regional_body
        ),
    )
    if filters.kind in {k.value for k in OrganisationKind}:
        query = query.where(Organisation.kind == OrganisationKind(filters.kind))
    if filters.country:
        query = query.where(Organisation.country == filters.country.upper())
    if filters.region:
        query = query.where(Organisation.country.in_(countries_in(filters.region)))
    if filters.committee:
        membership = select(CommitteeMembership.organisation_id).join(Committee).where(
            Committee.code == filters.committee
        )
        if filters.status:
            membership = membership.where(CommitteeMembership.status == filters.status.upper())
        query = query.where(Organisation.id.in_(membership))
    if filters.regional_body:
        body = db.aliased(Organisation)
        members = (
            select(RegionalMembership.member_id)
            .join(body, body.id == RegionalMembership.regional_body_id)
            .where(body.acronym == filters.regional_body)
        )
        query = query.where(Organisation.id.in_(members))
    if filters.q:
        pattern = f"%{filters.q.strip().lower()}%"
        query = query.where(
            or_(func.lower(Organisation.acronym).like(pattern),
                func.lower(Organisation.name).like(pattern))
        )
    return list(db.session.scalars(query.order_by(Organisation.country, Organisation.acronym)))


def filter_options() -> dict[str, list]:
    """Values offered in the filter form: committees and regional bodies that exist."""
    return {
        "committees": list(db.session.scalars(select(Committee).order_by(Committee.code))),
        "regional_bodies": list(db.session.scalars(
            select(Organisation)
            .where(Organisation.kind == OrganisationKind.REGIONAL_BODY)
            .order_by(Organisation.acronym)
        )),
        "countries": list(db.session.scalars(
            select(Organisation.country).where(Organisation.country.is_not(None))
            .distinct().order_by(Organisation.country)
        )),
    }


@dataclass
class OrganisationEvents:
    hosted: list[Event]
    organised: list[Event]
    attended: list[tuple[Event, int]]


def organisation_events(org: Organisation) -> OrganisationEvents:
    """Public events the organisation hosts, organises, or sent people to (with head count)."""
    public = Event.status != EventStatus.DRAFT
    hosted = list(db.session.scalars(
        select(Event).where(public, Event.host_id == org.id).order_by(Event.starts_at.desc())
    ))
    organised = list(db.session.scalars(
        select(Event).join(event_organisers).where(
            public, event_organisers.c.organisation_id == org.id
        ).order_by(Event.starts_at.desc())
    ))
    people = (
        select(Attendance.event_id, Attendance.person_id)
        .where(Attendance.organisation_id == org.id)
        .union(
            select(Registration.event_id, Registration.person_id).where(
                Registration.organisation_id == org.id,
                Registration.status == RegistrationStatus.APPROVED,
            )
        )
        .subquery()
    )
    rows = db.session.execute(
        select(Event, func.count(func.distinct(people.c.person_id)))
        .join(people, people.c.event_id == Event.id)
        .where(public)
        .group_by(Event.id)
        .order_by(Event.starts_at.desc())
    ).all()
    return OrganisationEvents(hosted, organised, [(event, count) for event, count in rows])


def load_organisation(org: Organisation) -> Organisation:
    db.session.scalars(
        select(Organisation).where(Organisation.id == org.id).options(
            selectinload(Organisation.email_domains),
            selectinload(Organisation.committee_memberships).selectinload(
                CommitteeMembership.committee
            ),
            selectinload(Organisation.regional_memberships).selectinload(
                RegionalMembership.regional_body
            ),
            selectinload(Organisation.regional_members).selectinload(
                RegionalMembership.member
            ),
        )
    ).one()
    return org
