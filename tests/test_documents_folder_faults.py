"""The documents folder full or read-only: a clear error, nothing half-written.

A real small filesystem (tmpfs, mounted by the test: it runs as root, as `make test` does in
CI) is filled up or remounted read-only under the app's DOCUMENTS_FOLDER."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from events.extensions import db
from events.models import AgendaItem, Document
from tests.conftest import submit
from tests.test_agenda_editor import organiser_and_meeting, text_of

MESSAGE = "The document could not be stored: the server's documents folder is full"


@pytest.fixture
def small_folder(app, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "documents"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                   check=True)
    previous = {key: app.config.get(key) for key in ("DOCUMENTS_FOLDER", "FILE_STORAGE")}
    # Uploads kept in a folder (the default on SQLite; PostgreSQL installations may keep
    # them in the database instead).
    app.config.update(DOCUMENTS_FOLDER=str(folder), FILE_STORAGE="folder")
    try:
        yield folder
    finally:
        app.config.update(previous)
        subprocess.run(["umount", str(folder)], check=True)


def _upload(client, content: bytes) -> object:
    return submit(client, "/events/meeting/manage/agenda/items/new", {
        "title": "Informe del Secretario — Ольга Петрова",
        "document_reference": "CASCO N 1330", "document_title": "Secretary's report",
        "document_file": (io.BytesIO(content), "report.pdf")},
        content_type="multipart/form-data")


def _nothing_saved(app, folder: Path) -> None:
    with app.app_context():
        assert db.session.scalar(select(Document)) is None
        assert db.session.scalar(select(AgendaItem)) is None
    assert list(folder.iterdir()) == []  # no partial file left behind


def test_a_full_documents_folder_is_a_clear_error_and_nothing_is_saved(app, client,
                                                                        small_folder):
    organiser_and_meeting(app, client)
    response = _upload(client, b"%PDF-1.4 " + b"x" * 200_000)
    assert response.status_code == 200
    assert MESSAGE in text_of(response)
    _nothing_saved(app, small_folder)
    # Once there is room again, the same upload works.
    assert _upload(client, b"%PDF-1.4 small").status_code == 302


def test_a_read_only_documents_folder_is_a_clear_error_and_nothing_is_saved(app, client,
                                                                             small_folder):
    organiser_and_meeting(app, client)
    subprocess.run(["mount", "-o", "remount,ro", str(small_folder)], check=True)
    response = _upload(client, b"%PDF-1.4 small")
    assert response.status_code == 200
    assert MESSAGE in text_of(response)
    _nothing_saved(app, small_folder)
