"""The queue's tasks for long work."""

from __future__ import annotations

from huey import crontab

from events.jobs import running
from events.tasks import huey, in_app_context


@huey.task()
@in_app_context
def run_job(job_id: int) -> str | None:
    status = running.run(job_id)
    return status.value if status else None


@huey.periodic_task(crontab(minute="*/5"))
@in_app_context
def resume_jobs() -> int:
    ids = running.jobs_to_resume()
    for job_id in ids:
        run_job(job_id)
    return len(ids)
