"""Registration pages: register, my meetings, the focal point's delegates, the organisers'
lists, waiting list and settings, the list of participants and its exports."""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from events.audit import log as audit_log
from events.auth.forms import ResendConfirmationForm
from events.auth.permissions import (
    can,
    is_focal_point,
    is_organiser,
    may_register_for,
    requires,
)
from events.confirmation import confirmation_page
from events.extensions import db
from events.hub import ManagePage, add_manage_page, meets_in_person
from events.listing import fold, listing_from_request, matches
from events.models import (
    Event,
    EventStatus,
    Organisation,
    OrganisationKind,
    Registration,
    RegistrationStatus,
    Session,
    SessionChoice,
    SessionSeats,
    settings_for,
    utcnow,
)
from events.outbox.confirmations import confirmation_states
from events.registration import (
    exports,
    operations,
    organiser_list,
    places,
    queries,
    session_seats,
    waiting_list,
)
from events.registration.eligibility import eligible_organisations
from events.registration.forms import (
    ActionForm,
    DecisionForm,
    OnBehalfForm,
    PositionForm,
    RegistrationForm,
    SettingsForm,
)
from events.registration.notifications import Notice, deliver
from events.registration.refusals import RegistrationRefused
from events.routing import local_path

bp = Blueprint("registration", __name__)


@bp.app_context_processor
def registration_helpers() -> dict[str, object]:
    return {"registration_window": operations.window_state}


def _commit_and_tell(notices: list[Notice]) -> None:
    deliver(notices)  # into the outbox, committed with the change itself
    db.session.commit()


def _status_message(registration: Registration, *, on_behalf: bool = False) -> str:
    """What the person who sent the form is told: a focal point or organiser registering
    someone hears that the delegate will be mailed, not themselves."""
    if on_behalf:
        return {
            RegistrationStatus.APPROVED: _("%(name)s is registered. We sent them the "
                                           "confirmation with the calendar file."),
            RegistrationStatus.PENDING: _("The registration of %(name)s is received and waits "
                                          "for approval. We will tell %(name)s by email."),
            RegistrationStatus.WAITLISTED: _("The meeting is full: %(name)s is number "
                                             "%(position)s on the waiting list. We will tell "
                                             "%(name)s by email when a place frees up."),
        }[registration.status] % {"name": registration.person.full_name,
                                  "position": registration.waitlist_position}
    return {
        RegistrationStatus.APPROVED: _("%(name)s is registered. A confirmation with the "
                                       "calendar file is on its way by email."),
        RegistrationStatus.PENDING: _("The registration of %(name)s is received and waits for "
                                      "approval. We will tell you by email."),
        RegistrationStatus.WAITLISTED: _("The meeting is full: %(name)s is number "
                                         "%(position)s on the waiting list. We will tell you "
                                         "by email when a place frees up."),
    }[registration.status] % {"name": registration.person.full_name,
                              "position": registration.waitlist_position}


def _form_for(form_class: type[RegistrationForm], event: Event,
              organisations: list[Organisation]) -> RegistrationForm:
    sessions = [limit.session for limit in session_seats.limited_sessions(event)]
    return form_class(event, organisations, sessions)


def _refused(form: RegistrationForm, error: RegistrationRefused) -> None:
    db.session.rollback()
    target = form[error.field] if error.field and error.field in form else None
    if target is not None:
        target.errors = [*target.errors, error.message]
    else:
        form.form_errors.append(error.message)


