"""The public agenda: day by day, in the meeting's zone or the reader's, on paper too."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

from sqlalchemy import select

from events.agenda.publishing import publish_agenda
from events.extensions import db
from events.models import Event, Session
from tests.factories import make_event, make_session

AGENDA = "/events/casco-plenary-2019/agenda"


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_agenda_is_day_by_day_in_the_meetings_zone(client, demo):
    page = text_of(client.get(AGENDA))
    assert "Times are in East Africa Time (UTC+3). (Africa/Nairobi)" in page
    first, second = page.index("Wednesday, 1 May 2019"), page.index("Thursday, 2 May 2019")
    assert first < page.index("09:00–10:30 Opening session") < second
    assert second < page.index("09:00–12:30 Liaisons and participation")
    assert "Welcome reception hosted by KEBS" in page and "Chair: Reinaldo Figueiredo" in page


def test_a_reader_sees_the_times_in_their_own_zone_without_javascript(client, demo):
    html = client.get(AGENDA).get_data(as_text=True)
    # A plain GET form: the switch needs no script.
    assert re.search(r'<form method="get" action="/events/casco-plenary-2019/agenda"', html)
    assert 'name="tz"' in html and '<option value="America/Bogota">' in html
    page = text_of(client.get(AGENDA + "?tz=America/Bogota"))
    assert "Times are in Colombia Standard Time (UTC−5). (America/Bogota)" in page
    # 09:00 in Nairobi is 01:00 in Bogotá, the same day; the meeting's time stays in view.
    assert "01:00–02:30 meeting time 09:00–10:30 Opening session" in page
    assert "The meeting's own time is East Africa Time (UTC+3)." in page
    tokyo = text_of(client.get(AGENDA + "?tz=Asia/Tokyo"))
    # 18:30 in Nairobi is 00:30 the next day in Tokyo: the reception moves to Thursday.
    thursday = tokyo.index("Thursday, 2 May 2019")
    assert thursday < tokyo.index("00:30–03:00 meeting time 18:30–21:00 Welcome reception")
    unknown = text_of(client.get(AGENDA + "?tz=Europe/Geneva"))
    assert "Europe/Geneva is not a time zone name we know" in unknown
    assert "Times are in East Africa Time (UTC+3)." in unknown


def test_the_agenda_offers_subscription_and_prints_cleanly(client, demo):
    html = client.get(AGENDA).get_data(as_text=True)
    assert 'href="webcal://plenaria.test/events/casco-plenary-2019/calendar.ics"' in html
    assert re.search(r'href="/events/casco-plenary-2019/sessions/[0-9a-f]{32}\.ics"', html)
    assert 'media="print" href="/static/css/print.css"' in html
    with client.get("/static/css/print.css") as css:
        rules = css.get_data(as_text=True)
    assert ".zone-switch form" in rules and ".subscribe" in rules and "display: none" in rules
    event_page = client.get("/events/casco-plenary-2019/").get_data(as_text=True)
    assert "webcal://plenaria.test/events/casco-plenary-2019/calendar.ics" in event_page
    series = client.get("/series/iso-casco-plenary/").get_data(as_text=True)
    assert "webcal://plenaria.test/series/iso-casco-plenary/calendar.ics" in series


def test_a_cancelled_session_stays_on_the_agenda_marked_cancelled(app, client, demo):
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "casco-plenary-2019"))
        reception = db.session.scalar(select(Session).where(
            Session.title == "Welcome reception hosted by KEBS"))
        reception.cancelled = True
        publish_agenda(event)
        db.session.commit()
    html = client.get(AGENDA).get_data(as_text=True)
    assert re.search(r'class="session session-social session-cancelled"', html)
    assert "Welcome reception hosted by KEBS <span class=\"badge badge-danger\">Cancelled" in html


def test_the_agenda_page_takes_the_same_queries_whatever_the_sessions(
        app, client, count_queries):
    with app.app_context():
        event = make_event("big", start=datetime(2031, 5, 6, 6, tzinfo=UTC))
        make_session(event, title="Only one")
        publish_agenda(event)
        db.session.commit()
    with count_queries() as few:
        assert client.get("/events/big/agenda").status_code == 200
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "big"))
        for number in range(60):
            make_session(event, title=f"Session {number}",
                         start=event.starts_at + timedelta(minutes=10 * number), minutes=10)
        publish_agenda(event)
        db.session.commit()
    with count_queries() as many:
        page = client.get("/events/big/agenda")
    assert "Session 59" in text_of(page)
    assert many.count == few.count <= 4
