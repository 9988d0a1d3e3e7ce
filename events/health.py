"""`/healthz`: what a load balancer needs to know about each service requests depend on.

The database is required: without it no page can be served, so the answer is 503 and the
balancer takes the server out. Redis only holds the shared sign-in rate limits; when it is down
the limiter falls back to each process's own memory (limits still apply, per process), so
the server keeps serving and reports itself "degraded" with 200 — taking every server out
because a cache is down would turn Redis's outage into Plenaria's. An operator who wants
Redis required sets `HEALTHZ_REQUIRE_REDIS`. The task queue is reported too, never required:
mails wait in the outbox and are handed over when the queue answers again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import redis
from flask import current_app
from sqlalchemy import text

from events.extensions import db
from events.tasks.health import queue_health

log = logging.getLogger(__name__)

# A health check must answer quickly even when a service hangs rather than refuses.
REDIS_TIMEOUT_SECONDS = 1.0


@dataclass(frozen=True)
class Check:
    name: str
    up: bool
    required: bool
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {"status": "ok" if self.up else "down", "required": self.required,
                "detail": self.detail}


def check_database() -> Check:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()  # end the read at once: nothing of a health check stays open
    except Exception:  # any failure means the same thing to a load balancer: no database
        log.exception("health check: the database is unreachable")
        db.session.rollback()
        return Check("database", False, True, "unreachable: no page can be served")
    return Check("database", True, True, db.engine.dialect.name)


def check_redis(url: str) -> Check:
    required = bool(current_app.config.get("HEALTHZ_REQUIRE_REDIS"))
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                      socket_timeout=REDIS_TIMEOUT_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, OSError):
        log.warning("health check: Redis at the configured REDIS_URL is unreachable")
        return Check("redis", False, required,
                     "unreachable: sign-in rate limits are counted by each process alone")
    return Check("redis", True, required, "sign-in rate limits shared by every process")


def health_report() -> tuple[dict[str, Any], int]:
    """The JSON body and status of `/healthz`: 503 when a required service is down."""
    checks = [check_database()]
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        checks.append(check_redis(redis_url))
    report_queue = queue_health()
    if any(not c.up and c.required for c in checks):
        status, code = "unavailable", 503
    elif any(not c.up for c in checks):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return {"status": status,
            "checks": {**{c.name: c.as_json() for c in checks}, "queue": report_queue}}, code
