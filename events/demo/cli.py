"""`flask --app app demo load [--force]`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from events.demo.guard import check_demo
from events.demo.loader import DEMO_PASSWORD, load_demo
from events.extensions import db

demo_cli = AppGroup("demo", help="Demonstration data.")


@demo_cli.command("load")
@click.option("--force", is_flag=True,
              help="Load even into a database holding more than the demo: the demo's rows "
                   "are put back to the demo's values. Existing accounts are never changed.")
def load_command(force: bool) -> None:
    """Load the ISO/CASCO 2019 week in Nairobi and its earlier editions (idempotent).

    Refuses a database that holds anything but this demo, unless --force is given.
    """
    check = check_demo(load_demo)
    if not check.only_the_demo:
        heading = ("This database holds more than the demo:" if force else
                   "This database holds more than the demo, so nothing was changed:")
        click.echo(heading, err=True)
        for problem in check.problems():
            click.echo(f"  {problem}", err=True)
        if not force:
            click.echo("Load the demo into an empty database (DATABASE_URL), or add --force "
                       "to put the demo's rows back anyway (accounts are never changed).",
                       err=True)
            raise SystemExit(1)
    report = load_demo()
    db.session.commit()
    click.echo(f"Directory: {report.organisations}")
    click.echo(f"Events: {', '.join(report.events)}")
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}, unless the account existed):")
    for account in report.accounts:
        where = f" ({account.organisation})" if account.organisation else ""
        click.echo(f"  {account.role.value:<12} {account.email}{where}")
