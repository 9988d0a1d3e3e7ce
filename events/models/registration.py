"""Registrations (a person's place at an event, for one organisation) and what comes with
them: the event's registration settings, sessions with limited seats, session choices, and the
passport details of invitation-letter requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model
from events.models.base import (
    LabelledEnum,
    UTCDateTime,
    created_at_column,
    enum_type,
    updated_at_column,
)
from events.models.meetings import Event, Session
from events.models.organisations import Organisation
from events.models.people import Person

if TYPE_CHECKING:
    from events.models.people import User


class DelegateRole(LabelledEnum):
    HEAD_OF_DELEGATION = "head_of_delegation"
    DELEGATE = "delegate"
    EXPERT = "expert"
    OBSERVER = "observer"
    LIAISON_REPRESENTATIVE = "liaison_representative"
    SPEAKER = "speaker"
    GUEST = "guest"


class AttendanceType(LabelledEnum):
    ONSITE = "onsite"
    VIRTUAL = "virtual"
    UNDECIDED = "undecided"


class RegistrationStatus(LabelledEnum):
    PENDING = "pending"
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


# Registrations that hold (or wait for) a place; rejected and cancelled ones hold nothing.
ACTIVE_STATUSES = ("pending", "approved", "waitlisted")


class Registration(Model):
    """A person's registration for an event, representing exactly one organisation.

    One row per person and event (registering again after a cancellation reuses it).
    """

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "person_id"),
        Index("ix_registrations_event_status", "event_id", "status"),
        # At most one head of delegation per organisation and event.
        Index(
            "uq_registrations_head_of_delegation",
            "event_id",
            "organisation_id",
            unique=True,
            sqlite_where=text(
                "role = 'head_of_delegation' AND status IN ('pending', 'approved', 'waitlisted')"
            ),
            postgresql_where=text(
                "role = 'head_of_delegation' AND status IN ('pending', 'approved', 'waitlisted')"
            ),
        ),
        CheckConstraint(
            "(status = 'waitlisted') = (waitlist_position IS NOT NULL)",
            name="waitlisted_have_a_position",
        ),
        CheckConstraint(
            "arrival_date IS NULL OR departure_date IS NULL OR departure_date >= arrival_date",
            name="departs_after_arriving",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[DelegateRole] = mapped_column(
        enum_type(DelegateRole, "role"), default=DelegateRole.DELEGATE
    )
    attendance_type: Mapped[AttendanceType] = mapped_column(
        enum_type(AttendanceType, "attendance_type"), default=AttendanceType.ONSITE
    )
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_type(RegistrationStatus, "status"), default=RegistrationStatus.PENDING
    )
    # Place in the waiting list (1 = next to get a place); set only while waitlisted.
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    consent_to_publish: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_invitation_letter: Mapped[bool] = mapped_column(Boolean, default=False)
    arrival_date: Mapped[date | None] = mapped_column(Date)
    departure_date: Mapped[date | None] = mapped_column(Date)
    dietary_needs: Mapped[str | None] = mapped_column(String(500))
    accessibility_needs: Mapped[str | None] = mapped_column(String(500))
    # Who entered it (a focal point or organiser registering someone), who decided, and why.
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation] = relationship()
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    session_choices: Mapped[list[SessionChoice]] = relationship(
        back_populates="registration", cascade="all, delete-orphan",
        order_by="SessionChoice.session_id",
    )
    invitation_letter: Mapped[InvitationLetterRequest | None] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )

    @property
    def is_head_of_delegation(self) -> bool:
        return self.role is DelegateRole.HEAD_OF_DELEGATION

    @property
    def is_active(self) -> bool:
        return self.status.value in ACTIVE_STATUSES


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


class RegistrationSettings(Model):
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

    event: Mapped[Event] = relationship(back_populates="registration_settings")
    regional_body: Mapped[Organisation | None] = relationship()


class SessionSeats(Model):
    """A session with a limited number of seats (a site visit, a training room)."""

    __tablename__ = "session_seats"
    __table_args__ = (CheckConstraint("seats > 0", name="seats_positive"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    seats: Mapped[int] = mapped_column(Integer)

    session: Mapped[Session] = relationship(back_populates="seat_limit")


class SessionChoice(Model):
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

    registration: Mapped[Registration] = relationship(back_populates="session_choices")
    session: Mapped[Session] = relationship()


class InvitationLetterRequest(Model):
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

    registration: Mapped[Registration] = relationship(back_populates="invitation_letter")


def default_settings(event: Event) -> RegistrationSettings:
    """Open to anyone, approved by the organisers, the list hidden from the public and shown
    to participants who agreed to be listed. Not added to the database session."""
    return RegistrationSettings(
        event_id=event.id,
        eligibility=Eligibility.OPEN,
        approval_policy=ApprovalPolicy.ORGANISERS,
        public_list=ListVisibility.HIDDEN,
        participants_list=ListVisibility.CONSENTING,
    )


def settings_for(event: Event) -> RegistrationSettings:
    """The event's settings, or the defaults when none were saved."""
    return event.registration_settings or default_settings(event)
