"""Who actually took part: one row per person and event (or session), with its origin."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import db
from events.models.base import LabelledEnum, UTCDateTime, created_at_column, enum_type
from events.models.meetings import Event, Session
from events.models.organisations import Organisation
from events.models.people import Person


class AttendanceMode(LabelledEnum):
    ONSITE = "onsite"
    REMOTE = "remote"


class AttendanceOrigin(LabelledEnum):
    CHECK_IN = "check_in"
    IMPORT = "import"
    MANUAL = "manual"


class Attendance(db.Model):
    __tablename__ = "attendances"
    __table_args__ = (
        # One row per person and event, or per person and session: re-imports add nothing.
        Index(
            "uq_attendances_person_event",
            "person_id",
            "event_id",
            unique=True,
            sqlite_where=text("session_id IS NULL"),
            postgresql_where=text("session_id IS NULL"),
        ),
        Index(
            "uq_attendances_person_session",
            "person_id",
            "session_id",
            unique=True,
            sqlite_where=text("session_id IS NOT NULL"),
            postgresql_where=text("session_id IS NOT NULL"),
        ),
        CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes_not_negative"),
        CheckConstraint(
            "left_at IS NULL OR joined_at IS NULL OR left_at >= joined_at",
            name="leaves_after_joining",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    # The organisation represented at this meeting (a person may move between NSBs over years).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    mode: Mapped[AttendanceMode] = mapped_column(enum_type(AttendanceMode, "mode"))
    origin: Mapped[AttendanceOrigin] = mapped_column(enum_type(AttendanceOrigin, "origin"))
    origin_detail: Mapped[str | None] = mapped_column(String(255))
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    minutes: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = created_at_column()

    person: Mapped[Person] = relationship()
    event: Mapped[Event] = relationship()
    session: Mapped[Session | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
