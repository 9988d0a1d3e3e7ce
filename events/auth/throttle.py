"""Sign-in limits per account and per client address, counting failed attempts only.

A limit per address alone fails both ways: the delegates behind a venue's shared Wi-Fi share
one address (ten typos lock them all out), while guesses spread over many addresses are never
slowed for one account. So failures are counted twice, under the address typed (whether or
not it has an account, so a refusal tells nothing) and under the client's address, with a
far higher allowance for the latter. Counts live in the rate limiter's storage (Redis when
REDIS_URL is set), so every worker shares them; when that storage does not answer, each
process counts in its own memory until it does (limits still apply, per process). The refusal
tells the true wait.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import ngettext
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import RateLimiter

from events.extensions import limiter
from events.models import normalise_email

log = logging.getLogger(__name__)
T = TypeVar("T")


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


_local_limiter: RateLimiter | None = None


def _local() -> RateLimiter:
    """This process's own counts, of the same strategy as the shared limiter's."""
    global _local_limiter
    if _local_limiter is None:
        _local_limiter = type(limiter.limiter)(MemoryStorage())
    return _local_limiter


def _shared_or_local(action: Callable[[RateLimiter], T]) -> T:
    try:
        return action(limiter.limiter)
    except Exception:  # Redis down or hanging: never a 500, never no limit at all
        log.warning("the shared sign-in limits are unreachable: counting in this process")
        return action(_local())


def refusal_for(email: str) -> Refusal | None:
    """The refusal in force for a sign-in as `email` from this client, if any: the longest
    wait among the limits already used up."""
    scopes = _scopes(email)

    def read(store: RateLimiter) -> Refusal | None:
        now = time.time()
        refusals = []
        for items, identifiers, per_account in scopes:
            for item in items:
                if not store.test(item, *identifiers):
                    reset_at = store.get_window_stats(item, *identifiers).reset_time
                    refusals.append(Refusal(max(1, math.ceil(reset_at - now)), per_account))
        return max(refusals, key=lambda refusal: refusal.wait_seconds, default=None)

    return _shared_or_local(read)


def record_failure(email: str) -> None:
    """Count one failed sign-in as `email` from this client."""
    scopes = _scopes(email)

    def hit(store: RateLimiter) -> None:
        for items, identifiers, _per_account in scopes:
            for item in items:
                store.hit(item, *identifiers)

    _shared_or_local(hit)


def wait_message() -> str:
    """The 429 page of the other limited forms (sign-up, password reset): the true wait of
    the limit that was hit (the hourly one is not "a minute")."""
    current = limiter.current_limit
    if current is None:
        return _("Too many attempts. Wait a minute and try again.")
    minutes = max(1, math.ceil((current.reset_at - time.time()) / 60))
    return " ".join((_("Too many attempts."), ngettext(
        "Try again in %(num)d minute.", "Try again in %(num)d minutes.", minutes)))
