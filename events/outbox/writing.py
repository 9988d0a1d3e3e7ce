"""Putting mails in the outbox. Rows join the caller's transaction: if it rolls back there is
no mail, if it commits the mail will go out. After the commit each row is handed to the queue;
a row whose hand-over was lost (a process killed between the two) is found by the sweep."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from email import policy
from email.message import EmailMessage
from typing import Any

from events.extensions import db
from events.models import OutboxMail, utcnow
from events.tasks import enqueue_after_commit


def queue_mail(message: EmailMessage, *, kind: str, event_id: int | None = None,
               registration_id: int | None = None,
               dedupe_key: str | None = None) -> list[OutboxMail]:
    """Add one outbox row per recipient of `message` (each gets a copy addressed to them
    alone, so one refused address never holds back the others). The caller commits."""
    recipients = [address.addr_spec for address in message["To"].addresses]
    rows = []
    for recipient in recipients:
        single = copy.deepcopy(message)
        del single["To"]
        single["To"] = recipient
        row = OutboxMail(
            kind=kind, event_id=event_id, registration_id=registration_id,
            recipient=recipient, subject=str(message["Subject"])[:400],
            message=_as_text(single, recipient), next_attempt_at=utcnow(),
            attempts=0,
            dedupe_key=dedupe_key if len(recipients) == 1 else None,
        )
        db.session.add(row)
        remember_for_hand_over(row)
        rows.append(row)
    return rows


def _as_text(message: EmailMessage, recipient: str) -> str:
    """The MIME text to keep. Headers are written in plain ASCII (encoded words) unless the
    address itself is internationalised: then they stay UTF-8, as SMTPUTF8 carries them."""
    local_part = recipient.rpartition("@")[0]
    return message.as_string(policy=policy.default if local_part.isascii()
                             else policy.SMTPUTF8)


def remember_for_hand_over(row: OutboxMail) -> None:
    """Hand `row` to the queue once the current transaction commits."""
    from events.outbox.tasks import deliver_mail

    enqueue_after_commit(deliver_mail, row)


def queue_mails(messages: Iterable[EmailMessage], **kwargs: Any) -> int:
    """`queue_mail` for each message; returns the number of rows (recipients) written."""
    return sum(len(queue_mail(message, **kwargs)) for message in messages)
