"""Attendance: the report (HTML, JSON, CSV), imports and their review queue, check-in at the
door, badges and tickets."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as flask_session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response as BaseResponse

from events import happenings
from events.agenda.queries import agenda_sessions
from events.attendance import checkin, meeting_days, records, review
from events.attendance.csvfile import report_csv
from events.attendance.formats import DATE_ORDERS, ExportError
from events.attendance.forms import (
    CodeForm,
    ConfirmForm,
    ImportForm,
    ManualForm,
    NewPersonForm,
    OutsideDaysForm,
    ReviewLinkForm,
)
from events.attendance.importer import import_attendance, imported_data
from events.attendance.stats import attendance_report, report_as_dict, series_report
from events.auth.permissions import can, requires
from events.confirmation import confirmation_page
from events.extensions import db
from events.hub import ManagePage, add_manage_page, meets_in_person
from events.models import (
    AttendanceMode,
    AttendanceReviewItem,
    Event,
    EventSeries,
    ExportFormat,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    ReviewStatus,
    Session,
    User,
)
from events.registration.notifications import deliver

bp = Blueprint("attendance", __name__)


def _user() -> User | None:
    return current_user if current_user.is_authenticated else None


# --- the report -----------------------------------------------------------------------------


@bp.get("/events/<event:event>/reports/attendance")
@requires("event.attendance.report", targets=("event",))
def report(event: Event) -> str:
    return render_template("attendance/report.html", event=event,
                           report=attendance_report(event),
                           with_names=can("event.organise", event=event))


@bp.get("/series/<series:series>/reports/attendance")
@requires("series.attendance.report", targets=("series",))
def series_report_page(series: EventSeries) -> str:
    return render_template("attendance/series_report.html", series=series,
                           report=series_report(series))


@bp.get("/events/<event:event>/reports/attendance.json")
@requires("event.attendance.report", targets=("event",))
def report_json(event: Event) -> Response:
    data = report_as_dict(attendance_report(event),
                          with_names=can("event.organise", event=event))
    return jsonify(data)


@bp.get("/events/<event:event>/reports/attendance.csv")
@requires("event.attendance.report", targets=("event",))
def report_csv_file(event: Event) -> Response:
    body = report_csv(attendance_report(event), with_names=can("event.organise", event=event))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{event.slug}-attendance.csv"')
    return response


# --- attendance rows, imports, review -------------------------------------------------------


def _manual_form(event: Event) -> ManualForm:
    form = ManualForm()
    form.registration.choices = records.not_yet_recorded(event)
    return form


@bp.get("/events/<event:event>/attendance")
@requires("event.attendance.manage", targets=("event",))
def overview(event: Event) -> str:
    query = request.args.get("q", "").strip()
    listing = records.attendance_page(event, query, sort=request.args.get("sort"),
                                      order=request.args.get("order"),
                                      page=request.args.get("page"))
    return render_template("attendance/overview.html", event=event,
                           total=records.attendance_count(event), query=query,
                           listing=listing,
                           imports=records.imports_of(event),
                           waiting=review.pending_count(event), manual=_manual_form(event))


@bp.post("/events/<event:event>/attendance/manual")
@requires("event.attendance.manage", targets=("event",))
def record_manually(event: Event) -> BaseResponse:
    form = _manual_form(event)
    if form.validate_on_submit():
        registration = db.get_or_404(Registration, form.registration.data)
        attendance = records.record_by_hand(event, registration,
                                            AttendanceMode(form.mode.data), _user())
        db.session.commit()
        flash(_("%(name)s is recorded as attending.", name=attendance.person.full_name),
              "success")
    else:
        flash(_("Choose a registered participant who is not recorded yet."), "error")
    return redirect(url_for("attendance.overview", event=event))


@bp.route("/events/<event:event>/attendance/import", methods=["GET", "POST"])
@requires("event.attendance.manage", targets=("event",))
def import_file(event: Event) -> str | BaseResponse:
    sessions = [s for s in agenda_sessions(event) if s.kind.value == "session"]
    form = ImportForm(sessions=sessions)
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        session = db.session.get(Session, int(form.session.data)) if form.session.data else None
        if session is not None and session.event_id != event.id:
            abort(400)
        try:
            result = import_attendance(
                event, upload.read(), upload.filename or "export.csv",
                fmt=None if form.format.data == "auto" else ExportFormat(form.format.data),
                session=session, user=_user(),
                zone=ZoneInfo(form.timezone.data.strip()) if form.timezone.data else None,
                day_first=DATE_ORDERS[form.dates.data])
            db.session.commit()
        except ExportError as error:
            db.session.rollback()
            problems = error.problems
        else:
            flash(result.summary(), "success")
            after = url_for("attendance.review_queue" if result.queued else "attendance.overview",
                            event=event)
            # Last: the listeners (webhooks) commit what they record.
            happenings.tell("attendance.imported", event, imported_data(result))
            return redirect(after)
    return render_template("attendance/import.html", event=event, form=form,
                           problems=problems)


@bp.get("/events/<event:event>/attendance/review")
@requires("event.attendance.manage", targets=("event",))
def review_queue(event: Event) -> str:
    items = review.pending_items(event)
    organisations = records.organisations_for_choice()
    forms = []
    for item in items:
        link = ReviewLinkForm(prefix=f"link-{item.id}")
        link.person.choices = [(p.id, p.choice_label) for p in
                               records.candidates_for(event, item.suggested_organisation)]
        create = NewPersonForm(prefix=f"create-{item.id}", data={
            "name": item.name, "email": item.email,
            "organisation": item.suggested_organisation_id})
        create.organisation.choices = [(o.id, f"{o.acronym} — {o.name}") for o in organisations]
        forms.append((item, link, create))
    return render_template("attendance/review.html", event=event, forms=forms,
                           confirm=ConfirmForm())


def _pending_item(event: Event, item_id: int) -> AttendanceReviewItem:
    item = db.session.get(AttendanceReviewItem, item_id)
    if item is None or item.event_id != event.id:
        abort(404)
    if item.status is not ReviewStatus.PENDING:
        flash(_("This row has already been dealt with."), "info")
    return item


@bp.post("/events/<event:event>/attendance/review/<int:item_id>/link")
@requires("event.attendance.manage", targets=("event",))
def review_link(event: Event, item_id: int) -> BaseResponse:
    item = _pending_item(event, item_id)
    form = ReviewLinkForm(prefix=f"link-{item.id}")
    form.person.choices = [(p.id, "") for p in
                           records.candidates_for(event, item.suggested_organisation)]
    if item.status is ReviewStatus.PENDING and form.validate_on_submit():
        person = db.get_or_404(Person, form.person.data)
        review.link_to_person(item, person, _user())
        db.session.commit()
        flash(_("%(name)s is recorded as %(person)s.", name=item.name,
                person=person.full_name), "success")
    elif form.errors:
        flash(_("Choose the person the row is about."), "error")
    return redirect(url_for("attendance.review_queue", event=event))


@bp.post("/events/<event:event>/attendance/review/<int:item_id>/create")
@requires("event.attendance.manage", targets=("event",))
def review_create(event: Event, item_id: int) -> BaseResponse:
    item = _pending_item(event, item_id)
    form = NewPersonForm(prefix=f"create-{item.id}")
    form.organisation.choices = [(o.id, "") for o in records.organisations_for_choice()]
    if item.status is ReviewStatus.PENDING and form.validate_on_submit():
        organisation = db.get_or_404(Organisation, form.organisation.data)
        try:
            review.create_person(item, _user(), organisation, form.name.data, form.email.data)
            db.session.commit()
        except (review.ReviewError, ValueError) as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("%(name)s (%(acronym)s) was added and recorded as attending.",
                    name=form.name.data, acronym=organisation.acronym), "success")
    elif form.errors:
        # Validator messages are lazy strings (_l): make them text before joining.
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("attendance.review_queue", event=event))


@bp.post("/events/<event:event>/attendance/review/<int:item_id>/dismiss")
@requires("event.attendance.manage", targets=("event",))
def review_dismiss(event: Event, item_id: int) -> str | BaseResponse:
    item = _pending_item(event, item_id)
    if item.status is ReviewStatus.PENDING and ConfirmForm().validate_on_submit():
        ask = confirmation_page(
            _("Set aside “%(name)s”?", name=item.name), _("Yes, set it aside"),
            url_for("attendance.review_queue", event=event, _anchor=f"item-{item.id}"),
            _("The row is not counted as attendance."))
        if ask is not None:
            return ask
        review.dismiss(item, _user())
        db.session.commit()
        flash(_("%(name)s was set aside: not counted.", name=item.name), "info")
    return redirect(url_for("attendance.review_queue", event=event))


@bp.post("/events/<event:event>/attendance/review/accept-suggestions")
@requires("event.attendance.manage", targets=("event",))
def review_accept(event: Event) -> BaseResponse:
    if ConfirmForm().validate_on_submit():
        done = review.accept_suggestions(event, _user())
        db.session.commit()
        flash(ngettext("%(num)d person was added to the NSB of their email address.",
                       "%(num)d people were added to the NSB of their email address.",
                       len(done)), "success")
    return redirect(url_for("attendance.review_queue", event=event))


# --- check-in -------------------------------------------------------------------------------


def _organisation_choices() -> list[tuple[int, str]]:
    return [(o.id, f"{o.acronym} — {o.name}") for o in records.organisations_for_choice()]


def _outside_days_context(event: Event, point: checkin.CheckInPoint) -> dict[str, object]:
    return {"closed": meeting_days.check_in_refusal(event, point.session),
            "outside_reason": _outside_reason(event), "outside_form": OutsideDaysForm()}


@bp.get("/events/<event:event>/check-in")
@requires("event.check_in", targets=("event",))
def check_in_page(event: Event) -> str:
    point = checkin.check_in_point(event, request.args.get("at"))
    query = request.args.get("q", "").strip()
    walk_in = NewPersonForm()
    walk_in.organisation.choices = _organisation_choices()
    found = checkin.check_in_list(event, point, query, request.args.get("page"),
                                  by_email=can("event.organise", event=event))
    return render_template(
        "attendance/check_in.html", event=event, point=point, query=query,
        listing=found.page, present=found.present,
        days=checkin.event_days(event),
        sessions=[s for s in agenda_sessions(event) if s.kind.value == "session"],
        code_form=CodeForm(), walk_in=walk_in, confirm=ConfirmForm(),
        **_outside_days_context(event, point),
    )


_OUTSIDE_DAYS = "check_in_outside_days"


def _outside_reason(event: Event) -> str | None:
    """The reason an organiser gave, in this browser session, for checking people in outside
    the meeting's days."""
    return (flask_session.get(_OUTSIDE_DAYS) or {}).get(str(event.id))


