"""Organisers' big documents made in the background: ask, watch the progress, download."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from events.auth.permissions import requires
from events.extensions import db
from events.jobs.running import request_job
from events.models import BackgroundJob, Event
from events.registration.forms import ActionForm
from events.reports import background_pdfs as pdfs

bp = Blueprint("jobs", __name__, url_prefix="/events/<event:event>/manage/documents")


def _document_or_404(document: str) -> str:
    if document not in pdfs.BUILDERS:
        abort(404)
    return document


@bp.route("/<document>", methods=["GET", "POST"])
@requires("event.background_job", targets=("event",))
def document_page(event: Event, document: str) -> str | BaseResponse:
    """The document's page; its button (POST) asks for it to be made. Asking again while it
    is being made joins the same job."""
    job = pdfs.latest_job(event, _document_or_404(document))
    form = ActionForm()
    if form.validate_on_submit():
        if not pdfs.is_active(job):
            request_job("pdf", event, current_user, document=document)
            db.session.commit()
        flash(_("The document is being made. This page shows how far it is; it stays ready "
                "for download afterwards."), "info")
        return redirect(url_for("jobs.document_page", event=event, document=document))
    return render_template("jobs/document.html", event=event, document=document, job=job,
                           active=pdfs.is_active(job), people=pdfs.people_in(event, document),
                           form=form)


@bp.get("/file/<int:job_id>")
@requires("event.background_job", targets=("event",))
def job_file(event: Event, job_id: int) -> Response:
    job = db.session.get(BackgroundJob, job_id)
    if job is None or job.event_id != event.id or job.file is None:
        abort(404)
    filename = job.file.key.rsplit("/", 1)[-1]
    response = Response(job.file.content, mimetype=job.file.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-cache"
    return response
