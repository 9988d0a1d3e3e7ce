"""The audit log: who did what to registrations, approvals, waiting lists, exports of
personal data, invitation letters and role grants, with the values before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model
from events.models.base import created_at_column
from events.models.meetings import Event
from events.models.people import User


class AuditEntry(Model):
    """One recorded action. The actor's name is kept as it was (accounts may be deleted);
    `before` and `after` hold only the fields that changed, never health or passport data
    itself (a change to them is recorded as "changed")."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_event_time", "event_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = created_at_column()
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(255))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(255))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()
    event: Mapped[Event | None] = relationship()