@bp.post("/events/<event:event>/check-in/outside-days")
@requires("event.check_in.outside_days", targets=("event",))
def check_in_outside_days(event: Event) -> BaseResponse:
    form = OutsideDaysForm()
    if form.validate_on_submit():
        reasons = dict(flask_session.get(_OUTSIDE_DAYS) or {})
        reasons[str(event.id)] = " ".join(form.reason.data.split())
        flask_session[_OUTSIDE_DAYS] = reasons
        flash(_("Check-ins outside the meeting's days are recorded with your reason."), "info")
    else:
        for error in form.reason.errors:
            flash(str(error), "error")
    return _back_to_check_in(event)


def _back_to_check_in(event: Event) -> BaseResponse:
    return redirect(url_for("attendance.check_in_page", event=event,
                            at=request.args.get("at") or None,
                            q=request.args.get("q") or None))


def _flash_result(result: checkin.CheckInResult) -> None:
    person = result.registration.person
    acronym = result.registration.organisation.acronym
    if result.already:
        flash(_("%(name)s (%(acronym)s) was already checked in.", name=person.full_name,
                acronym=acronym), "info")
    else:
        flash(_("%(name)s (%(acronym)s) is checked in.", name=person.full_name,
                acronym=acronym), "success")


@bp.post("/events/<event:event>/check-in/code")
@requires("event.check_in", targets=("event",))
def check_in_code(event: Event) -> BaseResponse:
    form = CodeForm()
    point = checkin.check_in_point(event, request.args.get("at"))
    if form.validate_on_submit():
        how = "badge scan" if form.via.data == "scan" else "typed code"
        try:
            result = checkin.check_in_by_code(event, form.code.data, point, _user(), how,
                                              checkin.badge_secret(), _outside_reason(event))
            db.session.commit()
        except checkin.CheckInError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            _flash_result(result)
    else:
        flash(_("Type the code printed under the QR code."), "error")
    return _back_to_check_in(event)


