"""Signing in through an identity provider: the button's POST leaves for the provider, its
answer comes back to the callback, which signs the account in and returns to the page the
person came from."""

from __future__ import annotations

from typing import Any

from authlib.integrations.base_client import OAuthError
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_user
from flask_wtf import FlaskForm
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

from events.auth.sso import SignInRefused, account_for, oauth, providers
from events.extensions import db
from events.i18n import current_language
from events.routing import local_path

bp = Blueprint("sso", __name__)

_NEXT = "sso_next"


@bp.app_context_processor
def sso_helpers() -> dict[str, object]:
    return {"identity_providers": providers(current_app),
            "password_accounts": current_app.config["PASSWORD_ACCOUNTS"]}


class StartForm(FlaskForm):
    """Only a CSRF token: nobody can be sent off to sign in by another site's form."""


def _provider(name: str) -> Any:  # an Authlib client
    if name not in {provider.name for provider in providers(current_app)}:
        abort(404)
    return oauth.create_client(name)


@bp.post("/sign-in/sso/<name>")
def start(name: str) -> Response:
    client = _provider(name)
    if not StartForm().validate_on_submit():
        abort(400)
    session[_NEXT] = local_path(request.args.get("next")) or url_for("meetings.home")
    return client.authorize_redirect(url_for("sso.callback", name=name, _external=True))


@bp.get("/sign-in/sso/<name>/callback")
def callback(name: str) -> Response | tuple[str, int]:
    client = _provider(name)
    provider = next(p for p in providers(current_app) if p.name == name)
    try:
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        if provider.email_claim not in claims or "email_verified" not in claims:
            claims.update(client.userinfo(token=token))
        user = account_for(provider, claims)
    except (OAuthError, JoseError, SignInRefused) as problem:
        # A refused or forged answer, an expired code, clocks apart: nobody is signed in.
        db.session.rollback()
        if isinstance(problem, SignInRefused):
            message = str(problem)
        else:
            current_app.logger.warning("sign-in with %s failed: %s", name, problem)
            message = _("Signing in with %(provider)s did not work. Try again; if it goes on "
                        "failing, tell the secretariat.", provider=provider.label)
        return render_template("auth/sso_problem.html", message=message), 400
    if user.language is None:
        user.language = current_language()
    db.session.commit()
    login_user(user)
    flash(_("Welcome, %(name)s.", name=user.person.full_name), "success")
    return redirect(session.pop(_NEXT, None) or url_for("meetings.home"))
