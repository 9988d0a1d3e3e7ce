"""Places at an event and seats in sessions: counted and given inside one locked transaction.

Two people asking for the last place at the same time must not both get it. Every operation
that takes or frees a place starts with `begin_seat_transaction`, which serialises them per
event: on PostgreSQL a row lock on the event (SELECT … FOR UPDATE; other events stay free), on
SQLite the database's write lock taken at BEGIN (BEGIN IMMEDIATE, see `app._configure_sqlite`).
Counts read after that are final until the transaction ends.
"""

from __future__ import annotations

from sqlalchemy import Select, case, func, select, update
from sqlalchemy.orm import contains_eager

from events.extensions import db
from events.models import (
    DelegateRole,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
    Session,
    SessionChoice,
    SessionChoiceStatus,
    SessionKind,
    SessionSeats,
)

# Statuses that hold a place: a pending registration keeps its place while it waits for
# approval, so an approval can never overfill the room.
HOLDING = (RegistrationStatus.PENDING, RegistrationStatus.APPROVED)


def begin_seat_transaction(event_id: int) -> Event:
    """End the session's read-only transaction and start one that holds the event's lock.

    Objects loaded earlier are expired and reload fresh. Pending changes would be lost, so
    calling this with unflushed changes is a programming error.
    """
    session = db.session()  # the request's Session itself (the scoped proxy lacks a few methods)
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_seat_transaction() must come before any change")
    if session.in_transaction():
        session.rollback()
    session.connection(execution_options={"sqlite_begin_immediate": True})
    event = session.scalars(
        select(Event).where(Event.id == event_id).with_for_update()
    ).one()
    return event


def takes_a_place(event: Event, role: DelegateRole) -> bool:
    """Guests attend social events only: they take no place in a meeting room."""
    return role is not DelegateRole.GUEST or event.kind is EventKind.SOCIAL_EVENT


def places_taken(event: Event) -> int:
    roles = [role for role in DelegateRole if takes_a_place(event, role)]
    return db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.event_id == event.id,
            Registration.status.in_(HOLDING),
            Registration.role.in_(roles),
        )
    ) or 0


def has_free_place(event: Event) -> bool:
    return event.capacity is None or places_taken(event) < event.capacity


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


# Sessions with limited seats ---------------------------------------------------------------

def limited_sessions(event: Event) -> list[SessionSeats]:
    return list(db.session.scalars(
        select(SessionSeats).join(Session)
        .where(Session.event_id == event.id)
        .options(contains_eager(SessionSeats.session))
        .order_by(Session.starts_at, Session.id)
    ))


def session_open_to(role: DelegateRole, kind: SessionKind) -> bool:
    """Guests may choose social sessions only."""
    return role is not DelegateRole.GUEST or kind is SessionKind.SOCIAL


def _seats_taken(session_id: int) -> int:
    return db.session.scalar(
        select(func.count(SessionChoice.id)).where(
            SessionChoice.session_id == session_id,
            SessionChoice.status == SessionChoiceStatus.CONFIRMED,
        )
    ) or 0


def _seats_of(session_id: int) -> int:
    return db.session.get_one(SessionSeats, session_id).seats


def allocate_session_seats(registration: Registration) -> list[SessionChoice]:
    """Once a registration holds a place at the event, its session choices join the seat
    allocation of each session (first come, first served). Returns every choice confirmed."""
    if registration.status not in HOLDING:
        return []
    confirmed: list[SessionChoice] = []
    for choice in list(registration.session_choices):
        if choice.status is SessionChoiceStatus.WAITLISTED:
            confirmed += fill_session(choice.session_id)
    return confirmed


# The line for a session's seats: the requests the organisers placed, in their order, then
# the others as they came.
_IN_LINE = (case((SessionChoice.queue_rank.is_(None), 1), else_=0), SessionChoice.queue_rank,
            SessionChoice.created_at, SessionChoice.id)


def _session_queue(
    session_ids: list[int] | Select[tuple[int]],
) -> Select[tuple[SessionChoice]]:
    """Requests waiting for a seat in these sessions, in line. People without a place at the
    event itself are not in line: they join it when they get their place."""
    return (
        select(SessionChoice).join(SessionChoice.registration)
        .where(SessionChoice.session_id.in_(session_ids),
               SessionChoice.status == SessionChoiceStatus.WAITLISTED,
               Registration.status.in_(HOLDING))
        .order_by(SessionChoice.session_id, *_IN_LINE)
    )


def session_queue(session_id: int) -> list[SessionChoice]:
    return list(db.session.scalars(_session_queue([session_id])))


def session_waiting_lists(event: Event) -> dict[int, list[SessionChoice]]:
    """The waiting list of each of the event's sessions with limited seats, by session id
    (one query, people and organisations loaded for the organisers' page)."""
    sessions = select(Session.id).where(Session.event_id == event.id)
    lists: dict[int, list[SessionChoice]] = {}
    for choice in db.session.scalars(_session_queue(sessions).options(
            contains_eager(SessionChoice.registration).selectinload(Registration.person),
            contains_eager(SessionChoice.registration).selectinload(
                Registration.organisation))):
        lists.setdefault(choice.session_id, []).append(choice)
    return lists


def fill_session(session_id: int) -> list[SessionChoice]:
    """Give free seats of a session to its waiting list, in line."""
    db.session.flush()
    free = _seats_of(session_id) - _seats_taken(session_id)
    if free <= 0:
        return []
    waiting = db.session.scalars(_session_queue([session_id]).limit(free)).all()
    for choice in waiting:
        choice.status = SessionChoiceStatus.CONFIRMED
        choice.queue_rank = None
    db.session.flush()
    return list(waiting)


def release_session_seats(registration: Registration) -> list[SessionChoice]:
    """Drop the registrant's session choices; return the choices of others promoted into the
    seats so freed."""
    freed = [c.session_id for c in registration.session_choices
             if c.status is SessionChoiceStatus.CONFIRMED]
    registration.session_choices.clear()
    db.session.flush()
    promoted: list[SessionChoice] = []
    for session_id in freed:
        promoted += fill_session(session_id)
    return promoted
