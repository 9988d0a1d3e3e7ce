"""`flask --app app webhooks deliver`: the retries of webhook deliveries that are due (run it
every minute from cron until a task queue drives `events.api.webhooks`)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

webhooks_cli = AppGroup("webhooks", help="Webhook deliveries.")


@webhooks_cli.command("deliver")
def deliver() -> None:
    """Attempt every delivery that is due."""
    from events.api.webhooks import deliver_due

    click.echo(f"{deliver_due()} deliveries attempted.")
