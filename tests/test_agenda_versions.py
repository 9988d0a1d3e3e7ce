"""Publishing the agenda: versions, what changed, the public changes page, the emails."""

import re
from datetime import UTC, datetime
from html import unescape

from sqlalchemy import select

from events.agenda.editing import SessionDetails, save_session
from events.agenda.publishing import (
    AgendaChangeKind,
    NothingToPublish,
    changes_from_version,
    publish_agenda,
)
from events.extensions import db
from events.models import AgendaVersion, Event, RegistrationStatus, Role, Session, SessionKind
from tests.calendar_support import read_feed
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_person, make_registration, make_user


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def add(event: Event, title: str, starts: str, ends: str, **values) -> Session:
    return save_session(event, SessionDetails(
        title, values.pop("kind", SessionKind.SESSION), datetime.fromisoformat(starts),
        datetime.fromisoformat(ends), **values))


def plenary_with_participants() -> None:
    """A Nairobi plenary (UTC+3) with three sessions published as version 1, an organiser,
    two approved participants, one pending and one whose registration was cancelled."""
    host = make_org("KEBS")
    event = make_event("plenary", host=host, title="35th Plenary",
                       start=datetime(2030, 5, 1, 6, tzinfo=UTC), hours=32,
                       join_url="https://kebs.webex.example/j/35")
    add(event, "Opening", "2030-05-01 09:00", "2030-05-01 10:30", room="Hall A")
    add(event, "Reports", "2030-05-01 11:00", "2030-05-01 12:30", room="Hall A")
    add(event, "Reception", "2030-05-01 18:30", "2030-05-01 21:00", kind=SessionKind.SOCIAL)
    publish_agenda(event)
    make_user(Role.ORGANISER, organisation=host, email="organiser@kebs.example")
    iram = make_org("IRAM", country="AR")
    for email, status in (("ana@iram.example", RegistrationStatus.APPROVED),
                          ("bruno@iram.example", RegistrationStatus.APPROVED),
                          ("carla@iram.example", RegistrationStatus.PENDING),
                          ("dario@iram.example", RegistrationStatus.CANCELLED)):
        make_registration(event, make_person(iram, email=email), iram, status=status)
    db.session.commit()


def edit_the_draft() -> None:
    """Move one session, rename another, cancel the reception, add a side meeting."""
    event = db.session.scalar(select(Event).where(Event.slug == "plenary"))
    sessions = {s.title: s for s in event.sessions}
    save_session(event, SessionDetails("Opening", SessionKind.SESSION,
                                       datetime(2030, 5, 1, 9, 30), datetime(2030, 5, 1, 11),
                                       room="Hall A"), sessions["Opening"])
    sessions["Reports"].title = "Reports of the groups"
    sessions["Reception"].cancelled = True
    add(event, "Side meeting on KSO 10", "2030-05-02 08:00", "2030-05-02 08:45")
    db.session.commit()


def test_publishing_computes_what_changed_since_the_last_version(app_ctx):
    plenary_with_participants()
    edit_the_draft()
    event = db.session.scalar(select(Event).where(Event.slug == "plenary"))
    version = publish_agenda(event)
    changes = {(c.kind, c.title) for c in changes_from_version(version)}
    assert changes == {
        (AgendaChangeKind.MOVED, "Opening"),
        (AgendaChangeKind.RETITLED, "Reports of the groups"),
        (AgendaChangeKind.CANCELLED, "Reception"),
        (AgendaChangeKind.ADDED, "Side meeting on KSO 10"),
    }
    moved = next(c for c in changes_from_version(version) if c.kind is AgendaChangeKind.MOVED)
    assert (moved.old_starts_at, moved.starts_at) == (datetime(2030, 5, 1, 6, tzinfo=UTC),
                                                      datetime(2030, 5, 1, 6, 30, tzinfo=UTC))
    assert version.number == 2
    db.session.commit()
    try:
        publish_agenda(event)
    except NothingToPublish:
        pass
    else:
        raise AssertionError("an unchanged draft was published again")


