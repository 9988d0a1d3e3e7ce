"""Two-factor sign-in (TOTP) with recovery codes: required for the secretariat and for those
who may read passports, optional for everyone else."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from events.auth import two_factor
from events.extensions import db
from events.models import Role, User
from tests.conftest import submit
from tests.factories import PASSWORD, make_org, make_user


@pytest.fixture
def required(app):
    app.config["TWO_FACTOR_REQUIRED"] = True
    yield
    app.config["TWO_FACTOR_REQUIRED"] = False


def password_step(client, email: str):
    return submit(client, "/sign-in", {"email": email, "password": PASSWORD})


def set_up(client) -> tuple[str, list[str]]:
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7]{16,})</code>", page)[1]
    assert "<svg" in page  # the QR code, drawn on the server
    done = submit(client, "/account/two-factor/enable",
                  {"code": pyotp.TOTP(secret).now()}, page="/account/two-factor")
    codes = re.findall(r"<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>",
                       done.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


def test_with_two_factor_on_a_password_alone_does_not_sign_in(app, client):
    with app.app_context():
        make_user(email="mei@sac.example", name="王美玲")
        db.session.commit()
    password_step(client, "mei@sac.example")
    secret, _codes = set_up(client)
    submit(client, "/sign-out", page="/")

    other = app.test_client()
    response = password_step(other, "mei@sac.example")
    assert response.location.endswith("/sign-in/code")
    assert other.get("/my/meetings").status_code == 302  # not signed in yet
    wrong = submit(other, "/sign-in/code", {"code": "000000"})
    assert "This code is not right" in wrong.get_data(as_text=True)
    # The next step's code (the one used to set up is spent).
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert submit(other, "/sign-in/code", {"code": code}).status_code == 302
    assert other.get("/my/meetings").status_code == 200

    again = app.test_client()
    password_step(again, "mei@sac.example")
    refused = submit(again, "/sign-in/code", {"code": code})
    assert "This code is not right, or was used already." in refused.get_data(as_text=True)


def test_a_recovery_code_works_once(app, client):
    with app.app_context():
        make_user(email="dmitri@gost.example", name="Дмитрий Соколов")
        db.session.commit()
    password_step(client, "dmitri@gost.example")
    _secret, codes = set_up(client)
    for attempt, expected in ((1, 302), (2, 200)):
        browser = app.test_client()
        password_step(browser, "dmitri@gost.example")
        response = submit(browser, "/sign-in/code", {"code": codes[0].upper()})
        assert response.status_code == expected, attempt


def test_the_secretariat_and_the_visa_desk_must_set_it_up_first(app, required):
    with app.app_context():
        kebs = make_org("KEBS")
        make_user(Role.SECRETARIAT, email="claire@iso.example", name="Claire Dubois")
        make_user(Role.VISA_DESK, organisation=kebs, email="njeri@kebs.example")
        make_user(email="ana@inen.example", name="Ana Pérez")
        db.session.commit()
    for email in ("claire@iso.example", "njeri@kebs.example"):
        browser = app.test_client()
        password_step(browser, email)
        response = browser.get("/orgs/")
        assert response.status_code == 302 and response.location.endswith("/account/two-factor")
        set_up(browser)
        assert browser.get("/orgs/").status_code == 200
    delegate = app.test_client()
    password_step(delegate, "ana@inen.example")
    assert delegate.get("/orgs/").status_code == 200  # optional for delegates


def test_a_required_second_factor_cannot_be_turned_off(app, client, required):
    with app.app_context():
        make_user(Role.SECRETARIAT, email="claire@iso.example")
        db.session.commit()
    password_step(client, "claire@iso.example")
    set_up(client)
    submit(client, "/account/two-factor/disable", {"password": PASSWORD},
           page="/account/two-factor")
    with app.app_context():
        assert two_factor.is_enabled(db.session.query(User).one())
