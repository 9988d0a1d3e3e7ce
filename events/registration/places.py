"""Places at an event: counted and given inside one locked transaction.

Two people asking for the last place at the same time must not both get it. Every operation
that takes or frees a place starts with `begin_seat_transaction`, which serialises them per
event: on PostgreSQL a row lock on the event (SELECT … FOR UPDATE; other events stay free), on
SQLite the database's write lock taken at BEGIN (BEGIN IMMEDIATE, see `app._configure_sqlite`).
Counts read after that are final until the transaction ends.
"""

from __future__ import annotations

from sqlalchemy import func, select

from events.extensions import db
from events.models import (
    DelegateRole,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
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








def locked_registration(registration_id: int) -> Registration:
    """The registration, reloaded inside its event's seat lock."""
    registration = db.session.get_one(Registration, registration_id)
    begin_seat_transaction(registration.event_id)
    return db.session.get_one(Registration, registration_id)
