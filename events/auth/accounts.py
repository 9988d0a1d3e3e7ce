"""Accounts: creating users with their roles (shared by the CLI, the web views and tests)."""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from events.auth.passwords import password_problem
from events.auth.sessions import end_all_sessions
from events.extensions import db
from events.models import (
    MEETING_ROLES,
    Event,
    Organisation,
    Person,
    Role,
    RoleGrant,
    User,
    normalise_email,
    utcnow,
)


class AccountError(ValueError):
    """A request that cannot become an account; the message is shown to the user as is."""


def split_name(name: str) -> tuple[str, str]:
    """'Ana María Pérez' -> ('Ana María', 'Pérez'); a single word is a family name."""
    words = name.split()
    if not words:
        raise AccountError("A name is needed.")
    return " ".join(words[:-1]), words[-1]


def check_password_strength(password: str) -> None:
    problem = password_problem(password)
    if problem is not None:
        raise AccountError(problem)


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


@cache
def _stand_in_hash() -> str:
    # Made like every account's hash (same method, same cost) from a password nobody knows.
    return generate_password_hash(secrets.token_urlsafe(24))


def authenticate(email: str, password: str) -> User | None:
    """The account of `email` if `password` is its password. An unknown address costs one
    hash check too, so the time taken does not tell which addresses have accounts."""
    user = find_user(email)
    if user is None:
        check_password_hash(_stand_in_hash(), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password of a signed-in user who knows the current one, and end the
    sessions signed in with the old one (the caller keeps its own). The caller commits."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError(_("Your current password is not right."))
    check_password_strength(new)
    user.set_password(new)
    end_all_sessions(user)


def create_user(
    email: str,
    name: str,
    password: str,
    role: Role = Role.DELEGATE,
    organisation: Organisation | None = None,
    event: Event | None = None,
    *,
    confirmed: bool = True,
) -> User:
    """Create an account (and its person, or adopt the person already known by that email).

    Accounts made by the secretariat (CLI, demo) are confirmed; a sign-up is not until its
    owner follows the mailed link (`confirmed=False`). The caller commits. Roles: a focal
    point needs an organisation; an organiser needs an organisation (whose hosted and
    organised events it runs) or an event.
    """
    email = normalise_email(email)
    if find_user(email) is not None:
        raise AccountError(f"An account for {email} already exists.")
    check_password_strength(password)
    if role is Role.FOCAL_POINT and organisation is None:
        raise AccountError("A focal point belongs to an organisation: give its acronym.")
    if role is Role.ORGANISER and organisation is None and event is None:
        raise AccountError("An organiser organises an event or an organisation's events.")
    if role in MEETING_ROLES and organisation is None and event is None:
        raise AccountError(f"A {role.value} works for a meeting (--event) or for the meetings "
                           "of an organisation (--org).")

    person = db.session.scalar(select(Person).where(Person.email == email))
    if person is None:
        given, family = split_name(name)
        person = Person(given_name=given, family_name=family, email=email,
                        organisation=organisation)
        db.session.add(person)
    user = User(email=email, person=person, email_confirmed_at=utcnow() if confirmed else None)
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
    if role in MEETING_ROLES and organisation is None and event is None:
        raise AccountError(f"A {role.value} works for a meeting (--event) or for the meetings "
                           "of an organisation (--org).")
    if role is Role.ORGANISER and organisation is None and event is None:
        raise AccountError("An organiser organises an event or an organisation's events.")
    if role is Role.FOCAL_POINT and organisation is None:
        raise AccountError("A focal point belongs to an organisation: give its acronym.")
    if role is Role.SECRETARIAT:
        organisation = event = None
    if role is Role.FOCAL_POINT:
        event = None
    for grant in user.grants:
        if (grant.role, grant.organisation, grant.event) == (role, organisation, event):
            return
    user.grants.append(RoleGrant(role=role, organisation=organisation, event=event))


# Signed links: email confirmation and password reset ---------------------------------------

CONFIRMATION_MAX_AGE = 7 * 24 * 3600
RESET_MAX_AGE = 3600


class InvalidLink(ValueError):
    """A confirmation or reset link that is forged, expired or already used."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"plenaria-{purpose}")


def _password_fingerprint(user: User) -> str:
    # Changes with the password, so a reset link works once and dies with the old password.
    return user.password_hash[-16:]


def confirmation_token(user: User) -> str:
    return _serializer("confirm-email").dumps({"user": user.id, "email": user.email})


def reset_token(user: User) -> str:
    return _serializer("reset-password").dumps(
        {"user": user.id, "password": _password_fingerprint(user)})


def _load(purpose: str, token: str, max_age: int) -> dict:
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise InvalidLink(expired=True) from error
    except BadSignature as error:
        raise InvalidLink(expired=False) from error


def confirm_email(token: str, now: datetime | None = None) -> User:
    """Mark the account of a confirmation link as confirmed (idempotent); the caller commits."""
    data = _load("confirm-email", token, CONFIRMATION_MAX_AGE)
    user = db.session.get(User, data.get("user"))
    if user is None or user.email != data.get("email"):
        raise InvalidLink(expired=False)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now or utcnow()
    return user


def user_for_reset(token: str) -> User:
    """The account a reset link is for, if the link is genuine, fresh and unused."""
    data = _load("reset-password", token, RESET_MAX_AGE)
    user = db.session.get(User, data.get("user"))
    if user is None or not user.active or data.get("password") != _password_fingerprint(user):
        raise InvalidLink(expired=False)
    return user


def reset_password(token: str, password: str) -> User:
    """Set a new password through a reset link; the link then stops working. Following it
    also proves the address, so the account counts as confirmed. The caller commits."""
    user = user_for_reset(token)
    check_password_strength(password)
    user.set_password(password)
    end_all_sessions(user)  # whoever knew the old password is signed out everywhere
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user
