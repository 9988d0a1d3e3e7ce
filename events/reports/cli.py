"""`flask --app app reports pdf EVENT_SLUG KIND -o FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from events.extensions import db
from events.models import Event
from events.reports.empty_documents import empty_document
from events.reports.pdf import cached_pdf
from events.reports.pdf_documents import DOCUMENTS

reports_cli = AppGroup("reports", help="Printed documents and exports.")
KINDS = ("agenda", "participants", "attendance", "badges", "certificates",
         "invitation-letters", "nameplates")


@reports_cli.command("pdf")
@click.argument("event_slug")
@click.argument("kind", type=click.Choice(KINDS))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def pdf_command(event_slug: str, kind: str, output: Path) -> None:
    """Write one of the event's PDF documents to a file."""
    event = db.session.scalar(select(Event).where(Event.slug == event_slug))
    if event is None:
        raise click.ClickException(f"No event with the slug {event_slug!r}.")
    if kind not in DOCUMENTS:
        raise click.ClickException(f"The {kind} document is not available yet.")
    # Documents carry links (certificate verification): build them for the public address.
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        document = DOCUMENTS[kind].build(event)
        if document is None:
            # The same words as the page organisers see in the browser.
            raise click.ClickException(empty_document(event, kind).sentence)
        db.session.commit()  # certificate codes issued on first print are kept
        output.write_bytes(cached_pdf(document))
    click.echo(f"Wrote {output} ({output.stat().st_size // 1024} KiB).")
