"""`flask --app app attendance import EVENT_SLUG FILE [--format auto|webex|zoom|teams|csv]`."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask.cli import AppGroup
from sqlalchemy import select

from events.attendance import review
from events.attendance.formats import DATE_ORDERS, ExportError
from events.attendance.importer import ImportResult, import_attendance
from events.extensions import db
from events.models import Attendance, Event, ExportFormat, Session

attendance_cli = AppGroup("attendance", help="Attendance: imports of remote-meeting exports.")

FORMATS = ["auto", *(f.value for f in ExportFormat)]


def _session(event: Event, title: str | None) -> Session | None:
    if not title:
        return None
    session = db.session.scalar(select(Session).where(Session.event_id == event.id,
                                                      Session.title == title))
    if session is None:
        raise click.ClickException(f"{event.slug} has no session {title!r}.")
    return session


def _zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise click.ClickException(f"Unknown time zone {name!r}.") from error


def _report(event: Event, file: Path, result: ImportResult,
            accepted: list[Attendance] | None) -> None:
    click.echo(f"{file}: {result.summary()}")
    merged = result.rows - result.attendees - result.waiting_room
    if merged > 0 and not result.same_file:
        click.echo(f"  merged: {merged} rows of people who left and joined again")
    if accepted is None:
        return
    click.echo(f"  suggestions accepted: {len(accepted)} people new to Plenaria")
    for attendance in accepted:
        person = attendance.person
        org = attendance.organisation.acronym if attendance.organisation else "?"
        click.echo(f"    added {person.full_name} <{person.email or 'no email'}> ({org})")
    click.echo(f"  still waiting for review: {review.pending_count(event)}")


@attendance_cli.command("import")
@click.argument("event_slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(FORMATS), default="auto",
              show_default=True, help="The export's format; auto detects it.")
@click.option("--session", "session_title", default=None,
              help="Import into this session of the event (its title) instead of the event.")
@click.option("--timezone", "zone_name", default=None,
              help="IANA zone of times written without an offset (default: the event's).")
@click.option("--dates", "date_order", type=click.Choice(list(DATE_ORDERS)), default="auto",
              show_default=True,
              help="How the file writes 01/05/2019; auto decides by the meeting's dates.")
@click.option("--accept-suggestions", is_flag=True,
              help="Also add the people new to Plenaria whose mail domain names their NSB, "
                   "as the review queue's button does.")
def import_command(event_slug: str, file: Path, format_name: str, session_title: str | None,
                   zone_name: str | None, date_order: str, accept_suggestions: bool) -> None:
    """Import who attended EVENT_SLUG from a Webex, Zoom or Teams export, or a plain CSV
    (name, email, organisation). All or nothing; the same file twice adds nothing."""
    event = db.session.scalar(select(Event).where(Event.slug == event_slug))
    if event is None:
        raise click.ClickException(f"There is no event {event_slug!r}.")
    session, zone = _session(event, session_title), _zone(zone_name)
    fmt = None if format_name == "auto" else ExportFormat(format_name)
    try:
        result = import_attendance(event, file.read_bytes(), file.name, fmt=fmt,
                                   session=session, zone=zone,
                                   day_first=DATE_ORDERS[date_order])
        accepted = review.accept_suggestions(event, None) if accept_suggestions else None
        db.session.commit()
    except ExportError as error:
        db.session.rollback()
        click.echo(f"{file}: nothing was imported.", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from error
    _report(event, file, result, accepted)
