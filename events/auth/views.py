"""Signing in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from events.auth.accounts import find_user
from events.auth.forms import SignInForm
from events.extensions import db, login_manager
from events.models import User

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would let a phishing link borrow our domain."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("plenaries.home")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> str | Response:
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = SignInForm()
    if form.validate_on_submit():
        user = find_user(form.email.data or "")
        if user is not None and user.check_password(form.password.data or ""):
            if login_user(user, remember=form.remember.data):
                flash(_("Welcome, %(name)s.", name=user.person.full_name), "success")
                return redirect(_safe_next(request.args.get("next")))
            form.email.errors.append(_("This account is disabled. Contact the secretariat."))
        else:
            # One message for both cases: do not tell a stranger which emails have accounts.
            form.password.errors.append(_("The email address or the password is not right."))
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
@login_required
def sign_out() -> Response:
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("plenaries.home"))
