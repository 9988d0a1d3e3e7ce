"""`flask --app app attendance import EVENT_SLUG FILE [--format auto|webex|zoom|teams|csv]`."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask.cli import AppGroup
from sqlalchemy import select

from events.attendance.formats import ExportError
from events.attendance.importer import import_attendance
from events.extensions import db
from events.models import Event, ExportFormat, Session

attendance_cli = AppGroup("attendance", help="Attendance: imports of remote-meeting exports.")

FORMATS = ["auto", *(f.value for f in ExportFormat)]


@attendance_cli.command("import")
@click.argument("event_slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(FORMATS), default="auto",
              show_default=True, help="The export's format; auto detects it.")
@click.option("--session", "session_title", default=None,
              help="Import into this session of the event (its title) instead of the event.")
@click.option("--timezone", "zone_name", default=None,
              help="IANA zone of times written without an offset (default: the event's).")
def import_command(event_slug: str, file: Path, format_name: str, session_title: str | None,
                   zone_name: str | None) -> None:
    """Import who attended EVENT_SLUG from a Webex, Zoom or Teams export, or a plain CSV
    (name, email, organisation). All or nothing; the same file twice adds nothing."""
    event = db.session.scalar(select(Event).where(Event.slug == event_slug))
    if event is None:
        raise click.ClickException(f"There is no event {event_slug!r}.")
    session = None
    if session_title:
        session = db.session.scalar(select(Session).where(Session.event_id == event.id,
                                                          Session.title == session_title))
        if session is None:
            raise click.ClickException(f"{event_slug} has no session {session_title!r}.")
    try:
        zone = ZoneInfo(zone_name) if zone_name else None
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise click.ClickException(f"Unknown time zone {zone_name!r}.") from error
    fmt = None if format_name == "auto" else ExportFormat(format_name)
    try:
        result = import_attendance(event, file.read_bytes(), file.name, fmt=fmt,
                                   session=session, zone=zone)
        db.session.commit()
    except ExportError as error:
        db.session.rollback()
        click.echo(f"{file}: nothing was imported.", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from error
    click.echo(f"{file}: {result.summary()}")
