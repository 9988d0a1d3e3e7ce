"""`/api/v1/`: thin views over the domain modules the pages use, with the same rules.

Reading the public side (meetings, agendas, the directory) needs no token. Everything else
asks the rule of `events.auth.permissions` that the matching page asks, for the token's owner;
writes also need a token of the write scope ("api.write").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import wraps
from typing import Any, ParamSpec, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint, Page, abort
from flask_smorest.error_handler import ErrorSchema
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException

from events import happenings
from events.agenda.publishing import PublishedItem, published_agenda
from events.api import API_PREFIX, api
from events.api.auth import authenticate_request, rate_limit_key
from events.api.schemas import (
    AgendaSchema,
    AttendanceFigures,
    AttendanceUpload,
    ChangedSinceQuery,
    ImportSummary,
    MeetingSchema,
    NewRegistration,
    OrganisationSchema,
    RegistrationQuery,
    RegistrationSchema,
    Rejection,
)
from events.attendance.formats import ExportError
from events.attendance.importer import import_attendance, imported_data
from events.attendance.stats import attendance_report, report_as_dict
from events.auth.permissions import can
from events.extensions import db, limiter
from events.models import (
    AttendanceType,
    DelegateRole,
    Event,
    ExportFormat,
    Organisation,
    Registration,
    RegistrationStatus,
)
from events.registration import operations
from events.registration.notifications import deliver
from events.registration.refusals import RegistrationRefused

P = ParamSpec("P")
R = TypeVar("R")

blp = Blueprint("api", __name__, url_prefix=API_PREFIX,
                description="Meetings, the directory, registrations and attendance")
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@blp.errorhandler(HTTPException)
def _json_error(error: HTTPException) -> Any:
    return api.handle_http_exception(error)


@blp.before_request
def _token() -> None:
    authenticate_request()


# One limit per token (per address without one); RATELIMIT_* settings, Redis when configured.
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_limit_key)(blp)


def allowed(permission: str, **targets: Any) -> None:
    """Stop with 401 (no token) or 403 unless the token's owner holds `permission`."""
    if can(permission, **targets):
        return
    if not current_user.is_authenticated:
        abort(401, message=_("This needs a personal API token: create one on your account "
                             "page and send it as 'Authorization: Bearer <token>'."))
    abort(403, message=_("Your token's owner may not do this."))


