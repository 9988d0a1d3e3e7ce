"""Reading the attendance rows of an event with their origin, and its imports."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from events.extensions import db
from events.models import (
    Attendance,
    AttendanceImport,
    AttendanceMode,
    AttendanceOrigin,
    Event,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    User,
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


def not_yet_recorded(event: Event) -> list[Registration]:
    """Approved registrations with no attendance row for the whole event yet."""
    recorded = select(Attendance.person_id).where(
        Attendance.event_id == event.id, Attendance.session_id.is_(None),
        Attendance.day.is_(None))
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.APPROVED,
               Registration.person_id.not_in(recorded))
        .options(selectinload(Registration.person), selectinload(Registration.organisation)))
    return sorted(registrations, key=lambda r: r.person.sort_key)


def record_by_hand(event: Event, registration: Registration, mode: AttendanceMode,
                   user: User | None) -> Attendance:
    """An organiser states that a registered person attended (origin: manual, by whom).
    A person already recorded keeps the row they have."""
    existing = db.session.scalar(select(Attendance).where(
        Attendance.event_id == event.id, Attendance.person_id == registration.person_id,
        Attendance.session_id.is_(None), Attendance.day.is_(None)))
    if existing is not None:
        return existing
    attendance = Attendance(
        person_id=registration.person_id, event_id=event.id,
        organisation_id=registration.organisation_id, mode=mode,
        origin=AttendanceOrigin.MANUAL, recorded_by=user,
        origin_detail=f"entered by {user.email}" if user else "entered by hand")
    db.session.add(attendance)
    db.session.flush()
    return attendance
