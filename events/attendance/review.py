"""The review queue: export rows no person was matched to, until an organiser links each to a
person or an NSB, creates the person, or sets it aside."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from events.attendance.importer import origin_of
from events.auth.accounts import split_name
from events.extensions import db
from events.models import (
    Attendance,
    AttendanceMode,
    AttendanceOrigin,
    AttendanceReviewItem,
    Event,
    Organisation,
    Person,
    ReviewStatus,
    User,
    normalise_email,
    utcnow,
)


class ReviewError(ValueError):
    """The decision cannot be recorded; the message is shown as is."""


def pending_items(event: Event) -> list[AttendanceReviewItem]:
    """Rows waiting for a decision, in file order."""
    return list(db.session.scalars(
        select(AttendanceReviewItem)
        .where(AttendanceReviewItem.event_id == event.id,
               AttendanceReviewItem.status == ReviewStatus.PENDING)
        .options(selectinload(AttendanceReviewItem.suggested_organisation),
                 selectinload(AttendanceReviewItem.attendance_import),
                 selectinload(AttendanceReviewItem.session))
        .order_by(AttendanceReviewItem.import_id, AttendanceReviewItem.id)
    ))


def pending_count(event: Event) -> int:
    return db.session.scalar(
        select(func.count(AttendanceReviewItem.id)).where(
            AttendanceReviewItem.event_id == event.id,
            AttendanceReviewItem.status == ReviewStatus.PENDING)
    ) or 0


def _check_pending(item: AttendanceReviewItem) -> None:
    if item.status is not ReviewStatus.PENDING:
        raise ReviewError(_("This row has already been dealt with."))


def link_to_person(item: AttendanceReviewItem, person: Person, user: User | None,
                   organisation: Organisation | None = None) -> Attendance:
    """Record the row as `person`'s attendance (origin: the file and its lines)."""
    _check_pending(item)
    existing = db.session.scalar(select(Attendance).where(
        Attendance.person_id == person.id, Attendance.event_id == item.event_id,
        Attendance.session_id == item.session_id if item.session_id
        else Attendance.session_id.is_(None),
        Attendance.day.is_(None),
    ))
    if existing is None:
        source = item.attendance_import
        existing = Attendance(
            person=person, event_id=item.event_id, session_id=item.session_id,
            organisation=organisation or person.organisation, mode=AttendanceMode.REMOTE,
            origin=AttendanceOrigin.IMPORT, attendance_import=source, recorded_by=user,
            origin_detail=origin_of(source.filename,
                                    [int(line) for line in item.lines.split(",")]),
            joined_at=item.joined_at, left_at=item.left_at, minutes=item.minutes,
        )
        db.session.add(existing)
    item.status = ReviewStatus.RESOLVED
    item.attendance = existing
    item.resolved_by_id = user.id if user else None
    item.resolved_at = utcnow()
    db.session.flush()
    return existing


def create_person(item: AttendanceReviewItem, user: User | None, organisation: Organisation,
                  name: str | None = None, email: str | None = None) -> Attendance:
    """A new person (from the row's name and email, or as corrected) representing
    `organisation`, recorded as attending."""
    _check_pending(item)
    email = normalise_email(email) if email else item.email
    if email and db.session.scalar(select(Person.id).where(Person.email == email)):
        raise ReviewError(_("Somebody with the address %(email)s is already known: link the "
                            "row to that person instead.", email=email))
    given, family = split_name(name or item.name)
    person = Person(given_name=given, family_name=family, email=email or None,
                    organisation=organisation)
    db.session.add(person)
    db.session.flush()
    return link_to_person(item, person, user, organisation)


def dismiss(item: AttendanceReviewItem, user: User | None) -> None:
    """Not a participant (a test connection, a room system): counted nowhere."""
    _check_pending(item)
    item.status = ReviewStatus.DISMISSED
    item.resolved_by_id = user.id if user else None
    item.resolved_at = utcnow()
    db.session.flush()


def accept_suggestions(event: Event, user: User | None) -> list[Attendance]:
    """Create the people of every waiting row whose email domain names their NSB; their
    attendance rows, in file order (the web's button and `attendance import
    --accept-suggestions` share this)."""
    done: list[Attendance] = []
    for item in pending_items(event):
        if item.suggested_organisation is None:
            continue
        if item.email and db.session.scalar(select(Person.id).where(Person.email == item.email)):
            continue
        done.append(create_person(item, user, item.suggested_organisation))
    return done
