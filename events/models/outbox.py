"""The mail outbox: every outgoing mail is a row written in the transaction that causes it,
one row per recipient, delivered later by the task queue (events.outbox.delivery)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from events.extensions import Model
from events.models.base import LabelledEnum, UTCDateTime, created_at_column, enum_type


class MailStatus(LabelledEnum):
    PENDING = "pending"  # waiting for the worker, or for its next try
    SENT = "sent"  # accepted by the mail server
    FAILED = "failed"  # refused, or still failing after the last try
    UNDELIVERABLE = "undeliverable"  # can never go through this server (e.g. no SMTPUTF8)


class OutboxMail(Model):
    """One message to one recipient. `message` is the whole MIME text (SMTPUTF8 policy, so an
    internationalised address survives); `last_error` keeps the server's own answer."""

    __tablename__ = "outbox_mails"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_outbox_mails_status_next_attempt", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = created_at_column()
    # What the mail is about, for the organisers' delivery page and the registration pages.
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # e.g. "approved", "agenda_notice"
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(400))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[MailStatus] = mapped_column(
        enum_type(MailStatus, "mail_status"), default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Not before this time: a try in progress holds the row until then, a failed try sets
    # it to when the next one is due. The worker's sweep picks up rows whose time passed.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A scheduled reminder is written once per day and subject (see events.scheduled).
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
