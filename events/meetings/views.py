"""Public pages: home, event, agenda (as published) and its changes, series, documents."""

from __future__ import annotations

import io

from flask import Blueprint, abort, render_template, request, send_file
from werkzeug.wrappers import Response

from events.agenda.editing import document_content, is_linked
from events.agenda.outline import sessions_by_day
from events.agenda.publishing import changes_from_version, published_agenda, version_history
from events.attendance.stats import participation, participation_by_event
from events.auth.permissions import can, requires
from events.extensions import db
from events.localtime import is_zone, zone_names
from events.meetings import queries
from events.meetings.agenda_notices import describe_change
from events.models import Document, Event, EventSeries

bp = Blueprint("meetings", __name__)


@bp.get("/")
def home() -> str:
    upcoming, past = queries.home_listing()
    return render_template("meetings/home.html", upcoming=upcoming, past=past)


@bp.get("/events/<event:event>/")
@requires("event.view", targets=("event",), hide=True)
def event_page(event: Event) -> str:
    queries.load_event_page(event)
    return render_template(
        "meetings/event.html",
        event=event,
        week=queries.week_events(event),
        figures=participation(event),
    )


@bp.get("/events/<event:event>/agenda")
@requires("event.view", targets=("event",), hide=True)
def agenda(event: Event) -> str:
    """The published agenda, day by day, in the event's zone or the one the reader picks
    (`?tz=America/Bogota`: a plain form, so it works without JavaScript)."""
    published = published_agenda(event)
    asked = request.args.get("tz", "").strip()
    zone = asked if asked and is_zone(asked) else event.timezone
    return render_template(
        "meetings/agenda.html",
        event=event,
        agenda=published,
        days=sessions_by_day(published.sessions, zone) if published else [],
        zone=zone,
        unknown_zone=asked if asked and not is_zone(asked) else None,
        zones=zone_names(),
    )


@bp.get("/events/<event:event>/agenda/changes")
@requires("event.view", targets=("event",), hide=True)
def agenda_changes(event: Event) -> str:
    versions = version_history(event)
    return render_template(
        "meetings/agenda_changes.html",
        event=event,
        versions=[(version, changes_from_version(version)) for version in versions],
        describe=describe_change,
    )


@bp.get("/events/<event:event>/documents/<id:document_id>/<name>")
@requires("event.view", targets=("event",), hide=True)
def document(event: Event, document_id: int, name: str) -> Response:
    """An uploaded document, for whoever may see the agenda that lists it (organisers also
    while it is only in the draft)."""
    found = db.session.get(Document, document_id)
    content = document_content(found) if found is not None else None
    if found is None or content is None:
        abort(404)
    published = published_agenda(event)
    listed = published is not None and document_id in published.documents
    if not listed and not (can("event.organise", event=event) and is_linked(event, document_id)):
        abort(404)
    return send_file(io.BytesIO(content), download_name=found.file_name,
                     as_attachment=False, max_age=0)


@bp.get("/series/<series:series>/")
def series_page(series: EventSeries) -> str:
    editions = queries.series_editions(series)
    return render_template(
        "meetings/series.html",
        series=series,
        editions=editions,
        figures=participation_by_event(editions),
    )
