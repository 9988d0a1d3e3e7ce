"""Browsing the directory; the secretariat creates and edits organisations."""

from sqlalchemy import select

from events.extensions import db
from events.models import Organisation, Role
from tests.conftest import sign_in, submit
from tests.factories import make_user


def test_filter_by_region_committee_status_and_regional_body(client, demo):
    latin_p = client.get("/orgs/?region=latin_america_caribbean&committee=ISO/CASCO&status=P")
    page = latin_p.get_data(as_text=True)
    assert ">IRAM<" in page and ">ICONTEC<" in page
    assert ">KEBS<" not in page  # Africa
    assert ">BNSI<" not in page  # an O-member
    copant = client.get("/orgs/?regional_body=COPANT").get_data(as_text=True)
    assert ">SCC<" in copant and ">ANSI<" in copant and ">DIN<" not in copant
    kenya = client.get("/orgs/?country=KE").get_data(as_text=True)
    assert "1 organisation" in kenya and ">KEBS<" in kenya


def test_the_directory_lists_without_a_query_per_organisation(client, demo, count_queries):
    with count_queries() as log:
        assert client.get("/orgs/").status_code == 200
    assert log.count <= 8


def test_an_organisation_page_shows_memberships_and_meetings(client, demo):
    page = client.get("/orgs/IRAM").get_data(as_text=True)
    assert "Instituto Argentino de Normalización y Certificación" in page
    assert "P-member (participating)" in page
    assert "Active member" in page
    assert "34th ISO/CASCO Plenary" in page and "32nd ISO/CASCO Plenary" in page
    copant = client.get("/orgs/COPANT").get_data(as_text=True)
    assert "Members" in copant and "ICONTEC" in copant and "Adherent member" in copant


def test_an_unknown_organisation_is_a_friendly_404(client):
    response = client.get("/orgs/NOPE")
    assert response.status_code == 404
    assert "There is no page at this address" in response.get_data(as_text=True)


def test_only_the_secretariat_may_edit(app, client, demo):
    with app.app_context():
        make_user(Role.DELEGATE, email="delegate@example.org")
        db.session.commit()
    assert client.get("/orgs/new").status_code == 302  # anonymous: to sign-in
    sign_in(client, "delegate@example.org")
    assert client.get("/orgs/new").status_code == 403
    assert client.get("/orgs/KEBS/edit").status_code == 403
    assert "Add an organisation" not in client.get("/orgs/").get_data(as_text=True)


def secretariat(app, client):
    with app.app_context():
        make_user(Role.SECRETARIAT, email="sec@example.org")
        db.session.commit()
    sign_in(client, "sec@example.org")


def test_the_secretariat_adds_an_organisation(app, client, demo):
    secretariat(app, client)
    response = submit(client, "/orgs/new", {
        "acronym": "INTN2", "name": "Instituto de Prueba", "kind": "nsb", "country": "PY",
        "iso_category": "member", "website": "https://example.org",
        "email_domains": "prueba.example; @otro.example",
        "memberships": "ISO/CASCO:O; COPANT:active",
    })
    assert response.status_code == 302
    assert client.get(response.location).status_code == 200
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.acronym == "INTN2"))
        assert sorted(d.domain for d in org.email_domains) == ["otro.example", "prueba.example"]
        assert {m.regional_body.acronym for m in org.regional_memberships} == {"COPANT"}


def test_bad_input_is_shown_next_to_the_field_keeps_what_was_typed_and_saves_nothing(
        app, client, demo):
    secretariat(app, client)
    with app.app_context():
        count = len(db.session.scalars(select(Organisation)).all())
    response = submit(client, "/orgs/new", {
        "acronym": "NEWBODY", "name": "Typed name stays", "kind": "nsb", "country": "",
        "email_domains": "not a domain", "memberships": "ISO/CASCO:A",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "A national standards body needs its country." in page
    assert "not a mail domain" in page
    assert "not a liaison" in page
    assert 'value="Typed name stays"' in page
    assert 'aria-invalid="true"' in page
    with app.app_context():
        assert len(db.session.scalars(select(Organisation)).all()) == count


def test_editing_keeps_the_acronym_unique(app, client, demo):
    secretariat(app, client)
    response = submit(client, "/orgs/KEBS/edit", {
        "acronym": "IRAM", "name": "Kenya Bureau of Standards", "kind": "nsb", "country": "KE",
        "iso_category": "member", "email_domains": "kebs.org", "memberships": "ISO/CASCO:P",
    })
    assert "another organisation already uses the acronym IRAM" in response.get_data(as_text=True)


def test_the_secretariat_edits_memberships(app, client, demo):
    secretariat(app, client)
    form = client.get("/orgs/KEBS/edit").get_data(as_text=True)
    assert "ISO/CASCO:P" in form and 'value="kebs.org"' in form
    response = submit(client, "/orgs/KEBS/edit", {
        "acronym": "KEBS", "name": "Kenya Bureau of Standards", "kind": "nsb", "country": "KE",
        "iso_category": "member", "email_domains": "kebs.org", "memberships": "ISO/CASCO:O",
    })
    assert response.status_code == 302
    page = client.get("/orgs/KEBS").get_data(as_text=True)
    assert "O-member (observer)" in page


def test_a_form_without_its_csrf_token_is_refused(app, client, demo):
    secretariat(app, client)
    response = client.post("/orgs/new", data={"acronym": "X", "name": "X", "kind": "other"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Organisation).where(Organisation.acronym == "X")) is None


def test_the_secretariat_imports_a_file_on_the_web(app, client, demo):
    secretariat(app, client)
    from io import BytesIO

    bad = b"acronym,name,kind,country\nZZ,Nowhere,nsb,XX\n"
    page = client.get("/orgs/import").get_data(as_text=True)
    from tests.conftest import csrf_token_from

    response = client.post("/orgs/import", data={
        "csrf_token": csrf_token_from(page), "file": (BytesIO(bad), "orgs.csv")},
        content_type="multipart/form-data")
    text = response.get_data(as_text=True)
    assert "Nothing was imported" in text and "line 2" in text
    good = b"acronym,name,kind,country\nZZ,Somewhere,nsb,CO\n"
    response = client.post("/orgs/import", data={
        "csrf_token": csrf_token_from(page), "file": (BytesIO(good), "orgs.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert "ZZ" in client.get("/orgs/?country=CO").get_data(as_text=True)