def test_the_public_sees_the_published_version_not_the_draft(app, client):
    with app.app_context():
        plenary_with_participants()
        edit_the_draft()
    page = text_of(client.get("/events/plenary/agenda"))
    assert "Reports " in page and "Reports of the groups" not in page
    assert "Side meeting" not in page and "Version 1, published" in page


def test_organisers_publish_and_participants_are_emailed_with_the_ics(
        app, client, smtp_server):
    with app.app_context():
        plenary_with_participants()
        edit_the_draft()
    sign_in(client, "organiser@kebs.example")
    preview = text_of(client.get("/events/plenary/manage/agenda/publish"))
    assert "Publish version 2" in preview
    assert "Moved: Opening, now Wednesday, 1 May 2030, 09:30–11:00" in preview
    response = submit(client, "/events/plenary/manage/agenda/publish",
                      {"note": "The reception is cancelled because of the rain.",
                       "notify": "y"})
    assert response.status_code == 302
    page = text_of(client.get(response.location))
    assert "Version 2 of the agenda is published. 2 participants will be emailed." in page
    recipients = sorted(m["X-Envelope-To"] for m in smtp_server.messages)
    assert recipients == ["ana@iram.example", "bruno@iram.example"]  # approved ones only
    message = smtp_server.to("ana@iram.example")[0]
    assert message["Subject"] == "Agenda updated: 35th Plenary (version 2)"
    assert message["To"] == "ana@iram.example"  # nobody sees the others' addresses
    body = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    text = body.get_payload(decode=True).decode()
    assert "Renamed: Reports of the groups (was Reports)." in text
    assert "Cancelled: Reception, Wednesday, 1 May 2030, 18:30–21:00." in text
    assert "Added: Side meeting on KSO 10, Thursday, 2 May 2030, 08:00–08:45." in text
    assert "The reception is cancelled because of the rain." in text
    assert "East Africa Time (UTC+3)" in text
    ics = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert ics.get_param("method") == "PUBLISH"
    calendar = read_feed(ics.get_payload(decode=True))
    assert calendar.titled("Cancelled: Reception").status == "CANCELLED"
    assert calendar.titled("Opening").sequence == 1
    # Approved participants may join online: their copy has the link.
    assert calendar.titled("Opening").conferences == ("https://kebs.webex.example/j/35",)
    with app.app_context():
        version = db.session.scalar(select(AgendaVersion).where(AgendaVersion.number == 2))
        assert version.notified == 2 and version.published_by.email == "organiser@kebs.example"


def test_the_changes_page_lists_every_version(app, client):
    with app.app_context():
        plenary_with_participants()
        edit_the_draft()
        publish_agenda(db.session.scalar(select(Event).where(Event.slug == "plenary")),
                       note="Reception cancelled.")
        db.session.commit()
    page = text_of(client.get("/events/plenary/agenda/changes"))
    assert page.index("Version 2") < page.index("Version 1")
    assert "Reception cancelled." in page
    assert "Moved: Opening, now Wednesday, 1 May 2030, 09:30–11:00 (was Wednesday, 1 May " \
           "2030, 09:00–10:30)." in page
    assert "First publication, with 3 sessions." in page
    agenda = text_of(client.get("/events/plenary/agenda"))
    assert "Version 2, published" in agenda and "What changed" in agenda


def test_publishing_an_unchanged_agenda_says_so_and_emails_nobody(app, client, smtp_server):
    with app.app_context():
        plenary_with_participants()
    sign_in(client, "organiser@kebs.example")
    response = submit(client, "/events/plenary/manage/agenda/publish", {"notify": "y"},
                      follow_redirects=True)
    assert "Nothing changed since the last version" in text_of(response)
    assert smtp_server.messages == []


def test_only_organisers_publish(app, client):
    with app.app_context():
        plenary_with_participants()
        make_user(email="someone@example.org")
        db.session.commit()
    anonymous = client.get("/events/plenary/manage/agenda/publish")
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.location
    sign_in(client, "someone@example.org")
    assert client.get("/events/plenary/manage/agenda/publish").status_code == 403
    assert client.get("/events/plenary/manage/agenda/").status_code == 403
    assert submit(client, "/events/plenary/manage/agenda/publish", {},
                  page="/events/plenary/agenda").status_code == 403
