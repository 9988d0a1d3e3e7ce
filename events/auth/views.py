"""Accounts: signing up (with email confirmation), in and out, and resetting a password."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from events.auth import throttle, two_factor, two_factor_views
from events.auth.accounts import (
    AccountError,
    InvalidLink,
    authenticate,
    confirm_email,
    create_user,
    find_user,
    reset_password,
    user_for_reset,
)
from events.auth.forms import (
    ForgotPasswordForm,
    ResendConfirmationForm,
    ResetPasswordForm,
    SignInForm,
    SignUpForm,
)
from events.auth.mails import (
    send_confirmation,
    send_password_reset,
    send_sign_up_attempt_notice,
)
from events.auth.sessions import user_for_session
from events.extensions import db, limiter, login_manager
from events.i18n import current_language
from events.models import User
from events.routing import local_path
from events.transactions import begin_write, reads_first

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return user_for_session(user_id)


def _safe_next(target: str | None) -> str:
    return local_path(target) or url_for("meetings.home")


def _attempts_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


@bp.route("/sign-in", methods=["GET", "POST"])
@reads_first
def sign_in() -> str | Response | tuple[str, int, dict[str, str]]:
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = SignInForm()
    # An installation whose people all have a provider may turn password accounts off.
    if current_app.config["PASSWORD_ACCOUNTS"] and form.validate_on_submit():
        email = form.email.data or ""
        refusal = throttle.refusal_for(email)
        if refusal is not None:
            form.password.errors.append(refusal.message)
            return (render_template("auth/sign_in.html", form=form,
                                    next_path=local_path(request.args.get("next"))), 429,
                    {"Retry-After": str(refusal.wait_seconds)})
        user = authenticate(email, form.password.data or "")
        if user is None:
            throttle.record_failure(email)
            # One message for both cases: do not tell a stranger which emails have accounts.
            form.password.errors.append(_("The email address or the password is not right."))
        elif user.active and two_factor.is_enabled(user):
            return two_factor_views.start_challenge(user.get_id(), bool(form.remember.data),
                                                    request.args.get("next"))
        elif login_user(user, remember=form.remember.data):
            if user.language is None:  # accounts made for people, or before languages
                begin_write()
                if user.language is None:  # read again, now inside the write
                    user.language = current_language()
                db.session.commit()
            flash(_("Welcome, %(name)s.", name=user.person.full_name), "success")
            return redirect(_safe_next(request.args.get("next")))
        else:
            form.email.errors.append(_("This account is disabled. Contact the secretariat."))
    return render_template("auth/sign_in.html", form=form,
                           next_path=local_path(request.args.get("next")))


@bp.post("/sign-out")
@login_required
def sign_out() -> Response:
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("meetings.home"))


@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit(_attempts_limit, methods=["POST"])
def sign_up() -> str | Response:
    if not current_app.config["PASSWORD_ACCOUNTS"]:
        abort(404)
    # Where the person was going (a meeting's registration form, say) is kept through the
    # sign-up, the confirmation mail and the sign-in, so nobody has to find the meeting again.
    next_path = local_path(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_path or url_for("registration.my_meetings"))
    form = SignUpForm()
    if form.validate_on_submit():
        email = form.email.data or ""
        existing = find_user(email)
        if existing is not None:
            # Same answer as a new sign-up, so nobody learns which addresses have accounts;
            # the owner is told by mail and offered a password reset.
            send_sign_up_attempt_notice(existing)
            db.session.commit()
            return render_template("auth/check_mailbox.html", email=email)
        try:
            user = create_user(email, form.name.data or "", form.password.data or "",
                               confirmed=False)
            user.language = current_language()
            db.session.flush()
            send_confirmation(user, next_path)  # in the account's transaction: both or neither
            db.session.commit()
        except AccountError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            login_user(user)
            return render_template("auth/check_mailbox.html", email=user.email,
                                   next_path=next_path)
    return render_template("auth/sign_up.html", form=form, next_path=next_path)


@bp.get("/confirm/<token>")
def confirm(token: str) -> str | Response | tuple[str, int]:
    begin_write()  # a GET that writes (events.transactions)
    try:
        user = confirm_email(token)
        db.session.commit()
    except InvalidLink as error:
        message = (_("This confirmation link has expired.") if error.expired
                   else _("This confirmation link is not valid."))
        return render_template("auth/link_problem.html", message=message,
                               resend=current_user.is_authenticated), 400
    flash(_("Thank you: your email address %(email)s is confirmed.", email=user.email),
          "success")
    next_path = local_path(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_path or url_for("registration.my_meetings"))
    return redirect(url_for("auth.sign_in", next=next_path))


@bp.post("/confirm/again")
@login_required
@limiter.limit(_attempts_limit)
def resend_confirmation() -> Response:
    form = ResendConfirmationForm()
    if form.validate_on_submit() and not current_user.email_confirmed:
        send_confirmation(current_user, local_path(request.args.get("next")))
        db.session.commit()
        flash(_("We sent the link again to %(email)s.", email=current_user.email), "info")
    return redirect(_safe_next(request.args.get("next")))


@bp.route("/password/forgotten", methods=["GET", "POST"])
@limiter.limit(_attempts_limit, methods=["POST"])
def forgot_password() -> str | Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data or "")
        if user is not None and user.active:
            send_password_reset(user)
            db.session.commit()
        # The same page whether or not the address has an account.
        return render_template("auth/check_mailbox.html", email=form.email.data, reset=True)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> str | Response | tuple[str, int]:
    try:
        user_for_reset(token)
    except InvalidLink as error:
        message = (_("This link has expired: links to reset a password work for one hour.")
                   if error.expired else
                   _("This link is not valid any more: it may have been used already."))
        return render_template("auth/link_problem.html", message=message, reset=True), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = reset_password(token, form.password.data or "")
            db.session.commit()
        except AccountError as error:
            db.session.rollback()
            form.password.errors.append(str(error))
        else:
            login_user(user)
            flash(_("Your password is changed. You are signed in."), "success")
            return redirect(url_for("registration.my_meetings"))
    return render_template("auth/reset_password.html", form=form)
