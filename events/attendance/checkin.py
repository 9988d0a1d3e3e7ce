"""Checking people in at the door: badge codes (in a QR code and printed for typing), the
searchable list, and walk-ins registered on the spot.

A badge code is the registration's number and a signature, e.g. `1234-K7QF-M2XA`: it carries
no personal data, cannot be forged without the secret key, and stops working when the
registration is cancelled (the check looks the registration up).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import segno
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from events.attendance.meeting_days import check_in_refusal, meeting_days, outside_days_note
from events.auth.accounts import split_name
from events.extensions import db
from events.listing import Listing, sql_page
from events.models import (
    Attendance,
    AttendanceMode,
    AttendanceOrigin,
    AttendanceType,
    Event,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    Session,
    User,
    utcnow,
)
from events.registration import operations
from events.registration.operations import Outcome, PersonDetails, RegistrationRequest
from events.registration.organiser_list import search_conditions
from events.registration.refusals import AlreadyRegistered, RegistrationRefused

# A phone's screenful or two: enough to find someone by scrolling, small to load at the door.
CHECK_IN_PER_PAGE = 50


class CheckInError(ValueError):
    """The person cannot be checked in; the message is shown to the organiser as is."""


# --- badge codes ----------------------------------------------------------------------------


def badge_secret() -> str:
    """The key badge codes are signed with: the app's secret key, so that codes printed by
    one server are read by every other."""
    return str(current_app.config["SECRET_KEY"])


def _signature(registration_id: int, secret: str) -> str:
    mac = hmac.new(secret.encode(), f"badge:{registration_id}".encode(), hashlib.sha256)
    return base64.b32encode(mac.digest()).decode()[:8]


def badge_code(registration: Registration, secret: str) -> str:
    """The code on a badge or ticket: `1234-K7QF-M2XA` (registration number, signature)."""
    signature = _signature(registration.id, secret)
    return f"{registration.id}-{signature[:4]}-{signature[4:]}"


def read_badge_code(text: str, secret: str) -> int | None:
    """The registration number of a genuine code (typed with or without dashes, any case),
    else None."""
    compact = re.sub(r"[\s-]", "", text).upper()
    match = re.fullmatch(r"(\d+)([A-Z2-7]{8})", compact)
    if not match:
        return None
    registration_id = int(match.group(1))
    if not hmac.compare_digest(match.group(2), _signature(registration_id, secret)):
        return None
    return registration_id


def badge_qr_svg(code: str, scale: int = 4) -> str:
    """An inline SVG QR code of the badge code (for pages, printed badges and PDFs)."""
    return segno.make(code, error="m").svg_inline(scale=scale, title=code)


# --- where people are checked in ------------------------------------------------------------


@dataclass(frozen=True)
class CheckInPoint:
    """The whole event, one of its days (in its own zone), or one of its sessions."""

    session: Session | None = None
    day: date | None = None

    @property
    def key(self) -> str:
        if self.session is not None:
            return f"session-{self.session.id}"
        if self.day is not None:
            return f"day-{self.day.isoformat()}"
        return "event"


event_days = meeting_days


def check_in_point(event: Event, key: str | None) -> CheckInPoint:
    """The point named by `key` ("event", "day-2019-05-01", "session-12"); unknown keys
    mean the whole event."""
    if key and key.startswith("day-"):
        try:
            day = date.fromisoformat(key.removeprefix("day-"))
        except ValueError:
            return CheckInPoint()
        return CheckInPoint(day=day) if day in event_days(event) else CheckInPoint()
    if key and key.startswith("session-") and key.removeprefix("session-").isdigit():
        session = db.session.get(Session, int(key.removeprefix("session-")))
        if session is not None and session.event_id == event.id:
            return CheckInPoint(session=session)
    return CheckInPoint()


def _attendance_at(person_id: int, event: Event, point: CheckInPoint) -> Attendance | None:
    query = select(Attendance).where(Attendance.person_id == person_id,
                                     Attendance.event_id == event.id)
    if point.session is not None:
        query = query.where(Attendance.session_id == point.session.id)
    else:
        query = query.where(Attendance.session_id.is_(None))
        query = query.where(Attendance.day == point.day if point.day
                            else Attendance.day.is_(None))
    return db.session.scalar(query)


@dataclass(frozen=True)
class CheckInResult:
    registration: Registration
    attendance: Attendance
    already: bool  # checked in before at this point: nothing new recorded


def check_in(event: Event, registration: Registration, point: CheckInPoint,
             user: User | None, how: str, outside_reason: str | None = None) -> CheckInResult:
    """Record that the registration's person is here (once per point). `how` says how they
    were recognised: "badge scan", "typed code", "list", "walk-in". Outside the meeting's
    days only with the organiser's `outside_reason`, kept with the record."""
    if registration.event_id != event.id:
        raise CheckInError(_("This badge is for another meeting."))
    if registration.status is not RegistrationStatus.APPROVED:
        raise CheckInError(_("The registration of %(name)s is %(status)s: not checked in.",
                             name=registration.person.full_name,
                             status=registration.status.label.lower()))
    existing = _attendance_at(registration.person_id, event, point)
    if existing is not None:
        return CheckInResult(registration, existing, already=True)
    refusal = check_in_refusal(event, point.session)
    if refusal and not (outside_reason or "").strip():
        raise CheckInError(refusal)
    if refusal:
        how = outside_days_note(how, outside_reason or "")
    attendance = Attendance(
        person_id=registration.person_id, event_id=event.id,
        session_id=point.session.id if point.session else None, day=point.day,
        organisation_id=registration.organisation_id, mode=AttendanceMode.ONSITE,
        origin=AttendanceOrigin.CHECK_IN, origin_detail=how, recorded_by=user,
        joined_at=utcnow(),
    )
    db.session.add(attendance)
    db.session.flush()
    return CheckInResult(registration, attendance, already=False)


