"""My data: download what Plenaria holds about me; delete my account."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm
from werkzeug.security import check_password_hash
from werkzeug.wrappers import Response as BaseResponse
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, InputRequired

from events.extensions import db
from events.privacy.personal_data import delete_account, personal_data, record_download
from events.registration.notifications import deliver

bp = Blueprint("privacy", __name__)


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"),
                             validators=[InputRequired(_l("Enter your password."))])
    understood = BooleanField(
        _l("I understand: my account is deleted for good, and my registrations for "
           "upcoming meetings are cancelled."),
        validators=[DataRequired(_l("Tick the box to confirm."))])


def _page(form: DeleteAccountForm | None = None) -> str:
    return render_template("privacy/my_data.html", form=form or DeleteAccountForm())


@bp.get("/account/data")
@login_required
def my_data() -> str:
    return _page()


@bp.get("/account/data.json")
@login_required
def download() -> Response:
    body = json.dumps(personal_data(current_user), ensure_ascii=False, indent=2)
    record_download(current_user)
    db.session.commit()
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-plenaria-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/account/delete")
@login_required
def delete() -> str | BaseResponse:
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return _page(form)
    if not check_password_hash(current_user.password_hash, form.password.data or ""):
        form.password.errors = [_("Your password is not right.")]
        return _page(form)
    user = current_user._get_current_object()
    logout_user()
    notices = delete_account(user)
    deliver(notices)  # into the outbox, in the same transaction as the deletion
    db.session.commit()
    flash(_("Your account is deleted. Thank you for taking part."), "info")
    return redirect(url_for("meetings.home"))
