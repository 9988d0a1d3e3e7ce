"""Single sign-on against a real OpenID Connect provider: npm's oidc-provider, started by the
tests with node (tests/oidc, installed by `make test`), driven through its own login and
consent pages. Nothing of the protocol is mocked: Authlib fetches the discovery document and
the keys, exchanges the code and checks the signed ID token."""

from __future__ import annotations

import html
import json
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from flask import Flask
from sqlalchemy import select

from app import create_app
from events.extensions import db
from events.models import User
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_user

PROVIDER = Path(__file__).parent / "oidc" / "provider.js"
CALLBACK = "http://plenaria.test/sign-in/sso/iso/callback"
ACCOUNTS = {
    # ISO's directory says which NSB a person belongs to, in the claim "org".
    "olga": {"email": "olga.smirnova@gost.example", "email_verified": True,
             "name": "Ольга Смирнова", "org": "GOST R"},
    # No organisation claim: the directory's mail domain of KEBS decides.
    "wanjiru": {"email": "wanjiru@kebs.example", "email_verified": True,
                "name": "Wanjiru Kamau"},
    "unverified": {"email": "focal-point@inen.example", "email_verified": False,
                   "name": "Somebody"},
    "focal": {"email": "Focal-Point@INEN.example", "email_verified": True,
              "name": "Lucía Andrade"},
}


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    settings = {"clients": [{"client_id": "plenaria", "client_secret": "s3cret-for-tests",
                             "redirect_uris": [CALLBACK]}],
                "accounts": ACCOUNTS, "now": time.time()}
    node = subprocess.Popen(["node", str(PROVIDER)], cwd=PROVIDER.parent,
                            env={"OIDC_SETTINGS": json.dumps(settings), "PATH": "/usr/bin:/bin",
                                 "NODE_ENV": "development"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert node.stdout is not None
    line = node.stdout.readline()
    assert line.startswith("listening "), (line, node.stderr.read() if node.stderr else "")
    try:
        yield line.split()[1]
    finally:
        node.terminate()
        node.wait(timeout=10)
        for stream in (node.stdout, node.stderr):
            if stream:
                stream.close()


@pytest.fixture
def sso_app(app: Flask, issuer: str) -> Iterator[Flask]:
    """The test app's database, with ISO's directory as identity provider."""
    provider = {"name": "iso", "label": "ISO Global Directory", "issuer": issuer,
                "client_id": "plenaria", "client_secret": "s3cret-for-tests",
                "organisation_claim": "org",
                "scopes": ["openid", "email", "profile", "organisation"]}
    application = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret-key", "SERVER_NAME": "plenaria.test",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "OIDC_PROVIDERS": json.dumps([provider]),
    })
    yield application
    with application.app_context():  # its own connections, closed before the next test
        db.session.remove()
        db.engine.dispose()


def through_the_provider(client, login: str, start: str = "/") -> tuple[int, str]:
    """Press "Sign in with ISO Global Directory" on the sign-in page reached from `start`,
    sign in and consent on the provider's own pages (a real browser session with it), come
    back to Plenaria's callback. Returns the callback's status and where it sends us."""
    page = client.get(f"/sign-in?next={start}")
    text = html.unescape(page.get_data(as_text=True))
    assert "Sign in with ISO Global Directory" in text
    action = re.search(r'<form method="post" action="(/sign-in/sso/iso[^"]*)"', text).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)
    leave = client.post(action, data={"csrf_token": token})
    assert leave.status_code == 302
    with requests.Session() as browser:
        location = _visit_provider(browser, leave.headers["Location"], login)
    parts = urlsplit(location)
    back = client.get(f"{parts.path}?{parts.query}")
    return back.status_code, back.headers.get("Location", back.get_data(as_text=True))