def check_in_by_code(event: Event, code: str, point: CheckInPoint, user: User | None,
                     how: str, secret: str, outside_reason: str | None = None) -> CheckInResult:
    registration_id = read_badge_code(code, secret)
    registration = db.session.get(Registration, registration_id) if registration_id else None
    if registration is None:
        raise CheckInError(_("This code is not a Plenaria badge code. Check it, or find the "
                             "person in the list."))
    return check_in(event, registration, point, user, how, outside_reason)


@dataclass(frozen=True)
class ListEntry:
    """A line of the check-in list: what a phone shows, read as plain values."""

    registration_id: int
    given_name: str
    family_name: str
    acronym: str
    checked_in: bool

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True)
class CheckInList:
    """One page of the check-in list, with the count over every matching person."""

    page: Listing[ListEntry]
    present: int  # of those matching, checked in at the point


def _attendance_at_point(event: Event, point: CheckInPoint) -> Select[Any]:
    attendance = select(Attendance.person_id).where(Attendance.event_id == event.id)
    if point.session is not None:
        return attendance.where(Attendance.session_id == point.session.id)
    attendance = attendance.where(Attendance.session_id.is_(None))
    return attendance.where(Attendance.day == point.day if point.day
                            else Attendance.day.is_(None))


def check_in_list(event: Event, point: CheckInPoint, query: str = "",
                  page: str | None = None, *, by_email: bool = True) -> CheckInList:
    """Approved registrations matching `query` (name, email or organisation; accents and case
    ignored) by name, one page of them, with whether each is checked in at `point`. Searched
    and cut by the database (the same few queries at any size), so that a phone at the door
    gets 50 names, not the whole meeting. Without `by_email` (door staff, who see names only)
    emails are not searched: a match would reveal them."""
    present_here = Registration.person_id.in_(_attendance_at_point(event, point))
    matching = (select(Registration.id)
                .join(Person, Registration.person_id == Person.id)
                .join(Organisation, Registration.organisation_id == Organisation.id)
                .where(Registration.event_id == event.id,
                       Registration.status == RegistrationStatus.APPROVED,
                       *search_conditions(query, Registration.organisation_id,
                                          with_email=by_email)))
    present = db.session.scalar(select(func.count()).select_from(
        matching.where(present_here).subquery())) or 0
    ids = sql_page(matching, {}, [Person.sort_name], page=page, per_page=CHECK_IN_PER_PAGE)
    rows: dict[int, ListEntry] = {}
    if ids.rows:
        for reg_id, given, family, acronym, here in db.session.execute(
                select(Registration.id, Person.given_name, Person.family_name,
                       Organisation.acronym, present_here)
                .join(Person, Registration.person_id == Person.id)
                .join(Organisation, Registration.organisation_id == Organisation.id)
                .where(Registration.id.in_(ids.rows))):
            rows[reg_id] = ListEntry(reg_id, given, family, acronym, bool(here))
    entries = [rows[reg_id] for reg_id in ids.rows if reg_id in rows]
    return CheckInList(replace(ids, rows=entries), int(present))


def register_walk_in(event: Event, name: str, email: str | None, organisation: Organisation,
                     by: User) -> Outcome:
    """Register someone who turns up at the desk, approved on the spot.

    Goes through the registration service like any registration, so eligibility, the
    delegation cap and capacity apply: a full meeting cannot take a walk-in (the desk is told
    to use the waiting list). Someone already pending is approved; someone already approved
    just gets checked in. The caller delivers the outcome's notices (to the outbox), then
    commits.
    """
    given, family = split_name(name)
    request = RegistrationRequest(organisation_id=organisation.id,
                                  attendance_type=AttendanceType.ONSITE)
    try:
        outcome = operations.register(event, PersonDetails(email or None, given, family),
                                      request, by=by)
    except AlreadyRegistered as already:
        registration = already.registration
        if registration.status is RegistrationStatus.PENDING:
            return operations.approve(registration, by=by)
        if registration.status is RegistrationStatus.APPROVED:
            return Outcome(registration)
        raise CheckInError(_("%(name)s is on the waiting list: approve or promote them on the "
                             "registrations page first.",
                             name=registration.person.full_name)) from already
    except RegistrationRefused as refused:
        raise CheckInError(str(refused)) from refused
    if outcome.registration.status is not RegistrationStatus.APPROVED:
        raise CheckInError(_("The meeting is full (%(capacity)d places): nobody can be added "
                             "at the desk. Raise the capacity or use the waiting list on the "
                             "registrations page.", capacity=event.capacity or 0))
    return outcome
