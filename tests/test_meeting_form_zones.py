"""Creating a meeting: the time zone is chosen from a list named in the reader's language with
offsets (the venue's country's zones first) or typed as the city, and the web address is made
from the title when left empty."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

from sqlalchemy import select

from events.extensions import db
from events.meetings.zones import resolve_zone, zone_label, zone_options, zones_of_country
from events.models import Event, Role
from tests.conftest import sign_in, submit
from tests.factories import make_user
from tests.test_event_details import NEW, form

MAY_2027 = datetime(2027, 5, 1, 12, tzinfo=UTC)
JANUARY_2027 = datetime(2027, 1, 15, 12, tzinfo=UTC)


def options_of(page: str) -> list[str]:
    datalist = re.search(r'<datalist id="zones">(.*?)</datalist>', page, re.S)
    assert datalist, "the form has no list of zones"
    return [unescape(value) for value in re.findall(r'<option value="([^"]*)"', datalist[1])]


def _sign_in_secretariat(app, client) -> None:
    with app.app_context():
        make_user(Role.SECRETARIAT, email="sec@example.org")
        db.session.commit()
    sign_in(client, "sec@example.org")


def test_a_zone_is_named_in_the_readers_language_with_its_offset():
    assert zone_label("America/Sao_Paulo", "pt", MAY_2027) == (
        "São Paulo — UTC\u221203:00, Horário de Brasília")
    assert zone_label("Africa/Nairobi", "ru", MAY_2027).startswith("Найроби — UTC+03:00")
    assert zone_label("America/Bogota", "es", MAY_2027).startswith("Bogotá — UTC\u221205:00")
    # Zurich keeps summer time: the offset is the one of the meeting's date.
    assert "UTC+02:00" in zone_label("Europe/Zurich", "fr", MAY_2027)
    assert "UTC+01:00" in zone_label("Europe/Zurich", "fr", JANUARY_2027)


def test_what_a_secretary_types_is_understood_as_the_zone():
    for typed in ("Sao Paulo", "são paulo", "America/Sao_Paulo",
                  zone_label("America/Sao_Paulo", "es", MAY_2027)):
        assert resolve_zone(typed, "es", MAY_2027) == "America/Sao_Paulo", typed
    assert resolve_zone("Сан-Паулу", "ru", MAY_2027) == "America/Sao_Paulo"
    assert resolve_zone("Найроби", "ru", MAY_2027) == "Africa/Nairobi"
    assert resolve_zone("Atlantis", "en", MAY_2027) == "Atlantis"  # left for the form to refuse


def test_the_venues_country_puts_its_zones_first():
    options = zone_options("en", MAY_2027, "BR")
    brazil = set(zones_of_country("BR"))
    assert {option.zone for option in options[:len(brazil)]} == brazil
    assert "America/Sao_Paulo" in brazil and "Africa/Nairobi" not in brazil


def test_the_form_offers_the_zones_in_the_readers_language(app, client):
    _sign_in_secretariat(app, client)
    page = client.get(NEW + "?lang=pt").get_data(as_text=True)
    labels = options_of(page)
    assert any(label.startswith("São Paulo — UTC\u221203:00") for label in labels)
    assert not any(label == "America/Sao_Paulo" for label in labels)


def test_a_meeting_in_sao_paulo_typed_as_its_city_with_the_address_from_the_title(app, client):
    _sign_in_secretariat(app, client)
    created = submit(client, NEW, form(title="Reunião preparatória COPANT São Paulo 2031",
                                       slug="", timezone="Sao Paulo", city="São Paulo",
                                       country="BR", starts="2031-05-06T09:00",
                                       ends="2031-05-06T17:00"))
    assert created.status_code == 302, created.get_data(as_text=True)
    with app.app_context():
        meeting = db.session.scalar(select(Event))
        assert meeting.slug == "reuniao-preparatoria-copant-sao-paulo-2031"
        assert meeting.timezone == "America/Sao_Paulo"
        assert meeting.starts_at == datetime(2031, 5, 6, 12, tzinfo=UTC)
    edit = client.get(f"/events/{meeting.slug}/edit?lang=en").get_data(as_text=True)
    assert 'value="Sao Paulo — UTC\u221203:00, Brasilia Time"' in unescape(edit)


def test_an_empty_zone_is_taken_from_the_venue(app, client):
    _sign_in_secretariat(app, client)
    submit(client, NEW, form(title="Семинар в Найроби", slug="", timezone="", city="Nairobi",
                             country="KE"))
    submit(client, NEW, form(title="Taller en Bogotá", slug="", timezone="", city="",
                             country="CO"))
    with app.app_context():
        zones = dict(db.session.execute(select(Event.slug, Event.timezone)).all())
    assert zones == {"seminar-v-nairobi": "Africa/Nairobi", "taller-en-bogota": "America/Bogota"}


def test_a_zone_that_cannot_be_told_is_refused_and_nothing_saved(app, client):
    _sign_in_secretariat(app, client)
    page = submit(client, NEW, form(slug="", timezone="", city="", country="BR"))
    assert "Enter the time zone" in unescape(page.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(Event)) is None
