"""The account page's personal API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as BaseResponse

from events.api.forms import NewTokenForm, RevokeForm
from events.api.tokens import create_token, revoke_token, tokens_of
from events.auth.permissions import requires
from events.extensions import db
from events.models import ApiToken, TokenScope

bp = Blueprint("api_tokens", __name__)


def _page(form: NewTokenForm, new_secret: str | None = None) -> str:
    return render_template("api/tokens.html", form=form, tokens=tokens_of(current_user),
                           new_secret=new_secret, revoke=RevokeForm())


@bp.get("/account/tokens")
@login_required
@requires("account.signed_in")
def tokens() -> str:
    return _page(NewTokenForm())


@bp.post("/account/tokens")
@login_required
@requires("account.signed_in")
def create() -> str:
    form = NewTokenForm()
    if not form.validate_on_submit():
        return _page(form)
    made = create_token(current_user, form.name.data or "", TokenScope(form.scope.data))
    db.session.commit()
    # Rendered, not redirected: the secret is shown on this answer only and never again.
    flash(_("Token “%(name)s” created. Copy it now: it is not shown again.",
            name=made.token.name), "success")
    return _page(NewTokenForm(formdata=None), new_secret=made.secret)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
@requires("account.signed_in")
def revoke(token_id: int) -> BaseResponse | str:
    token = db.session.get(ApiToken, token_id)
    # Someone else's token is "not found": ids of others' tokens reveal nothing.
    if token is None or token.user_id != current_user.id or token.revoked_at is not None:
        abort(404)
    if RevokeForm().validate_on_submit():
        revoke_token(token)
        db.session.commit()
        flash(_("Token “%(name)s” revoked: it no longer works.", name=token.name), "success")
    return _page(NewTokenForm(formdata=None))
