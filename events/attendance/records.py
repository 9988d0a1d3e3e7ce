"""Reading the attendance rows of an event with their origin, and its imports."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from events.extensions import db
from events.models import (
    Attendance,
    AttendanceImport,
    Event,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
)


def attendance_rows(event: Event) -> list[Attendance]:
    """Every row of the event (whole event, days, sessions) with person, organisation,
    session and import, by person (two queries per relation at most)."""
    rows = db.session.scalars(
        select(Attendance).where(Attendance.event_id == event.id)
        .options(selectinload(Attendance.person), selectinload(Attendance.organisation),
                 selectinload(Attendance.session), selectinload(Attendance.attendance_import),
                 selectinload(Attendance.recorded_by))
    )
    return sorted(rows, key=lambda a: (a.person.sort_key, a.day or a.event.starts_at.date(),
                                       a.session.starts_at if a.session else a.recorded_at))


def imports_of(event: Event) -> list[AttendanceImport]:
    return list(db.session.scalars(
        select(AttendanceImport).where(AttendanceImport.event_id == event.id)
        .options(selectinload(AttendanceImport.session),
                 selectinload(AttendanceImport.imported_by))
        .order_by(AttendanceImport.imported_at.desc(), AttendanceImport.id.desc())))


def organisations_for_choice() -> list[Organisation]:
    """Organisations a person may represent, NSBs first."""
    orgs = db.session.scalars(select(Organisation))
    return sorted(orgs, key=lambda o: (not o.is_nsb, o.acronym.casefold()))


def candidates_for(event: Event, organisation: Organisation | None) -> list[Person]:
    """People an unmatched row may be: those registered for the event or already recorded
    at it (a phone line of someone also online), and those of the suggested organisation."""
    registered = select(Registration.person_id).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.APPROVED
    ).union(select(Attendance.person_id).where(Attendance.event_id == event.id))
    query = select(Person).where(Person.id.in_(registered))
    if organisation is not None:
        query = select(Person).where(Person.id.in_(registered)
                                     | (Person.organisation_id == organisation.id))
    people = db.session.scalars(query.options(selectinload(Person.organisation)))
    return sorted(people, key=lambda p: p.sort_key)
