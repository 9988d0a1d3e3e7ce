"""Personal API tokens: made and revoked by their owner, shown once, stored as a hash."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from events.extensions import db
from events.models import ApiToken, TokenScope, User, utcnow

# Recognisable in logs and secret scanners; the rest is 256 random bits.
TOKEN_PREFIX = "plen_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown to its owner once, never stored


def create_token(user: User, name: str, scope: TokenScope) -> NewToken:
    """A new token carrying `user`'s rights within `scope`."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip(), scope=scope, token_hash=_digest(secret),
                     prefix=secret[:len(TOKEN_PREFIX) + 6])
    db.session.add(token)
    db.session.flush()
    return NewToken(token, secret)


def tokens_of(user: User) -> list[ApiToken]:
    """The owner's tokens still in force, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()


def authenticate(secret: str) -> ApiToken | None:
    """The token in force for `secret`, if any, with its owner's account active."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    return token
