"""Sessions: the id a session or remember-me cookie carries, and ending them all at once.

A cookie carries `"<user id>:<session token>"` (`User.get_id`). Replacing the account's
token makes every cookie issued before it worthless, so a password reset or change and
"sign out everywhere" end sessions on every device, remember-me cookies included.
"""

from __future__ import annotations

import hmac

from flask import current_app, request
from flask_login import login_user
from flask_login.config import COOKIE_NAME

from events.extensions import db
from events.models import User
from events.models.people import new_session_token


def user_for_session(session_id: str) -> User | None:
    """The account a session cookie names, if its token is still the account's."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None  # sessions from before tokens existed: signed out once
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def end_all_sessions(user: User) -> None:
    """Invalidate every session and remember-me cookie of `user`. The caller commits."""
    user.session_token = new_session_token()


def end_other_sessions(user: User) -> None:
    """Invalidate every other session of the signed-in `user` and keep this one (with its
    remember-me cookie if it had one). Commits, since the new cookie must match the row."""
    end_all_sessions(user)
    db.session.commit()
    cookie = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
    remembered = request.cookies.get(cookie) is not None
    login_user(user, remember=remembered)
