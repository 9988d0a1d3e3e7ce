"""The public pages with the demo: the 2019 week, its events and the series."""

import re
from datetime import UTC, datetime
from html import unescape

from events.extensions import db
from events.models import EventStatus, Role
from tests.conftest import sign_in
from tests.factories import make_event, make_org, make_user


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_home_lists_the_34th_plenary_in_its_meeting_week(client, demo):
    page = text_of(client.get("/"))
    assert "ISO/CASCO week 2019, Nairobi" in page
    assert "34th ISO/CASCO Plenary 1–2 May 2019 · Nairobi, Kenya" in page
    week = page[page.index("ISO/CASCO week 2019"):page.index("33rd ISO/CASCO Plenary")]
    order = [week.index(title) for title in (
        "COPANT preparation meeting", "COPANT-PTB-CASCO Workshop", "Focal Group meeting",
        "34th ISO/CASCO Plenary", "market surveillance")]
    assert order == sorted(order)
    upcoming = page[page.index("Upcoming"):page.index("Past meetings")]
    assert "COPANT-PTB-CASCO workshop 2027" in upcoming and "2019" not in upcoming


def test_upcoming_meetings_come_first(app, client, demo):
    with app.app_context():
        make_event(title="41st ISO/CASCO Plenary", start=datetime(2099, 5, 1, 6, tzinfo=UTC))
        db.session.commit()
    page = text_of(client.get("/"))
    upcoming = page[page.index("Upcoming"):page.index("Past meetings")]
    assert "41st ISO/CASCO Plenary" in upcoming and "34th" not in upcoming


def test_event_page_names_the_zone_and_the_week(client, demo):
    page = text_of(client.get("/events/casco-plenary-2019/"))
    assert "09:00–16:00" in page
    assert "East Africa Time (UTC+3)" in page and "Africa/Nairobi" in page
    assert "Kenya Bureau of Standards (KEBS)" in page
    assert "COPANT-PTB-CASCO Workshop" in page  # another event of the week


def test_prep_session_is_shown_in_bogota_time(client, demo):
    page = text_of(client.get("/events/copant-casco-prep-webex-2019/"))
    assert "10:00–12:00" in page and "UTC−5" in page and "Online" in page


def test_vancouver_edition_is_in_pacific_summer_time(client, demo):
    page = text_of(client.get("/events/casco-plenary-2017/"))
    assert "Pacific Daylight Time (UTC−7)" in page


def test_participation_figures_are_computed_from_attendance(client, demo):
    prep = text_of(client.get("/events/copant-casco-prep-webex-2019/"))
    assert "32 participants 21 NSBs 21 countries" in prep
    workshop = text_of(client.get("/events/copant-ptb-casco-workshop-2019/"))
    assert "13 NSBs 13 countries" in workshop


def test_series_page_lists_every_edition_with_computed_counts(client, demo):
    page = text_of(client.get("/series/iso-casco-plenary/"))
    positions = [page.index(f"{n} ISO/CASCO Plenary") for n in ("34th", "33rd", "32nd")]
    assert positions == sorted(positions)
    assert "Vancouver, Canada" in page and "Mexico City, Mexico" in page
    assert "Nairobi, Kenya" in page


def test_agenda_is_numbered_with_documents(client, demo):
    page = text_of(client.get("/events/casco-plenary-2019/agenda"))
    assert "4 Adoption of the agenda" in page and "CASCO N 1201" in page
    assert "8.1 Key Strategic Objectives" in page
    assert "Wednesday, 1 May 2019" in page and "Thursday, 2 May 2019" in page


def test_public_pages_use_a_constant_number_of_queries(client, demo, count_queries):
    for url in ("/", "/events/casco-plenary-2019/", "/events/casco-plenary-2019/agenda",
                "/series/iso-casco-plenary/", "/orgs/IRAM"):
        with count_queries() as log:
            assert client.get(url).status_code == 200
        assert log.count <= 12, (url, log.statements)


def test_a_draft_event_is_hidden_from_the_public_and_shown_to_its_organiser(app, client):
    with app.app_context():
        host = make_org("HOST")
        make_event("draft-meeting", status=EventStatus.DRAFT, host=host, title="Secret plans")
        make_user(Role.ORGANISER, organisation=host, email="org@example.org")
        db.session.commit()
    assert client.get("/events/draft-meeting/").status_code == 404
    assert "Secret plans" not in text_of(client.get("/"))
    sign_in(client, "org@example.org")
    assert "Secret plans" in text_of(client.get("/events/draft-meeting/"))


def test_a_cancelled_event_says_so(app, client):
    with app.app_context():
        make_event("gone", status=EventStatus.CANCELLED, title="Cancelled meeting")
        db.session.commit()
    assert "This meeting has been cancelled." in text_of(client.get("/events/gone/"))


def test_pages_speak_spanish_when_asked(client, demo):
    response = client.get("/events/casco-plenary-2019/?lang=es")
    assert 'lang="es"' in response.get_data(as_text=True)
    assert "hora de África oriental" in text_of(response)
    assert "lang=es" in response.headers.get("Set-Cookie", "")


def test_health_check(client):
    report = client.get("/healthz").get_json()
    assert report["status"] == "ok"
    assert report["checks"]["database"]["status"] == "ok"
    assert report["checks"]["queue"] == {"status": "ok", "pending": 0}
