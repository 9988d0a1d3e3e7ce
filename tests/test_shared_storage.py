"""Nothing lives on one server's disk: two app servers with different instance folders on one
database serve the same uploaded documents and the same cached PDFs (FILE_STORAGE=database,
the default on PostgreSQL)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from app import create_app
from events import tasks
from events.agenda.publishing import publish_agenda
from events.extensions import db
from events.models import Document, Event, Session, StoredFile
from tests.conftest import submit
from tests.test_agenda_editor import add_session, download, organiser_and_meeting


@pytest.fixture
def two_servers(app: Flask, tmp_path) -> Iterator[tuple[Flask, Flask]]:
    """The suite's app and a second one on the same database, each with its own instance
    folder, both keeping files in the database."""
    app.config["FILE_STORAGE"] = "database"
    (tmp_path / "second").mkdir()
    second = create_app({
        "TESTING": True, "SECRET_KEY": app.config["SECRET_KEY"],
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_SERVER": None, "SERVER_NAME": "plenaria.test", "QUEUE_IMMEDIATE": True,
        "FILE_STORAGE": "database"})
    second.instance_path = str(tmp_path / "second")
    tasks.init_app(app)  # the queue runs the suite's app's tasks again
    try:
        yield app, second
    finally:
        app.config["FILE_STORAGE"] = None
        with second.app_context():
            db.engine.dispose()


def test_a_document_uploaded_on_one_server_is_served_by_the_other(two_servers):
    first, second = two_servers
    client = first.test_client()
    organiser_and_meeting(first, client)
    add_session(client, "Apertura", "2030-03-29T10:00", "2030-03-29T12:00")
    with first.app_context():
        session_id = db.session.scalar(select(Session.id))
    uploaded = submit(client, "/events/meeting/manage/agenda/items/new", {
        "title": "Resoluciones", "session_id": session_id,
        "document_reference": "CASCO N 1320", "document_title": "Проект резолюций",
        "document_file": (io.BytesIO(b"%PDF-1.4 resolutions"), "resolutions.pdf")},
        content_type="multipart/form-data")
    assert uploaded.status_code == 302
    with first.app_context():
        publish_agenda(db.session.scalar(select(Event).where(Event.slug == "meeting")))
        db.session.commit()
        document = db.session.scalar(select(Document))
        url = f"/events/meeting/documents/{document.id}/{document.file_name}"
        stored_as = document.stored_as
        assert db.session.scalar(select(StoredFile.key)) == f"documents/{document.stored_as}"
    assert download(second.test_client(), url) == (200, b"%PDF-1.4 resolutions")
    assert download(first.test_client(), url) == (200, b"%PDF-1.4 resolutions")
    # Neither instance folder holds the file.
    for server in (first, second):
        assert not list(Path(server.instance_path).rglob(stored_as))


def test_a_pdf_rendered_by_one_server_is_the_cached_one_of_the_other(two_servers):
    first, second = two_servers
    client = first.test_client()
    organiser_and_meeting(first, client)
    add_session(client, "Apertura", "2030-03-29T10:00", "2030-03-29T12:00")
    with first.app_context():
        publish_agenda(db.session.scalar(select(Event).where(Event.slug == "meeting")))
        db.session.commit()
    rendered = first.test_client().get("/events/meeting/agenda.pdf")
    assert rendered.status_code == 200
    with first.app_context():
        (cached,) = db.session.scalars(select(StoredFile).where(
            StoredFile.key.startswith("pdf-cache/")))
        assert cached.key == f"pdf-cache/{rendered.headers['ETag'].strip(chr(34))}.pdf"
        cached.content = b"%PDF-1.7 the copy in the shared cache"  # marks the cached copy
        db.session.commit()
    served = second.test_client().get("/events/meeting/agenda.pdf")
    assert served.headers["ETag"] == rendered.headers["ETag"]
    assert served.data == b"%PDF-1.7 the copy in the shared cache"  # not rendered again
