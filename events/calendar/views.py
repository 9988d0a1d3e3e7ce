"""Calendar feeds over HTTP, and the page where people get (and revoke) their own links."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.http import is_resource_modified
from werkzeug.wrappers import Response as BaseResponse

from events import rendered_cache
from events.agenda.publishing import published_agenda
from events.auth.permissions import can, requires
from events.calendar import personal, scopes
from events.calendar.feeds import render
from events.confirmation import confirmation_page
from events.extensions import db
from events.models import Event, EventSeries, Organisation

bp = Blueprint("calendar", __name__)


@bp.app_template_filter("webcal")
def webcal(url: str) -> str:
    """The subscribe form of a feed's address: calendar apps open webcal:// links."""
    return "webcal://" + url.split("://", 1)[-1]


def serve(scope: scopes.EventsScope, *, private: bool = False) -> Response:
    """The feed, or 304 when the client's copy is current (decided before building it)."""
    state = scope.state()
    # Only the ETag decides. A meeting leaving a feed (a registration cancelled, a seat given)
    # changes it without making anything in it newer, so If-Modified-Since alone could get a
    # 304 for a changed feed: a client that sends only that gets the feed.
    if is_resource_modified(request.environ, etag=state.etag):
        response = Response(_feed_bytes(scope, state.etag, private), mimetype="text/calendar")
    else:
        response = Response(status=304)
    response.set_etag(state.etag)
    if state.last_modified is not None:
        response.last_modified = state.last_modified
    # Clients may keep a copy but must ask each time; the answer is usually a cheap 304.
    response.cache_control.no_cache = True
    if private:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.vary.update(("Accept-Language", "Cookie"))  # the words follow the language
    return response


def _feed_bytes(scope: scopes.EventsScope, etag: str, private: bool) -> bytes:
    """The feed, built once per ETag for every client (kept by it in `rendered_cache`).
    Personal feeds (join links) are built for each request and kept nowhere."""
    if private:
        return render(scope.feed())
    cache = rendered_cache.store()
    key = f"feed:{etag}"
    body = cache.get(key)
    if body is None:
        body = render(scope.feed())
        cache.set(key, body)
    return body


@bp.get("/events/<event:event>/calendar.ics")
@requires("event.view", targets=("event",), hide=True)
def event_feed(event: Event) -> Response:
    return serve(scopes.event_scope(event))


@bp.get("/events/<event:event>/sessions/<session_uid>.ics")
@requires("event.view", targets=("event",), hide=True)
def session_feed(event: Event, session_uid: str) -> Response:
    agenda = published_agenda(event)
    if agenda is None or agenda.session(session_uid) is None:
        abort(404)
    return serve(scopes.session_scope(event, session_uid))


@bp.get("/series/<series:series>/calendar.ics")
def series_feed(series: EventSeries) -> Response:
    return serve(scopes.series_scope(series))


@bp.get("/orgs/<organisation:organisation>/calendar.ics")
def organisation_feed(organisation: Organisation) -> Response:
    return serve(scopes.organisation_scope(organisation))


@bp.get("/calendar/<int:user_id>/<token>/<feed>.ics")
def personal_feed(user_id: int, token: str, feed: str) -> Response:
    user = personal.user_for_link(user_id, feed, token)
    if user is None:
        abort(404)  # wrong, or revoked: the same answer, so links cannot be probed
    source = request.base_url
    if feed == "deadlines":
        return serve(scopes.deadlines_scope(user, source), private=True)
    return serve(scopes.personal_scope(user, source), private=True)


def personal_link(feed: str) -> str:
    return url_for("calendar.personal_feed", user_id=current_user.id,
                   token=personal.link_token(current_user, feed), feed=feed, _external=True)


@bp.get("/account/calendar")
@login_required
def account() -> str:
    links = {"meetings": personal_link("meetings")}
    if can("organise.dashboard"):
        links["deadlines"] = personal_link("deadlines")
    db.session.commit()  # the user's secret is made on first visit
    return render_template("calendar/account.html", links=links)


@bp.post("/account/calendar/reset")
@login_required
def reset() -> str | BaseResponse:
    ask = confirmation_page(
        _("Replace your calendar addresses?"), _("Yes, replace them"),
        url_for("calendar.account"),
        _("The old addresses stop working at once: every calendar app subscribed with them "
          "must subscribe again with the new ones."))
    if ask is not None:
        return ask
    personal.reset_links(current_user)
    db.session.commit()
    flash(_("Your calendar links were replaced. The old ones no longer work: subscribe again "
            "with the new ones."), "success")
    return redirect(url_for("calendar.account"))
