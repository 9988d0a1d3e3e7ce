"""Files every app server must see the same: kept in the database (`StoredFile`), so two
servers with different instance folders on one PostgreSQL serve the same documents and PDFs.
The local folder stays the embedded default for what is only a cache of one machine."""

from __future__ import annotations

from sqlalchemy import select

from events.extensions import db
from events.models import StoredFile


def put_file(key: str, content: bytes, content_type: str) -> StoredFile:
    """Keep `content` under `key` (replacing what was there). The caller commits."""
    stored = db.session.scalar(select(StoredFile).where(StoredFile.key == key))
    if stored is None:
        stored = StoredFile(key=key)
        db.session.add(stored)
    stored.content, stored.content_type, stored.size = content, content_type, len(content)
    db.session.flush()
    return stored


def get_file(key: str) -> StoredFile | None:
    return db.session.scalar(select(StoredFile).where(StoredFile.key == key))
