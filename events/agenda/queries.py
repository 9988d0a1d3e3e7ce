"""Reading an event's agenda: its sessions and items, each list in a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from events.extensions import db
from events.models import AgendaItem, Event, Session


def agenda_sessions(event: Event) -> list[Session]:
    """The event's sessions in time order (their items come from `agenda_items`)."""
    return list(db.session.scalars(
        select(Session).where(Session.event_id == event.id).order_by(Session.starts_at, Session.id)
    ))


def agenda_items(event: Event) -> list[AgendaItem]:
    """Every agenda item of the event with its documents, in two queries."""
    return list(db.session.scalars(
        select(AgendaItem)
        .where(AgendaItem.event_id == event.id)
        .options(selectinload(AgendaItem.documents))
    ))