@bp.route("/events/<event:event>/register", methods=["GET", "POST"])
@login_required
@requires("event.register", targets=("event",), hide=True)
def register(event: Event) -> str | BaseResponse:
    person = current_user.person
    existing = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.person_id == person.id))
    if existing is not None and existing.is_active:
        flash(_("You are already registered for this meeting (%(status)s).",
                status=existing.status.label), "info")
        return redirect(url_for("registration.my_meetings"))
    organisations = eligible_organisations(event, settings_for(event))
    form = _form_for(RegistrationForm, event, organisations)
    if request.method == "GET" and person.organisation_id in {o.id for o in organisations}:
        form.organisation.data = person.organisation_id
    closed = operations.window_refusal(event, current_user, organisations)
    if closed is not None and form.is_submitted():
        form.form_errors.append(closed)
    elif form.is_submitted() and not current_user.email_confirmed:
        form.form_errors.append(_("Confirm your email address first: follow the link we sent "
                                  "to %(email)s.", email=current_user.email))
    elif form.validate_on_submit():
        try:
            outcome = operations.register(event, person, form.request(), by=current_user)
        except RegistrationRefused as error:
            _refused(form, error)
        else:
            _commit_and_tell(outcome.notices)
            flash(_status_message(outcome.registration), "success")
            return redirect(url_for("registration.my_meetings"))
    return render_template("registration/register.html", event=event, form=form,
                           settings=settings_for(event), on_behalf=False, closed=closed,
                           resend_form=ResendConfirmationForm())


@bp.route("/events/<event:event>/register/someone", methods=["GET", "POST"])
@requires("event.register_others", targets=("event",), hide=True)
def register_other(event: Event) -> str | BaseResponse:
    organisations = [org for org in eligible_organisations(event, settings_for(event))
                     if may_register_for(current_user, event, org)]
    form = _form_for(OnBehalfForm, event, organisations)
    own = [org for org in organisations if is_focal_point(current_user, org)]
    if request.method == "GET" and len(own) == 1:
        form.organisation.data = own[0].id  # a focal point registers for their own NSB
    closed = operations.window_refusal(event, current_user, organisations)
    if closed is not None and form.is_submitted():
        form.form_errors.append(closed)
    elif form.validate_on_submit():
        assert isinstance(form, OnBehalfForm)
        who = operations.PersonDetails(form.email.data, form.given_name.data or "",
                                       form.family_name.data)
        try:
            outcome = operations.register(event, who, form.request(), by=current_user)
        except RegistrationRefused as error:
            _refused(form, error)
        else:
            _commit_and_tell(outcome.notices)
            flash(_status_message(outcome.registration, on_behalf=True), "success")
            if is_organiser(current_user, event):
                return redirect(url_for("registration.manage", event=event))
            return redirect(url_for("registration.delegates",
                                    organisation=outcome.registration.organisation))
    return render_template("registration/register.html", event=event, form=form,
                           settings=settings_for(event), on_behalf=True, closed=closed,
                           resend_form=ResendConfirmationForm())


@bp.get("/my/meetings")
@requires("account.signed_in")
def my_meetings() -> str:
    return render_template("registration/my_meetings.html",
                           registrations=queries.my_registrations(current_user.person),
                           action=ActionForm(), resend_form=ResendConfirmationForm())


@bp.post("/registrations/<registration:registration>/cancel")
@requires("registration.cancel", targets=("registration",))
def cancel(registration: Registration) -> str | BaseResponse:
    back = _back(url_for("registration.my_meetings"))
    if ActionForm().validate_on_submit():
        ask = confirmation_page(
            _("Cancel the registration of %(name)s for %(event)s?",
              name=registration.person.full_name, event=registration.event.title),
            _("Yes, cancel the registration"), back,
            _("The place goes to the next person on the waiting list, if any. Registering "
              "again later starts from the end of the list."))
        if ask is not None:
            return ask
        _carry_out(lambda: operations.cancel(registration, by=current_user),
                   lambda name: _("The registration of %(name)s is cancelled.", name=name))
    return redirect(back)


def _carry_out(operation: Callable[[], operations.Outcome], done: Callable[[str], str]) -> None:
    """Run a registration operation: on refusal, nothing is kept and the reason is shown;
    on success, commit, send its mails and say what happened."""
    try:
        outcome = operation()
    except RegistrationRefused as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        _commit_and_tell(outcome.notices)
        flash(done(outcome.registration.person.full_name), "success")


def _back(default: str) -> str:
    return local_path(request.form.get("next")) or default


# Focal points -------------------------------------------------------------------------------

