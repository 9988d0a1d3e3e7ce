"""Participation figures, computed from attendance rows (never typed in)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from events.extensions import db
from events.models import Attendance, AttendanceMode, Event, Organisation, OrganisationKind


@dataclass(frozen=True)
class Participation:
    participants: int
    nsbs: int
    countries: int
    onsite: int
    remote: int


EMPTY = Participation(0, 0, 0, 0, 0)


def participation_by_event(events: Iterable[Event]) -> dict[int, Participation]:
    """Participants, NSBs and countries for each event, in one query.

    A person counts once per event even with several session rows; an NSB and its country
    count when at least one of its representatives attended.
    """
    ids = [event.id for event in events]
    if not ids:
        return {}
    per_person = (
        select(
            Attendance.event_id,
            Attendance.person_id,
            func.max(Attendance.organisation_id).label("organisation_id"),
            # Onsite wins when someone was both in the room and online on other days.
            func.min(Attendance.mode).label("mode"),
        )
        .where(Attendance.event_id.in_(ids))
        .group_by(Attendance.event_id, Attendance.person_id)
        .subquery()
    )
    nsb = (
        select(Organisation.id, Organisation.country)
        .where(Organisation.kind == OrganisationKind.NSB)
        .subquery()
    )
    rows = db.session.execute(
        select(
            per_person.c.event_id,
            func.count(per_person.c.person_id),
            func.count(func.distinct(nsb.c.id)),
            func.count(func.distinct(nsb.c.country)),
            func.count(per_person.c.person_id).filter(
                per_person.c.mode == AttendanceMode.ONSITE.value
            ),
        )
        .select_from(per_person)
        .outerjoin(nsb, nsb.c.id == per_person.c.organisation_id)
        .group_by(per_person.c.event_id)
    )
    figures = {
        event_id: Participation(people, nsbs, countries, onsite, people - onsite)
        for event_id, people, nsbs, countries, onsite in rows
    }
    return {event_id: figures.get(event_id, EMPTY) for event_id in ids}


def participation(event: Event) -> Participation:
    return participation_by_event([event])[event.id]