@bp.post("/events/<event:event>/check-in/registrations/<int:registration_id>")
@requires("event.check_in", targets=("event",))
def check_in_one(event: Event, registration_id: int) -> BaseResponse:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    point = checkin.check_in_point(event, request.args.get("at"))
    if ConfirmForm().validate_on_submit():
        try:
            result = checkin.check_in(event, registration, point, _user(), "list",
                                      _outside_reason(event))
            db.session.commit()
        except checkin.CheckInError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            _flash_result(result)
    return _back_to_check_in(event)


@bp.post("/events/<event:event>/check-in/walk-in")
@requires("event.check_in", targets=("event",))
def check_in_walk_in(event: Event) -> BaseResponse | tuple[str, int]:
    form = NewPersonForm()
    form.organisation.choices = _organisation_choices()
    point = checkin.check_in_point(event, request.args.get("at"))
    if form.validate_on_submit():
        organisation = db.get_or_404(Organisation, form.organisation.data)
        try:
            outcome = checkin.register_walk_in(event, form.name.data, form.email.data,
                                               organisation, current_user)
            result = checkin.check_in(event, outcome.registration, point, _user(), "walk-in",
                                      _outside_reason(event))
            deliver(outcome.notices)
            db.session.commit()
        except (checkin.CheckInError, ValueError) as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            _flash_result(result)
            return _back_to_check_in(event)
    found = checkin.check_in_list(event, point, "")
    return render_template(
        "attendance/check_in.html", event=event, point=point, query="", listing=found.page,
        present=found.present, days=checkin.event_days(event),
        sessions=[s for s in agenda_sessions(event) if s.kind.value == "session"],
        code_form=CodeForm(), walk_in=form, confirm=ConfirmForm(),
        **_outside_days_context(event, point),
    ), 422


