"""Reading registrations for the pages: my meetings, a focal point's delegates, the organisers'
lists and the list of participants, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, or_, select
from sqlalchemy.orm import selectinload

from events.auth.permissions import (
    focal_point_organisation_ids,
    has_approved_registration,
    is_organiser,
    preload_meeting_groups,
)
from events.extensions import db
from events.models import (
    DelegateRole,
    Event,
    EventStatus,
    ListVisibility,
    Organisation,
    OrganisationKind,
    Person,
    Registration,
    RegistrationStatus,
    SessionChoice,
    settings_for,
)
from events.models.people import PersonName

_ORDER = [ListVisibility.HIDDEN, ListVisibility.CONSENTING, ListVisibility.ALL]


def _with_details(query: Any) -> Any:
    # The event's settings and organisers answer the permission checks of each row.
    return query.options(
        selectinload(Registration.event).selectinload(Event.registration_settings),
        selectinload(Registration.event).selectinload(Event.organisers),
        selectinload(Registration.person),
        selectinload(Registration.organisation),
        selectinload(Registration.session_choices).selectinload(SessionChoice.session),
    )


def my_registrations(person: Person) -> list[Registration]:
    """The person's registrations, the next meeting first, past meetings after."""
    return list(db.session.scalars(_with_details(
        select(Registration).join(Registration.event)
        .where(Registration.person_id == person.id, Event.status != EventStatus.DRAFT)
        .order_by(Event.starts_at.desc())
    )))


def focal_point_organisations(user: Any) -> list[Organisation]:
    """The organisations a user is focal point of (every NSB and liaison for the secretariat)."""
    if user.is_secretariat:
        return list(db.session.scalars(
            select(Organisation)
            .where(Organisation.kind.in_([OrganisationKind.NSB, OrganisationKind.LIAISON]))
            .order_by(Organisation.acronym)))
    ids = focal_point_organisation_ids(user)
    return list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.acronym)))


def delegates_of(organisation: Organisation) -> list[Registration]:
    """An organisation's registrations across events: pending first, then waitlisted, then by
    meeting (latest first)."""
    waiting_first = case(
        (Registration.status == RegistrationStatus.PENDING, 0),
        (Registration.status == RegistrationStatus.WAITLISTED, 1),
        else_=2,
    )
    registrations = list(db.session.scalars(_with_details(
        select(Registration).join(Registration.event)
        .where(Registration.organisation_id == organisation.id)
        .order_by(waiting_first, Event.starts_at.desc(), Registration.created_at)
    )))
    preload_meeting_groups({r.event_id for r in registrations})  # who decides, per meeting
    return registrations


def event_registrations(event: Event) -> list[Registration]:
    """Every registration of the event for its organisers (waiting list in its order)."""
    order = case(
        (Registration.status == RegistrationStatus.PENDING, 0),
        (Registration.status == RegistrationStatus.APPROVED, 1),
        (Registration.status == RegistrationStatus.WAITLISTED, 2),
        else_=3,
    )
    return list(db.session.scalars(_with_details(
        select(Registration).join(Registration.organisation).join(Registration.person)
        .where(Registration.event_id == event.id)
        .order_by(order, Registration.waitlist_position, Organisation.acronym,
                  Person.family_name, Person.given_name)
    ).options(selectinload(Registration.invitation_letter))))


def list_visibility(event: Event, user: Any) -> ListVisibility:
    """How much of the list of participants `user` sees: organisers everything; registered
    participants the wider of their mode and the public one; others the public mode."""
    if is_organiser(user, event):
        return ListVisibility.ALL
    settings = settings_for(event)
    mode = settings.public_list
    if has_approved_registration(user, event):
        mode = max(mode, settings.participants_list, key=_ORDER.index)
    return mode


@dataclass(frozen=True, slots=True)
class ListedPerson(PersonName):
    given_name: str
    family_name: str


@dataclass(frozen=True, slots=True)
class ListedOrganisation:
    id: int
    acronym: str
    name: str
    country: str | None
    kind: OrganisationKind

    @property
    def is_nsb(self) -> bool:
        return self.kind is OrganisationKind.NSB


@dataclass(frozen=True, slots=True)
class Participant:
    """A line of the list of participants: what it shows, read as plain rows (building ORM
    objects for 1,000 people took most of the time of printing the list)."""

    id: int
    role: DelegateRole
    person: ListedPerson
    organisation: ListedOrganisation
    status: RegistrationStatus = RegistrationStatus.APPROVED
    waitlist_position: None = None

    @property
    def organisation_id(self) -> int:
        return self.organisation.id

    @property
    def is_head_of_delegation(self) -> bool:
        return self.role is DelegateRole.HEAD_OF_DELEGATION


def participants(event: Event, user: Any) -> list[Participant]:
    """Approved participants `user` may see, by country, organisation, then name. A focal
    point also sees all of its own organisation's participants."""
    mode = list_visibility(event, user)
    own = focal_point_organisation_ids(user)
    query = (
        select(Registration.id, Registration.role, Person.given_name, Person.family_name,
               Organisation.id, Organisation.acronym, Organisation.name, Organisation.country,
               Organisation.kind)
        .join(Registration.organisation).join(Registration.person)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.APPROVED)
        .order_by(Organisation.country, Organisation.acronym, Person.family_name,
                  Person.given_name)
    )
    if mode is not ListVisibility.ALL:  # people who may not be listed are not even loaded
        visible = [Registration.organisation_id.in_(own)]
        if mode is ListVisibility.CONSENTING:
            visible.append(Registration.consent_to_publish.is_(True))
        query = query.where(or_(*visible))
    organisations: dict[int, ListedOrganisation] = {}
    listed = []
    for reg_id, role, given, family, org_id, acronym, name, country, kind in db.session.execute(
            query):
        if org_id not in organisations:
            organisations[org_id] = ListedOrganisation(org_id, acronym, name, country, kind)
        listed.append(Participant(reg_id, role, ListedPerson(given, family),
                                  organisations[org_id]))
    return listed
