"""Configuration, mail, time formatting and geography helpers."""

from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pycountry
import pytest

from events import config, geo, timefmt
from events.extensions import db
from events.mail import Attachment, build_message
from events.outbox.writing import queue_mail


def test_a_secret_key_is_generated_once_into_the_instance_folder(tmp_path: Path):
    key = config.instance_secret_key(tmp_path)
    assert len(key) == 64
    assert config.instance_secret_key(tmp_path) == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("given, expected", [
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
])
def test_database_urls_from_the_environment(given, expected):
    assert config.database_url_from_env(given) == expected


def test_environment_settings():
    settings = config.from_environment({"DATABASE_URL": "postgres://h/db", "MAIL_PORT": "2525",
                                        "MAIL_USE_TLS": "true", "SECRET_KEY": "s"})
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://h/db"
    assert settings["MAIL_PORT"] == 2525 and settings["MAIL_USE_TLS"] is True


def test_mail_goes_through_a_real_smtp_server(app, smtp_server):
    with app.app_context():
        queue_mail(build_message(
            ["ana@example.org"], "Registration received", "Bienvenida, Ana — ¡gracias!",
            attachments=[Attachment("meeting.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                                    "text/calendar; method=PUBLISH")]), kind="test")
        db.session.commit()
    [message] = smtp_server.to("ana@example.org")
    assert message["Subject"] == "Registration received"
    parts = list(message.walk())
    body = next(p for p in parts if p.get_content_type() == "text/plain")
    assert "¡gracias!" in body.get_payload(decode=True).decode("utf-8")
    ics = next(p for p in parts if p.get_content_type() == "text/calendar")
    assert ics.get_filename() == "meeting.ics" and ics.get_param("method") == "PUBLISH"


def test_every_country_has_a_region():
    missing = [c.alpha_2 for c in pycountry.countries
               if c.alpha_2 not in geo.REGION_OF_COUNTRY and c.alpha_2 != "AQ"]
    assert missing == []


def test_country_names_follow_the_reader(app):
    with app.test_request_context("/?lang=es"):
        assert geo.country_name("TT") == "Trinidad y Tobago"
    with app.test_request_context("/"):
        assert geo.country_name("TT") == "Trinidad & Tobago"


@pytest.mark.parametrize("zone, start, end, expected", [
    ("Africa/Nairobi", datetime(2019, 5, 1, 6, tzinfo=UTC), datetime(2019, 5, 2, 13, tzinfo=UTC),
     "1–2 May 2019"),
    # 19:00 in Bogota on 30 April is already 1 May in UTC: the meeting's own day counts.
    ("America/Bogota", datetime(2019, 5, 1, 0, tzinfo=UTC), datetime(2019, 5, 1, 2, tzinfo=UTC),
     "30 April 2019"),
    ("Europe/Zurich", datetime(2019, 3, 30, 8, tzinfo=UTC), datetime(2019, 4, 1, 15, tzinfo=UTC),
     "30 Mar\u2009–\u20091 Apr 2019"),
])
def test_day_ranges_are_in_the_meeting_zone(app, zone, start, end, expected):
    with app.test_request_context("/"):
        assert timefmt.format_day_range(start, end, zone) == expected


def test_zone_labels_follow_summer_time(app):
    with app.test_request_context("/"):
        winter = timefmt.zone_label(datetime(2019, 3, 30, 8, tzinfo=UTC), "Europe/Zurich")
        summer = timefmt.zone_label(datetime(2019, 4, 1, 8, tzinfo=UTC), "Europe/Zurich")
        assert winter == "Central European Standard Time (UTC+1)"
        assert summer == "Central European Summer Time (UTC+2)"
        assert timefmt.format_time(datetime(2019, 4, 1, 8, tzinfo=UTC), "Europe/Zurich") == "10:00"


def test_the_event_feed_parses_back_with_its_zone(client, demo):
    response = client.get("/events/casco-plenary-2019/calendar.ics")
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    events = calendar.walk("VEVENT")
    opening = next(e for e in events if str(e["summary"]).startswith("Opening session"))
    assert opening.decoded("dtstart").astimezone(UTC) == datetime(2019, 5, 1, 6, tzinfo=UTC)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Africa/Nairobi"]
