"""Calendar feeds, read back with icalendar and with ical.js (Thunderbird's parser)."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select

from events.agenda.editing import SessionDetails, save_session
from events.agenda.publishing import publish_agenda
from events.calendar.feeds import Feed, FeedEntry, event_calendar, render
from events.extensions import db
from events.models import (
    Committee,
    Event,
    EventMode,
    EventSeries,
    EventStatus,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    Role,
    Session,
    SessionChoice,
    SessionChoiceStatus,
    SessionKind,
    SessionSeats,
)
from tests.calendar_support import read_feed, read_with_icaljs
from tests.conftest import CONFIRMED, sign_in, submit
from tests.factories import make_event, make_org, make_registration, make_user


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)


def add_session(event: Event, title: str, starts: str, ends: str, **values) -> Session:
    """A session typed as an organiser types it: wall-clock times in the event's zone."""
    return save_session(event, SessionDetails(title, values.pop("kind", SessionKind.SESSION),
                                              local(starts), local(ends), **values))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def three_zone_series() -> None:
    """A series with editions in Nairobi (UTC+3), Bogotá (UTC−5) and Zurich, the last one
    across the night the clocks go forward (29 March 2026, 02:00 → 03:00)."""
    series = EventSeries(slug="tc-series", title="TC Plenary")
    db.session.add(series)
    nairobi = make_event("nairobi", series=series, edition=1, timezone="Africa/Nairobi",
                         start=utc(2025, 5, 1, 6), title="Nairobi plenary")
    add_session(nairobi, "Opening", "2025-05-01 09:00", "2025-05-01 10:30", room="Hall A")
    bogota = make_event("bogota", series=series, edition=2, timezone="America/Bogota",
                        start=utc(2025, 10, 1, 15), title="Bogotá plenary")
    add_session(bogota, "Apertura", "2025-10-01 10:00", "2025-10-01 12:00")
    zurich = make_event("zurich", series=series, edition=3, timezone="Europe/Zurich",
                        start=utc(2026, 3, 27, 8), hours=80, title="Zurich plenary")
    add_session(zurich, "Friday, winter time", "2026-03-27 09:00", "2026-03-27 12:00")
    add_session(zurich, "Night of the change", "2026-03-28 22:00", "2026-03-29 04:00",
                kind=SessionKind.SOCIAL)
    add_session(zurich, "Monday, summer time", "2026-03-30 09:00", "2026-03-30 12:00")
    for event in (nairobi, bogota, zurich):
        publish_agenda(event)
    db.session.commit()


def test_instants_are_right_in_nairobi_bogota_and_across_zurichs_summer_time_change(
        app, client):
    with app.app_context():
        three_zone_series()
    feed = read_feed(client.get("/series/tc-series/calendar.ics").data)
    assert sorted(feed.timezones) == ["Africa/Nairobi", "America/Bogota", "Europe/Zurich"]
    expected = {
        "Opening": (utc(2025, 5, 1, 6), utc(2025, 5, 1, 7, 30), "Africa/Nairobi"),
        "Apertura": (utc(2025, 10, 1, 15), utc(2025, 10, 1, 17), "America/Bogota"),
        "Friday, winter time": (utc(2026, 3, 27, 8), utc(2026, 3, 27, 11), "Europe/Zurich"),
        # 22:00 CET is 21:00 UTC; 04:00 CEST is 02:00 UTC: five hours, not six.
        "Night of the change": (utc(2026, 3, 28, 21), utc(2026, 3, 29, 2), "Europe/Zurich"),
        "Monday, summer time": (utc(2026, 3, 30, 7), utc(2026, 3, 30, 10), "Europe/Zurich"),
    }
    for title, (start, end, zone) in expected.items():
        entry = feed.titled(title)
        assert (entry.start, entry.end, entry.tzid) == (start, end, zone), title


