"""Everything the worker runs, declared in one place: the task modules of each capability
(mail delivery, long jobs, the scheduled purges and reminders) and what each kind of long job
does. Imported by the application factory once the queue is set up, so that web processes and
workers know the same tasks; no capability imports it, so the arrows run from here outwards.
"""

from __future__ import annotations

import events.api.webhooks
import events.jobs.tasks
import events.outbox.tasks
import events.scheduled  # noqa: F401  (each declares its tasks with the queue)
from events.extensions import db
from events.jobs.running import handles
from events.models import AgendaVersion, BackgroundJob, Event, User


@handles("agenda_notice")
def agenda_notice(job: BackgroundJob) -> None:
    """Mail every approved participant about a published version: all the outbox rows and
    the version's count in one transaction (committed by `running.run`), so a worker killed
    half-way leaves nothing half-done and the job runs again whole."""
    from events.meetings.agenda_notices import notify_participants

    version = db.session.get_one(AgendaVersion, job.params["version_id"])
    if version.notified is None:
        notify_participants(version.event, version)
    job.result_count = version.notified


@handles("pdf")
def big_pdf(job: BackgroundJob) -> None:
    """Render one of `pdfs.BUILDERS` and keep it in the shared storage for download."""
    from events.jobs.running import report_progress
    from events.reports import background_pdfs as pdfs
    from events.storage import put_file
    from events.tasks import begin_writing

    event = db.session.get_one(Event, job.event_id)
    viewer = db.session.get(User, job.requested_by_id) if job.requested_by_id else None
    document = pdfs.BUILDERS[job.params["document"]](event, viewer)
    if document is None:
        raise ValueError("There is nobody to print in this document.")
    db.session.commit()  # certificate codes issued for the first time are kept
    report_progress(job, 10)
    pdf = pdfs.render_with_progress(
        document, lambda step: report_progress(job, 10 + step * 80 // pdfs.RENDER_STEPS))
    begin_writing()
    job.file = put_file(f"jobs/{job.id}/{document.filename}", pdf, "application/pdf")
    job.result_count = pdfs.people_in(event, job.params["document"])
