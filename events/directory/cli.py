"""`flask --app app orgs import FILE.csv`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from events.directory.importer import DirectoryError, import_csv
from events.extensions import db

orgs_cli = AppGroup("orgs", help="The directory of NSBs, liaisons and regional bodies.")


@orgs_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Import or update organisations from a UTF-8 CSV file (all or nothing)."""
    try:
        report = import_csv(file.read_bytes())
        db.session.commit()
    except DirectoryError as error:
        db.session.rollback()
        click.echo(f"{file}: nothing was imported.", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from error
    click.echo(f"{file}: {report.summary()}")