def test_the_vtimezone_is_complete_and_the_feed_is_named(app, client):
    with app.app_context():
        three_zone_series()
    response = client.get("/events/zurich/calendar.ics")
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.data
    # Folded lines of at most 75 octets, CRLF everywhere (Thunderbird refuses less).
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert b"\n" not in body.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(body)
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Zurich"
    offsets = {(o.name, str(o["TZOFFSETFROM"].to_ical()), str(o["TZOFFSETTO"].to_ical()))
               for o in zone.walk() if o.name in ("STANDARD", "DAYLIGHT")}
    assert ("DAYLIGHT", "+0100", "+0200") in offsets
    assert ("STANDARD", "+0200", "+0100") in offsets
    # The spring change is at 02:00 on the clock before it (RFC 5545), as tzdata says.
    assert b"DTSTART:20260329T020000" in body or b"RDATE:20260329T020000" in body
    feed = read_feed(body)
    assert feed.name == "Zurich plenary"
    assert feed.refresh_interval == "PT1H"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body
    assert b"TZID=GMT" not in body and b"TZID=None" not in body


def test_every_feed_says_publish_and_names_the_zone_most_of_its_sessions_are_in(app, client):
    """Outlook's import wants METHOD:PUBLISH; Google gives a subscribed calendar the zone of
    X-WR-TIMEZONE. A meeting's feed names its own zone; the series, with one session in
    Nairobi, one in Bogotá and three in Zurich, names Zurich."""
    with app.app_context():
        three_zone_series()
    expected = {"/events/nairobi/calendar.ics": "Africa/Nairobi",
                "/events/bogota/calendar.ics": "America/Bogota",
                "/events/zurich/calendar.ics": "Europe/Zurich",
                "/series/tc-series/calendar.ics": "Europe/Zurich"}
    for address, zone in expected.items():
        feed = read_feed(client.get(address).data)
        assert (feed.method, feed.default_timezone) == ("PUBLISH", zone), address
        assert zone in feed.timezones


def test_a_feed_without_timed_entries_still_names_a_zone():
    day = datetime(2027, 3, 1, tzinfo=UTC).date()
    deadline = FeedEntry(uid="deadline", summary="Дедлайн: проект повестки", start=day,
                         end=day + timedelta(days=1), zone=None, sequence=0,
                         modified_at=utc(2026, 11, 1), url="https://plenaria.test/")
    feed = read_feed(render(Feed(name="截止日期", entries=[deadline], uid="deadlines")))
    assert (feed.method, feed.default_timezone) == ("PUBLISH", "UTC")
    assert feed.entries[0].start == day


def test_vtimezones_agree_with_tzdata_when_thunderbird_reads_them(app_ctx):
    """Around every change of four years, and through every hour of the day between them,
    in zones with summer time both sides of the equator, one that dropped it, half and
    quarter hours, and Casablanca's Ramadan changes: ical.js, reading only our VTIMEZONEs,
    finds the same instant as tzdata."""
    zones = ["Europe/Zurich", "America/New_York", "Australia/Sydney", "America/Sao_Paulo",
             "Asia/Kolkata", "Pacific/Chatham", "Africa/Casablanca", "America/Bogota"]
    entries = []
    for zone in zones:
        tz = ZoneInfo(zone)
        samples = set()
        hour, instant = timedelta(hours=1), utc(2018, 1, 1)
        while instant < utc(2022, 1, 1):
            if (instant + hour).astimezone(tz).utcoffset() != instant.astimezone(tz).utcoffset():
                samples.update(instant + timedelta(minutes=m) for m in (-90, -30, 30, 90, 150))
            if instant.hour == 0 and instant.day % 3 == 0:
                samples.add(instant + timedelta(hours=instant.month + instant.day % 12))
            instant += hour
        for sample in sorted(samples):
            wall = sample.astimezone(tz).replace(tzinfo=None)
            if (wall.replace(tzinfo=tz, fold=0).utcoffset()
                    == wall.replace(tzinfo=tz, fold=1).utcoffset()):  # skip repeated hours
                entries.append(FeedEntry(
                    uid=f"{zone}-{sample:%Y%m%d%H%M}", summary=zone, start=sample,
                    end=sample + timedelta(minutes=30), zone=zone, sequence=0,
                    modified_at=sample, url="https://plenaria.test/"))
    feed = read_with_icaljs(render(Feed(name="zones", entries=entries, uid="zones")))
    wrong = [(entry.uid, entry.start) for entry, expected in zip(feed.entries, entries,
                                                                   strict=True)
             if (entry.start, entry.tzid) != (expected.start, expected.zone)]
    assert wrong == []


