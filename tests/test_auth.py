"""Signing in, the users CLI, and the permission rules."""

import pytest
from sqlalchemy import select

from events.auth.permissions import can
from events.extensions import db
from events.models import Role, User
from tests.conftest import sign_in, submit
from tests.factories import PASSWORD, make_event, make_org, make_user


def test_sign_in_and_out(app, client):
    with app.app_context():
        make_user(email="ana@example.org", name="Ana Pérez")
        db.session.commit()
    response = sign_in(client, "ANA@example.org")
    assert response.location == "/"
    assert "Welcome, Ana Pérez." in client.get("/").get_data(as_text=True)
    submit(client, "/sign-out", page="/")
    assert "Sign in" in client.get("/").get_data(as_text=True)


def test_a_wrong_password_is_refused_without_telling_which_part(app, client):
    with app.app_context():
        make_user(email="ana@example.org")
        db.session.commit()
    for email, password in (("ana@example.org", "wrong"), ("nobody@example.org", PASSWORD)):
        page = submit(client, "/sign-in", {"email": email, "password": password})
        assert page.status_code == 200
        assert "The email address or the password is not right." in page.get_data(as_text=True)


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/",
                                    "https://evil.example/"])
def test_sign_in_does_not_redirect_to_another_site(app, client, target):
    """Browsers read `/\\evil.example` as `//evil.example`: another site."""
    with app.app_context():
        make_user(email="ana@example.org")
        db.session.commit()
    response = submit(client, "/sign-in", {"email": "ana@example.org", "password": PASSWORD},
                      page="/sign-in", query_string={"next": target})
    assert response.location == "/"


def test_sign_in_returns_to_the_page_asked_for(app, client):
    with app.app_context():
        make_user(email="ana@example.org")
        db.session.commit()
    response = submit(client, "/sign-in", {"email": "ana@example.org", "password": PASSWORD},
                      page="/sign-in", query_string={"next": "/my/meetings?lang=es"})
    assert response.location == "/my/meetings?lang=es"


def test_passwords_are_hashed(app_ctx):
    user = make_user(email="ana@example.org")
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD) and not user.check_password("other")


def test_users_create_reads_the_password_from_stdin(app):
    with app.app_context():
        make_org("IRAM", country="AR")
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "fp@iram.org.ar", "--name",
                                 "Lucía Fernández", "--role", "focal_point", "--org", "IRAM"],
                           input="a long enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "fp@iram.org.ar"))
        assert user.check_password("a long enough password")
        assert user.person.given_name == "Lucía" and user.person.family_name == "Fernández"
        assert [(g.role, g.organisation.acronym) for g in user.grants] == [
            (Role.FOCAL_POINT, "IRAM")]


def test_users_create_explains_what_is_missing(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "x@example.org", "--name", "X",
                                 "--role", "focal_point"], input="a long enough password\n")
    assert result.exit_code != 0 and "belongs to an organisation" in result.output
    result = runner.invoke(args=["users", "create", "--email", "x@example.org", "--name", "X"],
                           input="short\n")
    assert result.exit_code != 0 and "at least 10 characters" in result.output
    result = runner.invoke(args=["users", "create", "--email", "x@example.org", "--name", "X",
                                 "--role", "focal_point", "--org", "NOPE"],
                           input="a long enough password\n")
    assert result.exit_code != 0 and "No organisation with the acronym 'NOPE'" in result.output


def test_organisers_run_what_their_organisation_hosts_or_organises(app_ctx):
    kebs, copant, other = make_org("KEBS"), make_org("COPANT", kind="regional_body",
                                                      country=None), make_org("OTHER")
    hosted = make_event(host=kebs)
    organised = make_event(organisers=[copant])
    elsewhere = make_event(host=other)
    kebs_staff = make_user(Role.ORGANISER, organisation=kebs)
    coordinator = make_user(Role.ORGANISER, organisation=copant)
    one_event = make_user(Role.ORGANISER, event=elsewhere)
    delegate = make_user()
    secretariat = make_user(Role.SECRETARIAT)
    assert can("event.organise", kebs_staff, event=hosted)
    assert not can("event.organise", kebs_staff, event=organised)
    assert can("event.organise", coordinator, event=organised)
    assert can("event.organise", one_event, event=elsewhere)
    assert not can("event.organise", one_event, event=hosted)
    assert not can("event.organise", delegate, event=hosted)
    assert all(can("event.organise", secretariat, event=e) for e in (hosted, organised, elsewhere))


def test_join_details_are_for_organisers_and_approved_participants(app_ctx):
    from events.models import RegistrationStatus
    from tests.factories import make_registration

    host = make_org("COPANT", kind="regional_body", country=None)
    event = make_event(host=host, join_url="https://webex.example/j/1")
    organiser = make_user(Role.ORGANISER, organisation=host)
    approved, pending, stranger = make_user(), make_user(), make_user()
    make_registration(event, approved.person, make_org())
    make_registration(event, pending.person, make_org(), status=RegistrationStatus.PENDING)
    assert can("event.join_details", organiser, event=event)
    assert can("event.join_details", approved, event=event)
    assert not can("event.join_details", pending, event=event)
    assert not can("event.join_details", stranger, event=event)


def test_focal_points_act_for_their_own_organisation_only(app_ctx):
    iram, abnt = make_org("IRAM", country="AR"), make_org("ABNT", country="BR")
    focal_point = make_user(Role.FOCAL_POINT, organisation=iram)
    assert can("organisation.focal_point", focal_point, organisation=iram)
    assert not can("organisation.focal_point", focal_point, organisation=abnt)


def test_every_post_route_is_protected_by_csrf(app, client):
    """No form in the app accepts a POST without its token."""
    with app.app_context():
        make_user(Role.SECRETARIAT, email="sec@example.org")
        make_org("KEBS")
        db.session.commit()
    sign_in(client, "sec@example.org")
    posts = [rule for rule in app.url_map.iter_rules() if "POST" in (rule.methods or ())]
    assert posts
    for rule in posts:
        values = {arg: "1" if arg.endswith("_id") else "KEBS" for arg in rule.arguments}
        url = rule.build(values, append_unknown=False)[1]
        if rule.endpoint.startswith("api."):
            # The JSON API takes no CSRF token: it ignores the session cookie and needs a
            # personal token in a header, which another site's form cannot send.
            assert client.post(url, data={}).status_code == 401, url
            continue
        assert client.post(url, data={}).status_code in (400, 404), url
