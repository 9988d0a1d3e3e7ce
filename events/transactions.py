"""Transactions that write on SQLite: take the write lock when they begin, not half-way.

SQLite in WAL mode lets readers run beside one writer. A transaction that began as a read
and then writes must upgrade its lock; if another connection committed in between, SQLite
refuses at once with "database is locked" — the busy timeout does not help, because the
reader's snapshot is already stale. So every request that may write (POST, PUT, PATCH,
DELETE) begins its transactions with `BEGIN IMMEDIATE`: writers wait their turn (busy
timeout) instead of failing. The few GET requests that write (a confirmation link, a
language picked from the menu), and posted views marked `reads_first`, call `begin_write()`
before they change anything. PostgreSQL needs none of this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError

from events.extensions import db

WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

View = TypeVar("View", bound=Callable[..., Any])


def reads_first(view: View) -> View:
    """Mark a view whose transactions begin as reads although it is posted to, because it
    does slow work before deciding to write (sign-in checks a password: a hash that takes a
    good part of a second, which must not hold every other writer back). Such a view calls
    `begin_write()` before it changes anything."""
    view._reads_first = True  # type: ignore[attr-defined]
    return view


def _view_reads_first() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "_reads_first", False))


def begin_statement(connection: Any) -> str:
    """The SQLite statement that opens a transaction on `connection`."""
    if connection.get_execution_options().get("sqlite_begin_immediate"):
        return "BEGIN IMMEDIATE"
    if has_request_context() and request.method in WRITING_METHODS and not _view_reads_first():
        return "BEGIN IMMEDIATE"
    return "BEGIN"


def begin_write() -> None:
    """End the session's read transaction (if any) and begin one that may write.

    Objects loaded before are expired and reload inside the new transaction, so what is
    written is decided on fresh data. Call it before changing anything.
    """
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("begin_write() must come before any change")
    if session.in_transaction():
        session.rollback()
    session.connection(execution_options={"sqlite_begin_immediate": True})


def is_database_busy(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def register_busy_handler(app: Flask) -> None:
    """A write that still meets a locked SQLite (busy timeout spent) is a 503 the person can
    retry, with nothing saved — never a 500."""
    from flask import render_template

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError) -> Any:
        db.session.rollback()
        if not is_database_busy(error):
            raise error
        message = _("The server is busy. Nothing you entered was saved; please send the "
                    "form again in a moment.")
        return render_template("errors/error.html", code=503, message=message), 503, {
            "Retry-After": "2"}