@bp.get("/events/<event:event>/check-in/badges")
@requires("event.check_in", targets=("event",))
def badges(event: Event) -> str:
    registrations = list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status == RegistrationStatus.APPROVED)
        .options(selectinload(Registration.person), selectinload(Registration.organisation))))
    registrations.sort(key=lambda r: (r.organisation.acronym, r.person.sort_key))
    secret = checkin.badge_secret()
    cards = [(r, checkin.badge_code(r, secret)) for r in registrations]
    return render_template("attendance/badges.html", event=event,
                           cards=[(r, code, checkin.badge_qr_svg(code)) for r, code in cards])


@bp.get("/events/<event:event>/ticket")
@requires("event.ticket", targets=("event",))
def ticket(event: Event) -> str:
    registration = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.person_id == current_user.person_id))
    if registration is None:  # the rule has found it; gone only if deleted in between
        abort(404)
    code = checkin.badge_code(registration, checkin.badge_secret())
    return render_template("attendance/ticket.html", event=event, registration=registration,
                           code=code, qr=checkin.badge_qr_svg(code, scale=6))


add_manage_page(ManagePage("attendance.check_in_page", _l("Check-in"),
                           _l("At the door: scan badges, type codes, walk-ins."), order=40,
                           permission="event.check_in", applies=meets_in_person))
add_manage_page(ManagePage("attendance.overview", _l("Attendance"),
                           _l("Who took part, with where each record came from."), order=41,
                           permission="event.attendance.manage"))
add_manage_page(ManagePage("attendance.import_file", _l("Import an attendance list"),
                           _l("Webex, Zoom, Teams or CSV exports; unmatched rows for review."),
                           order=42, permission="event.attendance.manage"))
add_manage_page(ManagePage("attendance.report", _l("Attendance report"),
                           _l("Participants, NSBs, countries, continuity and the funnel."),
                           order=43, permission="event.attendance.report"))
