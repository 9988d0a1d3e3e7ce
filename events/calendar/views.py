"""Calendar feeds over HTTP."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, url_for

from events.auth.permissions import requires
from events.calendar.feeds import event_calendar
from events.models import Event
from events.plenaries.queries import agenda_sessions

bp = Blueprint("calendar", __name__)


def uid_domain() -> str:
    # Fixed by configuration, not taken from the request: a UID must not change with the host.
    return current_app.config["CALENDAR_UID_DOMAIN"]


@bp.get("/events/<event:event>/calendar.ics")
@requires("event.view", targets=("event",), hide=True)
def event_feed(event: Event) -> Response:
    body = event_calendar(
        event,
        agenda_sessions(event),
        url_for("plenaries.event_page", event=event, _external=True),
        uid_domain(),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{event.slug}.ics"'
    return response
