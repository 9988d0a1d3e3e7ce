"""What the delivery page reads from the outbox."""

from __future__ import annotations

from sqlalchemy import func, select

from events.extensions import db
from events.models import Event, MailStatus, OutboxMail


def delivery_counts(event: Event) -> dict[MailStatus, int]:
    counts = dict.fromkeys(MailStatus, 0)
    for status, count in db.session.execute(
            select(OutboxMail.status, func.count()).where(OutboxMail.event_id == event.id)
            .group_by(OutboxMail.status)):
        counts[status] = count
    return counts


def event_mails(event: Event, status: MailStatus | None = None,
                limit: int = 200) -> list[OutboxMail]:
    """The meeting's mails, failed ones first, then the newest."""
    order = (OutboxMail.status == MailStatus.SENT, OutboxMail.status == MailStatus.PENDING,
             OutboxMail.id.desc())
    query = select(OutboxMail).where(OutboxMail.event_id == event.id)
    if status is not None:
        query = query.where(OutboxMail.status == status)
    return list(db.session.scalars(query.order_by(*order).limit(limit)))


