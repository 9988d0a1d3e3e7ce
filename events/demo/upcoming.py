"""The demo's registration side: a focal point for each NSB, and an upcoming regional workshop
whose registration is open, full, with a registration waiting for its focal point.

Invented: the workshop in Bogotá, its sessions and who registered. It is always upcoming: it
falls on the last Monday of the first April whose registration (opening 24 weeks before,
closing 2 weeks before) has not closed yet — loaded in November 2026, 26–27 April 2027.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from events.auth.accounts import grant_role
from events.extensions import db
from events.models import (
    ApprovalPolicy,
    AttendanceType,
    DelegateRole,
    Eligibility,
    Event,
    EventKind,
    EventMode,
    EventStatus,
    ListVisibility,
    Organisation,
    OrganisationKind,
    Person,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    Role,
    Session,
    SessionKind,
    SessionSeats,
    User,
    utcnow,
)

BOGOTA = "America/Bogota"
# The workshop is found again by this UID whatever its year (its slug carries the year).
WORKSHOP_UID = uuid.uuid5(uuid.NAMESPACE_URL, "plenaria:demo:copant-ptb-casco-workshop").hex
REGISTRATION_OPENS = timedelta(weeks=24)
REGISTRATION_CLOSES = timedelta(weeks=2)
# Who registered, in order: (acronym, how many of its delegation, status).
REGISTERED = (
    ("IRAM", 2, RegistrationStatus.APPROVED),
    ("ABNT", 2, RegistrationStatus.APPROVED),
    ("ICONTEC", 2, RegistrationStatus.APPROVED),
    ("INN", 1, RegistrationStatus.APPROVED),
    ("UNIT", 1, RegistrationStatus.APPROVED),
    ("INACAL", 1, RegistrationStatus.APPROVED),
    ("DGN", 1, RegistrationStatus.APPROVED),
    ("INEN", 1, RegistrationStatus.PENDING),  # waits for INEN's focal point
    ("BSJ", 1, RegistrationStatus.WAITLISTED),
)
CAPACITY = 11


def focal_point_email(org: Organisation) -> str:
    return f"focal-point@{org.acronym.lower()}.example"


def load_focal_points(orgs: dict[str, Organisation], password: str) -> list[tuple[str, str]]:
    """One focal-point account per NSB; returns (email, acronym) pairs. The password is hashed
    once for all of them: hashing is slow on purpose, and they share the demo password."""
    password_hash: str | None = None
    accounts = []
    for org in sorted(orgs.values(), key=lambda o: o.acronym):
        if org.kind is not OrganisationKind.NSB:
            continue
        email = focal_point_email(org)
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            password_hash = password_hash or generate_password_hash(password)
            person = db.session.scalar(select(Person).where(Person.email == email))
            if person is None:
                person = Person(given_name="Focal point", family_name=org.acronym, email=email,
                                organisation=org)
                db.session.add(person)
            user = User(email=email, person=person, password_hash=password_hash,
                        email_confirmed_at=utcnow())
            db.session.add(user)
            # Only new accounts get the role: an existing one is left alone (see loader).
            grant_role(user, Role.FOCAL_POINT, organisation=org)
        accounts.append((email, org.acronym))
    db.session.flush()
    return accounts


def workshop_first_day(now: datetime | None = None) -> date:
    """The last Monday of the first April whose registration has not closed by `now`."""
    now = now or utcnow()
    year = now.year
    while True:
        last_of_april = date(year, 4, 30)
        monday = last_of_april - timedelta(days=last_of_april.weekday())
        if datetime(monday.year, monday.month, monday.day, tzinfo=now.tzinfo) \
                - REGISTRATION_CLOSES > now:
            return monday
        year += 1


def workshop_slug(now: datetime | None = None) -> str:
    return f"copant-ptb-casco-workshop-{workshop_first_day(now).year}"


def load_upcoming_workshop(orgs: dict[str, Organisation], people: dict[str, list[Person]],
                           local_instant: Callable[[str, str, str], datetime],
                           first_day: date | None = None) -> Event:
    """The next COPANT-PTB-CASCO workshop in Bogotá: open for COPANT members, approved by
    each NSB's focal point, full, with one person on the waiting list. `first_day` keeps it
    on a given day (the guard of `demo load` compares with the demo as it was loaded)."""
    first_day = first_day or workshop_first_day()
    second_day = first_day + timedelta(days=1)
    event = db.session.scalar(select(Event).where(Event.uid == WORKSHOP_UID))
    if event is None:
        event = Event(uid=WORKSHOP_UID)
        db.session.add(event)
    event.slug = f"copant-ptb-casco-workshop-{first_day.year}"
    event.title = (f"COPANT-PTB-CASCO workshop {first_day.year}: conformity assessment for "
                   "regional trade")
    event.kind = EventKind.REGIONAL_WORKSHOP
    event.mode = EventMode.HYBRID
    event.status = EventStatus.PUBLISHED
    event.timezone = BOGOTA
    event.starts_at = local_instant(first_day.isoformat(), "08:30", BOGOTA)
    event.ends_at = local_instant(second_day.isoformat(), "17:00", BOGOTA)
    event.host = orgs["ICONTEC"]
    event.organisers = [orgs["COPANT"], orgs["PTB"]]
    event.city, event.country = "Bogotá", "CO"
    event.venue = "ICONTEC, Carrera 37 No. 52-95"
    event.capacity = CAPACITY
    event.description = (
        "Two days for COPANT members on using ISO/CASCO standards in technical regulation, "
        "ahead of the ISO/CASCO plenary. Places are few: each NSB's focal point approves its "
        "delegates.")
    event.registration_opens_at = event.starts_at - REGISTRATION_OPENS
    event.registration_closes_at = event.starts_at - REGISTRATION_CLOSES
    settings = event.registration_settings or RegistrationSettings()
    event.registration_settings = settings
    settings.eligibility = Eligibility.REGIONAL_BODY
    settings.regional_body = orgs["COPANT"]
    settings.approval_policy = ApprovalPolicy.FOCAL_POINT
    settings.delegation_cap = 3
    settings.public_list = ListVisibility.CONSENTING
    settings.participants_list = ListVisibility.ALL
    db.session.flush()

    first, second = first_day.isoformat(), second_day.isoformat()
    sessions = (
        ("Opening and regional priorities", first, "08:30", "12:30", SessionKind.SESSION, None),
        ("Site visit: ICONTEC testing laboratory", first, "14:00", "17:00",
         SessionKind.SESSION, 8),
        ("Workshop dinner", first, "19:00", "21:30", SessionKind.SOCIAL, 30),
        ("Accreditation and market surveillance", second, "08:30", "17:00",
         SessionKind.SESSION, None),
    )
    for index, (title, day, start, end, kind, seats) in enumerate(sessions):
        uid = f"{WORKSHOP_UID}-{index}"
        session = db.session.scalar(select(Session).where(Session.uid == uid))
        if session is None:
            session = Session(uid=uid, event=event)
            db.session.add(session)
        session.title, session.kind = title, kind
        session.starts_at = local_instant(day, start, BOGOTA)
        session.ends_at = local_instant(day, end, BOGOTA)
        session.room = "Auditorio ICONTEC" if kind is SessionKind.SESSION else None
        if seats:
            session.seat_limit = session.seat_limit or SessionSeats()
            session.seat_limit.seats = seats
    db.session.flush()

    position = 0
    for acronym, count, status in REGISTERED:
        for index, person in enumerate(people[acronym][:count]):
            registration = db.session.scalar(select(Registration).where(
                Registration.event_id == event.id, Registration.person_id == person.id))
            if registration is None:
                registration = Registration(event=event, person=person)
                db.session.add(registration)
            registration.organisation = orgs[acronym]
            registration.role = (DelegateRole.HEAD_OF_DELEGATION if index == 0
                                 else DelegateRole.DELEGATE)
            registration.attendance_type = AttendanceType.ONSITE
            registration.consent_to_publish = True
            if status is RegistrationStatus.WAITLISTED:
                position += 1
            registration.waitlist_position = position if status is \
                RegistrationStatus.WAITLISTED else None
            registration.status = status
    db.session.flush()
    return event