@bp.get("/focal-point")
@requires("focal_point.dashboard")
def focal_point() -> str | BaseResponse:
    organisations = queries.focal_point_organisations(current_user)
    if len(organisations) == 1:
        return redirect(url_for("registration.delegates", organisation=organisations[0]))
    return render_template("registration/focal_point.html", organisations=organisations)


@bp.get("/orgs/<organisation:organisation>/delegates")
@requires("organisation.focal_point", targets=("organisation",))
def delegates(organisation: Organisation) -> str:
    registrations = queries.delegates_of(organisation)
    upcoming = db.session.scalars(
        select(Event).where(Event.status == EventStatus.PUBLISHED, Event.ends_at > utcnow())
        .order_by(Event.starts_at)).all()
    # Years of meetings add up: the list is found in, sorted and cut into pages like the
    # organisers' one; unsorted, it keeps what waits for a decision first.
    query, status = request.args.get("q", "").strip(), request.args.get("status", "")
    found = [r for r in registrations
             if (not status or r.status.value == status)
             and matches(query, r.person.full_name, r.person.email, r.event.title)]
    return render_template("registration/delegates.html", organisation=organisation,
                           registrations=registrations, upcoming=upcoming,
                           listing=listing_from_request(found, _DELEGATE_COLUMNS),
                           query=query, status_filter=status,
                           statuses=RegistrationStatus.choices(),
                           decision=DecisionForm(), action=ActionForm())


@bp.post("/registrations/<registration:registration>/approve")
@requires("registration.decide", targets=("registration",))
def approve(registration: Registration) -> BaseResponse:
    if DecisionForm().validate_on_submit():
        _carry_out(lambda: operations.approve(registration, by=current_user),
                   lambda name: _("%(name)s is approved.", name=name))
    return redirect(_back(url_for("registration.focal_point")))


@bp.post("/registrations/<registration:registration>/reject")
@requires("registration.decide", targets=("registration",))
def reject(registration: Registration) -> BaseResponse:
    form = DecisionForm()
    if form.validate_on_submit():
        _carry_out(lambda: operations.reject(registration, form.reason.data or "",
                                             by=current_user),
                   lambda name: _("The registration of %(name)s is rejected; they are told "
                                  "why.", name=name))
    return redirect(_back(url_for("registration.focal_point")))


# Organisers ---------------------------------------------------------------------------------

# Sortable columns of the registrations and participants tables (`?sort=…`).
_REGISTRATION_COLUMNS = {
    "name": lambda r: (fold(r.person.family_name), fold(r.person.given_name)),
    "organisation": lambda r: (fold(r.organisation.acronym), fold(r.person.family_name)),
    "country": lambda r: (fold(r.organisation.country or ""), fold(r.organisation.acronym),
                          fold(r.person.family_name)),
    "role": lambda r: (r.role.label, fold(r.person.family_name)),
    "status": lambda r: (r.status.label, r.waitlist_position or 0, fold(r.person.family_name)),
}


# Sortable columns of a focal point's list of delegates.
_DELEGATE_COLUMNS = {
    "name": _REGISTRATION_COLUMNS["name"],
    "meeting": lambda r: (r.event.starts_at, fold(r.person.family_name)),
    "role": _REGISTRATION_COLUMNS["role"],
    "status": _REGISTRATION_COLUMNS["status"],
}


def _filtered_participants(participants: list[queries.Participant],
                           query: str) -> list[queries.Participant]:
    """The participants whose name or organisation matches the typed `query`. Not by email:
    the public list must not tell who registered with which address."""
    return [p for p in participants
            if matches(query, p.person.full_name, p.organisation.acronym, p.organisation.name)]

