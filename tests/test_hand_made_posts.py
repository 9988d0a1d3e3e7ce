"""Posts no browser sends (found by fuzzing): a clear answer, nothing changed, never a 500."""

from __future__ import annotations

from sqlalchemy import select

from events.extensions import db
from events.models import Organisation, RemoteProblemReport
from tests.conftest import sign_in, submit
from tests.test_directory_pages import secretariat
from tests.test_prep_sessions import PREP, setup_prep


def test_a_blank_problem_kind_is_refused_and_nothing_recorded(app, client):
    with app.app_context():
        setup_prep()
    sign_in(client, "ana@inen.example")
    for kinds in ([" "], [""], ["audio", "\x00"], ["no_such_problem"]):
        response = submit(client, f"{PREP}/prep/problems", {"kinds": kinds, "details": "x"},
                          page=f"{PREP}/prep/problems")
        assert response.status_code == 200, kinds
        assert "is not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(RemoteProblemReport)) is None


def test_an_organisation_edit_without_its_lists_keeps_them(app, client, demo):
    secretariat(app, client)
    response = submit(client, "/orgs/KEBS/edit", {
        "acronym": "KEBS", "name": "Kenya Bureau of Standards — Ofisi ya Viwango",
        "kind": "nsb", "country": "KE", "iso_category": "member"})
    assert response.status_code == 302
    with app.app_context():
        kebs = db.session.scalar(select(Organisation).where(Organisation.acronym == "KEBS"))
        assert kebs.name == "Kenya Bureau of Standards — Ofisi ya Viwango"
        assert [d.domain for d in kebs.email_domains] == ["kebs.org"]
        assert kebs.committee_memberships  # left as they were
