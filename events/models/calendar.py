"""The secret behind each user's personal calendar links; resetting it revokes them."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model
from events.models.base import created_at_column
from events.models.people import User


def new_calendar_secret() -> str:
    return secrets.token_urlsafe(24)


class CalendarKey(Model):
    __tablename__ = "calendar_keys"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(String(64), default=new_calendar_secret)
    created_at: Mapped[datetime] = created_at_column()

    user: Mapped[User] = relationship()
