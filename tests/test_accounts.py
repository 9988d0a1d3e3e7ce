"""Signing up, confirming the address, resetting a password, and the sign-in rate limit."""

from __future__ import annotations

import re
import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from events.config import from_environment
from events.extensions import db
from events.models import User
from tests.conftest import sign_in, submit
from tests.factories import PASSWORD, make_user
from tests.test_registration import text_of

NEW_PASSWORD = "another long password"


def link_in(message, path: str) -> str:
    match = re.search(r"http://plenaria\.test(" + re.escape(path) + r"\S+)", text_of(message))
    assert match, text_of(message)
    return match.group(1)


def test_sign_up_mails_a_link_that_confirms_the_address(app, client, smtp_server):
    response = submit(client, "/sign-up", {
        "name": "Camila Rojas", "email": "Camila@INEN.gob.ec",
        "password": "una contraseña larga", "confirm": "una contraseña larga"})
    assert "We sent a message to camila@inen.gob.ec" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "camila@inen.gob.ec"))
        assert user.person.given_name == "Camila" and not user.email_confirmed
        assert "una contraseña larga" not in user.password_hash
    [mail] = smtp_server.to("camila@inen.gob.ec")
    assert mail["Subject"] == "Confirm your email address for Plenaria"
    page = client.get("/my/meetings").get_data(as_text=True)
    assert "Confirm your email address to register" in page
    response = client.get(link_in(mail, "/confirm/"))
    assert response.location == "/my/meetings"
    assert "is confirmed" in client.get("/my/meetings").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User.email_confirmed_at).where(
            User.email == "camila@inen.gob.ec")) is not None


def test_sign_up_checks_what_was_typed_and_keeps_it(app, client):
    page = submit(client, "/sign-up", {"name": "Camila Rojas", "email": "camila@",
                                       "password": "short", "confirm": "other"}
                  ).get_data(as_text=True)
    assert "Enter an email address like name@example.org." in page
    assert "The password needs at least 10 characters." in page
    assert "The two passwords are not the same." in page
    assert 'value="Camila Rojas"' in page
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_signing_up_again_with_a_known_address_reveals_nothing_and_tells_the_owner(
        app, client, smtp_server):
    with app.app_context():
        make_user(email="ana@icontec.org")
        db.session.commit()
    page = submit(client, "/sign-up", {"name": "Impostor", "email": "ana@icontec.org",
                                       "password": "a long enough password",
                                       "confirm": "a long enough password"}
                  ).get_data(as_text=True)
    assert "We sent a message to ana@icontec.org" in page
    [mail] = smtp_server.to("ana@icontec.org")
    assert mail["Subject"] == "You already have a Plenaria account"
    sign_in(client, "ana@icontec.org")  # the password is unchanged


def test_a_forged_confirmation_link_is_refused(app, client):
    response = client.get("/confirm/not-a-real-token")
    assert response.status_code == 400
    assert "This confirmation link is not valid." in response.get_data(as_text=True)


def test_a_password_reset_link_works_once(app, client, smtp_server):
    with app.app_context():
        make_user(email="ana@icontec.org")
        db.session.commit()
    for email in ("ana@icontec.org", "nobody@icontec.org"):
        page = submit(client, "/password/forgotten", {"email": email}).get_data(as_text=True)
        assert f"If an account exists for {email}" in page
    assert smtp_server.to("nobody@icontec.org") == []
    [mail] = smtp_server.to("ana@icontec.org")
    link = link_in(mail, "/password/reset/")
    response = submit(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.location == "/my/meetings"
    fresh = app.test_client()
    sign_in(fresh, "ana@icontec.org", NEW_PASSWORD)
    again = client.get(link)
    assert again.status_code == 400
    assert "it may have been used already" in again.get_data(as_text=True)


def test_an_expired_reset_link_is_refused(app, client):
    with app.app_context():
        user = make_user(email="ana@icontec.org")
        db.session.commit()

        class AnHourAndAMinuteAgo(TimestampSigner):
            def get_timestamp(self) -> int:
                return int(time.time()) - 3660

        serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"],
                                            salt="plenaria-reset-password",
                                            signer=AnHourAndAMinuteAgo)
        token = serializer.dumps({"user": user.id, "password": user.password_hash[-16:]})
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400
    assert "This link has expired" in response.get_data(as_text=True)


def test_sign_in_attempts_are_rate_limited(app, client):
    with app.app_context():
        make_user(email="ana@icontec.org")
        db.session.commit()
    codes = [submit(client, "/sign-in", {"email": "ana@icontec.org", "password": "guess"}
                    ).status_code for _ in range(11)]
    assert codes == [200] * 10 + [429]
    blocked = submit(client, "/sign-in", {"email": "ana@icontec.org", "password": PASSWORD})
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    # The true wait: the account's hourly limit, not "a minute" (issue 13).
    assert "Too many failed attempts to sign in to this account." in page
    wait = re.search(r"Try again in (\d+) minutes\.", page)
    assert wait and 55 <= int(wait[1]) <= 61
    assert client.get("/sign-in").status_code == 200  # reading the page is not an attempt


def test_rate_limits_are_shared_through_redis_when_it_is_configured():
    settings = from_environment({"REDIS_URL": "redis://cache.internal:6379/1"})
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/1"
    assert "RATELIMIT_STORAGE_URI" not in from_environment({})
