"""Where files are kept, behind one small interface (`FileStore`).

- `DatabaseStore`: rows of `stored_files`, seen by every app server on the database; written
  in the caller's transaction, so an upload and the row that names it commit together.
- `FolderStore`: a folder of this machine, the embedded default with SQLite.

`FILE_STORAGE` chooses (`database` or `folder`); unset, it follows the database: PostgreSQL
(several servers) keeps files in it, SQLite (one machine) in `instance/`. Files made by the
worker (`put_file`) are always in the database: the worker may run on another machine.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from events.extensions import db
from events.models import StoredFile

log = logging.getLogger(__name__)


class StorageRefused(Exception):
    """The store could not keep the content (a full or read-only folder): nothing was kept."""


class FileStore(Protocol):
    def read(self, key: str) -> bytes | None: ...

    def write(self, key: str, content: bytes, content_type: str) -> None: ...

    def delete(self, key: str) -> None: ...

    def trim(self, keep: int) -> None:
        """Keep only the `keep` newest files (for caches)."""


class FolderStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"not a key of this store: {key!r}")
        return path

    def read(self, key: str) -> bytes | None:
        path = self._path(key)
        return path.read_bytes() if path.is_file() else None

    def write(self, key: str, content: bytes, content_type: str) -> None:
        """Write the whole file or nothing: it is written aside and renamed once complete,
        so a half-written file is never read; a full or read-only folder raises
        `StorageRefused` and leaves nothing behind."""
        path = self._path(key)
        partial: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False,
                                             suffix=".part") as handle:
                partial = handle.name
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, path)
        except OSError as error:
            log.error("the folder %s refused %s: %s", self.root, key, error)
            if partial is not None:
                with contextlib.suppress(OSError):  # a read-only folder refuses this too
                    os.unlink(partial)
            raise StorageRefused(key) from error

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def trim(self, keep: int) -> None:
        files = sorted((p for p in self.root.iterdir() if p.suffix != ".part"),
                       key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink(missing_ok=True)


class DatabaseStore:
    """Keys are prefixed by the area (`documents/…`, `pdf-cache/…`)."""

    def __init__(self, area: str, *, own_transaction: bool = False) -> None:
        self.prefix = f"{area}/"
        # A cache writes in a transaction of its own (a GET request commits nothing); a
        # document is written in the caller's, with the row that names it.
        self.own_transaction = own_transaction

    def read(self, key: str) -> bytes | None:
        return db.session.scalar(select(StoredFile.content)
                                 .where(StoredFile.key == self.prefix + key))

    def write(self, key: str, content: bytes, content_type: str) -> None:
        if not self.own_transaction:
            put_file(self.prefix + key, content, content_type)
            return
        try:
            with db.engine.begin() as connection:
                connection.execute(insert(StoredFile).values(
                    key=self.prefix + key, content=content, content_type=content_type,
                    size=len(content)))
        except IntegrityError:
            pass  # another server cached the same file at the same moment: same content

    def delete(self, key: str) -> None:
        db.session.execute(delete(StoredFile).where(StoredFile.key == self.prefix + key))

    def trim(self, keep: int) -> None:
        newest = (select(StoredFile.id).where(StoredFile.key.startswith(self.prefix))
                  .order_by(StoredFile.id.desc()).limit(keep))
        with db.engine.begin() as connection:
            connection.execute(delete(StoredFile).where(
                StoredFile.key.startswith(self.prefix), StoredFile.id.not_in(newest)))


def uses_database() -> bool:
    choice = current_app.config.get("FILE_STORAGE")
    if choice:
        return choice == "database"
    return db.engine.dialect.name == "postgresql"


def documents_folder_path() -> Path:
    """The folder of uploaded documents when they are kept in a folder (`FILE_STORAGE`):
    `DOCUMENTS_FOLDER`, else `instance/documents`. Backups copy it."""
    configured = current_app.config.get("DOCUMENTS_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "documents"


def documents_store() -> FileStore:
    """Documents uploaded for agenda items."""
    if uses_database():
        return DatabaseStore("documents")
    return FolderStore(documents_folder_path())


def pdf_cache_store() -> FileStore:
    """Rendered PDFs by ETag. An explicit PDF_CACHE_DIR keeps them in that folder."""
    configured = current_app.config.get("PDF_CACHE_DIR")
    if uses_database() and not configured:
        return DatabaseStore("pdf-cache", own_transaction=True)
    return FolderStore(Path(configured) if configured
                       else Path(current_app.instance_path) / "cache" / "pdf")


def put_file(key: str, content: bytes, content_type: str) -> StoredFile:
    """Keep `content` in the database under `key` (replacing what was there); the caller
    commits."""
    stored = db.session.scalar(select(StoredFile).where(StoredFile.key == key))
    if stored is None:
        stored = StoredFile(key=key)
        db.session.add(stored)
    stored.content, stored.content_type, stored.size = content, content_type, len(content)
    db.session.flush()
    return stored
