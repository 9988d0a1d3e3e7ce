"""Sign-in limits per account and per address (issue 13, defect 4), on the real limiter
storage of the app. The test clock is pinned, so the waits told are exact."""

from __future__ import annotations

import re

import pytest

from events.extensions import db
from tests.conftest import submit
from tests.factories import PASSWORD, make_user


@pytest.fixture
def limits(app):
    previous = {k: app.config[k] for k in ("SIGN_IN_ACCOUNT_LIMIT", "SIGN_IN_ADDRESS_LIMIT")}
    app.config.update(SIGN_IN_ACCOUNT_LIMIT="3 per hour", SIGN_IN_ADDRESS_LIMIT="6 per hour")
    yield
    app.config.update(previous)


def attempt(client, email: str, password: str = "a wrong guess", address: str = "10.0.0.1"):
    return submit(client, "/sign-in", {"email": email, "password": password},
                  environ_base={"REMOTE_ADDR": address})


def test_wrong_passwords_for_one_account_do_not_lock_out_others_on_the_same_wi_fi(
        app, client, limits):
    """Ten typos at the venue's shared address used to lock every delegate out."""
    with app.app_context():
        make_user(email="ana@inen.example", name="Ana Pérez")
        make_user(email="kenji@jisc.example", name="山田 健二")
        db.session.commit()
    for _ in range(3):
        assert attempt(client, "ana@inen.example").status_code == 200
    refused = attempt(client, "ana@inen.example", PASSWORD)  # even the right one, for now
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "Too many failed attempts to sign in to this account." in page
    wait = re.search(r"Try again in (\d+) minutes\.", page)
    assert wait and 55 <= int(wait[1]) <= 61
    assert 55 * 60 < int(refused.headers["Retry-After"]) <= 3600
    # Another delegate behind the same address signs in.
    assert attempt(app.test_client(), "kenji@jisc.example", PASSWORD).status_code == 302


def test_guesses_spread_over_many_addresses_are_slowed_for_the_account(app, client, limits):
    with app.app_context():
        make_user(email="olga@gost.example", name="Ольга Смирнова")
        db.session.commit()
    for number in range(3):
        assert attempt(client, "olga@gost.example", address=f"192.0.2.{number}").status_code \
            == 200
    assert attempt(client, "olga@gost.example", PASSWORD,
                   address="198.51.100.7").status_code == 429


def test_an_address_that_guesses_at_many_accounts_is_slowed(app, client, limits):
    with app.app_context():
        make_user(email="amara@son.example", name="Amara Okeke")
        db.session.commit()
    for number in range(6):
        assert attempt(client, f"guess{number}@son.example").status_code == 200
    refused = attempt(client, "amara@son.example", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-ins from your network." in refused.get_data(as_text=True)
    # The account itself is not locked: from elsewhere its owner signs in.
    assert attempt(client, "amara@son.example", PASSWORD, address="10.9.9.9").status_code == 302


def test_an_unknown_address_is_limited_like_a_known_one(app, client, limits):
    """The refusal must not tell which addresses have accounts."""
    for _ in range(3):
        attempt(client, "nobody@inen.example")
    assert attempt(client, "nobody@inen.example").status_code == 429


def test_successful_sign_ins_are_not_counted(app, client, limits):
    with app.app_context():
        make_user(email="ana@inen.example")
        db.session.commit()
    for _ in range(8):
        browser = app.test_client()
        assert attempt(browser, "ana@inen.example", PASSWORD).status_code == 302


def test_the_other_limited_forms_tell_the_true_wait_of_the_hourly_limit(app, client):
    """The 429 page said "wait a minute" when the hourly limit applied."""
    previous = app.config["SIGN_IN_RATE_LIMIT"]
    app.config["SIGN_IN_RATE_LIMIT"] = "2 per hour"
    try:
        answers = [submit(client, "/password/forgotten", {"email": "ana@inen.example"})
                   for _ in range(3)]
    finally:
        app.config["SIGN_IN_RATE_LIMIT"] = previous
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    page = answers[-1].get_data(as_text=True)
    wait = re.search(r"Too many attempts\. Try again in (\d+) minutes\.", page)
    assert wait and 55 <= int(wait[1]) <= 61  # the hour's window, not "a minute"
