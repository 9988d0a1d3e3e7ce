"""Writing an uploaded document into the documents folder: whole or not at all.

The folder may be full or read-only (a shared volume that filled up, a mount gone wrong).
The file is written under a temporary name beside its final one and renamed only once it is
complete, so a failed write never leaves half a document to be served; the organiser is
told in words and nothing of the item is saved."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from pathlib import Path

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

log = logging.getLogger(__name__)


class DocumentNotStored(Exception):
    """The folder refused the file; the message is for the organiser."""


def store_upload(upload: FileStorage, folder: Path, name: str) -> None:
    """Write `upload` as `folder/name`, completely, or raise DocumentNotStored."""
    partial = folder / f".{name}.{secrets.token_hex(4)}.part"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with partial.open("xb") as target:
            upload.save(target)
            target.flush()
            os.fsync(target.fileno())
        partial.replace(folder / name)
    except OSError as error:
        log.error("documents folder %s refused %s: %s", folder, name, error)
        with contextlib.suppress(OSError):  # a read-only folder refuses this too
            partial.unlink(missing_ok=True)
        raise DocumentNotStored(_(
            "The document could not be stored: the server's documents folder is full or "
            "cannot be written to. Nothing was saved. Try again later, or give a link "
            "instead of a file, and tell the secretariat.")) from error