def _visit_provider(browser: requests.Session, location: str, login: str) -> str:
    """Follow the provider's pages until it sends the browser back to Plenaria's callback."""
    for _step in range(12):
        if location.startswith(CALLBACK):
            break
        answer = browser.get(location, allow_redirects=False, timeout=10)
        if answer.is_redirect:
            location = urljoin(location, answer.headers["Location"])
            continue
        form = re.search(r'action="([^"]+)"', answer.text).group(1)
        prompt = re.search(r'name="prompt" value="(\w+)"', answer.text).group(1)
        fields = {"prompt": prompt}
        if prompt == "login":
            fields |= {"login": login, "password": "any"}
        answer = browser.post(urljoin(location, form), data=fields, allow_redirects=False,
                              timeout=10)
        location = urljoin(location, answer.headers["Location"])
    else:
        raise AssertionError(f"never came back to Plenaria: {location}")
    return location


def test_a_first_sign_in_creates_the_account_in_the_claimed_nsb_and_returns_to_the_page(
        sso_app):
    with sso_app.app_context():
        make_org("GOST R", country="RU", name="Росстандарт")
        make_event("casco-2027", title="ISO/CASCO Plenary 2027", timezone="Europe/Zurich")
        db.session.commit()
    client = sso_app.test_client()
    status, landing = through_the_provider(client, "olga", start="/events/casco-2027/")
    assert (status, landing) == (302, "/events/casco-2027/")
    page = html.unescape(client.get(landing).get_data(as_text=True))
    assert "Welcome, Ольга Смирнова." in page
    with sso_app.app_context():
        user = db.session.scalar(select(User).where(
            User.email == "olga.smirnova@gost.example"))
        assert user.person.organisation.acronym == "GOST R"
        assert user.email_confirmed  # the provider vouched for it
    # Signing out ends the session here.
    submit(client, "/sign-out", page="/")
    assert client.get("/my/meetings").status_code == 302


def test_without_an_organisation_claim_the_mail_domain_decides(sso_app):
    from events.models import EmailDomain

    with sso_app.app_context():
        kebs = make_org("KEBS", country="KE")
        db.session.add(EmailDomain(organisation=kebs, domain="kebs.example"))
        db.session.commit()
    client = sso_app.test_client()
    assert through_the_provider(client, "wanjiru") == (302, "/")
    with sso_app.app_context():
        user = db.session.scalar(select(User).where(User.email == "wanjiru@kebs.example"))
        assert user.person.organisation.acronym == "KEBS"


def test_an_existing_account_is_linked_by_verified_email_only(sso_app):
    from events.models import Role

    with sso_app.app_context():
        inen = make_org("INEN", country="EC")
        make_user(Role.FOCAL_POINT, organisation=inen, email="focal-point@inen.example",
                  name="Lucía Andrade")
        db.session.commit()
    refused = sso_app.test_client()
    status, body = through_the_provider(refused, "unverified")
    assert status == 400 and "did not confirm your email address" in html.unescape(body)
    assert refused.get("/focal-point").status_code == 302  # not signed in

    client = sso_app.test_client()
    assert through_the_provider(client, "focal", start="/focal-point")[1] == "/focal-point"
    # Signed in as the focal point: their NSB's delegates, not the sign-in page.
    assert client.get("/focal-point").headers["Location"].endswith("/orgs/INEN/delegates")
    with sso_app.app_context():
        assert len(list(db.session.scalars(select(User)))) == 1  # linked, not duplicated


def test_password_accounts_can_be_turned_off(sso_app):
    with sso_app.app_context():
        make_user(email="ana@icontec.org", name="Ana Pérez")
        db.session.commit()
    sso_app.config["PASSWORD_ACCOUNTS"] = False
    client = sso_app.test_client()
    page = html.unescape(client.get("/sign-in").get_data(as_text=True))
    assert "Sign in with ISO Global Directory" in page and 'name="password"' not in page
    assert client.get("/sign-up").status_code == 404
    with pytest.raises(AssertionError, match="sign-in failed"):
        sign_in(client, "ana@icontec.org")
