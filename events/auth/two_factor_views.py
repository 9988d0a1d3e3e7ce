"""Two-factor sign-in: the code asked after the password, setting it up, turning it off;
and the rule that the secretariat and whoever may read passports set it up first."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from werkzeug.security import check_password_hash
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from events.auth import throttle, two_factor
from events.auth.sessions import user_for_session
from events.extensions import db
from events.routing import local_path

bp = Blueprint("two_factor", __name__)

PENDING = "two_factor_pending"
SETUP_SECRET = "two_factor_setup"
# What a person who must set up two-factor sign-in may still open meanwhile.
OPEN_WHILE_REQUIRED = {"two_factor.setup", "two_factor.enable", "auth.sign_out", "static"}


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        InputRequired(_l("Enter the code shown by your authenticator app.")),
        Length(max=40)],
        description=_l("Six digits from your authenticator app, or one of your recovery "
                       "codes."))


class DisableForm(FlaskForm):
    password = PasswordField(_l("Your password"),
                             validators=[InputRequired(_l("Enter your password."))])


def start_challenge(user_id: str, remember: bool, next_path: str | None) -> Response:
    """After a right password: ask for the second factor before signing in."""
    session[PENDING] = {"user": user_id, "remember": remember, "next": next_path}
    return redirect(url_for("two_factor.challenge"))


@bp.route("/sign-in/code", methods=["GET", "POST"])
def challenge() -> str | Response | tuple[str, int]:
    pending: dict[str, Any] = session.get(PENDING) or {}
    user = user_for_session(pending["user"]) if pending else None
    if user is None:
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        refusal = throttle.refusal_for(user.email)
        if refusal is not None:
            form.code.errors = [refusal.message]
            return render_template("auth/two_factor_code.html", form=form), 429
        if two_factor.verify(user, form.code.data or ""):
            db.session.commit()
            session.pop(PENDING, None)
            login_user(user, remember=bool(pending.get("remember")))
            flash(_("Welcome, %(name)s.", name=user.person.full_name), "success")
            return redirect(local_path(pending.get("next")) or url_for("meetings.home"))
        throttle.record_failure(user.email)
        form.code.errors = [_("This code is not right, or was used already. Type the code "
                              "your app shows now.")]
    return render_template("auth/two_factor_code.html", form=form)


@bp.get("/account/two-factor")
@login_required
def setup() -> str:
    if two_factor.is_enabled(current_user):
        return render_template("auth/two_factor.html", form=DisableForm(),
                               required=two_factor.is_required(current_user),
                               codes_left=len(two_factor.recovery_codes_left(current_user)))
    secret = session.get(SETUP_SECRET) or two_factor.new_secret()
    session[SETUP_SECRET] = secret
    uri = two_factor.provisioning_uri(current_user, secret)
    return render_template("auth/two_factor_setup.html", form=CodeForm(), secret=secret,
                           qr_code=two_factor.qr_code_svg(uri),
                           required=two_factor.is_required(current_user))


@bp.post("/account/two-factor/enable")
@login_required
def enable() -> str | Response:
    form = CodeForm()
    secret = session.get(SETUP_SECRET)
    if secret is None or two_factor.is_enabled(current_user):
        return redirect(url_for("two_factor.setup"))
    codes = (two_factor.enable(current_user, secret, form.code.data or "")
             if form.validate_on_submit() else None)
    if codes is None:
        flash(_("This code is not right. Type the six digits your app shows now."), "error")
        return redirect(url_for("two_factor.setup"))
    db.session.commit()
    session.pop(SETUP_SECRET, None)
    return render_template("auth/two_factor_codes.html", codes=codes)


@bp.post("/account/two-factor/disable")
@login_required
def disable() -> Response:
    form = DisableForm()
    if two_factor.is_required(current_user):
        flash(_("Your role needs two-factor sign-in: it cannot be turned off."), "error")
    elif form.validate_on_submit() and check_password_hash(current_user.password_hash,
                                                           form.password.data or ""):
        two_factor.disable(current_user)
        db.session.commit()
        flash(_("Two-factor sign-in is off."), "info")
    else:
        flash(_("Your password is not right."), "error")
    return redirect(url_for("two_factor.setup"))


@bp.before_app_request
def require_two_factor() -> Response | None:
    """The secretariat and those who may read passports set up two-factor sign-in before
    anything else (TWO_FACTOR_REQUIRED, on unless switched off for tests of other things)."""
    if (not current_app.config.get("TWO_FACTOR_REQUIRED", True)
            or request.endpoint in OPEN_WHILE_REQUIRED
            or not current_user.is_authenticated
            or two_factor.is_enabled(current_user)
            or not two_factor.is_required(current_user)):
        return None
    flash(_("Your role gives access to personal data: set up two-factor sign-in to "
            "continue."), "info")
    return redirect(url_for("two_factor.setup"))
