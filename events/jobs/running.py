"""Asking for a piece of long work and running it.

A job row is written in the transaction of the change that asks for it and handed to the
queue after the commit; the worker claims it (queued -> running), runs the handler of its
kind, and records the outcome. A job whose worker died is found by the sweep and run again,
so each handler does its work in one transaction, or records where it stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from events.extensions import db
from events.models import BackgroundJob, Event, JobStatus, User, utcnow
from events.tasks import begin_writing, enqueue_after_commit

log = logging.getLogger(__name__)

Handler = Callable[[BackgroundJob], None]
_HANDLERS: dict[str, Handler] = {}

# A running job whose row has not moved for this long lost its worker.
STALE_AFTER = timedelta(minutes=30)


def handles(kind: str) -> Callable[[Handler], Handler]:
    """Declare the function that does the work of jobs of `kind`."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler

    return register


def request_job(kind: str, event: Event, by: User | None, **params: Any) -> BackgroundJob:
    """Add a job to the current transaction; it is queued when the caller commits."""
    from events.jobs.tasks import run_job

    job = BackgroundJob(kind=kind, event_id=event.id, params=params, progress=0,
                        status=JobStatus.QUEUED,
                        requested_by_id=by.id if by is not None and by.is_authenticated
                        else None)
    db.session.add(job)
    db.session.flush()
    enqueue_after_commit(run_job, job)
    return job


def report_progress(job: BackgroundJob, percent: int) -> None:
    """Save how far the job is, in its own short transaction, for the page that watches it."""
    begin_writing()
    db.session.execute(update(BackgroundJob).where(BackgroundJob.id == job.id)
                       .values(progress=max(0, min(percent, 99)), updated_at=utcnow()))
    db.session.commit()


def run(job_id: int) -> JobStatus | None:
    """Claim and run one job; None when it was not ours to run (done, or running elsewhere)."""
    begin_writing()
    # An UPDATE gives a CursorResult (with its rowcount); Session.execute is typed for any
    # statement.
    taken = cast(CursorResult[Any], db.session.execute(
        update(BackgroundJob)
        .where(BackgroundJob.id == job_id, BackgroundJob.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, started_at=utcnow(), updated_at=utcnow())
    )).rowcount
    db.session.commit()
    if not taken:
        return None
    begin_writing()  # the handler's reads and writes, in one transaction
    job = db.session.get_one(BackgroundJob, job_id)
    try:
        _HANDLERS[job.kind](job)
        job.status, job.progress, job.finished_at = JobStatus.DONE, 100, utcnow()
        db.session.commit()
    except Exception as error:
        log.exception("job %d (%s) failed", job_id, job.kind)
        db.session.rollback()
        begin_writing()
        job = db.session.get_one(BackgroundJob, job_id)
        job.status, job.error, job.finished_at = JobStatus.FAILED, str(error), utcnow()
        db.session.commit()
    return job.status


def jobs_to_resume() -> list[int]:
    """Queued jobs never handed over, and running ones whose worker stopped: queued again."""
    now = utcnow()
    begin_writing()
    db.session.execute(
        update(BackgroundJob)
        .where(BackgroundJob.status == JobStatus.RUNNING,
               BackgroundJob.updated_at < now - STALE_AFTER)
        .values(status=JobStatus.QUEUED))
    db.session.commit()
    return list(db.session.scalars(
        select(BackgroundJob.id).where(BackgroundJob.status == JobStatus.QUEUED,
                                       BackgroundJob.created_at < now - timedelta(minutes=1))))
