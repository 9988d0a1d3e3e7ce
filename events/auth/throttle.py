"""Sign-in limits per account and per client address, counting failed attempts only.

A limit per address alone fails both ways: the delegates behind a venue's shared Wi-Fi share
one address (ten typos lock them all out), while guesses spread over many addresses are never
slowed for one account. So failures are counted twice, under the address typed (whether or
not it has an account, so a refusal tells nothing) and under the client's address, with a
far higher allowance for the latter. Counts live in the rate limiter's storage (Redis when
REDIS_URL is set), so every worker shares them. The refusal tells the true wait.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import ngettext
from limits import RateLimitItem, parse_many

from events.extensions import limiter
from events.models import normalise_email

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in is refused for now, and for how long (seconds)."""

    wait_seconds: int
    per_account: bool

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.wait_seconds / 60))
        wait = ngettext("Try again in %(num)d minute.", "Try again in %(num)d minutes.",
                        minutes)
        if self.per_account:
            return " ".join((_("Too many failed attempts to sign in to this account."), wait,
                             _("If you have forgotten your password, reset it.")))
        return " ".join((_("Too many failed sign-ins from your network."), wait))


def _account_key(email: str) -> str:
    # Hashed: the limiter's storage need not hold the addresses people typed.
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()[:32]


def _scopes(email: str) -> list[tuple[list[RateLimitItem], tuple[str, ...], bool]]:
    config = current_app.config
    return [
        (parse_many(config["SIGN_IN_ACCOUNT_LIMIT"]), ("sign-in-account", _account_key(email)),
         True),
        (parse_many(config["SIGN_IN_ADDRESS_LIMIT"]),
         ("sign-in-address", request.remote_addr or "unknown"), False),
    ]


def refusal_for(email: str) -> Refusal | None:
    """The refusal in force for a sign-in as `email` from this client, if any: the longest
    wait among the limits already used up."""
    now = time.time()
    refusals = []
    try:
        for items, identifiers, per_account in _scopes(email):
            for item in items:
                if not limiter.limiter.test(item, *identifiers):
                    reset_at = limiter.limiter.get_window_stats(item, *identifiers).reset_time
                    refusals.append(Refusal(max(1, math.ceil(reset_at - now)), per_account))
    except Exception:  # the storage is down: let people sign in rather than lock everyone out
        log.exception("sign-in limits could not be read")
        return None
    return max(refusals, key=lambda refusal: refusal.wait_seconds, default=None)


def record_failure(email: str) -> None:
    """Count one failed sign-in as `email` from this client."""
    try:
        for items, identifiers, _per_account in _scopes(email):
            for item in items:
                limiter.limiter.hit(item, *identifiers)
    except Exception:
        log.exception("a failed sign-in could not be counted")


def wait_message() -> str:
    """The 429 page of the other limited forms (sign-up, password reset): the true wait of
    the limit that was hit (the hourly one is not "a minute")."""
    current = limiter.current_limit
    if current is None:
        return _("Too many attempts. Wait a minute and try again.")
    minutes = max(1, math.ceil((current.reset_at - time.time()) / 60))
    return " ".join((_("Too many attempts."), ngettext(
        "Try again in %(num)d minute.", "Try again in %(num)d minutes.", minutes)))
