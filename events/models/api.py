"""Personal API tokens, webhook subscriptions and the log of their deliveries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model
from events.models.base import LabelledEnum, UTCDateTime, created_at_column, enum_type
from events.models.meetings import Event
from events.models.organisations import Organisation
from events.models.people import User


class TokenScope(LabelledEnum):
    READ = "read"
    WRITE = "write"  # read and write


class ApiToken(Model):
    """A token its owner made on the account page. It carries the owner's rights (the rules of
    `events.auth.permissions`), narrowed by its scope; only its hash is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    scope: Mapped[TokenScope] = mapped_column(enum_type(TokenScope, "scope"))
    # SHA-256 of the token: a stolen database does not give working tokens.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, shown on the account page so the owner knows which is which.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = created_at_column()
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    @property
    def may_write(self) -> bool:
        return self.scope is TokenScope.WRITE


class DeliveryStatus(LabelledEnum):
    PENDING = "pending"  # waiting for its first or next attempt
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after the last retry


class Webhook(Model):
    """A URL an organiser (for one meeting) or a focal point (for their NSB) subscribed to some
    topics. Deliveries carry only what its owner may read; it is switched off after repeated
    failures."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    # Shared with the receiver, who checks the HMAC signature of every delivery with it.
    secret: Mapped[str] = mapped_column(String(64))
    topics: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_at_column()

    owner: Mapped[User] = relationship()
    event: Mapped[Event | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class WebhookDelivery(Model):
    """One event sent (or to be sent) to one webhook, with every attempt's outcome."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(
        ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # the exact JSON body that is signed
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_type(DeliveryStatus, "status"), default=DeliveryStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = created_at_column()
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    webhook: Mapped[Webhook] = relationship()
    log: Mapped[list[WebhookAttempt]] = relationship(
        back_populates="delivery", cascade="all, delete-orphan",
        order_by="WebhookAttempt.id")


class WebhookAttempt(Model):
    """What the receiver answered to one attempt (or why there was no answer)."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    attempted_at: Mapped[datetime] = created_at_column()
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_excerpt: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="log")
