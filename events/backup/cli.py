"""`flask --app app backup create FILE` and `backup restore FILE` (see README, Operations)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from events.backup.archive import BackupError, create_backup, restore_backup
from events.extensions import db
from events.storage import documents_folder_path

backup_cli = AppGroup("backup", help="Back up and restore the database, secret key, documents.")


@backup_cli.command("create")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def create_command(target: Path) -> None:
    """Write TARGET (.tar.gz): the database, the secret key and the documents."""
    try:
        manifest = create_backup(db.engine, current_app.config["SECRET_KEY"],
                                 documents_folder_path(), target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{target}: {manifest.dialect} database, secret key, "
               f"{manifest.documents} document file(s).")


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--secret-key-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the secret key (default: instance/secret_key).")
@click.option("--force", is_flag=True, help="Replace a database that is not empty.")
def restore_command(archive: Path, secret_key_file: Path | None, force: bool) -> None:
    """Restore ARCHIVE into DATABASE_URL, DOCUMENTS_FOLDER and the secret key file."""
    key_file = secret_key_file or Path(current_app.instance_path) / "secret_key"
    try:
        manifest = restore_backup(db.engine, archive, documents_folder_path(), key_file,
                                  force=force)
    except BackupError as error:
        raise click.ClickException(f"{error}. Nothing was restored.") from error
    click.echo(f"Restored {archive} (made {manifest.created_at}): the database, "
               f"{manifest.documents} document file(s), and the secret key into {key_file}. "
               "Run `flask --app app db upgrade`, then start the server.")
