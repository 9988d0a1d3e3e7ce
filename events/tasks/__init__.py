"""The task queue: Huey, on Redis when QUEUE_URL (or REDIS_URL) is set, else on a SQLite file
in the instance folder, so `make run` needs nothing else installed.

Tasks are declared with `@huey.task()` in the modules of each capability and run inside an
application context of the app given to `init_app` (`in_app_context`). The web processes only
enqueue; `flask --app app worker` runs the consumer.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from flask import Flask, current_app, g, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import event as sa_event
from sqlalchemy import inspect
from sqlalchemy.orm import Session as OrmSession

from events.extensions import db

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# Storage is chosen by `init_app` from the settings; until then (imports) it is in memory.
huey = Huey("plenaria", storage_class=MemoryStorage, utc=True)

_app: Flask | None = None


def queue_url(app: Flask) -> str | None:
    """Redis (`redis://…`), or a SQLite file (`sqlite:////path/queue.sqlite`)."""
    return app.config.get("QUEUE_URL") or app.config.get("REDIS_URL")


def init_app(app: Flask) -> None:
    """Point the queue at the app's storage; tasks run in this app's context."""
    global _app
    _app = app
    url = queue_url(app)
    if url and not url.startswith("sqlite:///"):
        huey.storage_class = RedisStorage
        huey.storage_kwargs = {"url": url}
    else:
        path = Path(url.removeprefix("sqlite:///") if url
                    else Path(app.instance_path) / "queue.sqlite")
        path.parent.mkdir(parents=True, exist_ok=True)
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": str(path)}
    huey._immediate = bool(app.config.get("QUEUE_IMMEDIATE"))
    huey.storage = huey.create_storage()
    if "huey" not in app.extensions:
        app.teardown_appcontext(_run_at_teardown)
    app.extensions["huey"] = huey
    install_hooks()


def in_app_context(func: Callable[P, R]) -> Callable[P, R]:
    """Run a task body with an application context and a request context at BASE_URL (so
    that `url_for(..., _external=True)` gives the public address), and a fresh session."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _app is None:
            raise RuntimeError("the task queue was used before init_app()")
        # The real app, not the proxy (Flask types current_app as the app itself).
        real_app = current_app._get_current_object() if has_app_context() else None  # type: ignore[attr-defined]
        if real_app is _app:
            # Run in place (tests' immediate mode): the caller's session is already gone.
            try:
                return func(*args, **kwargs)
            finally:
                db.session.remove()
        with _app.app_context(), _app.test_request_context(base_url=_app.config["BASE_URL"]):
            try:
                return func(*args, **kwargs)
            finally:
                db.session.remove()

    return wrapper


def enqueue_safely(task: Callable[..., Any], *args: Any) -> None:
    """Enqueue, logging instead of raising when the queue's storage is unreachable: the
    work is recorded in the database and the worker's sweep finds it later."""
    try:
        task(*args)
    except Exception:
        log.exception("could not enqueue %s%r; the sweep will pick it up", task, args)


# Key in `Session.info` of the tasks to enqueue when the current transaction commits.
_AFTER_COMMIT = "tasks_after_commit"


def enqueue_after_commit(task: Callable[[int], Any], row: Any) -> None:
    """Enqueue `task(row's id)` once the current transaction commits; forget it if the
    transaction rolls back (the row is gone then)."""
    db.session.info.setdefault(_AFTER_COMMIT, []).append((task, row))


def _after_commit(session: OrmSession) -> None:
    pending = session.info.pop(_AFTER_COMMIT, [])
    # The identity, not `row.id`: after a commit the rows are expired and SQL is not allowed.
    calls = [(task, identity[0]) for task, row in pending
             if (identity := inspect(row).identity) is not None]
    if huey.immediate and has_app_context():
        # Tests: run them when the request (or `with app.app_context()`) ends and its session
        # has let go of its connection, as a worker would, not inside this commit.
        g.setdefault(_AT_TEARDOWN, []).extend(calls)
        return
    for task, mail_id in calls:
        enqueue_safely(task, mail_id)


_AT_TEARDOWN = "tasks_at_teardown"


def run_committed_tasks() -> None:
    """Immediate mode: run now the tasks committed so far in this context (the session is
    removed first, as at the end of a request)."""
    while calls := g.pop(_AT_TEARDOWN, None):
        db.session.remove()
        for task, row_id in calls:
            enqueue_safely(task, row_id)


def _run_at_teardown(_error: BaseException | None) -> None:
    run_committed_tasks()


def _after_rollback(session: OrmSession, previous_transaction: Any) -> None:
    # Rows of the rolled-back transaction (or savepoint) are no longer persistent.
    pending = session.info.get(_AFTER_COMMIT)
    if pending:
        session.info[_AFTER_COMMIT] = [
            (task, row) for task, row in pending
            if inspect(row).persistent or inspect(row).pending]


def install_hooks() -> None:
    """Listen to every session's commits and rollbacks (once per process)."""
    if not sa_event.contains(OrmSession, "after_commit", _after_commit):
        sa_event.listen(OrmSession, "after_commit", _after_commit)
        sa_event.listen(OrmSession, "after_soft_rollback", _after_rollback)


def begin_writing() -> None:
    """Start a transaction that writes, holding SQLite's write lock from its first statement.
    Worker threads read, then write: on SQLite a read transaction that turns into a write
    after another thread committed fails at once ("database is locked"); taking the lock at
    BEGIN makes it wait its turn instead. No effect on PostgreSQL."""
    session = db.session()
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={"sqlite_begin_immediate": True})
