"""People, user accounts with their roles, and registrations."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import (
    event as sa_event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

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
from events.text import person_name
from events.textfold import fold


class PersonName:
    """How a person's name is shown and sorted, for the model and for light list rows."""

    given_name: str
    family_name: str

    @property
    def full_name(self) -> str:
        return person_name(self.given_name, self.family_name)

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.family_name.casefold(), self.given_name.casefold())

    def listed_with(self, acronym: str | None) -> str:
        """"Pérez, Ana (IRAM)": how lists to choose a person from show them, in the order
        they are sorted, with the organisation they come for."""
        listed = f"{self.family_name}, {self.given_name}".strip(", ")
        return f"{listed} ({acronym})" if acronym else listed


class Person(PersonName, Model):
    """Someone who takes part in meetings, with or without an account."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    # Stored lower-case (see `normalise_email`) so that uniqueness ignores case.
    email: Mapped[str | None] = mapped_column(String(255), unique=True)
    # "perez\tana": the name folded (see `fold_name`), kept by the listeners below, so that
    # long lists are searched and sorted by the database without accents or case (SQLite's
    # LOWER knows no accents, PostgreSQL's unaccent is an extension few servers have).
    sort_name: Mapped[str] = mapped_column(String(250), default="", index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    # Printed documents (badges, certificates) are validated by their rows' `updated_at`.
    updated_at: Mapped[datetime] = updated_at_column()

    organisation: Mapped[Organisation | None] = relationship()
    user: Mapped[User | None] = relationship(back_populates="person")

    @property
    def choice_label(self) -> str:
        """The person in a list to choose from, with their own organisation."""
        return self.listed_with(self.organisation.acronym if self.organisation else None)

    def __repr__(self) -> str:
        return f"<Person {self.full_name}>"


def fold_name(given_name: str | None, family_name: str | None) -> str:
    """The stored `Person.sort_name`: family, a tab, given (a tab sorts before any letter,
    so the column orders like the pair), spaces collapsed as an export's names are."""
    return f"{' '.join(fold(family_name).split())}\t{' '.join(fold(given_name).split())}"


@sa_event.listens_for(Person, "before_insert")
@sa_event.listens_for(Person, "before_update")
def _keep_sort_name(mapper: Any, connection: Any, person: Person) -> None:
    person.sort_name = fold_name(person.given_name, person.family_name)


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


class User(UserMixin, Model):
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


class RoleGrant(Model):
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
