"""Delivering one outbox row over SMTP, and what each answer of the server means for it.

Each recipient is its own row and its own try: a refused or unencodable address is marked
and the others go on. Answers in the 4xx range, timeouts and an unreachable server are worth
another try (the task queue waits longer each time); 5xx answers are final.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta
from email import message_from_string, policy
from email.message import EmailMessage
from enum import Enum
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, select, update

from events.extensions import db
from events.models import MailStatus, OutboxMail, utcnow
from events.outbox.local_mail import readable
from events.tasks import begin_writing

log = logging.getLogger(__name__)

# How long a try may hold its row before another worker may take it again.
CLAIM_SECONDS = 600


class Outcome(Enum):
    SENT = "sent"
    RETRY = "retry"  # temporary: try again later
    FINAL = "final"  # refused for good
    UNDELIVERABLE = "undeliverable"


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    answer: str | None = None  # the server's words, or ours when it never answered


def connect() -> smtplib.SMTP:
    config = current_app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    smtp = smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"],
                      timeout=config["MAIL_TIMEOUT"])
    if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
        smtp.starttls(context=ssl.create_default_context())
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return smtp


def _answer(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {words}".strip()


def _ascii_domain(address: str) -> str:
    """An address whose only non-ASCII part is the domain needs no SMTPUTF8: the domain has
    an ASCII (IDNA) spelling."""
    local, _, domain = address.rpartition("@")
    if local.isascii() and not domain.isascii():
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    return address


def send_one(smtp: smtplib.SMTP, message: EmailMessage, recipient: str) -> Attempt:
    """Offer `message` to `recipient` over an open connection."""
    recipient = _ascii_domain(recipient)
    sender = _ascii_domain(message["From"].addresses[0].addr_spec)
    smtp.ehlo_or_helo_if_needed()
    if not (recipient.isascii() and sender.isascii()) and not smtp.has_extn("smtputf8"):
        return Attempt(Outcome.UNDELIVERABLE,
                       "The mail server does not accept internationalised addresses "
                       "(it does not offer SMTPUTF8).")
    try:
        smtp.send_message(message, from_addr=sender, to_addrs=[recipient])
    except smtplib.SMTPRecipientsRefused as error:
        code, text = next(iter(error.recipients.values()))
        return Attempt(Outcome.FINAL if code >= 500 else Outcome.RETRY, _answer(code, text))
    except smtplib.SMTPResponseException as error:  # sender refused, data refused
        outcome = Outcome.FINAL if error.smtp_code >= 500 else Outcome.RETRY
        return Attempt(outcome, _answer(error.smtp_code, error.smtp_error))
    except smtplib.SMTPNotSupportedError as error:
        return Attempt(Outcome.UNDELIVERABLE, str(error))
    except UnicodeError as error:
        return Attempt(Outcome.UNDELIVERABLE, f"The address cannot be written: {error}")
    return Attempt(Outcome.SENT)


def _offer(recipient: str, text: str) -> Attempt:
    message = message_from_string(text, policy=policy.default)
    assert isinstance(message, EmailMessage)
    if not current_app.config.get("MAIL_SERVER"):
        log.info("Mail (no MAIL_SERVER set, not sent):\n%s", readable(message))
        return Attempt(Outcome.SENT)
    try:
        with connect() as smtp:
            return send_one(smtp, message, recipient)
    except smtplib.SMTPResponseException as error:  # e.g. 421 at the greeting, 535 login
        return Attempt(Outcome.RETRY, _answer(error.smtp_code, error.smtp_error))
    except (OSError, smtplib.SMTPException) as error:
        # Unreachable, hanging, or hung up on us: worth another try.
        return Attempt(Outcome.RETRY, f"The mail server could not be reached: {error}")


@dataclass(frozen=True)
class Claimed:
    recipient: str
    message: str
    attempts: int


def claim(mail_id: int) -> Claimed | None:
    """Take a pending row for one try (None: sent, final, or being tried elsewhere). The
    transaction is over when this returns: no lock is held while the server is talked to."""
    now = utcnow()
    begin_writing()
    # An UPDATE gives a CursorResult (with its rowcount); Session.execute is typed for any
    # statement.
    taken = cast(CursorResult[Any], db.session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.status == MailStatus.PENDING,
               OutboxMail.next_attempt_at <= now)
        .values(next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS),
                attempts=OutboxMail.attempts + 1)
    )).rowcount
    row = db.session.execute(
        select(OutboxMail.recipient, OutboxMail.message, OutboxMail.attempts)
        .where(OutboxMail.id == mail_id)).one_or_none() if taken else None
    db.session.commit()
    return Claimed(*row) if row is not None else None


def retry_delay(attempts: int) -> int:
    """Seconds before the next try: MAIL_RETRY_DELAY, doubled after each try."""
    return int(current_app.config["MAIL_RETRY_DELAY"]) * 2 ** max(attempts - 1, 0)


def deliver(mail_id: int) -> int | None:
    """One try of one row. Returns the seconds to wait before the next try, or None when
    there is nothing more to do (sent, refused for good, or not ours to try)."""
    claimed = claim(mail_id)
    if claimed is None:
        return None
    attempt = _offer(claimed.recipient, claimed.message)
    delay = None
    values: dict[str, object] = {"last_error": attempt.answer, "next_attempt_at": None}
    if attempt.outcome is Outcome.SENT:
        values.update(status=MailStatus.SENT, sent_at=utcnow())
    elif attempt.outcome is Outcome.UNDELIVERABLE:
        values.update(status=MailStatus.UNDELIVERABLE)
    elif attempt.outcome is Outcome.FINAL or claimed.attempts > current_app.config["MAIL_RETRIES"]:
        values.update(status=MailStatus.FAILED)
    else:
        delay = retry_delay(claimed.attempts)
        values.update(next_attempt_at=utcnow() + timedelta(seconds=delay))
    if attempt.outcome is not Outcome.SENT:
        log.warning("mail %d to %s: %s (%s)", mail_id, claimed.recipient,
                    values.get("status", "another try later"), attempt.answer)
    begin_writing()
    db.session.execute(update(OutboxMail).where(OutboxMail.id == mail_id).values(**values))
    db.session.commit()
    return delay


def resend(row: OutboxMail) -> None:
    """Put a failed or undeliverable mail back in line, with fresh tries. Caller commits."""
    from events.outbox.writing import remember_for_hand_over

    row.status, row.attempts, row.next_attempt_at = MailStatus.PENDING, 0, utcnow()
    remember_for_hand_over(row)
