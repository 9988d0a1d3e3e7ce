"""One archive holds what must be kept: the database, the secret key and the documents.

The secret key matters as much as the data: it signs the personal calendar addresses, badge
codes and links people already hold; a restore with another key breaks every one of them.
The database is copied with its own tools — SQLite's online backup, `pg_dump` for
PostgreSQL — so a backup taken while the server runs is consistent. A restore goes back to
the same kind of database (SQLite to SQLite, PostgreSQL to PostgreSQL).
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Engine, make_url

FORMAT = 1


class BackupError(Exception):
    """Said to the operator: what is wrong and what to do; nothing was changed."""


@dataclass
class Manifest:
    dialect: str
    created_at: str
    documents: int
    format: int = FORMAT


def _libpq_url(engine: Engine) -> str:
    url = make_url(engine.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def create_backup(engine: Engine, secret_key: str, documents: Path, target: Path) -> Manifest:
    """Write the archive `target` (.tar.gz): database, secret key, documents."""
    dialect = engine.dialect.name
    files = sorted(p for p in documents.rglob("*") if p.is_file()) if documents.exists() else []
    manifest = Manifest(dialect=dialect, created_at=datetime.now(UTC).isoformat(),
                        documents=len(files))
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "database"
        if dialect == "sqlite":
            source = sqlite3.connect(engine.url.database or "")
            copy = sqlite3.connect(dump)
            with copy:
                source.backup(copy)  # consistent even while the server writes
            copy.close()
            source.close()
        elif dialect == "postgresql":
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  "--file", str(dump), "--dbname", _libpq_url(engine)], "pg_dump")
        else:
            raise BackupError(f"backups of {dialect} databases are not supported")
        partial = target.with_name(target.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest.__dict__).encode())
            _add_bytes(archive, "secret_key", secret_key.encode())
            archive.add(dump, arcname=f"database.{dialect}")
            for path in files:
                archive.add(path, arcname=f"documents/{path.relative_to(documents)}")
        partial.chmod(0o600)  # it holds the secret key and personal data
        partial.replace(target)
    return manifest


def _run(command: list[str], tool: str) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{tool} is not installed (Debian: postgresql-client)") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{tool} failed: {error.stderr.strip()}") from error


def _has_tables(engine: Engine) -> bool:
    return any(name != "alembic_version" for name in inspect(engine).get_table_names())


def restore_backup(engine: Engine, archive_path: Path, documents: Path, secret_key_file: Path,
                   force: bool = False) -> Manifest:
    """Restore the archive into `engine`'s database, `documents` and `secret_key_file`.
    Refuses (changing nothing) a database that holds tables, unless `force`."""
    try:
        archive = tarfile.open(archive_path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive_path} is not a Plenaria backup: {error}") from error
    with archive, tempfile.TemporaryDirectory() as scratch:
        try:
            raw = json.loads(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
            manifest = Manifest(**raw)
        except (KeyError, AttributeError, ValueError, TypeError) as error:
            raise BackupError(f"{archive_path} is not a Plenaria backup") from error
        if manifest.format != FORMAT:
            raise BackupError(f"backup format {manifest.format} is not {FORMAT}")
        if manifest.dialect != engine.dialect.name:
            raise BackupError(f"the backup is of a {manifest.dialect} database; DATABASE_URL "
                              f"names a {engine.dialect.name} one")
        if _has_tables(engine) and not force:
            raise BackupError("the target database is not empty; restore into an empty one, "
                              "or add --force to replace what it holds")
        key = archive.extractfile("secret_key").read().decode()  # type: ignore[union-attr]
        if secret_key_file.exists() and secret_key_file.read_text().strip() != key and not force:
            raise BackupError(f"{secret_key_file} holds another secret key; move it away or "
                              "add --force")
        archive.extractall(scratch, filter="data")
        dump = Path(scratch) / f"database.{manifest.dialect}"
        if manifest.dialect == "sqlite":
            engine.dispose()
            target = Path(engine.url.database or "")
            target.parent.mkdir(parents=True, exist_ok=True)
            for leftover in (target.with_name(target.name + "-wal"),
                             target.with_name(target.name + "-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(dump, target)
        else:
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                  "--dbname", _libpq_url(engine), str(dump)], "pg_restore")
        restored_documents = Path(scratch) / "documents"
        if restored_documents.exists():
            shutil.copytree(restored_documents, documents, dirs_exist_ok=True)
        secret_key_file.parent.mkdir(parents=True, exist_ok=True)
        secret_key_file.write_text(key)
        secret_key_file.chmod(0o600)
    return manifest
