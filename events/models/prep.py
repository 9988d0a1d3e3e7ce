"""Online preparation sessions: their Webex details, invitations sent to NSBs, and the
remote-participation problems participants met."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model
from events.models.base import (
    LabelledEnum,
    UTCDateTime,
    created_at_column,
    enum_type,
    updated_at_column,
)
from events.models.meetings import Event
from events.models.organisations import Organisation
from events.models.people import Person, User


class PrepSessionDetails(Model):
    """The facilitator and the Webex details of an online meeting (the join link itself is
    `Event.join_url`). Private like the link: rule "event.join_details"."""

    __tablename__ = "prep_session_details"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), unique=True
    )
    facilitator_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    meeting_number: Mapped[str | None] = mapped_column(String(40))
    access_code: Mapped[str | None] = mapped_column(String(40))
    # One number a line, as the invitation shows them: "Colombia +57 601 123 4567".
    dial_in_numbers: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = updated_at_column()

    event: Mapped[Event] = relationship()
    facilitator: Mapped[Person | None] = relationship()

    @property
    def dial_in_lines(self) -> list[str]:
        return [line.strip() for line in (self.dial_in_numbers or "").splitlines()
                if line.strip()]


class PrepInvitation(Model):
    """An invitation mailed to an NSB's focal points for an online meeting."""

    __tablename__ = "prep_invitations"
    __table_args__ = (UniqueConstraint("event_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recipients: Mapped[int] = mapped_column(default=0)

    organisation: Mapped[Organisation] = relationship()
    sent_by: Mapped[User | None] = relationship()


class ProblemKind(LabelledEnum):
    """Problems of remote participation, as the COPANT prep session set out to detect."""

    AUDIO = "audio"
    VIDEO = "video"
    CONNECTION = "connection"
    TIME_ZONE = "time_zone"
    LANGUAGE = "language"
    PLATFORM_ACCESS = "platform_access"
    DOCUMENT_ACCESS = "document_access"
    OTHER = "other"


class RemoteProblemReport(Model):
    """What one participant met during an online meeting (recorded by them or for them)."""

    __tablename__ = "remote_problem_reports"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    # The NSB the person represented then (reports stay right if they move later).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    details: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()
    problems: Mapped[list[RemoteProblem]] = relationship(
        cascade="all, delete-orphan", back_populates="report"
    )

    @property
    def kinds(self) -> list[ProblemKind]:
        return sorted((p.kind for p in self.problems), key=list(ProblemKind).index)


class RemoteProblem(Model):
    __tablename__ = "remote_problems"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("remote_problem_reports.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[ProblemKind] = mapped_column(enum_type(ProblemKind, "kind"), primary_key=True)

    report: Mapped[RemoteProblemReport] = relationship(back_populates="problems")


