"""A signed-in person's sign-in settings: change the password, sign out everywhere."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from events.auth.account_forms import ChangePasswordForm, SignOutEverywhereForm
from events.auth.accounts import AccountError, change_password
from events.auth.sessions import end_other_sessions
from events.extensions import db

bp = Blueprint("account_security", __name__)


def _page(password_form: ChangePasswordForm | None = None) -> str:
    return render_template("auth/security.html",
                           password_form=password_form or ChangePasswordForm(),
                           everywhere_form=SignOutEverywhereForm())


@bp.get("/account/security")
@login_required
def security() -> str:
    return _page()


@bp.post("/account/password")
@login_required
def password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data or "", form.password.data or "")
        except AccountError as error:
            db.session.rollback()
            form.current.errors = [*form.current.errors, str(error)]
        else:
            end_other_sessions(current_user)
            flash(_("Your password is changed. You stay signed in here; every other "
                    "device is signed out."), "success")
            return redirect(url_for("account_security.security"))
    return _page(form)


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere() -> Response:
    if SignOutEverywhereForm().validate_on_submit():
        end_other_sessions(current_user)
        flash(_("Every other device is signed out. You stay signed in here."), "success")
    return redirect(url_for("account_security.security"))