def writes(view: Callable[P, R]) -> Callable[P, R]:
    """A change through the API: a write token, then the view's own rule. Put right under
    the route, so that nobody learns anything from the validation of their input first."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        allowed("account.signed_in")
        if not can("api.write"):
            abort(403, message=_("This token may only read: create one that may read and "
                                 "write to make changes."))
        return view(*args, **kwargs)

    return wrapper


def _errors(*codes: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        for code in codes:
            view = blp.alt_response(code, schema=ErrorSchema, description="Error")(view)
        return view

    return decorator


# --- loading what the path names -------------------------------------------------------------

def _event(slug: str) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None or not can("event.view", event=event):
        abort(404, message=_("There is no meeting %(slug)s.", slug=slug))
    return event  # type: ignore[return-value]


def _organisation(acronym: str) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.acronym == acronym))
    if organisation is None:
        abort(404, message=_("There is no organisation %(acronym)s.", acronym=acronym))
    return organisation  # type: ignore[return-value]


def _registration(registration_id: int) -> Registration:
    # Ids are 32-bit integers: beyond them no row exists (and PostgreSQL would refuse to look).
    registration = (db.session.get(Registration, registration_id)
                    if registration_id < 2**31 else None)
    if registration is None or not can("event.view", event=registration.event):
        abort(404, message=_("There is no registration %(id)s.", id=registration_id))
    return registration  # type: ignore[return-value]


def _since(rows: Iterable[Any], since: datetime | None) -> list[Any]:
    return [row for row in rows if since is None or row.updated_at >= since]


# --- meetings and agendas (public) -----------------------------------------------------------

def meeting_data(event: Event) -> dict[str, Any]:
    return {
        "slug": event.slug, "title": event.title, "kind": event.kind.value,
        "status": event.status.value, "mode": event.mode.value,
        "starts_at": event.starts_at, "ends_at": event.ends_at, "timezone": event.timezone,
        "venue": event.venue, "city": event.city, "country": event.country,
        "host": event.host.acronym if event.host else None,
        "organisers": sorted(org.acronym for org in event.organisers),
        "series": event.series.slug if event.series else None, "edition": event.edition,
        "committee": event.committee.code if event.committee else None,
        "capacity": event.capacity,
        "url": url_for("meetings.event_page", event=event, _external=True),
        "updated_at": event.updated_at,
    }


@blp.get("/meetings")
@blp.etag
@blp.arguments(ChangedSinceQuery, location="query", as_kwargs=True)
@blp.response(200, MeetingSchema(many=True))
@blp.paginate(Page, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def meetings(changed_since: datetime | None = None) -> list[dict[str, Any]]:
    """Published meetings, the latest first (pages of 50; `X-Pagination` says how many)."""
    events = db.session.scalars(select(Event).order_by(Event.starts_at.desc(), Event.id))
    return [meeting_data(event) for event in _since(events, changed_since)
            if event.is_public]


@blp.get("/meetings/<slug>")
@blp.etag
@blp.response(200, MeetingSchema)
@_errors(404)
def meeting(slug: str) -> dict[str, Any]:
    """One meeting."""
    return meeting_data(_event(slug))


def _item_data(item: PublishedItem) -> dict[str, Any]:
    return {"number": item.number, "title": item.title, "presenter": item.presenter,
            "documents": [{"reference": d.reference, "title": d.title, "url": d.url}
                          for d in item.documents],
            "children": [_item_data(child) for child in item.children]}


@blp.get("/meetings/<slug>/agenda")
@blp.etag
@blp.response(200, AgendaSchema)
@_errors(404)
def agenda(slug: str) -> dict[str, Any]:
    """The agenda as last published: sessions with their numbered items and documents."""
    published = published_agenda(_event(slug))
    if published is None:
        return {"version": None, "published_at": None, "sessions": [], "unscheduled": []}
    return {
        "version": published.number, "published_at": published.published_at,
        "sessions": [{
            "uid": s.uid, "title": s.title, "kind": s.kind.value, "starts_at": s.starts_at,
            "ends_at": s.ends_at, "room": s.room, "chairs": s.chairs, "cancelled": s.cancelled,
            "items": [_item_data(item) for item in s.items]} for s in published.sessions],
        "unscheduled": [_item_data(item) for item in published.unscheduled],
    }


# --- the directory (public) ------------------------------------------------------------------

def organisation_data(organisation: Organisation) -> dict[str, Any]:
    memberships = [{"body": m.committee.code, "status": m.status.value}
                   for m in organisation.committee_memberships]
    memberships += [{"body": m.regional_body.acronym, "status": m.status.value}
                    for m in organisation.regional_memberships]
    return {
        "acronym": organisation.acronym, "name": organisation.name,
        "kind": organisation.kind.value, "country": organisation.country,
        "iso_category": organisation.iso_category.value if organisation.iso_category else None,
        "website": organisation.website, "memberships": memberships,
        "updated_at": organisation.updated_at,
    }


@blp.get("/organisations")
@blp.etag
@blp.arguments(ChangedSinceQuery, location="query", as_kwargs=True)
@blp.response(200, OrganisationSchema(many=True))
@blp.paginate(Page, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def organisations(changed_since: datetime | None = None) -> list[dict[str, Any]]:
    """The directory: NSBs, liaisons, regional bodies, with their memberships."""
    rows = db.session.scalars(select(Organisation).order_by(Organisation.acronym))
    return [organisation_data(org) for org in _since(rows, changed_since)]


@blp.get("/organisations/<acronym>")
@blp.etag
@blp.response(200, OrganisationSchema)
@_errors(404)
def organisation(acronym: str) -> dict[str, Any]:
    """One organisation and its committee and regional memberships."""
    return organisation_data(_organisation(acronym))


# --- registrations (organisers; an NSB's focal point) ----------------------------------------

def registration_data(registration: Registration) -> dict[str, Any]:
    person = registration.person
    return {
        "id": registration.id, "meeting": registration.event.slug,
        "given_name": person.given_name, "family_name": person.family_name,
        "email": person.email, "organisation": registration.organisation.acronym,
        "role": registration.role.value, "attendance_type": registration.attendance_type.value,
        "status": registration.status.value, "waitlist_position": registration.waitlist_position,
        "decision_reason": registration.decision_reason,
        "created_at": registration.created_at, "updated_at": registration.updated_at,
    }


def _registrations(where: Any, status: str | None,
                   since: datetime | None) -> list[dict[str, Any]]:
    """Registrations matching `where`, filtered by status and change in SQL, with their
    people, organisations and meetings read in batches (not one query per row)."""
    query = (select(Registration).where(where)
             .options(selectinload(Registration.person), selectinload(Registration.organisation),
                      selectinload(Registration.event))
             .order_by(Registration.id))
    if status is not None:
        query = query.where(Registration.status == RegistrationStatus(status))
    if since is not None:
        query = query.where(Registration.updated_at >= since)
    return [registration_data(r) for r in db.session.scalars(query)]


@blp.get("/meetings/<slug>/registrations")
@blp.etag
@blp.arguments(RegistrationQuery, location="query", as_kwargs=True)
@blp.response(200, RegistrationSchema(many=True))
@blp.paginate(Page, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
@_errors(401, 403, 404)
@blp.doc(security=[{"token": []}])
def meeting_registrations(slug: str, status: str | None = None,
                          changed_since: datetime | None = None) -> list[dict[str, Any]]:
    """Every registration of a meeting (its organisers)."""
    event = _event(slug)
    allowed("event.organise", event=event)
    return _registrations(Registration.event_id == event.id, status, changed_since)


@blp.get("/organisations/<acronym>/registrations")
@blp.etag
@blp.arguments(RegistrationQuery, location="query", as_kwargs=True)
@blp.response(200, RegistrationSchema(many=True))
@blp.paginate(Page, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
@_errors(401, 403, 404)
@blp.doc(security=[{"token": []}])
def organisation_registrations(acronym: str, status: str | None = None,
                               changed_since: datetime | None = None) -> list[dict[str, Any]]:
    """An NSB's delegates across meetings (its focal point)."""
    organisation = _organisation(acronym)
    allowed("organisation.focal_point", organisation=organisation)
    return _registrations(Registration.organisation_id == organisation.id, status,
                          changed_since)


