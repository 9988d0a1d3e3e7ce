"""`flask --app app registration purge-passports [--days-after N]`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from events.extensions import db
from events.registration.privacy import purge_after_meetings, purge_passport_details

registration_cli = AppGroup("registration", help="Registrations of delegates.")


@registration_cli.command("purge-passports")
@click.option("--days-after", default=0, show_default=True, type=click.IntRange(min=0),
              help="Keep the details this many days after the meeting ends.")
def purge_passports_command(days_after: int) -> None:
    """Delete the passport details kept for invitation letters of meetings that are over.
    Run it daily (cron) to keep passports no longer than needed."""
    count = purge_passport_details(days_after)
    db.session.commit()
    click.echo(f"Deleted the passport details of {count} invitation letter request(s).")


@registration_cli.command("purge-personal-data")
@click.option("--days-after", default=0, show_default=True, type=click.IntRange(min=0),
              help="Keep the data this many days after the meeting ends.")
def purge_personal_data_command(days_after: int) -> None:
    """Delete the passport details and erase the dietary and accessibility needs of
    meetings that are over. Run it daily (cron)."""
    passports, health = purge_after_meetings(days_after)
    db.session.commit()
    click.echo(f"Deleted the passport details of {passports} invitation letter request(s); "
               f"erased the dietary and accessibility needs of {health} registration(s).")
