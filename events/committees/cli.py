"""`flask --app app committees import CODE KIND FILE.csv`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from events.committees.importer import CommitteeImportError, ImportKind, import_file
from events.committees.queries import find_committee
from events.extensions import db

committees_cli = AppGroup("committees", help="Committees: subgroups, officers, experts.")


@committees_cli.command("import")
@click.argument("code")
@click.argument("kind", type=click.Choice([kind.value for kind in ImportKind]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(code: str, kind: str, file: Path) -> None:
    """Import a committee's subgroups, officers, experts or liaisons (all or nothing)."""
    committee = find_committee(code)
    if committee is None:
        click.echo(f"There is no committee {code!r} in the directory.", err=True)
        raise SystemExit(1)
    try:
        report = import_file(committee, ImportKind(kind), file.read_bytes())
        db.session.commit()
    except CommitteeImportError as error:
        db.session.rollback()
        click.echo(f"{file}: nothing was imported.", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from error
    click.echo(f"{file}: {report.summary()}")
