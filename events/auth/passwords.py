"""Password rules: a minimum length, and none of the passwords attackers try first.

The list (events/auth/data/common-passwords.txt.gz, see its README) is vendored, so the
check works without a network. Passwords are compared lower-cased and without surrounding
spaces, as the list is written; "Password123" is as guessable as "password123".
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from flask_babel import gettext as _

MIN_PASSWORD_LENGTH = 10
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def is_common(password: str) -> bool:
    return password.strip().lower() in common_passwords()


def password_problem(password: str) -> str | None:
    """What is wrong with `password`, in the words shown beside the field; None if fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password needs at least %(min)d characters.", min=MIN_PASSWORD_LENGTH)
    if is_common(password):
        return _("This password is one of the most common ones, which are tried first by "
                 "anyone guessing. Choose another: a few unrelated words are easy to "
                 "remember.")
    return None
