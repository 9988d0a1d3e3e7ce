"""The queue's part of /healthz: whether its storage answers, and how much waits in it."""

from __future__ import annotations

import logging

from events.tasks import huey

log = logging.getLogger(__name__)


def queue_health() -> dict[str, object]:
    """`{"status": "ok", "pending": n}` or `{"status": "unavailable"}`. Requests do not need
    the queue (mails wait in the outbox and the sweep hands them over), so this informs the
    operator and never fails the health check."""
    try:
        return {"status": "ok", "pending": huey.pending_count()}
    except Exception:
        log.exception("the task queue's storage is unreachable")
        return {"status": "unavailable"}