def publish(slug: str) -> None:
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    publish_agenda(event)
    db.session.commit()


def session_titled(title: str) -> Session:
    return db.session.scalar(select(Session).where(Session.title == title))


def test_a_moved_session_keeps_its_uid_with_a_higher_sequence(app, client):
    with app.app_context():
        three_zone_series()
    before = read_feed(client.get("/events/nairobi/calendar.ics").data).titled("Opening")
    with app.app_context():
        session = session_titled("Opening")
        save_session(session.event, SessionDetails("Opening", SessionKind.SESSION,
                                                   local("2025-05-02 09:30"),
                                                   local("2025-05-02 11:00")), session)
        publish("nairobi")
    feed = read_feed(client.get("/events/nairobi/calendar.ics").data)
    moved = feed.titled("Opening")  # one entry: moved, not duplicated
    assert moved.uid == before.uid and moved.sequence == before.sequence + 1
    assert moved.start == utc(2025, 5, 2, 6, 30)
    # The UID is the session's own identity, not a row id.
    assert re.fullmatch(r"[0-9a-f]{32}@plenaria\.app", moved.uid)


def test_every_change_raises_the_sequence_and_unchanged_sessions_keep_theirs(app, client):
    with app.app_context():
        three_zone_series()
    first = read_feed(client.get("/events/zurich/calendar.ics").data)
    with app.app_context():
        session = session_titled("Monday, summer time")
        session.room = "Salle 3"
        publish("zurich")
    second = read_feed(client.get("/events/zurich/calendar.ics").data)
    changed = second.titled("Monday, summer time")
    assert changed.sequence == first.titled("Monday, summer time").sequence + 1
    assert changed.location.startswith("Salle 3")
    unchanged = second.titled("Friday, winter time")
    assert unchanged.sequence == first.titled("Friday, winter time").sequence
    with app.app_context():  # renaming the meeting changes every entry's summary
        event = db.session.scalar(select(Event).where(Event.slug == "zurich"))
        event.title = "Zürich plenary"
        db.session.commit()
    third = read_feed(client.get("/events/zurich/calendar.ics").data)
    assert third.titled("Friday, winter time").summary.endswith("Zürich plenary")
    assert all(after.sequence > before.sequence
               for before, after in zip(second.entries, third.entries, strict=True))


def test_a_cancelled_session_stays_as_cancelled(app, client):
    with app.app_context():
        three_zone_series()
        session_titled("Friday, winter time").cancelled = True
        publish("zurich")
    feed = read_feed(client.get("/events/zurich/calendar.ics").data)
    cancelled = feed.titled("Cancelled: Friday, winter time")
    assert cancelled.status == "CANCELLED" and cancelled.sequence == 1
    assert feed.titled("Monday, summer time").status == "CONFIRMED"
    with app.app_context():  # gone from the draft altogether: still cancelled, never dropped
        db.session.delete(session_titled("Monday, summer time"))
        publish("zurich")
    feed = read_feed(client.get("/events/zurich/calendar.ics").data)
    assert feed.titled("Cancelled: Monday, summer time").status == "CANCELLED"
    assert len(feed.entries) == 3


def test_drafts_reach_feeds_only_when_published(app, client):
    with app.app_context():
        three_zone_series()
    first = client.get("/events/nairobi/calendar.ics")
    with app.app_context():
        session_titled("Opening").title = "Opening ceremony"
        db.session.commit()
    again = client.get("/events/nairobi/calendar.ics")
    assert again.headers["ETag"] == first.headers["ETag"] and again.data == first.data
    with app.app_context():
        publish("nairobi")
    after = client.get("/events/nairobi/calendar.ics")
    assert after.headers["ETag"] != first.headers["ETag"]
    assert read_feed(after.data).titled("Opening ceremony")


