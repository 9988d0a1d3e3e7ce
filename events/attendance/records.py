"""Reading the attendance rows of an event with their origin, and its imports."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from events.extensions import db
from events.listing import Listing, rank_by, sql_page
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
    Session,
    User,
)
from events.registration.organiser_list import search_conditions
from events.registration.queries import ListedPerson
from events.timefmt import local_day


def _record_columns() -> dict[str, list[Any]]:
    # Built per request: "how" and "origin" sort by their translated labels.
    return {
        "person": [Person.sort_name],
        "organisation": [func.lower(func.coalesce(Organisation.acronym, "")), Person.sort_name],
        "mode": [rank_by(Attendance.mode, {m: m.label for m in AttendanceMode}),
                 Person.sort_name],
        "origin": [rank_by(Attendance.origin, {o: o.label for o in AttendanceOrigin}),
                   func.coalesce(Attendance.origin_detail, ""), Person.sort_name],
        "minutes": [func.coalesce(Attendance.minutes, -1), Person.sort_name],
    }


def attendance_count(event: Event) -> int:
    """How many attendance rows the event has (whole event, days and sessions)."""
    return db.session.scalar(select(func.count()).select_from(Attendance)
                             .where(Attendance.event_id == event.id)) or 0


def attendance_page(event: Event, query: str = "", *, sort: str | None = None,
                    order: str | None = None, page: str | None = None) -> Listing[Attendance]:
    """One page of the event's attendance rows matching `query` (name, email or
    organisation), sorted by a column or by person, then day, then session: found, counted
    and cut by the database, then the page's rows loaded with what they show (the same
    queries at any size)."""
    first_day = local_day(event.starts_at, event.timezone)
    ids = (select(Attendance.id)
           .join(Person, Attendance.person_id == Person.id)
           .outerjoin(Organisation, Attendance.organisation_id == Organisation.id)
           .outerjoin(Session, Attendance.session_id == Session.id)
           .where(Attendance.event_id == event.id,
                  *search_conditions(query, Attendance.organisation_id)))
    default = [Person.sort_name, func.coalesce(Attendance.day, first_day),
               func.coalesce(Session.starts_at, Attendance.recorded_at)]
    listing = sql_page(ids, _record_columns(), default, sort=sort, order=order, page=page)
    if not listing.rows:
        return replace(listing, rows=[])
    loaded = {a.id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.id.in_(listing.rows))
        .options(joinedload(Attendance.person), joinedload(Attendance.organisation),
                 joinedload(Attendance.session), joinedload(Attendance.attendance_import),
                 joinedload(Attendance.recorded_by)))}
    return replace(listing, rows=[loaded[i] for i in listing.rows if i in loaded])


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


def not_yet_recorded(event: Event) -> list[tuple[int, str]]:
    """Approved registrations with no attendance row for the whole event yet, as (id,
    "Pérez, Ana (IRAM)") by name: plain rows in one query at any size."""
    recorded = select(Attendance.person_id).where(
        Attendance.event_id == event.id, Attendance.session_id.is_(None),
        Attendance.day.is_(None))
    rows = db.session.execute(
        select(Registration.id, Person.given_name, Person.family_name, Organisation.acronym)
        .join(Person, Registration.person_id == Person.id)
        .join(Organisation, Registration.organisation_id == Organisation.id)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.APPROVED,
               Registration.person_id.not_in(recorded))
        .order_by(Person.sort_name, Registration.id))
    return [(reg_id, ListedPerson(given, family).listed_with(acronym))
            for reg_id, given, family, acronym in rows]


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
