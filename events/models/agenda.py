"""The agenda: its items (numbered, with their documents), its published versions, and the
Directives deadlines organisers mark as done."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model, db
from events.models.base import LabelledEnum, UTCDateTime, enum_type, updated_at_column
from events.models.documents import Document
from events.models.meetings import Event, Session
from events.models.people import User

agenda_item_documents = Table(
    "agenda_item_documents",
    db.metadata,
    Column("agenda_item_id", ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)


class AgendaItem(Model):
    """An item of an event's agenda. Numbers (1, 2, 2.1) follow from parent and position."""

    __tablename__ = "agenda_items"
    __table_args__ = (CheckConstraint("position >= 0", name="position_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500))
    presenter: Mapped[str | None] = mapped_column(String(255))

    event: Mapped[Event] = relationship(back_populates="agenda_items")
    session: Mapped[Session | None] = relationship(back_populates="agenda_items")
    parent: Mapped[AgendaItem | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[AgendaItem]] = relationship(
        back_populates="parent", order_by="AgendaItem.position"
    )
    documents: Mapped[list[Document]] = relationship(
        secondary=agenda_item_documents, order_by="Document.reference"
    )


class AgendaVersion(Model):
    """One publication of an event's agenda. The public agenda, the feeds and the changes page
    read the latest version; what organisers edit in between is a draft nobody else sees."""

    __tablename__ = "agenda_versions"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("notified IS NULL OR notified >= 0", name="notified_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # The organisers' own words for participants ("the reception moves to the terrace").
    note: Mapped[str | None] = mapped_column(Text)
    # The agenda as published (see `events.agenda.publishing.PublishedAgenda`).
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    # What changed since the version before: a list of `SessionChange` records.
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # How many participants' mails about this version were put in the outbox (None: none).
    notified: Mapped[int | None] = mapped_column(Integer)

    event: Mapped[Event] = relationship()
    published_by: Mapped[User | None] = relationship()


class DeadlineKind(LabelledEnum):
    """Due dates of committee meetings in the ISO/IEC Directives."""

    DRAFT_AGENDA = "draft_agenda"
    DOCUMENTS_FOR_DECISION = "documents_for_decision"
    RESOLUTIONS = "resolutions"
    MINUTES = "minutes"
    WG_AGENDA = "wg_agenda"


class DeadlineCompletion(Model):
    """Whether a deadline of an event is done. The due date itself is computed, never stored:
    it follows the event's dates when they move."""

    __tablename__ = "deadline_completions"
    __table_args__ = (
        UniqueConstraint("event_id", "kind"),
        CheckConstraint("revision >= 0", name="revision_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DeadlineKind] = mapped_column(enum_type(DeadlineKind, "kind"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Raised at each mark and unmark: the SEQUENCE of the deadline in organisers' calendars.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = updated_at_column()

    event: Mapped[Event] = relationship()
    done_by: Mapped[User | None] = relationship()