def test_an_event_without_a_published_agenda_is_one_entry(app, client):
    with app.app_context():
        make_event("plain", timezone="America/Bogota", start=utc(2030, 3, 29, 15), hours=2,
                   title="Webex preparation", mode=EventMode.ONLINE)
        db.session.commit()
    [entry] = read_feed(client.get("/events/plain/calendar.ics").data).entries
    assert entry.summary == "Webex preparation" and entry.location == "Online"
    assert (entry.start, entry.end) == (utc(2030, 3, 29, 15), utc(2030, 3, 29, 17))


def online_meeting_with_participants() -> None:
    committee = Committee(code="ISO/TC 999", name="Test committee")
    host = make_org("COPANT", kind="regional_body", country=None)
    event = make_event("webex-prep", host=host, organisers=[host], committee=committee,
                       timezone="America/Bogota", start=utc(2030, 3, 29, 15), hours=2,
                       mode=EventMode.ONLINE, join_url="https://copant.webex.example/j/42",
                       series=EventSeries(slug="prep", title="Prep sessions"))
    add_session(event, "Preparation", "2030-03-29 10:00", "2030-03-29 12:00", room="Webex")
    add_session(event, "Pause", "2030-03-29 12:00", "2030-03-29 12:15", kind=SessionKind.BREAK)
    publish_agenda(event)
    iram = make_org("IRAM", country="AR")
    approved = make_user(email="approved@iram.example", organisation=iram)
    make_registration(event, approved.person, iram)
    pending = make_user(email="pending@iram.example", organisation=iram)
    make_registration(event, pending.person, iram, status=RegistrationStatus.PENDING)
    db.session.commit()


def personal_link(client, email: str, feed: str = "meetings") -> str:
    sign_in(client, email)
    page = client.get("/account/calendar").get_data(as_text=True)
    submit(client, "/sign-out", page="/")
    [link] = re.findall(rf'value="http://plenaria\.test(/calendar/[^"]+/{feed}\.ics)"', page)
    return link


