"""Big PDFs made by the worker: which documents, when a document is big enough to leave the
request, and the rendering with its progress (WeasyPrint's own steps)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import current_app
from sqlalchemy import func, select

from events.extensions import db
from events.models import (
    Attendance,
    BackgroundJob,
    Event,
    JobStatus,
    Registration,
    RegistrationStatus,
    User,
)
from events.reports import pdf_documents
from events.reports.pdf import PdfDocument, render

# The organisers' documents that can run to thousands of pages, by the name in their URL,
# each made for the organiser who asked (the list of participants shows what they may see).
BUILDERS: dict[str, Callable[[Event, User | None], PdfDocument | None]] = {
    "badges": lambda event, _viewer: pdf_documents.badges_document(event),
    "nameplates": lambda event, _viewer: pdf_documents.nameplates_document(event),
    "certificates": lambda event, _viewer: pdf_documents.certificates_document(event),
    "participants": pdf_documents.participants_document,
}


def people_in(event: Event, document: str) -> int:
    """How many people the document has a page (or a badge) for, counted in one query."""
    if document == "certificates":
        query = select(func.count(func.distinct(Attendance.person_id))).where(
            Attendance.event_id == event.id)
    else:
        query = select(func.count()).select_from(Registration).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.APPROVED)
    return db.session.scalar(query) or 0


def made_in_background(event: Event, document: str) -> bool:
    """Above PDF_BACKGROUND_FROM people a document is made by the worker, not the request."""
    return (document in BUILDERS
            and people_in(event, document) >= current_app.config["PDF_BACKGROUND_FROM"])


def latest_job(event: Event, document: str) -> BackgroundJob | None:
    return db.session.scalar(
        select(BackgroundJob)
        .where(BackgroundJob.event_id == event.id, BackgroundJob.kind == "pdf",
               BackgroundJob.params["document"].as_string() == document)
        .order_by(BackgroundJob.id.desc()).limit(1))


def is_active(job: BackgroundJob | None) -> bool:
    return job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING)


# WeasyPrint's rendering steps, from parsing the HTML to the PDF's metadata.
RENDER_STEPS = 7


class _StepListener(logging.Handler):
    """WeasyPrint logs "Step n - ..." as it renders (step 5 once per page): each new step
    moves the bar. Only the rendering thread's own records count (the worker runs several)."""

    def __init__(self, on_step: Callable[[int], None]) -> None:
        super().__init__(logging.INFO)
        self.thread = threading.get_ident()
        self.on_step = on_step
        self.step = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.thread == self.thread and message.startswith("Step "):
            step = message.removeprefix("Step ").split(" ", 1)[0]
            if step.isdigit() and int(step) != self.step:
                self.step = int(step)
                self.on_step(self.step)


def render_with_progress(document: PdfDocument, on_step: Callable[[int], None]) -> bytes:
    progress_log = logging.getLogger("weasyprint.progress")
    listener = _StepListener(on_step)
    previous = progress_log.level, progress_log.propagate
    # Heard by the listener only: the steps are not written to the worker's log.
    progress_log.setLevel(logging.INFO)
    progress_log.propagate = False
    progress_log.addHandler(listener)
    try:
        return render(document).pdf
    finally:
        progress_log.removeHandler(listener)
        progress_log.setLevel(previous[0])
        progress_log.propagate = previous[1]
