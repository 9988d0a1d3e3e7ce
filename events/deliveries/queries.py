"""What the delivery page and the registration pages read from the outbox."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from events.extensions import db
from events.models import Event, MailStatus, OutboxMail

# The kinds of mail that tell a delegate their registration is confirmed.
CONFIRMATION_KINDS = ("approved", "promoted")


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


def confirmation_states(registration_ids: Iterable[int]) -> dict[int, OutboxMail]:
    """The latest confirmation mail of each registration that has one (one query)."""
    ids = list(registration_ids)
    if not ids:
        return {}
    latest = (select(func.max(OutboxMail.id))
              .where(OutboxMail.registration_id.in_(ids),
                     OutboxMail.kind.in_(CONFIRMATION_KINDS))
              .group_by(OutboxMail.registration_id))
    return {mail.registration_id: mail for mail in db.session.scalars(
        select(OutboxMail).where(OutboxMail.id.in_(latest)))
        if mail.registration_id is not None}