def test_public_feeds_never_carry_the_join_link(app, client):
    with app.app_context():
        online_meeting_with_participants()
        uid = session_titled("Preparation").uid
    sign_in(client, "approved@iram.example")  # even for someone entitled, signed in
    for url in ("/events/webex-prep/calendar.ics", f"/events/webex-prep/sessions/{uid}.ics",
                "/series/prep/calendar.ics", "/orgs/COPANT/calendar.ics",
                "/orgs/IRAM/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"webex.example" not in response.data and b"CONFERENCE" not in response.data
        assert read_feed(response.data).entries, url


def test_a_personal_feed_has_the_join_details_of_approved_meetings_only(app, client):
    with app.app_context():
        online_meeting_with_participants()
    approved = personal_link(client, "approved@iram.example")
    feed = read_feed(client.get(approved).data)
    session = feed.titled("Preparation")
    assert session.conferences == ("https://copant.webex.example/j/42",)
    assert "Join online: https://copant.webex.example/j/42" in session.description
    assert feed.titled("Pause").conferences == ()  # a break has nothing to join
    pending = personal_link(client, "pending@iram.example")
    assert read_feed(client.get(pending).data).entries == ()


def test_a_personal_feed_has_limited_sessions_only_with_a_seat(app, client):
    """Sessions with limited seats (a site visit) reach a person's calendar when they hold a
    seat there; chosen but waiting, or never chosen, they stay out; open sessions are in."""
    with app.app_context():
        online_meeting_with_participants()
        event = db.session.scalar(select(Event).where(Event.slug == "webex-prep"))
        visit = add_session(event, "Site visit", "2030-03-29 13:00", "2030-03-29 15:00")
        db.session.add(SessionSeats(session=visit, seats=1))
        publish_agenda(event)
        iram = db.session.scalar(select(Organisation).where(Organisation.acronym == "IRAM"))
        other = make_user(email="other@iram.example", organisation=iram)
        make_registration(event, other.person, iram)
        approved = db.session.scalar(select(Registration).join(Registration.person).where(
            Registration.person.has(email="approved@iram.example")))
        approved.session_choices.append(
            SessionChoice(session=visit, status=SessionChoiceStatus.CONFIRMED))
        db.session.commit()
    with_seat = read_feed(client.get(personal_link(client, "approved@iram.example")).data)
    assert "Site visit" in [entry.summary.split(" – ")[0] for entry in with_seat.entries]
    link = personal_link(client, "other@iram.example")
    without = read_feed(client.get(link).data)
    summaries = [entry.summary.split(" – ")[0] for entry in without.entries]
    assert "Preparation" in summaries and "Site visit" not in summaries
    etag = client.get(link).headers["ETag"]
    with app.app_context():
        registration = db.session.scalar(select(Registration).join(Registration.person).where(
            Registration.person.has(email="other@iram.example")))
        visit = session_titled("Site visit")
        choice = SessionChoice(session=visit, status=SessionChoiceStatus.WAITLISTED)
        registration.session_choices.append(choice)
        db.session.commit()
        choice_id = choice.id
    # On the waiting list for the visit: nothing changed in the calendar.
    assert client.get(link, headers={"If-None-Match": etag}).status_code == 304
    with app.app_context():
        db.session.get(SessionChoice, choice_id).status = SessionChoiceStatus.CONFIRMED
        db.session.commit()
    seated = client.get(link, headers={"If-None-Match": etag})
    assert seated.status_code == 200
    assert "Site visit" in [e.summary.split(" – ")[0] for e in read_feed(seated.data).entries]


def test_personal_links_are_signed_and_revocable(app, client):
    with app.app_context():
        online_meeting_with_participants()
    link = personal_link(client, "approved@iram.example")
    assert client.get(link).status_code == 200  # no sign-in needed: calendar apps cannot
    user_id, token = re.match(r"/calendar/(\d+)/([^/]+)/", link).groups()
    assert client.get(link.replace(token, token[:-2] + "xx")).status_code == 404
    assert client.get(link.replace("meetings.ics", "deadlines.ics")).status_code == 404
    assert client.get(link.replace(f"/{user_id}/", f"/{int(user_id) + 1}/")).status_code == 404
    sign_in(client, "approved@iram.example")
    page = submit(client, "/account/calendar/reset", CONFIRMED, page="/account/calendar",
                  follow_redirects=True).get_data(as_text=True)
    assert "The old ones no longer work" in page
    submit(client, "/sign-out", page="/")
    assert client.get(link).status_code == 404
    assert client.get(personal_link(client, "approved@iram.example")).status_code == 200


def test_a_conditional_request_gets_304_without_building_the_feed(app, client, count_queries):
    with app.app_context():
        three_zone_series()
    with count_queries() as full:  # the first request builds the feed (later ones reuse it)
        first = client.get("/series/tc-series/calendar.ics")
    etag = first.headers["ETag"]
    with count_queries() as log:
        response = client.get("/series/tc-series/calendar.ics", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == etag
    # The series, then the feed's state: nothing of the agenda is read.
    assert log.count == 2 and log.count < full.count
    assert not any("content" in statement for statement in log.statements)
    with app.app_context():
        session_titled("Apertura").title = "Apertura oficial"
        publish("bogota")
    changed = client.get("/series/tc-series/calendar.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_every_feed_takes_the_same_number_of_queries_whatever_the_sessions(
        app, client, count_queries):
    with app.app_context():
        online_meeting_with_participants()
        uid = session_titled("Preparation").uid
        organiser = make_user(Role.ORGANISER, organisation=make_org("KEBS"),
                              email="organiser@kebs.example")
        event = db.session.scalar(select(Event).where(Event.slug == "webex-prep"))
        event.host = organiser.grants[0].organisation
        db.session.commit()
    urls = ["/events/webex-prep/calendar.ics", f"/events/webex-prep/sessions/{uid}.ics",
            "/series/prep/calendar.ics", "/orgs/COPANT/calendar.ics",
            personal_link(client, "approved@iram.example"),
            personal_link(client, "organiser@kebs.example", "deadlines")]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with count_queries() as log:
                assert client.get(url).status_code == 200, url
            found.append(log.count)
        return found

    few = counts()
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "webex-prep"))
        for day in range(40):
            start = datetime(2030, 3, 29, 13) + timedelta(minutes=5 * day)
            add_session(event, f"Extra {day}", start.isoformat(),
                        (start + timedelta(minutes=5)).isoformat())
        publish_agenda(event)
        db.session.commit()
    assert counts() == few
    assert max(few) <= 8  # the personal feed also reads the person's seats


