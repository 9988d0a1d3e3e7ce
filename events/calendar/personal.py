"""Personal calendar links: a signed address per user and feed, that works without signing in
(calendar clients cannot) and that the user revokes by resetting their secret.

The signature covers the user and the feed, keyed with the application's secret and the
user's own secret: resetting the user's secret invalidates every link handed out before,
without touching anyone else's.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import Signer
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from events.extensions import db
from events.models import CalendarKey, User
from events.models.calendar import new_calendar_secret

FEEDS = ("meetings", "deadlines")


def _signer(secret: str) -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=f"plenaria.calendar.{secret}",
                  digest_method=hashlib.sha256)


def _value(user_id: int, feed: str) -> bytes:
    return f"{user_id}/{feed}".encode()


def calendar_key(user: User) -> CalendarKey:
    """The user's key, made on first use (the caller commits)."""
    key = db.session.get(CalendarKey, user.id)
    if key is None:
        key = CalendarKey(user_id=user.id, secret=new_calendar_secret())
        db.session.add(key)
        db.session.flush()
    return key


def link_token(user: User, feed: str) -> str:
    """The token of `user`'s link to `feed` ("meetings" or "deadlines")."""
    if feed not in FEEDS:
        raise ValueError(f"no personal feed {feed!r}")
    return _signer(calendar_key(user).secret).get_signature(_value(user.id, feed)).decode()


def reset_links(user: User) -> None:
    """Revoke every personal link of `user`: new ones must be copied again (caller commits)."""
    calendar_key(user).secret = new_calendar_secret()


def user_for_link(user_id: int, feed: str, token: str) -> User | None:
    """The user a link belongs to, or None when it is wrong or was revoked."""
    if feed not in FEEDS:
        return None
    row = db.session.execute(
        select(CalendarKey.secret, User).join(User, User.id == CalendarKey.user_id)
        .where(CalendarKey.user_id == user_id)
        .options(joinedload(User.grants))  # the feeds' permission rules read them
    ).unique().first()
    if row is None:
        return None
    secret, user = row
    valid = _signer(secret).verify_signature(_value(user_id, feed), token.encode())
    return user if valid and user.is_active else None
