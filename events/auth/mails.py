"""The account emails: confirmation link, password reset link, sign-up attempt notice, each
in the language the account's owner reads Plenaria in. Each is put in the outbox; the caller
commits (the mail goes out from the worker, so a mail server's trouble never reaches the
page)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _

from events.auth.accounts import confirmation_token, reset_token
from events.i18n import in_language
from events.mail import build_message
from events.models import User
from events.outbox.writing import queue_mail


def send_confirmation(user: User, next_path: str | None = None) -> None:
    """Mail the link that confirms the address; `next_path` (a local address, e.g. the
    meeting's registration form) rides along so the link leads back to where they were going."""
    link = url_for("auth.confirm", token=confirmation_token(user), next=next_path or None,
                   _external=True)
    with in_language(user.language):
        queue_mail(build_message([user.email], _("Confirm your email address for Plenaria"),
                  render_template("auth/mail/confirm.txt", user=user, link=link)),
                   kind="account_confirmation")


def send_password_reset(user: User) -> None:
    link = url_for("auth.reset", token=reset_token(user), _external=True)
    with in_language(user.language):
        queue_mail(build_message([user.email], _("Reset your Plenaria password"),
                  render_template("auth/mail/reset.txt", user=user, link=link)),
                   kind="password_reset")


def send_sign_up_attempt_notice(user: User) -> None:
    link = url_for("auth.forgot_password", _external=True)
    with in_language(user.language):
        queue_mail(build_message([user.email], _("You already have a Plenaria account"),
                  render_template("auth/mail/already_registered.txt", user=user,
                                                   link=link)),
                   kind="sign_up_attempt")
