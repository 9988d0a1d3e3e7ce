"""Factories that build usable rows with sensible defaults (call inside an app context)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from events.auth.accounts import create_user
from events.extensions import db
from events.models import (
    Attendance,
    AttendanceMode,
    AttendanceOrigin,
    Event,
    EventKind,
    EventStatus,
    Organisation,
    OrganisationKind,
    Person,
    Registration,
    RegistrationStatus,
    Role,
    Session,
    User,
)

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


def make_org(acronym: str | None = None, kind: OrganisationKind = OrganisationKind.NSB,
             country: str | None = "KE", **values: Any) -> Organisation:
    org = Organisation(acronym=acronym or f"NSB{_next()}", name=values.pop("name", None)
                       or f"National Standards Body {acronym or ''}".strip(), kind=kind,
                       country=country if kind is OrganisationKind.NSB or country else None,
                       **values)
    db.session.add(org)
    db.session.flush()
    return org


def make_event(slug: str | None = None, *, start: datetime | None = None,
               hours: float = 8, timezone: str = "Africa/Nairobi",
               status: EventStatus = EventStatus.PUBLISHED, kind: EventKind = EventKind.PLENARY,
               **values: Any) -> Event:
    start = start or datetime(2030, 5, 1, 6, 0, tzinfo=UTC)
    number = _next()
    event = Event(slug=slug or f"event-{number}", title=values.pop("title", f"Meeting {number}"),
                  kind=kind, status=status, timezone=timezone, starts_at=start,
                  ends_at=start + timedelta(hours=hours), **values)
    db.session.add(event)
    db.session.flush()
    return event


def make_session(event: Event, *, start: datetime | None = None, minutes: int = 90,
                 **values: Any) -> Session:
    start = start or event.starts_at
    session = Session(event=event, title=values.pop("title", f"Session {_next()}"),
                      starts_at=start, ends_at=start + timedelta(minutes=minutes), **values)
    db.session.add(session)
    db.session.flush()
    return session


def make_person(organisation: Organisation | None = None, **values: Any) -> Person:
    number = _next()
    values.setdefault("given_name", f"Given{number}")
    values.setdefault("family_name", f"Family{number}")
    values.setdefault("email", f"person{number}@example.org")
    person = Person(organisation=organisation, **values)
    db.session.add(person)
    db.session.flush()
    return person


def make_user(role: Role = Role.DELEGATE, organisation: Organisation | None = None,
              event: Event | None = None, email: str | None = None,
              name: str = "Test User") -> User:
    user = create_user(email or f"user{_next()}@example.org", name, PASSWORD, role,
                       organisation, event)
    db.session.flush()
    return user


def make_registration(event: Event, person: Person, organisation: Organisation | None = None,
                      status: RegistrationStatus = RegistrationStatus.APPROVED,
                      **values: Any) -> Registration:
    registration = Registration(event=event, person=person,
                                organisation=organisation or person.organisation,
                                status=status, **values)
    db.session.add(registration)
    db.session.flush()
    return registration


def make_attendance(event: Event, person: Person, organisation: Organisation | None = None,
                    mode: AttendanceMode = AttendanceMode.ONSITE,
                    origin: AttendanceOrigin = AttendanceOrigin.CHECK_IN,
                    **values: Any) -> Attendance:
    attendance = Attendance(event=event, person=person,
                            organisation=organisation or person.organisation, mode=mode,
                            origin=origin, **values)
    db.session.add(attendance)
    db.session.flush()
    return attendance
