"""`flask --app app worker`: the consumer of the task queue (mail, long work, schedules)."""

from __future__ import annotations

import logging

import click
from flask.cli import with_appcontext

from events.tasks import huey, queue_url


@click.command("worker")
@click.option("--workers", default=2, show_default=True,
              help="Tasks run at the same time (threads).")
@click.option("--no-periodic", is_flag=True,
              help="Leave the scheduled tasks to another worker (run them on one only).")
@with_appcontext
def worker_command(workers: int, no_periodic: bool) -> None:
    """Run the task queue's consumer until stopped (Ctrl-C or SIGTERM)."""
    from flask import current_app

    logging.getLogger("huey").setLevel(logging.INFO)
    where = queue_url(current_app) or "instance/queue.sqlite"
    click.echo(f"Worker: {workers} threads, queue at {where.split('@')[-1]}")
    consumer = huey.create_consumer(workers=workers, worker_type="thread",
                                    periodic=not no_periodic, initial_delay=0.1,
                                    backoff=1.15, max_delay=2.0)
    consumer.run()
