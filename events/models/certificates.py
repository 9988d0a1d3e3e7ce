"""Certificates of attendance, each with a code anyone can verify on a public page."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model
from events.models.base import created_at_column
from events.models.meetings import Event
from events.models.people import Person

# No 0/O, 1/I/L, U: a code read off paper and typed in must not be ambiguous.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_certificate_code(typed: str) -> str:
    raw = "".join(c for c in typed.upper() if c.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}" if len(raw) == 12 else typed.strip().upper()


class Certificate(Model):
    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(16), unique=True, default=new_certificate_code)
    issued_at: Mapped[datetime] = created_at_column()

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()
