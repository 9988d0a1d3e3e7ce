"""Who actually took part: one row per person and event (or day, or session), with its origin;
the remote-meeting exports they were imported from, and the rows still waiting for review."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model
from events.models.base import LabelledEnum, UTCDateTime, created_at_column, enum_type
from events.models.meetings import Event, Session
from events.models.organisations import Organisation
from events.models.people import Person, User


class AttendanceMode(LabelledEnum):
    ONSITE = "onsite"
    REMOTE = "remote"


class AttendanceOrigin(LabelledEnum):
    CHECK_IN = "check_in"
    IMPORT = "import"
    MANUAL = "manual"


class ExportFormat(LabelledEnum):
    """The remote-meeting exports Plenaria reads."""

    WEBEX = "webex"
    ZOOM = "zoom"
    TEAMS = "teams"
    CSV = "csv"


class ReviewStatus(LabelledEnum):
    PENDING = "pending"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


class AttendanceImport(Model):
    """One remote-meeting export read into an event (or one of its sessions)."""

    __tablename__ = "attendance_imports"
    # The same file (by content) is read once per event: importing it again adds nothing.
    __table_args__ = (UniqueConstraint("event_id", "checksum"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    checksum: Mapped[str] = mapped_column(String(64))  # SHA-256 of the file's bytes
    format: Mapped[ExportFormat] = mapped_column(enum_type(ExportFormat, "format"))
    encoding: Mapped[str] = mapped_column(String(20))
    rows: Mapped[int] = mapped_column(Integer)
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    imported_at: Mapped[datetime] = created_at_column()

    event: Mapped[Event] = relationship()
    session: Mapped[Session | None] = relationship()
    imported_by: Mapped[User | None] = relationship()


class Attendance(Model):
    __tablename__ = "attendances"
    __table_args__ = (
        # One row per person and event, per person and day, or per person and session:
        # re-imports and repeated check-ins add nothing.
        Index(
            "uq_attendances_person_event",
            "person_id",
            "event_id",
            unique=True,
            sqlite_where=text("session_id IS NULL AND day IS NULL"),
            postgresql_where=text("session_id IS NULL AND day IS NULL"),
        ),
        Index(
            "uq_attendances_person_day",
            "person_id",
            "event_id",
            "day",
            unique=True,
            sqlite_where=text("day IS NOT NULL"),
            postgresql_where=text("day IS NOT NULL"),
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
        CheckConstraint("session_id IS NULL OR day IS NULL", name="session_or_day"),
        # The records page, check-in and the report read an event's rows (the unique
        # indexes above lead with the person); continuity reads its organisations from
        # the index alone.
        Index("ix_attendances_event_organisation", "event_id", "organisation_id"),
        CheckConstraint("origin = 'import' OR import_id IS NULL", name="import_only_for_imports"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    # A day of the event (in its own zone) when check-in is per day.
    day: Mapped[date | None] = mapped_column(Date)
    # The organisation represented at this meeting (a person may move between NSBs over years).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    mode: Mapped[AttendanceMode] = mapped_column(enum_type(AttendanceMode, "mode"))
    origin: Mapped[AttendanceOrigin] = mapped_column(enum_type(AttendanceOrigin, "origin"))
    # Import: "file.csv, lines 4, 9"; check-in: how (badge scan, typed code, list, walk-in).
    origin_detail: Mapped[str | None] = mapped_column(String(255))
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendance_imports.id", ondelete="SET NULL"), index=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    minutes: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = created_at_column()

    person: Mapped[Person] = relationship()
    event: Mapped[Event] = relationship()
    session: Mapped[Session | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    attendance_import: Mapped[AttendanceImport | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class AttendanceReviewItem(Model):
    """An export row no person could be matched to, waiting for an organiser to decide."""

    __tablename__ = "attendance_review_items"
    __table_args__ = (
        CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("attendance_imports.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    lines: Mapped[str] = mapped_column(String(255))  # "4, 9": where in the file
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(255))
    organisation_text: Mapped[str | None] = mapped_column(String(255))
    # Known from the email's domain even when the person is not.
    suggested_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    minutes: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[ReviewStatus] = mapped_column(
        enum_type(ReviewStatus, "status"), default=ReviewStatus.PENDING
    )
    attendance_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendances.id", ondelete="SET NULL")
    )
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    attendance_import: Mapped[AttendanceImport] = relationship()
    session: Mapped[Session | None] = relationship()
    suggested_organisation: Mapped[Organisation | None] = relationship()
    # The attendance the row was resolved into.
    attendance: Mapped[Attendance | None] = relationship()


Index("ix_attendance_review_items_event_status", AttendanceReviewItem.event_id,
      AttendanceReviewItem.status)
