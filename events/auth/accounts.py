"""Accounts: creating users with their roles (shared by the CLI, the web views and tests)."""

from __future__ import annotations

from sqlalchemy import select

from events.extensions import db
from events.models import Event, Organisation, Person, Role, RoleGrant, User, normalise_email

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A request that cannot become an account; the message is shown to the user as is."""


def split_name(name: str) -> tuple[str, str]:
    """'Ana María Pérez' -> ('Ana María', 'Pérez'); a single word is a family name."""
    words = name.split()
    if not words:
        raise AccountError("A name is needed.")
    return " ".join(words[:-1]), words[-1]


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    name: str,
    password: str,
    role: Role = Role.DELEGATE,
    organisation: Organisation | None = None,
    event: Event | None = None,
) -> User:
    """Create an account (and its person, or adopt the person already known by that email).

    The caller commits. Roles: a focal point needs an organisation; an organiser needs an
    organisation (whose hosted and organised events it runs) or an event.
    """
    email = normalise_email(email)
    if find_user(email) is not None:
        raise AccountError(f"An account for {email} already exists.")
    check_password_strength(password)
    if role is Role.FOCAL_POINT and organisation is None:
        raise AccountError("A focal point belongs to an organisation: give its acronym.")
    if role is Role.ORGANISER and organisation is None and event is None:
        raise AccountError("An organiser organises an event or an organisation's events.")

    person = db.session.scalar(select(Person).where(Person.email == email))
    if person is None:
        given, family = split_name(name)
        person = Person(given_name=given, family_name=family, email=email,
                        organisation=organisation)
        db.session.add(person)
    user = User(email=email, person=person)
    user.set_password(password)
    db.session.add(user)
    grant_role(user, role, organisation=organisation, event=event)
    return user


def grant_role(
    user: User,
    role: Role,
    organisation: Organisation | None = None,
    event: Event | None = None,
) -> None:
    """Give `user` a role; delegates need no grant (every account may register)."""
    if role is Role.DELEGATE:
        return
    if role is Role.SECRETARIAT:
        organisation = event = None
    if role is Role.FOCAL_POINT:
        event = None
    for grant in user.grants:
        if (grant.role, grant.organisation, grant.event) == (role, organisation, event):
            return
    user.grants.append(RoleGrant(role=role, organisation=organisation, event=event))
