"""What each kind of job does."""

from __future__ import annotations

from events.extensions import db
from events.jobs.running import handles
from events.models import AgendaVersion, BackgroundJob


@handles("agenda_notice")
def agenda_notice(job: BackgroundJob) -> None:
    """Mail every approved participant about a published version: all the outbox rows and
    the version's count in one transaction (committed by `running.run`), so a worker killed
    half-way leaves nothing half-done and the job runs again whole."""
    from events.plenaries.notices import notify_participants

    version = db.session.get_one(AgendaVersion, job.params["version_id"])
    if version.notified is None:
        notify_participants(version.event, version)
    job.result_count = version.notified