@bp.get("/events/<event:event>/registrations")
@requires("event.registrations", targets=("event",))
def manage(event: Event) -> str:
    query, status = request.args.get("q", "").strip(), request.args.get("status", "")
    # Found, sorted and cut into pages by the database: a meeting of 10,000 costs what one
    # of 100 does (see `organiser_list`).
    listing = organiser_list.registrations_page(
        event, query, status, sort=request.args.get("sort"), order=request.args.get("order"),
        page=request.args.get("page"))
    counts = organiser_list.status_counts(event)
    return render_template(
        "registration/manage.html", event=event, any_registration=bool(counts),
        waiting=organiser_list.waiting_list(event),
        listing=listing, query=query, status_filter=status,
        counts=counts, statuses=RegistrationStatus.choices(),
        taken=places.places_taken(event),
        limited=session_seats.limited_sessions(event), settings=settings_for(event),
        seated=organiser_list.seated(event),
        session_waiting=session_seats.session_waiting_lists(event),
        decision=DecisionForm(), action=ActionForm(), position=PositionForm(),
        confirmations=confirmation_states(r.id for r in listing.rows),
        mail_zone=event.timezone,
    )


@bp.post("/registrations/<registration:registration>/position")
@requires("registration.organise", targets=("registration",))
def move(registration: Registration) -> BaseResponse:
    form = PositionForm()
    event = registration.event
    if form.validate_on_submit():
        try:
            moved = waiting_list.move_in_waiting_list(registration, form.position.data)
            db.session.commit()
        except RegistrationRefused as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(_("%(name)s is now number %(position)d on the waiting list.",
                    name=moved.person.full_name, position=moved.waitlist_position), "success")
    else:
        flash(_("Give a position of 1 or more."), "error")
    return redirect(url_for("registration.manage", event=event) + "#waiting-list")


@bp.post("/events/<event:event>/waiting-list/release")
@requires("event.registrations", targets=("event",))
def release(event: Event) -> str | BaseResponse:
    if ActionForm().validate_on_submit():
        ask = confirmation_page(
            _("Release the waiting list of %(event)s?", event=event.title),
            _("Yes, release the waiting list"),
            url_for("registration.manage", event=event) + "#waiting-list",
            _("Everyone on it is told by email that no place will be offered."))
        if ask is not None:
            return ask
        notices = waiting_list.release_waiting_list(event, by=current_user)
        _commit_and_tell(notices)
        flash(ngettext("The waiting list is closed; %(num)d person was told.",
                       "The waiting list is closed; %(num)d people were told.", len(notices)),
              "success")
    return redirect(url_for("registration.manage", event=event))


def _session_waiting_list_url(event: Event, session_id: int) -> str:
    return url_for("registration.manage", event=event) + f"#session-{session_id}-waiting-list"


@bp.post("/registrations/<registration:registration>/sessions/<id:session_id>/position")
@requires("registration.organise", targets=("registration",))
def move_in_session(registration: Registration, session_id: int) -> BaseResponse:
    choice = db.session.scalar(select(SessionChoice).where(
        SessionChoice.registration_id == registration.id,
        SessionChoice.session_id == session_id))
    if choice is None:
        abort(404)
    form = PositionForm()
    event = registration.event
    if form.validate_on_submit():
        try:
            moved = session_seats.move_in_session_queue(choice, form.position.data)
            position = session_seats.session_queue(session_id).index(moved) + 1
            message = _("%(name)s is now number %(position)d on the waiting list of "
                        "“%(session)s”.", name=moved.registration.person.full_name,
                        position=position, session=moved.session.title)
            db.session.commit()
        except RegistrationRefused as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(message, "success")
    else:
        flash(_("Give a position of 1 or more."), "error")
    return redirect(_session_waiting_list_url(event, session_id))


@bp.post("/events/<event:event>/sessions/<id:session_id>/waiting-list/release")
@requires("event.registrations", targets=("event",))
def release_session(event: Event, session_id: int) -> str | BaseResponse:
    session = db.session.get(Session, session_id)
    if session is None or session.event_id != event.id \
            or db.session.get(SessionSeats, session_id) is None:
        abort(404)
    if ActionForm().validate_on_submit():
        ask = confirmation_page(
            _("Release the waiting list of “%(session)s”?", session=session.title),
            _("Yes, release this session's waiting list"),
            _session_waiting_list_url(event, session_id),
            _("Everyone waiting for a seat in it is told by email that none will be offered. "
              "Their registrations for the meeting stay as they are."))
        if ask is not None:
            return ask
        notices = session_seats.release_session_waiting_list(session)
        _commit_and_tell(notices)
        flash(ngettext("The waiting list of “%(session)s” is closed; %(num)d person was told.",
                       "The waiting list of “%(session)s” is closed; %(num)d people were told.",
                       len(notices), session=session.title), "success")
    return redirect(url_for("registration.manage", event=event))


