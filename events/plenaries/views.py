"""Public pages: home, event, agenda, series."""

from __future__ import annotations

from flask import Blueprint, render_template

from events.attendance.stats import participation, participation_by_event
from events.auth.permissions import requires
from events.models import Event, EventSeries
from events.plenaries import queries
from events.plenaries.agenda import outline_by_session, sessions_by_day

bp = Blueprint("plenaries", __name__)


@bp.get("/")
def home() -> str:
    upcoming, past = queries.home_listing()
    return render_template("plenaries/home.html", upcoming=upcoming, past=past)


@bp.get("/events/<event:event>/")
@requires("event.view", targets=("event",), hide=True)
def event_page(event: Event) -> str:
    queries.load_event_page(event)
    return render_template(
        "plenaries/event.html",
        event=event,
        week=queries.week_events(event),
        figures=participation(event),
    )


@bp.get("/events/<event:event>/agenda")
@requires("event.view", targets=("event",), hide=True)
def agenda(event: Event) -> str:
    sessions = queries.agenda_sessions(event)
    return render_template(
        "plenaries/agenda.html",
        event=event,
        days=sessions_by_day(sessions, event.timezone),
        outline=outline_by_session(queries.agenda_items(event)),
    )


@bp.get("/series/<series:series>/")
def series_page(series: EventSeries) -> str:
    editions = queries.series_editions(series)
    return render_template(
        "plenaries/series.html",
        series=series,
        editions=editions,
        figures=participation_by_event(editions),
    )