def _carry_out(action: Callable[[], operations.Outcome]) -> dict[str, Any]:
    """Run a registration operation; a refusal is a 409 in the secretary's words."""
    try:
        outcome = action()
    except RegistrationRefused as refused:
        db.session.rollback()
        abort(409, message=str(refused))
    deliver(outcome.notices)  # into the outbox, in the same transaction as the change
    db.session.commit()
    return registration_data(outcome.registration)


@blp.post("/meetings/<slug>/registrations")
@writes
@blp.arguments(NewRegistration)
@blp.response(201, RegistrationSchema)
@_errors(401, 403, 404, 409)
@blp.doc(security=[{"token": []}])
def register_delegate(data: dict[str, Any], slug: str) -> dict[str, Any]:
    """Register a delegate of your NSB (its focal point) or anyone (the organisers)."""
    event = _event(slug)
    allowed("event.register_others", event=event)
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.acronym == data["organisation"]))
    request = operations.RegistrationRequest(
        organisation_id=organisation.id if organisation else None,
        role=DelegateRole(data["role"]), attendance_type=AttendanceType(data["attendance_type"]))
    who = operations.PersonDetails(data["email"], data["given_name"], data["family_name"])
    return _carry_out(lambda: operations.register(event, who, request, by=current_user))


@blp.post("/registrations/<int:registration_id>/approve")
@writes
@blp.response(200, RegistrationSchema)
@_errors(401, 403, 404, 409)
@blp.doc(security=[{"token": []}])
def approve(registration_id: int) -> dict[str, Any]:
    """Approve a pending registration (as on the focal point's or organisers' page)."""
    registration = _registration(registration_id)
    allowed("registration.decide", registration=registration)
    return _carry_out(lambda: operations.approve(registration, by=current_user))


@blp.post("/registrations/<int:registration_id>/reject")
@writes
@blp.arguments(Rejection)
@blp.response(200, RegistrationSchema)
@_errors(401, 403, 404, 409)
@blp.doc(security=[{"token": []}])
def reject(data: dict[str, Any], registration_id: int) -> dict[str, Any]:
    """Reject a pending or waitlisted registration; the reason is mailed to the delegate."""
    registration = _registration(registration_id)
    allowed("registration.decide", registration=registration)
    return _carry_out(lambda: operations.reject(registration, data["reason"],
                                                by=current_user))


# --- attendance ------------------------------------------------------------------------------

@blp.get("/meetings/<slug>/attendance")
@blp.etag
@blp.response(200, AttendanceFigures)
@_errors(401, 403, 404)
@blp.doc(security=[{"token": []}])
def attendance(slug: str) -> dict[str, Any]:
    """Participation figures, counted from attendance records (no names)."""
    event = _event(slug)
    allowed("event.attendance.report", event=event)
    return report_as_dict(attendance_report(event), with_names=False)


@blp.post("/meetings/<slug>/attendance/imports")
@writes
@blp.arguments(AttendanceUpload, location="files", as_kwargs=True)
@blp.response(201, ImportSummary)
@_errors(401, 403, 404, 422)
@blp.doc(security=[{"token": []}])
def import_attendance_file(slug: str, file: Any, format: str = "auto",
                           timezone: str | None = None) -> dict[str, Any]:
    """Import a Webex, Zoom, Teams or CSV attendance export; a bad file imports nothing."""
    event = _event(slug)
    allowed("event.attendance.manage", event=event)
    try:
        zone = ZoneInfo(timezone) if timezone else None
    except (ZoneInfoNotFoundError, ValueError):
        abort(422, message=_("%(name)s is not a time zone name. Use a name from the list, "
                             "written Area/City, such as Africa/Nairobi, America/Bogota or "
                             "Europe/Zurich.", name=timezone))
    try:
        result = import_attendance(event, file.read(), file.filename or "export.csv",
                                   fmt=None if format == "auto" else ExportFormat(format),
                                   zone=zone, user=current_user)
    except ExportError as error:
        db.session.rollback()
        abort(422, message=_("Nothing was imported"), errors={"file": error.problems})
    db.session.commit()
    happenings.tell("attendance.imported", event, imported_data(result))
    return {**imported_data(result), "summary": result.summary()}
