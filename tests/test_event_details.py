"""Organisers and the secretariat create and edit meetings: zone, local times, series."""

import re
from datetime import UTC, datetime
from html import unescape

from sqlalchemy import func, select

from events.extensions import db
from events.models import Event, EventStatus, Role, Session
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_session, make_user

NEW = "/organise/events/new"


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def form(**values) -> dict:
    data = {"title": "36th ISO/CASCO Plenary", "slug": "casco-plenary-2031", "kind": "plenary",
            "status": "draft", "mode": "hybrid", "timezone": "Europe/Zurich",
            "starts": "2031-05-06T09:00", "ends": "2031-05-07T16:00", "venue": "CICG",
            "city": "Geneva", "country": "CH", "capacity": "200",
            "new_series": "ISO/CASCO Plenary", "edition": "36",
            "join_url": "https://iso.webex.example/j/36", "move_sessions": "y"}
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def event(slug: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def test_the_secretariat_adds_a_meeting_in_geneva(app, client):
    with app.app_context():
        make_user(Role.SECRETARIAT, email="sec@example.org")
        make_org("ISO", kind="other", country="CH")
        db.session.commit()
    sign_in(client, "sec@example.org")
    refused = submit(client, NEW, form(timezone="Europe/Geneva"))
    page = text_of(refused)
    assert refused.status_code == 200
    assert "Europe/Geneva is not a time zone name; use Europe/Zurich." in page
    assert 'value="36th ISO/CASCO Plenary"' in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0
    created = submit(client, NEW, form())
    assert created.status_code == 302 and created.location.endswith("/casco-plenary-2031/manage")
    with app.app_context():
        meeting = event("casco-plenary-2031")
        # 09:00 in Geneva in May is summer time, UTC+2.
        assert meeting.starts_at == datetime(2031, 5, 6, 7, tzinfo=UTC)
        assert meeting.series.title == "ISO/CASCO Plenary" and meeting.edition == 36
        assert meeting.status is EventStatus.DRAFT
    assert client.get("/events/casco-plenary-2031/").status_code == 200
    submit(client, "/sign-out", page="/")
    assert client.get("/events/casco-plenary-2031/").status_code == 404  # a draft


def test_bad_details_are_explained_next_to_their_fields(app, client):
    with app.app_context():
        make_user(Role.SECRETARIAT, email="sec@example.org")
        make_event("taken")
        db.session.commit()
    sign_in(client, "sec@example.org")
    page = text_of(submit(client, NEW, form(
        slug="taken", starts="2031-03-30T02:30", ends="2031-03-30T01:00", capacity="0",
        join_url="webex.example/j/1", timezone="Europe/Zurich")))
    assert "Another meeting already has the address taken." in page
    assert "02:30 on 30 March 2031 does not exist in Europe/Zurich" in page
    assert "The number of places is a positive number" in page
    assert "The link to join should start with https://" in page
    reserved = text_of(submit(client, NEW, form(slug="new")))
    assert "new is kept for the site's own pages" in reserved
    bad_slug = text_of(submit(client, NEW, form(slug="Casco 2031")))
    assert "Use lower-case letters, digits and hyphens" in bad_slug


def test_an_organiser_keeps_their_organisation_on_the_meetings_they_add(app, client):
    with app.app_context():
        kebs = make_org("KEBS")
        make_user(Role.ORGANISER, organisation=kebs, email="organiser@kebs.example")
        make_user(Role.DELEGATE, email="delegate@example.org")
        db.session.commit()
        kebs_id = kebs.id
    sign_in(client, "delegate@example.org")
    assert client.get(NEW).status_code == 403
    submit(client, "/sign-out", page="/")
    sign_in(client, "organiser@kebs.example")
    refused = text_of(submit(client, NEW, form()))
    assert ("You organise for KEBS: keep it as the host or among the organisers, or you could "
            "no longer manage this meeting.") in refused
    created = submit(client, NEW, form(host_id=str(kebs_id)))
    assert created.status_code == 302
    assert client.get(created.location).status_code == 200
    assert "36th ISO/CASCO Plenary" in text_of(client.get("/organise/"))


def test_moving_a_meeting_keeps_its_sessions_at_their_times_of_day(app, client):
    with app.app_context():
        host = make_org("KEBS")
        make_user(Role.ORGANISER, organisation=host, email="organiser@kebs.example")
        meeting = make_event("plenary", host=host, timezone="Europe/Zurich",
                             start=datetime(2031, 3, 25, 8, tzinfo=UTC), hours=32)
        # Tuesday 25 March 2031, 09:00 in winter time.
        make_session(meeting, title="Opening", start=datetime(2031, 3, 25, 8, tzinfo=UTC))
        sequence, host_id = meeting.sequence, str(host.id)
        db.session.commit()
    sign_in(client, "organiser@kebs.example")
    page = client.get("/events/plenary/edit").get_data(as_text=True)
    assert 'value="2031-03-25T09:00"' in page  # shown in the meeting's zone
    response = submit(client, "/events/plenary/edit", form(
        title="Postponed plenary", slug="plenary", starts="2031-04-01T09:00",
        ends="2031-04-02T17:00", new_series=None, edition=None, host_id=host_id),
        follow_redirects=True)
    assert "1 session moved with the meeting: publish the agenda" in text_of(response)
    with app.app_context():
        opening = db.session.scalar(select(Session).where(Session.title == "Opening"))
        # A week later, still 09:00 in Zurich, now in summer time (UTC+2).
        assert opening.starts_at == datetime(2031, 4, 1, 7, tzinfo=UTC)
        assert event("plenary").sequence > sequence  # calendars take the new dates


def test_an_organiser_may_correct_the_zone_without_moving_the_sessions(app, client):
    with app.app_context():
        host = make_org("KEBS")
        make_user(Role.ORGANISER, organisation=host, email="organiser@kebs.example")
        meeting = make_event("plenary", host=host, timezone="Africa/Nairobi",
                             start=datetime(2031, 5, 6, 6, tzinfo=UTC), hours=8)
        make_session(meeting, title="Opening", start=datetime(2031, 5, 6, 6, tzinfo=UTC))
        db.session.commit()
        host_id = str(host.id)
    sign_in(client, "organiser@kebs.example")
    keep_clock = {"title": "Plenary", "slug": "plenary", "starts": "2031-05-06T09:00",
                  "ends": "2031-05-06T17:00", "new_series": None, "edition": None,
                  "host_id": host_id}
    submit(client, "/events/plenary/edit", form(**keep_clock, timezone="Europe/Zurich"))
    with app.app_context():
        opening = db.session.scalar(select(Session).where(Session.title == "Opening"))
        assert opening.starts_at == datetime(2031, 5, 6, 7, tzinfo=UTC)  # 09:00 in Zurich
    submit(client, "/events/plenary/edit", form(**keep_clock, timezone="America/Bogota",
                                                move_sessions=None))
    with app.app_context():
        opening = db.session.scalar(select(Session).where(Session.title == "Opening"))
        assert opening.starts_at == datetime(2031, 5, 6, 7, tzinfo=UTC)  # left as it was
