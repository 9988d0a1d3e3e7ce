"""Organisers' pages: their desk, an event's details, its hub with the Directives deadlines."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from events.agenda import deadlines
from events.agenda.editing import AgendaError
from events.agenda.publishing import latest_version
from events.auth.permissions import requires
from events.extensions import db
from events.hub import ManagePage, add_manage_page, manage_pages
from events.meetings import queries
from events.meetings.event_details import (
    EventDetails,
    address_from_title,
    event_details,
    save_event,
)
from events.meetings.forms import EventForm
from events.meetings.zones import zone_from_form, zone_label, zone_options
from events.models import DeadlineKind, Event, EventKind, EventMode, EventStatus, utcnow

bp = Blueprint("manage", __name__)

add_manage_page(ManagePage("manage.edit_event", _l("Event details"),
                           _l("Title, dates and time zone, place, host and organisers, the "
                              "link to join online."), order=10))
add_manage_page(ManagePage("meetings.event_page", _l("Public page"),
                           _l("The meeting as participants see it."), order=90))


@bp.get("/organise/")
@requires("organise.dashboard")
def desk() -> str:
    events = queries.organiser_desk(current_user)
    now = utcnow()
    return render_template(
        "manage/desk.html",
        upcoming=[e for e in reversed(events) if e.ends_at >= now],
        past=[e for e in events if e.ends_at < now],
        deadlines=deadlines.deadlines_for(events),
        now=now,
    )


def _details(form: EventForm) -> EventDetails:
    title = form.title.data or ""
    slug = (form.slug.data or "").strip() or (address_from_title(title) if title.strip() else "")
    zone = zone_from_form(form.timezone.data or "", form.city.data, form.country.data,
                          get_locale() or "en", form.starts.data)
    return EventDetails(
        title=title, slug=slug,
        kind=EventKind(form.kind.data), status=EventStatus(form.status.data),
        mode=EventMode(form.mode.data), timezone=zone,
        starts=form.starts.data, ends=form.ends.data,
        series_id=form.series_id.data, new_series=form.new_series.data,
        edition=form.edition.data, meeting_week_id=form.meeting_week_id.data,
        new_meeting_week=form.new_meeting_week.data, committee_id=form.committee_id.data,
        host_id=form.host_id.data, organiser_ids=list(form.organiser_ids.data or []),
        venue=form.venue.data, city=form.city.data, country=form.country.data,
        capacity=form.capacity.data, join_url=form.join_url.data,
        description=form.description.data, move_sessions=bool(form.move_sessions.data),
    )


def _save(form: EventForm, event: Event | None) -> tuple[Event, int] | None:
    try:
        saved = save_event(_details(form), by=current_user, event=event)
        db.session.commit()
    except AgendaError as error:
        db.session.rollback()
        for name, message in error.problems:
            form[name].errors.append(message)
        return None
    return saved


def _render_form(form: EventForm, event: Event | None) -> str:
    at = event.starts_at if event else utcnow()
    return render_template("manage/event_form.html", form=form, event=event,
                           zones=zone_options(get_locale() or "en", at,
                                              form.country.data or None))


@bp.route("/organise/events/new", methods=["GET", "POST"])
@requires("event.create")
def new_event() -> str | Response:
    form = EventForm()
    if request.method == "GET":
        form.status.data = EventStatus.DRAFT.value
    if form.validate_on_submit():
        saved = _save(form, None)
        if saved is not None:
            flash(_("%(title)s was created as %(status)s.", title=saved[0].title,
                    status=saved[0].status.label), "success")
            return redirect(url_for("manage.hub", event=saved[0]))
    return _render_form(form, None)


@bp.route("/events/<event:event>/edit", methods=["GET", "POST"])
@requires("event.organise", targets=("event",))
def edit_event(event: Event) -> str | Response:
    form = EventForm(obj=event_details(event) if request.method == "GET" else None)
    if request.method == "GET":
        form.kind.data, form.status.data = event.kind.value, event.status.value
        form.mode.data, form.country.data = event.mode.value, event.country or ""
        form.timezone.data = zone_label(event.timezone, get_locale() or "en", event.starts_at)
    if form.validate_on_submit():
        saved = _save(form, event)
        if saved is not None:
            message = _("Changes to %(title)s were saved.", title=saved[0].title)
            if saved[1]:
                message += " " + ngettext(
                    "%(num)d session moved with the meeting: publish the agenda to tell "
                    "participants.", "%(num)d sessions moved with the meeting: publish the "
                    "agenda to tell participants.", saved[1])
            flash(message, "success")
            return redirect(url_for("manage.hub", event=saved[0]))
    return _render_form(form, event)


@bp.get("/events/<event:event>/manage")
@requires("event.organise", targets=("event",))
def hub(event: Event) -> str:
    queries.load_event_page(event)
    return render_template(
        "manage/hub.html",
        event=event,
        pages=manage_pages(event),
        deadlines=deadlines.deadlines_for([event])[event.id],
        version=latest_version(event),
        now=utcnow(),
    )


@bp.post("/events/<event:event>/manage/deadlines/<kind>")
@requires("event.organise", targets=("event",))
def mark_deadline(event: Event, kind: str) -> Response:
    try:
        deadline_kind = DeadlineKind(kind)
        deadlines.mark(event, deadline_kind, done=request.form.get("done") == "1",
                       by=current_user)
    except ValueError:
        abort(404)
    db.session.commit()
    return redirect(url_for("manage.hub", event=event, _anchor="deadlines"))
