"""A document with nothing in it yet answers with one clear page (what is missing, what to
do), and the CLI says the same words."""

from __future__ import annotations

import html

import pytest

from events.extensions import db
from events.models import Role
from tests.conftest import sign_in
from tests.factories import make_event, make_org, make_user

DOCUMENTS = {
    "badges": ("/reports/badges.pdf", "no registration for Пленарное заседание 2031 is approved",
               "Approve registrations on the Registrations page"),
    "nameplates": ("/reports/nameplates.pdf",
                   "no delegation to Пленарное заседание 2031 is approved",
                   "Approve registrations on the Registrations page"),
    "certificates": ("/reports/certificates.pdf",
                     "no attendance at Пленарное заседание 2031 is recorded",
                     "import the attendance list of the online meeting"),
}


@pytest.fixture
def empty_meeting(app) -> None:
    with app.app_context():
        kebs = make_org("KEBS", country="KE")
        make_event("plenary-2031", title="Пленарное заседание 2031", host=kebs)
        make_user(Role.ORGANISER, organisation=kebs, email="org@kebs.example",
                  name="Wanjiku Kamau")
        db.session.commit()


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_an_empty_document_says_what_is_missing_and_what_to_do(client, empty_meeting, kind):
    path, missing, step = DOCUMENTS[kind]
    sign_in(client, "org@kebs.example")
    response = client.get("/events/plenary-2031" + path)
    assert response.status_code == 404 and response.mimetype == "text/html"
    page = html.unescape(response.get_data(as_text=True))
    assert "Nothing to print yet" in page
    assert missing in page and step in page
    assert "Page not found" not in page


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_the_cli_says_the_same_words(app, empty_meeting, kind, tmp_path):
    _path, missing, step = DOCUMENTS[kind]
    result = app.test_cli_runner().invoke(args=["reports", "pdf", "plenary-2031", kind, "-o",
                                                str(tmp_path / "out.pdf")])
    assert result.exit_code != 0
    assert missing in result.output and step in result.output
    assert not (tmp_path / "out.pdf").exists()
