"""The meeting's waiting list: joining it, leaving it, promotion into free places in its
order, and the organisers reordering or closing it. Every change holds the event's seat lock
(see `places.begin_seat_transaction`)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from events.auth.permissions import approved_on_entry
from events.extensions import db
from events.models import Event, Registration, RegistrationStatus, User, utcnow
from events.registration import session_seats
from events.registration.notifications import Notice, NoticeKind
from events.registration.places import begin_seat_transaction, has_free_place, locked_registration
from events.registration.refusals import RegistrationRefused


def waiting_list(event: Event) -> list[Registration]:
    """The event's waiting list, next in line first."""
    return list(db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.waitlist_position, Registration.id)
    ))


def next_waitlist_position(event: Event) -> int:
    with db.session.no_autoflush:  # the caller may hold a half-made registration
        last = db.session.scalar(
            select(func.max(Registration.waitlist_position)).where(
                Registration.event_id == event.id)
        )
    return (last or 0) + 1


def leave_waiting_list(registration: Registration, status: RegistrationStatus) -> None:
    """Give `registration` its new status, taking it off the waiting list if it was on it
    and closing the gap behind it."""
    position = registration.waitlist_position
    registration.waitlist_position = None
    registration.status = status
    db.session.flush()
    if position is None:
        return
    db.session.execute(
        update(Registration)
        .where(Registration.event_id == registration.event_id,
               Registration.waitlist_position > position)
        .values(waitlist_position=Registration.waitlist_position - 1)
        .execution_options(synchronize_session="fetch")
    )


def free_place(registration: Registration) -> list[Notice]:
    """After `registration` stopped holding its place and seats: fill them from the waiting
    lists and return the notices for the people promoted."""
    promoted_choices = session_seats.release_session_seats(registration)
    notices = [Notice(NoticeKind.PROMOTED, c.registration_id, c.session_id)
               for c in promoted_choices]
    return notices + promote_waiting_list(registration.event)


def promote_waiting_list(event: Event, now: datetime | None = None) -> list[Notice]:
    """Give free places to the waiting list, in its order. Needs the event's seat lock."""
    notices: list[Notice] = []
    db.session.flush()
    for registration in waiting_list(event):
        if not has_free_place(event):
            break
        if approved_on_entry(registration):
            leave_waiting_list(registration, RegistrationStatus.APPROVED)
            registration.decided_at = now or utcnow()
        else:
            leave_waiting_list(registration, RegistrationStatus.PENDING)
            notices.append(Notice(NoticeKind.PENDING_APPROVAL, registration.id))
        notices.append(Notice(NoticeKind.PROMOTED, registration.id))
        notices += [Notice(NoticeKind.PROMOTED, c.registration_id, c.session_id)
                    for c in session_seats.allocate_session_seats(registration)
                    if c.registration_id != registration.id]
    return notices


def move_in_waiting_list(registration: Registration, position: int) -> Registration:
    """Put a waitlisted registration at `position` (1 = next in line); others shift."""
    registration = locked_registration(registration.id)
    if registration.status is not RegistrationStatus.WAITLISTED:
        raise RegistrationRefused(_("This person is not on the waiting list any more."))
    queue = waiting_list(registration.event)
    queue.remove(registration)
    queue.insert(max(0, min(position - 1, len(queue))), registration)
    for index, entry in enumerate(queue, start=1):
        entry.waitlist_position = index
    db.session.flush()
    return registration


def release_waiting_list(event: Event, *, by: User, now: datetime | None = None) -> list[Notice]:
    """Close the waiting list: everyone on it is told no place will be offered."""
    event = begin_seat_transaction(event.id)
    notices: list[Notice] = []
    for registration in waiting_list(event):
        registration.status = RegistrationStatus.CANCELLED
        registration.waitlist_position = None
        registration.decided_by = by
        registration.decided_at = now or utcnow()
        registration.decision_reason = _("The waiting list was closed by the organisers.")
        registration.session_choices.clear()
        notices.append(Notice(NoticeKind.CANCELLED, registration.id))
    db.session.flush()
    return notices
