"""Seats in sessions with limited seats: given to confirmed registrations in the order they
asked, with a waiting list per session that organisers may reorder or close."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import contains_eager

from events.extensions import db
from events.models import (
    DelegateRole,
    Event,
    Registration,
    Session,
    SessionChoice,
    SessionChoiceStatus,
    SessionKind,
    SessionSeats,
)
from events.registration.notifications import Notice, NoticeKind
from events.registration.places import HOLDING, begin_seat_transaction, locked_registration
from events.registration.refusals import RegistrationRefused

# The line for a session's seats: the requests the organisers placed, in their order, then
# the others as they came.
_IN_LINE = (case((SessionChoice.queue_rank.is_(None), 1), else_=0), SessionChoice.queue_rank,
            SessionChoice.created_at, SessionChoice.id)


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


def _session_queue(
    session_ids: list[int] | Select[int],
) -> Select[SessionChoice]:
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


def move_in_session_queue(choice: SessionChoice, position: int) -> SessionChoice:
    """Put a request for a seat at `position` in its session's waiting list (1 = next in
    line); the whole line keeps the organisers' order from then on."""
    registration = locked_registration(choice.registration_id)
    choice = db.session.get_one(SessionChoice, choice.id)
    queue = session_queue(choice.session_id)
    if choice not in queue:
        raise RegistrationRefused(_(
            "%(name)s is not waiting for a seat in this session any more.",
            name=registration.person.full_name))
    queue.remove(choice)
    queue.insert(max(0, min(position - 1, len(queue))), choice)
    for rank, entry in enumerate(queue, start=1):
        entry.queue_rank = rank
    db.session.flush()
    return choice


def release_session_waiting_list(session: Session) -> list[Notice]:
    """Close a session's waiting list: every request still waiting for a seat is withdrawn,
    and its registrant told; their registrations for the meeting stand. Requests of people
    still on the meeting's own waiting list go too: this session has no seat to offer them."""
    begin_seat_transaction(session.event_id)
    waiting = db.session.scalars(
        select(SessionChoice).where(SessionChoice.session_id == session.id,
                                    SessionChoice.status == SessionChoiceStatus.WAITLISTED)
    ).all()
    notices = [Notice(NoticeKind.SEAT_RELEASED, choice.registration_id, session.id)
               for choice in waiting]
    for choice in waiting:
        db.session.delete(choice)
    db.session.flush()
    return notices
