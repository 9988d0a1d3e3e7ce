"""Big PDFs leave the request: the organiser asks, a real worker process renders it with
its progress on the page, and the file is kept (in the database) for download."""

from __future__ import annotations

import io
import re

import pypdf
from sqlalchemy import select

from events.extensions import db
from events.models import BackgroundJob, JobStatus, Role
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_person, make_registration, make_user
from tests.outbox_support import free_port
from tests.test_outbox_worker import real_queue, start_worker, wait_for  # noqa: F401

NAMES = ["Амина Кибет", "小明 王", "فاطمة الزهراء", "José Núñez", "Søren Ågård", "Ιωάννα Παππά"]


def plenary_with_six_delegates() -> None:
    host = make_org("KEBS")
    event = make_event("plenary", host=host, title="35th Plenary", timezone="Africa/Nairobi")
    make_user(Role.ORGANISER, organisation=host, email="organiser@kebs.example")
    make_user(email="delegate@kebs.example")
    for number, name in enumerate(NAMES):
        given, family = name.split(" ", 1)
        make_registration(event, make_person(host, given_name=given, family_name=family,
                                             email=f"d{number}@kebs.example"))
    db.session.commit()


def test_badges_for_many_are_made_in_the_background_and_kept(app, client,
                                                            start_worker):  # noqa: F811
    app.config["PDF_BACKGROUND_FROM"] = 5
    try:
        with app.app_context():
            plenary_with_six_delegates()
        sign_in(client, "organiser@kebs.example")
        asked = client.get("/events/plenary/reports/badges.pdf")
        assert asked.status_code == 302
        assert asked.location.endswith("/events/plenary/manage/documents/badges")
        page = client.get(asked.location).get_data(as_text=True)
        assert "A document for 6 people is made in the background" in page
        submit(client, asked.location, {})
        submit(client, asked.location, {}, page=asked.location)  # asked twice: one job
        with app.app_context():
            assert db.session.query(BackgroundJob).count() == 1
        waiting = client.get(asked.location).get_data(as_text=True)
        assert '<progress max="100" value="0">' in waiting
        assert 'http-equiv="refresh"' in waiting  # the page follows the progress by itself
        start_worker(free_port())

        def ready() -> bool:
            return "Download the PDF" in client.get(asked.location).get_data(as_text=True)

        wait_for(ready, "the badges to be made", seconds=120)
        page = client.get(asked.location).get_data(as_text=True)
        assert "<progress" not in page and 'http-equiv="refresh"' not in page
        link = re.search(r'href="([^"]+/documents/file/\d+)"', page)[1]
        download = client.get(link)
        assert download.mimetype == "application/pdf"
        pdf = pypdf.PdfReader(io.BytesIO(download.data))
        text = "".join(p.extract_text() for p in pdf.pages)
        # 王 (the family name) first, as Chinese writes it.
        assert "José Núñez" in text and "王小明" in text and text.count("DELEGATE") == 6
        with app.app_context():
            job = db.session.scalar(select(BackgroundJob))
            assert job.status is JobStatus.DONE and job.progress == 100
            assert job.result_count == 6 and job.file.size == len(download.data)
        delegate = app.test_client()
        sign_in(delegate, "delegate@kebs.example")
        assert delegate.get(link).status_code == 403
    finally:
        app.config["PDF_BACKGROUND_FROM"] = 300


def test_small_documents_are_still_served_at_once(app, client):
    with app.app_context():
        plenary_with_six_delegates()
    sign_in(client, "organiser@kebs.example")
    response = client.get("/events/plenary/reports/badges.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_an_organisers_long_list_of_participants_is_made_for_them_in_the_background(app,
                                                                                    client):
    app.config["PDF_BACKGROUND_FROM"] = 5
    try:
        with app.app_context():
            plenary_with_six_delegates()
        public = app.test_client().get("/events/plenary/participants.pdf")
        assert public.status_code in (200, 404)  # the public's copy is never a job
        sign_in(client, "organiser@kebs.example")
        asked = client.get("/events/plenary/participants.pdf")
        assert asked.location.endswith("/events/plenary/manage/documents/participants")
        page = submit(client, asked.location, {}, follow_redirects=True).get_data(as_text=True)
        link = re.search(r'href="([^"]+/documents/file/\d+)"', page)[1]
        pdf = pypdf.PdfReader(io.BytesIO(client.get(link).data))
        listed = "".join(p.extract_text() for p in pdf.pages)
        assert "Núñez José" in listed and "Παππά Ιωάννα" in listed  # family name first
        with app.app_context():
            job = db.session.scalar(select(BackgroundJob))
            assert job.requested_by_id is not None and job.status is JobStatus.DONE
    finally:
        app.config["PDF_BACKGROUND_FROM"] = 300
