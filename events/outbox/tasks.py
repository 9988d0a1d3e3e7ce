"""The queue's tasks for mail: one delivery per row, with the engine's retries, and a sweep
for rows whose hand-over to the queue was lost."""

from __future__ import annotations

from datetime import timedelta

from huey import crontab
from huey.exceptions import RetryTask
from sqlalchemy import select

from events.extensions import db
from events.models import MailStatus, OutboxMail, utcnow
from events.outbox import delivery
from events.tasks import huey, in_app_context


@huey.task()
@in_app_context
def deliver_mail(mail_id: int) -> str | None:
    """Try the row once; on a temporary failure the engine tries again after the delay
    `delivery` chose (doubling each time), until MAIL_RETRIES is used up."""
    delay = delivery.deliver(mail_id)
    if delay is not None:
        raise RetryTask(f"mail {mail_id}: next try in {delay} s", delay=delay)
    row = db.session.get(OutboxMail, mail_id)
    return row.status.value if row else None


# Rows handed over normally are tried well within this; later ones lost their queue entry.
SWEEP_GRACE = timedelta(minutes=1)


def due_mails(limit: int = 1000) -> list[int]:
    """Pending rows whose time for a try passed a while ago: never handed over (a web
    process stopped between its commit and the queue), or whose queued retry was lost."""
    return list(db.session.scalars(
        select(OutboxMail.id)
        .where(OutboxMail.status == MailStatus.PENDING,
               OutboxMail.next_attempt_at <= utcnow() - SWEEP_GRACE)
        .order_by(OutboxMail.id).limit(limit)))


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def sweep_outbox() -> int:
    """Every minute: queue the rows that are due. A row already queued is not sent twice:
    each try first claims its row (`delivery.claim`)."""
    ids = due_mails()
    for mail_id in ids:
        deliver_mail(mail_id)
    return len(ids)
