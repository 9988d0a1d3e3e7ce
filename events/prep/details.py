"""The prep session itself: the meeting it prepares, its facilitator, its Webex details."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from events.extensions import db
from events.models import (
    Event,
    EventStatus,
    Organisation,
    OrganisationKind,
    Person,
    PrepSessionDetails,
)


@dataclass
class PrepDetailsInput:
    prepares_id: int | None
    facilitator_id: int | None
    join_url: str | None
    meeting_number: str | None
    access_code: str | None
    dial_in_numbers: str | None


def details_of(event: Event) -> PrepSessionDetails | None:
    return db.session.scalar(
        select(PrepSessionDetails).where(PrepSessionDetails.event_id == event.id)
        .options(selectinload(PrepSessionDetails.facilitator))
    )


def preparable_events(event: Event) -> list[Event]:
    """Meetings a prep session may prepare: the others, latest first."""
    return list(db.session.scalars(
        select(Event).where(Event.id != event.id, Event.status != EventStatus.CANCELLED)
        .order_by(Event.starts_at.desc())
    ))


def possible_facilitators(event: Event) -> list[Person]:
    """People of the organising bodies and of the regional bodies (the facilitator is often
    the regional body's expert), and the current facilitator."""
    bodies = {org.id for org in event.organisers} | ({event.host_id} if event.host_id else set())
    regional = select(Organisation.id).where(
        Organisation.kind == OrganisationKind.REGIONAL_BODY)
    people = list(db.session.scalars(
        select(Person).where(Person.organisation_id.in_(bodies)
                             | Person.organisation_id.in_(regional))
        .options(selectinload(Person.organisation))
    ))
    details = details_of(event)
    if details and details.facilitator and details.facilitator not in people:
        people.append(details.facilitator)
    return sorted(people, key=lambda p: p.sort_key)


def save_details(event: Event, values: PrepDetailsInput) -> PrepSessionDetails:
    """Store the prep session's details (the caller commits)."""
    details = details_of(event)
    if details is None:
        details = PrepSessionDetails(event_id=event.id)
        db.session.add(details)
    event.prepares_id = values.prepares_id
    event.join_url = values.join_url or None
    details.facilitator_id = values.facilitator_id
    details.meeting_number = values.meeting_number or None
    details.access_code = values.access_code or None
    details.dial_in_numbers = values.dial_in_numbers or None
    db.session.flush()
    return details
