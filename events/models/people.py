"""People, user accounts with their roles, and registrations."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from flask_login import UserMixin
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
from werkzeug.security import check_password_hash, generate_password_hash

from events.extensions import db
from events.models.base import (
    LabelledEnum,
    UTCDateTime,
    created_at_column,
    enum_type,
    updated_at_column,
)
from events.models.meetings import Event
from events.models.organisations import Organisation


class PersonName:
    """How a person's name is shown and sorted, for the model and for light list rows."""

    given_name: str
    family_name: str

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.family_name.casefold(), self.given_name.casefold())


class Person(PersonName, db.Model):
    """Someone who takes part in meetings, with or without an account."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    # Stored lower-case (see `normalise_email`) so that uniqueness ignores case.
    email: Mapped[str | None] = mapped_column(String(255), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()

    organisation: Mapped[Organisation | None] = relationship()
    user: Mapped[User | None] = relationship(back_populates="person")

    def __repr__(self) -> str:
        return f"<Person {self.full_name}>"


def normalise_email(email: str) -> str:
    return email.strip().lower()


class Role(LabelledEnum):
    SECRETARIAT = "secretariat"
    ORGANISER = "organiser"
    FOCAL_POINT = "focal_point"
    DELEGATE = "delegate"
    # Narrow roles for one meeting (or every meeting an organisation hosts or organises);
    # what each may do is in events/auth/permissions.py.
    DOOR_STAFF = "door_staff"
    REGISTRATION_MANAGER = "registration_manager"
    VISA_DESK = "visa_desk"


MEETING_ROLES = (Role.DOOR_STAFF, Role.REGISTRATION_MANAGER, Role.VISA_DESK)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when the owner follows the link mailed at sign-up; needed to register for meetings.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The language the owner reads Plenaria in (set at sign-up and whenever they pick one from
    # the menu): the mails Plenaria sends them are written in it, whoever's action sent them.
    language: Mapped[str | None] = mapped_column(String(8))
    # Part of the id kept in every session and remember-me cookie: replacing it (password
    # reset or change, "sign out everywhere") ends every session signed in before.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # Two-factor sign-in (events.auth.two_factor): the TOTP secret once confirmed, the last
    # time step used (a code works once), and hashes of the unused recovery codes separated
    # by spaces (text, not JSON: PostgreSQL cannot compare JSON in a SELECT DISTINCT).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    recovery_code_hashes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()

    person: Mapped[Person] = relationship(back_populates="user")
    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to inactive accounts
        return self.active

    @property
    def is_secretariat(self) -> bool:
        return any(grant.role is Role.SECRETARIAT for grant in self.grants)

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class RoleGrant(db.Model):
    """A role held by a user: secretariat (global), organiser (of an event, or of what an
    organisation hosts or organises), focal point (of an organisation)."""

    __tablename__ = "role_grants"
    __table_args__ = (
        UniqueConstraint("user_id", "role", "organisation_id", "event_id"),
        CheckConstraint(
            "role <> 'secretariat' OR (organisation_id IS NULL AND event_id IS NULL)",
            name="secretariat_is_global",
        ),
        CheckConstraint(
            "role <> 'focal_point' OR (organisation_id IS NOT NULL AND event_id IS NULL)",
            name="focal_point_of_organisation",
        ),
        CheckConstraint(
            "role <> 'organiser' OR organisation_id IS NOT NULL OR event_id IS NOT NULL",
            name="organiser_of_something",
        ),
        CheckConstraint(
            "role NOT IN ('door_staff', 'registration_manager', 'visa_desk') "
            "OR organisation_id IS NOT NULL OR event_id IS NOT NULL",
            name="meeting_role_of_something",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )

    user: Mapped[User] = relationship(back_populates="grants")
    organisation: Mapped[Organisation | None] = relationship()
    event: Mapped[Event | None] = relationship()


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


class Registration(db.Model):
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

    @property
    def is_head_of_delegation(self) -> bool:
        return self.role is DelegateRole.HEAD_OF_DELEGATION

    @property
    def is_active(self) -> bool:
        return self.status.value in ACTIVE_STATUSES
