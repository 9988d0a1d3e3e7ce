"""PDF documents over HTTP, with the same access rules as their pages; certificate checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from events.audit import log as audit_log
from events.auth.permissions import can, requires
from events.extensions import db
from events.hub import ManagePage, add_manage_page, meets_in_person
from events.models import Event, Registration
from events.models.certificates import normalise_certificate_code
from events.reports import background_pdfs as pdfs
from events.reports import fingerprints, pdf_documents
from events.reports.empty_documents import empty_document
from events.reports.pdf import PdfDocument, cached_file, cached_pdf

bp = Blueprint("reports", __name__)


def pdf_response(document: PdfDocument | None, event: Event | None = None,
                 kind: str | None = None) -> Response:
    """Serve a document; when there is nothing to print, a page (404) saying what is missing
    and what to do. A request carrying its ETag gets 304 without any rendering."""
    if document is None:
        if event is None or kind is None:
            abort(404)
        abort(Response(render_template("reports/empty_document.html", event=event,
                                       empty=empty_document(event, kind)), status=404))
    if document.etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(cached_pdf(document), mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response.set_etag(document.etag)
    # Some documents are personal: shared caches must not keep them; browsers revalidate.
    # Passport details are not kept anywhere, not even by the browser.
    response.headers["Cache-Control"] = "no-store" if document.private else "private, no-cache"
    return response


def fingerprinted_pdf_response(fingerprint: Callable[[], str],
                               build: Callable[[], PdfDocument | None], filename: str,
                               event: Event, kind: str) -> Response:
    """Serve a big document validated by the fingerprint of its data: a request carrying it
    gets 304, and a copy in the PDF cache is served, both without building the document.
    `fingerprint` is asked again after a build, which may issue what it prints (codes)."""
    etag = fingerprint()
    if etag in request.if_none_match:
        response = Response(status=304)
    elif (pdf := cached_file(etag)) is not None:
        response = Response(pdf, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    else:
        built = build()
        if built is None:
            return pdf_response(None, event, kind)  # the page that says what is missing
        db.session.commit()  # what the build issued (certificate codes) is kept
        document = replace(built, fingerprint=fingerprint())
        return pdf_response(document)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/events/<event:event>/agenda.pdf")
@requires("event.view", targets=("event",), hide=True)
def agenda_pdf(event: Event) -> Response:
    return pdf_response(pdf_documents.agenda_document(event))


def _made_in_background(event: Event, document: str) -> BaseResponse | None:
    """Big documents leave the request: the organiser is sent to the page that makes them in
    the background and keeps them for download."""
    if pdfs.made_in_background(event, document):
        return redirect(url_for("jobs.document_page", event=event, document=document))
    return None


@bp.get("/events/<event:event>/reports/nameplates.pdf")
@requires("event.organise", targets=("event",))
def nameplates_pdf(event: Event) -> BaseResponse:
    return _made_in_background(event, "nameplates") or pdf_response(
        pdf_documents.nameplates_document(event), event, "nameplates")


@bp.get("/events/<event:event>/participants.pdf")
@requires("event.participants", targets=("event",), hide=True)
def participants_pdf(event: Event) -> BaseResponse:
    # An organiser's copy of a big list is made in the background (it may show everyone).
    if can("event.background_job", event=event) and (
            big := _made_in_background(event, "participants")):
        return big
    viewer = current_user if current_user.is_authenticated else None
    return pdf_response(pdf_documents.participants_document(event, viewer))


@bp.get("/events/<event:event>/invitation-letters.pdf")
@requires("event.invitation_letters", targets=("event",))
def invitation_letters_pdf(event: Event) -> Response:
    audit_log.record("letters.downloaded", f"{event.slug}-invitation-letters.pdf", event=event)
    db.session.commit()
    return pdf_response(pdf_documents.invitation_letters_document(event), event,
                        "invitation-letters")


@bp.get("/events/<event:event>/invitation-letter.pdf")
@login_required
def my_invitation_letter(event: Event) -> Response:
    """A delegate's own letter: only theirs, only once approved."""
    return pdf_response(pdf_documents.invitation_letters_document(
        event, person_id=current_user.person_id))


