"""Who is calling the API: the owner of the personal token in `Authorization: Bearer …`.

Browser sessions are ignored here on purpose: a page on another site could otherwise make a
signed-in visitor's browser call the API (there is no CSRF token in an API call).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import NoReturn

from flask import g, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import AnonymousUserMixin
from flask_smorest import abort as smorest_abort
from sqlalchemy import update

from events.api.tokens import authenticate
from events.extensions import db
from events.models import ApiToken, utcnow

# flask_smorest has no type hints: say that its abort raises (so `token` is known below).
abort: Callable[..., NoReturn] = smorest_abort


def authenticate_request() -> None:
    """Set the request's user from its token (anonymous without one); 401 for a bad token."""
    header = request.headers.get("Authorization", "")
    scheme, _space, secret = header.partition(" ")
    # Flask-Login reads the user of the request from here: the token's owner, or nobody.
    g._login_user = AnonymousUserMixin()
    if not header:
        return
    token = authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        abort(401, message=_("This token is not valid: it may have been revoked. Create a "
                             "new one on your account page."),
              headers={"WWW-Authenticate": 'Bearer realm="plenaria"'})
    g.api_token = token
    g._login_user = token.user
    # Shown on the account page; its own small transaction, before the view's.
    db.session.execute(update(ApiToken).where(ApiToken.id == token.id)
                       .values(last_used_at=utcnow()))
    db.session.commit()


def rate_limit_key() -> str:
    """One bucket per token (per client address without one). Read from the header itself:
    the limiter runs before the token is looked up, and a guessed token is worthless anyway."""
    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        return "api-token:" + hashlib.sha256(secret.strip().encode()).hexdigest()[:32]
    return f"api-address:{get_remote_address()}"
