"""Common passwords are refused (a vendored list), whatever their case; the length rule stays."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from events.auth.accounts import AccountError, create_user
from events.auth.passwords import common_passwords
from events.extensions import db
from events.models import User
from tests.conftest import submit


def test_the_vendored_list_holds_the_passwords_tried_first():
    passwords = common_passwords()
    assert len(passwords) > 19_000
    assert {"password123", "1234567890", "qwertyuiop"} <= passwords


@pytest.mark.parametrize("password", ["Password123", "1234567890", "  qwertyuiop "])
def test_sign_up_refuses_a_common_password_beside_the_field(app, client, password):
    response = submit(client, "/sign-up", {
        "name": "Nguyễn Thị Hoa", "email": "hoa@stameq.example", "password": password,
        "confirm": password})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This password is one of the most common ones" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_an_uncommon_long_password_is_accepted(app, client):
    response = submit(client, "/sign-up", {
        "name": "Nguyễn Thị Hoa", "email": "hoa@stameq.example",
        "password": "lanterns over hanoi", "confirm": "lanterns over hanoi"})
    assert "Check your mailbox" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_accounts_made_by_the_secretariat_follow_the_same_rules(app_ctx):
    with pytest.raises(AccountError, match="most common"):
        create_user("hoa@stameq.example", "Nguyễn Thị Hoa", "iloveyou12")
    with pytest.raises(AccountError, match="at least 10 characters"):
        create_user("hoa@stameq.example", "Nguyễn Thị Hoa", "short")


def test_a_reset_refuses_a_common_password(app, client):
    from events.auth.accounts import reset_token
    from tests.factories import make_user

    with app.app_context(), app.test_request_context():
        token = reset_token(make_user(email="hoa@stameq.example"))
        db.session.commit()
    page = submit(client, f"/password/reset/{token}", {
        "password": "password1234", "confirm": "password1234"}).get_data(as_text=True)
    assert "This password is one of the most common ones" in page
