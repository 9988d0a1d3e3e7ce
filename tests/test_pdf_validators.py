"""Badges and certificates are validated by a fingerprint of the data they print: a request
with the ETag gets its 304, and a client without one gets the cached copy, without the
document (its QR codes, its HTML) being built; any change to what they print moves it."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from events.extensions import db
from events.models import (
    Attendance,
    AttendanceMode,
    AttendanceOrigin,
    Event,
    Organisation,
    Person,
    Role,
)
from events.reports import pdf_documents
from tests.conftest import sign_in
from tests.factories import make_event, make_org, make_person, make_registration, make_user


def _meeting(app, timezone: str = "America/Bogota") -> None:
    with app.app_context():
        icontec = make_org("ICONTEC", country="CO", name="Instituto Colombiano de Normas Técnicas")
        event = make_event("workshop", start=datetime(2026, 4, 29, 13, 0, tzinfo=UTC),
                           timezone=timezone, host=icontec)
        make_user(Role.ORGANISER, organisation=icontec, email="host@icontec.example")
        for given, family in [("Ольга", "Кузнецова"), ("Camila", "Gutiérrez"),
                              ("فاطمة", "الزهراء")]:
            person = make_person(icontec, given_name=given, family_name=family)
            make_registration(event, person)
            db.session.add(Attendance(event=event, person=person, organisation=icontec,
                                      mode=AttendanceMode.ONSITE,
                                      origin=AttendanceOrigin.CHECK_IN))
        db.session.commit()


def _text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
    return " ".join(text.split())  # lines wrapped on a badge read as one


def _never_built(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("the document was built")

    monkeypatch.setattr(pdf_documents, "badges", fail)
    monkeypatch.setattr(pdf_documents, "attendees", fail)


@pytest.mark.parametrize("url", ["/events/workshop/reports/badges.pdf",
                                 "/events/workshop/reports/certificates.pdf"])
def test_a_304_and_a_cached_copy_build_nothing(app, client, monkeypatch, count_queries, url):
    _meeting(app)
    sign_in(client, "host@icontec.example")
    first = client.get(url)
    assert "Camila Gutiérrez" in _text(first)
    etag = first.headers["ETag"]
    _never_built(monkeypatch)
    with count_queries() as revalidated:
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag
    assert revalidated.count <= 12  # the sign-in, the permission, one aggregate per table
    cached = client.get(url)  # no ETag: the copy kept in the PDF cache
    assert cached.status_code == 200 and cached.data == first.data
    assert cached.headers["ETag"] == etag


def test_renaming_a_delegate_changes_the_badges_and_their_etag(app, client):
    _meeting(app)
    sign_in(client, "host@icontec.example")
    first = client.get("/events/workshop/reports/badges.pdf")
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.family_name == "Gutiérrez"))
        person.family_name = "Gutiérrez Rojas"
        db.session.commit()
    changed = client.get("/events/workshop/reports/badges.pdf",
                         headers={"If-None-Match": first.headers["ETag"]})
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert "Gutiérrez Rojas" in _text(changed)


def test_a_new_attendee_gets_a_certificate_and_a_new_etag(app, client):
    _meeting(app)
    sign_in(client, "host@icontec.example")
    first = client.get("/events/workshop/reports/certificates.pdf")
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "workshop"))
        icontec = db.session.scalar(select(Organisation).where(Organisation.acronym == "ICONTEC"))
        person = make_person(icontec, given_name="王", family_name="伟")
        db.session.add(Attendance(event=event, person=person, organisation=icontec,
                                  mode=AttendanceMode.REMOTE, origin=AttendanceOrigin.MANUAL))
        db.session.commit()
    changed = client.get("/events/workshop/reports/certificates.pdf",
                         headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "伟" in _text(changed)
    # Built once: asked again, the certificates just issued do not move the ETag.
    assert client.get("/events/workshop/reports/certificates.pdf", headers={
        "If-None-Match": changed.headers["ETag"]}).status_code == 304
