"""What a plenary decides: NSBs taking part by correspondence, resolutions (drafted, edited in
versions and languages, adopted and numbered), votes and their ballots, the published record
(resolutions, minutes) and the audit trail of every change.

Documents are referred to by `documents.id` only, so the document register can grow on its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model, db
from events.models.agenda import AgendaItem
from events.models.base import (
    LabelledEnum,
    UTCDateTime,
    created_at_column,
    enum_type,
    updated_at_column,
)
from events.models.documents import Document
from events.models.meetings import Event, Session
from events.models.organisations import Committee, Organisation
from events.models.people import Person, User


class MajorityRule(LabelledEnum):
    """How a committee's vote is carried. Abstentions are never counted as votes cast."""

    SIMPLE = "simple"  # more yes than no among the P-members voting
    TWO_THIRDS = "two_thirds"  # at least two thirds of the P-members voting say yes


class CommitteeDecisionRules(Model):
    """A committee's own rule for votes (a committee without a row uses a simple majority)."""

    __tablename__ = "committee_decision_rules"

    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True
    )
    majority: Mapped[MajorityRule] = mapped_column(
        enum_type(MajorityRule, "majority"), default=MajorityRule.SIMPLE
    )

    committee: Mapped[Committee] = relationship()


class Correspondence(Model):
    """An NSB that sent written comments instead of attending: it takes part by
    correspondence, and the roll call says so rather than calling it absent."""

    __tablename__ = "correspondence_participations"
    __table_args__ = (UniqueConstraint("event_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    comments: Mapped[str] = mapped_column(Text)
    # The comments as a committee document, when they were circulated as one.
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = created_at_column()

    event: Mapped[Event] = relationship()
    organisation: Mapped[Organisation] = relationship()
    document: Mapped[Document | None] = relationship()


class DraftingCommitteeMember(Model):
    """A person the organisers named to the meeting's resolutions drafting committee: they
    write and amend drafts; adopting, votes and publishing stay with the organisers."""

    __tablename__ = "drafting_committee_members"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"),
                                           index=True)
    named_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    named_at: Mapped[datetime] = created_at_column()

    person: Mapped[Person] = relationship()


class ResolutionStatus(LabelledEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"
    WITHDRAWN = "withdrawn"


class DecisionMethod(LabelledEnum):
    CONSENSUS = "consensus"
    VOTE = "vote"


resolution_agenda_items = Table(
    "resolution_agenda_items",
    db.metadata,
    Column("resolution_id", ForeignKey("resolutions.id", ondelete="CASCADE"), primary_key=True),
    Column("agenda_item_id", ForeignKey("agenda_items.id", ondelete="CASCADE"),
           primary_key=True),
)

resolution_documents = Table(
    "resolution_documents",
    db.metadata,
    Column("resolution_id", ForeignKey("resolutions.id", ondelete="CASCADE"), primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)


class Resolution(Model):
    """A resolution of a committee meeting. Its number is given on adoption, per committee
    and year (`CASCO Resolution 12/2019`), and never reused."""

    __tablename__ = "resolutions"
    __table_args__ = (
        UniqueConstraint("committee_id", "year", "number"),
        CheckConstraint("(status = 'adopted') = (number IS NOT NULL)",
                        name="numbered_when_adopted"),
        CheckConstraint("number IS NULL OR (number > 0 AND year IS NOT NULL)",
                        name="number_positive_with_year"),
        CheckConstraint("(status = 'adopted') = (method IS NOT NULL)",
                        name="adopted_by_a_method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    title: Mapped[str] = mapped_column(String(255))
    status: Mapped[ResolutionStatus] = mapped_column(
        enum_type(ResolutionStatus, "status"), default=ResolutionStatus.DRAFT
    )
    number: Mapped[int | None] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)
    method: Mapped[DecisionMethod | None] = mapped_column(enum_type(DecisionMethod, "method"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    event: Mapped[Event] = relationship()
    committee: Mapped[Committee] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(secondary=resolution_agenda_items)
    documents: Mapped[list[Document]] = relationship(
        secondary=resolution_documents, order_by="Document.reference"
    )
    texts: Mapped[list[ResolutionText]] = relationship(
        back_populates="resolution", cascade="all, delete-orphan",
        order_by="ResolutionText.version",
    )


class ResolutionText(Model):
    """One version of a resolution's text in one language: an edit adds a version, so what
    was on the screen when the meeting decided can always be shown again."""

    __tablename__ = "resolution_texts"
    __table_args__ = (
        UniqueConstraint("resolution_id", "language", "version"),
        CheckConstraint("version > 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    edited_at: Mapped[datetime] = created_at_column()

    resolution: Mapped[Resolution] = relationship(back_populates="texts")
    edited_by: Mapped[User | None] = relationship()


class VoteChoice(LabelledEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class BallotChannel(LabelledEnum):
    HEAD_OF_DELEGATION = "head_of_delegation"  # cast by the head of delegation, here or online
    CALLED_OUT = "called_out"  # called out in the room, recorded by the secretary


class Vote(Model):
    """A vote on a draft resolution, held in one session: its voters are the P-members
    present there. Closed once; the result is kept as counted at closing."""

    __tablename__ = "votes"
    __table_args__ = (
        # One open vote per resolution at a time.
        Index("uq_votes_open_per_resolution", "resolution_id", unique=True,
              sqlite_where=text("closed_at IS NULL"),
              postgresql_where=text("closed_at IS NULL")),
        CheckConstraint("(closed_at IS NULL) = (carried IS NULL)", name="result_when_closed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    majority: Mapped[MajorityRule] = mapped_column(enum_type(MajorityRule, "majority"))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = created_at_column()
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    carried: Mapped[bool | None] = mapped_column()

    resolution: Mapped[Resolution] = relationship()
    session: Mapped[Session | None] = relationship()
    ballots: Mapped[list[Ballot]] = relationship(back_populates="vote",
                                                 cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Ballot(Model):
    """One country, one vote: a P-member's ballot in a vote."""

    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("vote_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("votes.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    choice: Mapped[VoteChoice] = mapped_column(enum_type(VoteChoice, "choice"))
    channel: Mapped[BallotChannel] = mapped_column(enum_type(BallotChannel, "channel"))
    cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cast_at: Mapped[datetime] = updated_at_column()

    vote: Mapped[Vote] = relationship(back_populates="ballots")
    organisation: Mapped[Organisation] = relationship()


class MeetingRecord(Model):
    """The published record of a meeting: when its resolutions were published (the 48-hour
    deadline is met or missed by that time), and its minutes, drafted then published."""

    __tablename__ = "meeting_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          unique=True)
    resolutions_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    minutes_text: Mapped[str | None] = mapped_column(Text)
    minutes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = updated_at_column()

    event: Mapped[Event] = relationship()


class DecisionLogEntry(Model):
    """The audit trail: every change to a resolution, a vote or the record, who and when."""

    __tablename__ = "decision_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    resolution_id: Mapped[int | None] = mapped_column(
        ForeignKey("resolutions.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = created_at_column()

    user: Mapped[User | None] = relationship()
