"""A new delegate who came for a meeting's registration form gets back to it: `next` is kept
from the sign-in page through the sign-up, the confirmation mail and the sign-in after it."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from tests.conftest import submit
from tests.factories import make_org
from tests.test_accounts import link_in
from tests.test_registration import setup_event

REGISTER = "/events/workshop/register"
NEXT = quote(REGISTER, safe="")


def destinations(page: str, link: str) -> list[str]:
    """Where the page's links to `link` lead after it, decoded."""
    return [unquote(found) for found in re.findall(re.escape(link) + r'\?next=([^"&]+)"', page)]


def _sign_up_from_the_registration_form(app, client) -> None:
    with app.app_context():
        make_org("INEN", country="EC")
        setup_event()
        from events.extensions import db
        db.session.commit()
    sign_in = client.get(REGISTER)
    assert sign_in.status_code == 302 and "next=" in sign_in.location
    page = client.get(sign_in.location).get_data(as_text=True)
    assert REGISTER in destinations(page, 'href="/sign-up')
    signed_up = submit(client, f"/sign-up?next={NEXT}", {
        "name": "Анна Кузнецова", "email": "anna@gost.example",
        "password": "длинный пароль 2030", "confirm": "длинный пароль 2030"})
    assert "We sent a message to anna@gost.example" in signed_up.get_data(as_text=True)


def test_the_confirmation_link_leads_back_to_the_registration_form(app, client, smtp_server):
    _sign_up_from_the_registration_form(app, client)
    [mail] = smtp_server.to("anna@gost.example")
    response = client.get(link_in(mail, "/confirm/"))
    assert response.location == REGISTER
    assert "Register" in client.get(REGISTER).get_data(as_text=True)


def test_confirming_in_another_browser_signs_in_and_then_opens_the_form(app, client,
                                                                         smtp_server):
    _sign_up_from_the_registration_form(app, client)
    [mail] = smtp_server.to("anna@gost.example")
    other = app.test_client()  # the phone on which the mail was opened
    response = other.get(link_in(mail, "/confirm/"))
    assert unquote(response.location) == f"/sign-in?next={REGISTER}"
    signed_in = submit(other, response.location,
                       {"email": "anna@gost.example", "password": "длинный пароль 2030"})
    assert signed_in.location == REGISTER


def test_the_sign_up_page_links_back_to_signing_in_with_the_same_destination(client):
    page = client.get(f"/sign-up?next={NEXT}").get_data(as_text=True)
    assert REGISTER in destinations(page, 'href="/sign-in')


def test_a_destination_on_another_site_is_dropped(app, client, smtp_server):
    submit(client, "/sign-up?next=//evil.example/", {
        "name": "李 娜", "email": "li.na@sac.example",
        "password": "a long enough password", "confirm": "a long enough password"})
    [mail] = smtp_server.to("li.na@sac.example")
    assert "evil" not in link_in(mail, "/confirm/")
    assert client.get(link_in(mail, "/confirm/")).location == "/my/meetings"