@bp.route("/events/<event:event>/registration/settings", methods=["GET", "POST"])
@requires("event.organise", targets=("event",))
def settings(event: Event) -> str | BaseResponse:
    regional_bodies = db.session.scalars(
        select(Organisation).where(Organisation.kind == OrganisationKind.REGIONAL_BODY)
        .order_by(Organisation.acronym)).all()
    form = SettingsForm(event, list(regional_bodies))
    if request.method == "GET":
        form.fill(settings_for(event))
    if form.validate_on_submit():
        try:
            notices = operations.change_settings(event, form.change())
        except RegistrationRefused as error:
            db.session.rollback()
            target = form[error.field] if error.field and error.field in form else None
            if target is not None:
                target.errors = [*target.errors, error.message]
            else:
                form.form_errors.append(error.message)
        else:
            _commit_and_tell(notices)
            flash(_("Registration settings saved."), "success")
            return redirect(url_for("registration.manage", event=event))
    return render_template("registration/settings.html", event=event, form=form)


@bp.get("/events/<event:event>/registrations.<any(csv, xlsx):fmt>")
@requires("event.registrations", targets=("event",))
def export(event: Event, fmt: str) -> Response:
    audit_log.record("export.registrations", f"{event.slug}-registrations.{fmt}", event=event,
                     after={"format": fmt, "rows": organiser_list.export_count(event)})
    db.session.commit()
    table = exports.value_rows(organiser_list.export_rows(event))
    if fmt == "csv":
        # Streamed: the rows are read and written a few hundred at a time. Werkzeug adds
        # "; charset=utf-8" to text types itself: naming it here doubled it.
        response = Response(stream_with_context(chain([exports.BOM], exports.csv_chunks(table))),
                            mimetype="text/csv")
    else:
        response = Response(
            exports.to_xlsx(list(table), event.slug),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{event.slug}-registrations.{fmt}"')
    return response


@bp.get("/events/<event:event>/invitation-letters")
@requires("event.invitation_letters", targets=("event",))
def invitation_letters(event: Event) -> str:
    registrations = [r for r in queries.event_registrations(event)
                     if r.invitation_letter is not None and r.is_active]
    audit_log.record("letters.viewed", event.slug, event=event,
                     after={"people": len(registrations)})
    db.session.commit()
    return render_template("registration/invitation_letters.html", event=event,
                           registrations=registrations)


# Everyone -----------------------------------------------------------------------------------

@bp.get("/events/<event:event>/participants")
@requires("event.participants", targets=("event",), hide=True)
def participants(event: Event) -> str:
    everyone = queries.participants(event, current_user)
    query = request.args.get("q", "").strip()
    return render_template(
        "registration/participants.html", event=event,
        participants=everyone, query=query,
        listing=listing_from_request(_filtered_participants(everyone, query),
                                     _REGISTRATION_COLUMNS),
        mode=queries.list_visibility(event, current_user),
        organiser=can("event.organise", event=event),
    )


add_manage_page(ManagePage("registration.manage", _l("Registrations"),
                           _l("Approve delegates, the waiting list, exports."), order=30))
add_manage_page(ManagePage("registration.settings", _l("Registration settings"),
                           _l("Who may register, approval, places, dates, list of "
                              "participants."), order=31))
add_manage_page(ManagePage("registration.participants", _l("List of participants"),
                           _l("As each reader may see it."), order=32,
                           permission="event.participants"))
add_manage_page(ManagePage("registration.invitation_letters", _l("Invitation letters"),
                           _l("Visa letters asked for, with passport details (host only)."),
                           order=33, permission="event.invitation_letters",
                           applies=meets_in_person))