def test_the_mail_attachment_is_the_published_agenda_with_method_publish(app_ctx):
    online_meeting_with_participants()
    event = db.session.scalar(select(Event).where(Event.slug == "webex-prep"))
    preparation = session_titled("Preparation")
    public = event_calendar(event)
    assert b"METHOD:PUBLISH" in public and b"CONFERENCE" not in public
    chosen = read_feed(event_calendar(event, [preparation], join_details=True))
    [entry] = chosen.entries
    assert entry.uid == f"{preparation.uid}@plenaria.app"
    assert entry.conferences == ("https://copant.webex.example/j/42",)
    # The call written before feeds had one builder still works and means the same.
    old_style = event_calendar(event, [preparation], "http://plenaria.test/events/webex-prep/",
                               "plenaria.app")
    assert read_feed(old_style).entries[0].uid == entry.uid


def test_an_organisations_feed_holds_what_it_hosts_organises_and_takes_part_in(client, demo):
    copant = read_feed(client.get("/orgs/COPANT/calendar.ics").data)
    titles = {entry.summary for entry in copant.entries}
    assert "COPANT preparation meeting for the ISO/CASCO plenary (Webex)" in titles  # hosts
    assert "COPANT-PTB-CASCO Workshop" in titles  # organises
    assert "34th ISO/CASCO Plenary" in titles  # takes part
    iram = read_feed(client.get("/orgs/IRAM/calendar.ics").data)
    assert {"32nd ISO/CASCO Plenary", "34th ISO/CASCO Plenary"} <= {
        entry.summary for entry in iram.entries}
    assert "Workshop on market surveillance and trade facilitation" in {
        entry.summary for entry in iram.entries}
    prep = copant.titled("COPANT preparation meeting")
    assert prep.start == utc(2019, 3, 29, 15) and prep.tzid == "America/Bogota"


def test_feeds_follow_events_leaving_them(app, client):
    """A meeting turned back into a draft leaves the series feed; a cancelled registration
    takes the meeting out of the person's feed; both change the ETag."""
    with app.app_context():
        three_zone_series()
        online_meeting_with_participants()
    series = client.get("/series/tc-series/calendar.ics")
    link = personal_link(client, "approved@iram.example")
    personal = client.get(link)
    with app.app_context():
        db.session.scalar(select(Event).where(Event.slug == "bogota")).status = EventStatus.DRAFT
        registration = db.session.scalar(select(Registration).join(Person).where(
            Person.email == "approved@iram.example"))
        registration.status = RegistrationStatus.CANCELLED
        db.session.commit()
    after = client.get("/series/tc-series/calendar.ics",
                       headers={"If-None-Match": series.headers["ETag"]})
    assert after.status_code == 200
    assert "Bogotá" not in str([e.summary for e in read_feed(after.data).entries])
    gone = client.get(link, headers={"If-None-Match": personal.headers["ETag"]})
    assert gone.status_code == 200 and read_feed(gone.data).entries == ()


def test_a_client_sending_only_if_modified_since_still_sees_a_meeting_leave(app, client):
    """A meeting leaving a feed makes nothing in it newer: Last-Modified cannot tell, so a
    client that sends only If-Modified-Since gets the feed, never a stale 304."""
    with app.app_context():
        three_zone_series()
        online_meeting_with_participants()
        iram = db.session.scalar(select(Organisation).where(Organisation.acronym == "IRAM"))
        zurich = db.session.scalar(select(Event).where(Event.slug == "zurich"))
        make_registration(zurich, make_user(organisation=iram).person, iram)
        db.session.commit()
    first = client.get("/orgs/IRAM/calendar.ics")
    titles = sorted(entry.summary for entry in read_feed(first.data).entries)
    assert len(titles) == 2 and "Zurich plenary" in titles
    with app.app_context():
        registration = db.session.scalar(select(Registration).join(Person).where(
            Person.email == "approved@iram.example"))
        registration.status = RegistrationStatus.CANCELLED
        db.session.commit()
    since = client.get("/orgs/IRAM/calendar.ics",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 200
    assert [entry.summary for entry in read_feed(since.data).entries] == ["Zurich plenary"]
