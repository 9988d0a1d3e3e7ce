"""What the delivery page reads from the outbox."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from events.extensions import db
from events.listing import PER_PAGE, Listing
from events.models import Event, MailStatus, OutboxMail


def delivery_counts(event: Event) -> dict[MailStatus, int]:
    counts = dict.fromkeys(MailStatus, 0)
    for status, count in db.session.execute(
            select(OutboxMail.status, func.count()).where(OutboxMail.event_id == event.id)
            .group_by(OutboxMail.status)):
        counts[status] = count
    return counts


def event_mails(event: Event, status: MailStatus | None = None,
                page: str | None = None) -> Listing[OutboxMail]:
    """One page (PER_PAGE) of the meeting's mails, failed ones first, then the newest, cut
    in the database: a notice to 9,000 people is 9,000 rows, and their texts are not read."""
    where = [OutboxMail.event_id == event.id]
    if status is not None:
        where.append(OutboxMail.status == status)
    total = db.session.scalar(select(func.count()).select_from(OutboxMail).where(*where)) or 0
    pages = max(1, -(-total // PER_PAGE))
    try:
        number = min(max(int(page or 1), 1), pages)
    except ValueError:
        number = 1
    order = (OutboxMail.status == MailStatus.SENT, OutboxMail.status == MailStatus.PENDING,
             OutboxMail.id.desc())
    rows = list(db.session.scalars(
        select(OutboxMail).where(*where).options(defer(OutboxMail.message))
        .order_by(*order).offset((number - 1) * PER_PAGE).limit(PER_PAGE)))
    return Listing(rows, total, number, pages, PER_PAGE, None, False)


