"""`flask --app app demo load`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from events.demo.loader import DEMO_PASSWORD, load_demo
from events.extensions import db

demo_cli = AppGroup("demo", help="Demonstration data.")


@demo_cli.command("load")
def load_command() -> None:
    """Load the ISO/CASCO 2019 week in Nairobi and its earlier editions (idempotent)."""
    report = load_demo()
    db.session.commit()
    click.echo(f"Directory: {report.organisations}")
    click.echo(f"Events: {', '.join(report.events)}")
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for account in report.accounts:
        where = f" ({account.organisation})" if account.organisation else ""
        click.echo(f"  {account.role.value:<12} {account.email}{where}")
