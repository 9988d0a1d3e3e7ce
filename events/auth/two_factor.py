"""Two-factor sign-in with TOTP codes (RFC 6238, any authenticator app) and recovery codes.

Required for the secretariat and for anyone who may read passport details (organisers and
the visa desk: `permissions.may_see_passports`); optional for everyone else. A code works
once (the last time step used is kept), and each recovery code works once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from markupsafe import Markup

from events.auth.permissions import is_secretariat, may_see_passports
from events.models import User

ISSUER = "Plenaria"
RECOVERY_CODES = 10
# One step before and after: a phone whose clock is half a minute off still signs in.
VALID_WINDOW = 1


def is_required(user: User) -> bool:
    return is_secretariat(user) or may_see_passports(user)


def is_enabled(user: User) -> bool:
    return user.totp_secret is not None


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_svg(uri: str) -> Markup:
    """The setup QR code as inline SVG (drawn on the server: no script, no external image)."""
    return Markup(segno.make(uri, error="m").svg_inline(scale=4, border=2, title=ISSUER))


def _matching_step(secret: str, code: str, now: float) -> int | None:
    totp = pyotp.TOTP(secret)
    step = int(now // totp.interval)
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        candidate = totp.at(int((step + offset) * totp.interval))
        if hmac.compare_digest(candidate, code):
            return step + offset
    return None


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _hash(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def new_recovery_codes() -> list[str]:
    """Ten codes like `k7p2-m9xq-4tdn`, shown once; only their hashes are kept."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return ["-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))
            for _ in range(RECOVERY_CODES)]


def enable(user: User, secret: str, code: str, now: float | None = None) -> list[str] | None:
    """Turn two-factor sign-in on once a first code from the app proves the setup; returns
    the recovery codes (to show once), or None when the code is wrong. The caller commits."""
    step = _matching_step(secret, _clean(code), now or time.time())
    if step is None:
        return None
    codes = new_recovery_codes()
    user.totp_secret = secret
    user.totp_last_step = step
    user.recovery_code_hashes = " ".join(_hash(c) for c in codes)
    return codes


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    user.recovery_code_hashes = None


def verify(user: User, code: str, now: float | None = None) -> bool:
    """Whether `code` (from the app, or a recovery code) completes the sign-in; a code is
    used up by it. The caller commits."""
    if user.totp_secret is None:
        return False
    cleaned = _clean(code)
    if cleaned.isdigit():
        step = _matching_step(user.totp_secret, cleaned, now or time.time())
        if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
            return False
        user.totp_last_step = step
        return True
    hashed = _hash(cleaned)
    remaining = recovery_codes_left(user)
    if not any(hmac.compare_digest(hashed, kept) for kept in remaining):
        return False
    remaining.remove(hashed)
    user.recovery_code_hashes = " ".join(remaining)
    return True


def recovery_codes_left(user: User) -> list[str]:
    """Hashes of the recovery codes not used yet."""
    return (user.recovery_code_hashes or "").split()