@bp.get("/events/<event:event>/reports/attendance.pdf")
@requires("event.attendance.report", targets=("event",))
def attendance_pdf(event: Event) -> Response:
    # Names of heads of delegation follow the same rule as on the report page.
    return pdf_response(pdf_documents.attendance_document(
        event, with_names=can("event.organise", event=event)))


@bp.get("/events/<event:event>/reports/badges.pdf")
@requires("event.check_in", targets=("event",))
def badges_pdf(event: Event) -> BaseResponse:
    """Sheets of 8; `?registration=ID` (repeatable) with `&single=1` for badges at the desk."""
    ids = request.args.getlist("registration", type=int) or None
    if ids is None and (big := _made_in_background(event, "badges")):
        return big
    single = bool(request.args.get("single"))
    return fingerprinted_pdf_response(
        lambda: fingerprints.badges_fingerprint(event, ids, single),
        lambda: pdf_documents.badges_document(event, ids, single=single),
        f"{event.slug}-badges{'-single' if single else ''}.pdf", event, "badges")


@bp.get("/events/<event:event>/badge.pdf")
@requires("event.ticket", targets=("event",))
def my_badge(event: Event) -> Response:
    registration_id = db.session.scalar(select(Registration.id).where(
        Registration.event_id == event.id, Registration.person_id == current_user.person_id))
    if registration_id is None:  # the rule has found it; gone only if deleted in between
        abort(404)
    return fingerprinted_pdf_response(
        lambda: fingerprints.badges_fingerprint(event, [registration_id], True),
        lambda: pdf_documents.badges_document(event, [registration_id], single=True),
        f"{event.slug}-badges-single.pdf", event, "badges")


@bp.get("/events/<event:event>/reports/certificates.pdf")
@requires("event.organise", targets=("event",))
def certificates_pdf(event: Event) -> BaseResponse:
    if big := _made_in_background(event, "certificates"):
        return big
    return fingerprinted_pdf_response(
        lambda: fingerprints.certificates_fingerprint(event),
        lambda: pdf_documents.certificates_document(event),
        f"{event.slug}-certificates.pdf", event, "certificates")


@bp.get("/events/<event:event>/certificate.pdf")
@login_required
def my_certificate(event: Event) -> Response | tuple[str, int]:
    document = pdf_documents.certificates_document(event, person_id=current_user.person_id)
    if document is None:
        return render_template("reports/no_certificate.html", event=event), 404
    db.session.commit()
    return pdf_response(document)


@bp.get("/certificates/")
def verify_form() -> BaseResponse | str:
    typed = request.args.get("code", "").strip()
    if typed:
        return redirect(url_for("reports.verify_certificate",
                                code=normalise_certificate_code(typed)))
    return render_template("reports/verify.html", certificate=None, code="")


@bp.get("/certificates/<code>")
def verify_certificate(code: str) -> tuple[str, int]:
    certificate = pdf_documents.find_certificate(normalise_certificate_code(code))
    status = 200 if certificate else 404
    return render_template("reports/verify.html", certificate=certificate, code=code), status


add_manage_page(ManagePage("reports.badges_pdf", _l("Badges (PDF)"),
                           _l("A4 or Letter sheets of 8, with the check-in QR code."), order=60,
                           permission="event.check_in", applies=meets_in_person))
add_manage_page(ManagePage("reports.nameplates_pdf", _l("Nameplates (PDF)"),
                           _l("Table tents by country, in seating order."), order=61,
                           applies=meets_in_person))
add_manage_page(ManagePage("reports.certificates_pdf", _l("Certificates of attendance (PDF)"),
                           _l("For everyone whose attendance is recorded."), order=62))
add_manage_page(ManagePage("reports.attendance_pdf", _l("Attendance report (PDF)"),
                           _l("The report, with its charts, for printing or the archive."),
                           order=63, permission="event.attendance.report"))
