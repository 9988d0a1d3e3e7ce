"""Registration settings of an event, sessions with limited seats, session choices, and the
passport details of invitation-letter requests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from events.extensions import db
from events.models.base import LabelledEnum, created_at_column, enum_type
from events.models.meetings import Event, Session
from events.models.organisations import Organisation
from events.models.people import Registration


class Eligibility(LabelledEnum):
    """Who may register: anyone, the members of the event's committee, the members of a
    regional body, or (a subgroup's meeting) the experts of that group, person by person."""

    OPEN = "open"
    COMMITTEE = "committee"
    REGIONAL_BODY = "regional_body"
    GROUP_EXPERTS = "group_experts"


class ApprovalPolicy(LabelledEnum):
    """Who confirms a registration: nobody (automatic), the NSB's focal point, the organisers."""

    AUTOMATIC = "automatic"
    FOCAL_POINT = "focal_point"
    ORGANISERS = "organisers"


class ListVisibility(LabelledEnum):
    """Who appears on the list of participants (Indico's publication modes)."""

    HIDDEN = "hidden"
    CONSENTING = "consenting"
    ALL = "all"


class SessionChoiceStatus(LabelledEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"


class RegistrationSettings(db.Model):
    """How an event takes registrations. Events without a row use the defaults of
    `events.registration.settings.settings_for` (open, organisers approve, list hidden)."""

    __tablename__ = "registration_settings"
    __table_args__ = (
        CheckConstraint("delegation_cap IS NULL OR delegation_cap > 0",
                        name="delegation_cap_positive"),
        CheckConstraint("eligibility <> 'regional_body' OR regional_body_id IS NOT NULL",
                        name="regional_eligibility_names_the_body"),
    )

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    eligibility: Mapped[Eligibility] = mapped_column(
        enum_type(Eligibility, "eligibility"), default=Eligibility.OPEN
    )
    regional_body_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    approval_policy: Mapped[ApprovalPolicy] = mapped_column(
        enum_type(ApprovalPolicy, "approval_policy"), default=ApprovalPolicy.ORGANISERS
    )
    # Most people one organisation may register (guests not counted); no cap when empty.
    delegation_cap: Mapped[int | None] = mapped_column(Integer)
    public_list: Mapped[ListVisibility] = mapped_column(
        enum_type(ListVisibility, "public_list"), default=ListVisibility.HIDDEN
    )
    participants_list: Mapped[ListVisibility] = mapped_column(
        enum_type(ListVisibility, "participants_list"), default=ListVisibility.CONSENTING
    )

    event: Mapped[Event] = relationship(
        backref=backref("registration_settings", uselist=False, cascade="all, delete-orphan")
    )
    regional_body: Mapped[Organisation | None] = relationship()


class SessionSeats(db.Model):
    """A session with a limited number of seats (a site visit, a training room)."""

    __tablename__ = "session_seats"
    __table_args__ = (CheckConstraint("seats > 0", name="seats_positive"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    seats: Mapped[int] = mapped_column(Integer)

    session: Mapped[Session] = relationship(
        backref=backref("seat_limit", uselist=False, cascade="all, delete-orphan")
    )


class SessionChoice(db.Model):
    """A registrant's wish to attend a session with limited seats: a confirmed seat, or a
    place in that session's waiting list (first come, first served, unless the organisers
    reorder it)."""

    __tablename__ = "session_choices"
    __table_args__ = (
        UniqueConstraint("registration_id", "session_id"),
        CheckConstraint("queue_rank IS NULL OR queue_rank >= 1", name="queue_rank_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[SessionChoiceStatus] = mapped_column(
        enum_type(SessionChoiceStatus, "status"), default=SessionChoiceStatus.WAITLISTED
    )
    # The organisers' order of the session's waiting list (1 = next). Requests they have not
    # placed have none and follow the placed ones in the order they came.
    queue_rank: Mapped[int | None]
    created_at: Mapped[datetime] = created_at_column()

    registration: Mapped[Registration] = relationship(
        backref=backref("session_choices", cascade="all, delete-orphan",
                        order_by="SessionChoice.session_id")
    )
    session: Mapped[Session] = relationship()


class InvitationLetterRequest(db.Model):
    """The passport details an invitation (visa) letter needs. Kept only for that letter:
    shown to the host's organisers alone and deleted after the event by
    `flask --app app registration purge-passports`."""

    __tablename__ = "invitation_letter_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), unique=True
    )
    name_in_passport: Mapped[str] = mapped_column(String(255))
    passport_number: Mapped[str] = mapped_column(String(40))
    nationality: Mapped[str] = mapped_column(String(2))
    date_of_birth: Mapped[date] = mapped_column(Date)
    passport_expires_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = created_at_column()

    registration: Mapped[Registration] = relationship(
        backref=backref("invitation_letter", uselist=False, cascade="all, delete-orphan")
    )
