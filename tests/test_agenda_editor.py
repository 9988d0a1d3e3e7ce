"""Organisers edit the draft agenda: sessions in the meeting's zone, numbered items,
documents, order, and a start from the previous edition."""

import io
import re
from datetime import UTC, datetime
from html import unescape

from sqlalchemy import select

from events.agenda.publishing import publish_agenda
from events.extensions import db
from events.models import (
    AgendaItem,
    Committee,
    Document,
    Event,
    EventSeries,
    Role,
    Session,
)
from tests.conftest import CONFIRMED, sign_in, submit
from tests.factories import make_event, make_org, make_session, make_user

EDITOR = "/events/{slug}/manage/agenda/"


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def organiser_and_meeting(app, client, timezone: str = "America/Bogota",
                          start: datetime = datetime(2030, 3, 29, 15, tzinfo=UTC)) -> None:
    with app.app_context():
        copant = make_org("COPANT", kind="regional_body", country=None)
        committee = Committee(code="ISO/CASCO", name="Conformity assessment")
        make_event("meeting", host=copant, timezone=timezone, start=start, hours=30,
                   committee=committee, title="Regional workshop")
        make_user(Role.ORGANISER, organisation=copant, email="coordinator@copant.example")
        db.session.commit()
    sign_in(client, "coordinator@copant.example")


def add_session(client, title: str, starts: str, ends: str, **extra) -> object:
    return submit(client, "/events/meeting/manage/agenda/sessions/new",
                  {"title": title, "kind": "session", "starts": starts, "ends": ends, **extra})


def test_sessions_are_entered_in_the_meetings_zone(app, client):
    organiser_and_meeting(app, client)
    response = add_session(client, "Apertura", "2030-03-29T10:00", "2030-03-29T12:00",
                           room="Sala 1", chairs="Laura Benítez")
    assert response.status_code == 302
    with app.app_context():
        session = db.session.scalar(select(Session).where(Session.title == "Apertura"))
        # Bogotá is UTC−5 all year.
        assert session.starts_at == datetime(2030, 3, 29, 15, tzinfo=UTC)
        assert session.ends_at == datetime(2030, 3, 29, 17, tzinfo=UTC)
    page = text_of(client.get(response.location))
    assert "10:00–12:00 Apertura" in page and "Chair: Laura Benítez" in page
    assert "Publish version 1" in page and "Added: Apertura" in page


def test_a_time_the_clocks_skip_is_refused_and_nothing_is_saved(app, client):
    organiser_and_meeting(app, client, timezone="Europe/Zurich",
                          start=datetime(2030, 3, 30, 7, tzinfo=UTC))
    response = add_session(client, "Night session", "2030-03-31T02:30", "2030-03-31T04:00")
    page = text_of(response)
    assert response.status_code == 200
    assert ("02:30 on 31 March 2030 does not exist in Europe/Zurich: the clocks go forward "
            "that night.") in page
    assert 'value="Night session"' in response.get_data(as_text=True)  # typed values kept
    ends_before = add_session(client, "Backwards", "2030-03-30T12:00", "2030-03-30T11:00")
    assert "The session must end after it starts." in text_of(ends_before)
    with app.app_context():
        assert db.session.scalar(select(Session.id)) is None


def numbers(client) -> list[str]:
    page = text_of(client.get(EDITOR.format(slug="meeting")))
    return re.findall(r"(\d+(?:\.\d+)*) (Item \w)", page)


def item_id(app, title: str) -> int:
    with app.app_context():
        return db.session.scalar(select(AgendaItem.id).where(AgendaItem.title == title))


def test_items_are_numbered_and_reordered(app, client):
    organiser_and_meeting(app, client)
    add_session(client, "Apertura", "2030-03-29T10:00", "2030-03-29T12:00")
    with app.app_context():
        session_id = db.session.scalar(select(Session.id))
    for title in ("Item A", "Item B", "Item C"):
        submit(client, "/events/meeting/manage/agenda/items/new",
               {"title": title, "session_id": session_id, "presenter": "Chair"})
    submit(client, "/events/meeting/manage/agenda/items/new",
           {"title": "Item D", "session_id": session_id,
            "parent_id": item_id(app, "Item B")})
    assert numbers(client) == [("1", "Item A"), ("2", "Item B"), ("2.1", "Item D"),
                               ("3", "Item C")]

    def move(title: str, direction: str) -> None:
        response = submit(client, f"/events/meeting/manage/agenda/items/"
                                  f"{item_id(app, title)}/move", {"direction": direction},
                          page=EDITOR.format(slug="meeting"))
        assert response.status_code == 302

    move("Item C", "up")
    assert numbers(client) == [("1", "Item A"), ("2", "Item C"), ("3", "Item B"),
                               ("3.1", "Item D")]
    move("Item C", "in")  # under the item above it
    assert numbers(client) == [("1", "Item A"), ("1.1", "Item C"), ("2", "Item B"),
                               ("2.1", "Item D")]
    move("Item D", "out")  # right after its parent
    assert numbers(client) == [("1", "Item A"), ("1.1", "Item C"), ("2", "Item B"),
                               ("3", "Item D")]
    move("Item A", "up")  # already first: nothing moves
    assert numbers(client)[0] == ("1", "Item A")
    first_in = submit(client, f"/events/meeting/manage/agenda/items/"
                              f"{item_id(app, 'Item A')}/move", {"direction": "in"},
                      page=EDITOR.format(slug="meeting"), follow_redirects=True)
    assert "The first item of a level has no item above it" in text_of(first_in)
    submit(client, f"/events/meeting/manage/agenda/items/{item_id(app, 'Item A')}/delete",
           CONFIRMED, page=EDITOR.format(slug="meeting"))
    assert numbers(client) == [("1", "Item B"), ("2", "Item D")]  # 1.1 went with its item


def test_an_item_cannot_be_a_sub_item_of_its_own_sub_item(app, client):
    organiser_and_meeting(app, client)
    submit(client, "/events/meeting/manage/agenda/items/new", {"title": "Item A"})
    submit(client, "/events/meeting/manage/agenda/items/new",
           {"title": "Item B", "parent_id": item_id(app, "Item A")})
    a, b = item_id(app, "Item A"), item_id(app, "Item B")
    response = submit(client, f"/events/meeting/manage/agenda/items/{a}/edit",
                      {"title": "Item A", "parent_id": b})
    assert response.status_code == 200
    assert "Not a valid choice" in text_of(response)
    assert numbers(client) == [("1", "Item A"), ("1.1", "Item B")]


def download(client, url: str) -> tuple[int, bytes]:
    with client.get(url) as response:  # closes the file it streams
        return response.status_code, response.data


def test_documents_are_linked_or_uploaded_and_served_with_the_agenda(app, client):
    organiser_and_meeting(app, client)
    add_session(client, "Apertura", "2030-03-29T10:00", "2030-03-29T12:00")
    with app.app_context():
        session_id = db.session.scalar(select(Session.id))
    linked = submit(client, "/events/meeting/manage/agenda/items/new", {
        "title": "Adoption of the agenda", "session_id": session_id,
        "document_reference": "CASCO N 1301", "document_title": "Draft agenda",
        "document_url": "https://isolutions.example/casco/n1301"})
    assert linked.status_code == 302
    uploaded = submit(client, "/events/meeting/manage/agenda/items/new", {
        "title": "Resolutions", "session_id": session_id,
        "document_reference": "CASCO N 1320", "document_title": "Draft resolutions",
        "document_file": (io.BytesIO(b"%PDF-1.4 resolutions"), "resolutions v2.pdf")},
        content_type="multipart/form-data")
    assert uploaded.status_code == 302
    both = submit(client, "/events/meeting/manage/agenda/items/new", {
        "title": "Both", "document_reference": "CASCO N 1321", "document_title": "X",
        "document_url": "https://isolutions.example/x",
        "document_file": (io.BytesIO(b"x"), "x.pdf")}, content_type="multipart/form-data")
    assert "Give a link or a file, not both." in text_of(both)
    wrong = submit(client, "/events/meeting/manage/agenda/items/new", {
        "title": "Program", "document_reference": "CASCO N 1322", "document_title": "X",
        "document_file": (io.BytesIO(b"MZ"), "virus.exe")}, content_type="multipart/form-data")
    assert "Upload a document (" in text_of(wrong)
    with app.app_context():
        assert {d.reference for d in db.session.scalars(select(Document))} == {
            "CASCO N 1301", "CASCO N 1320"}  # nothing half-saved
        document = db.session.scalar(select(Document).where(
            Document.reference == "CASCO N 1320"))
        file_url = f"/events/meeting/documents/{document.id}/{document.file_name}"
    # In the draft, only organisers reach the file.
    assert download(client, file_url) == (200, b"%PDF-1.4 resolutions")
    submit(client, "/sign-out", page="/")
    assert download(client, file_url)[0] == 404
    with app.app_context():
        publish_agenda(db.session.scalar(select(Event).where(Event.slug == "meeting")))
        db.session.commit()
    agenda = client.get("/events/meeting/agenda").get_data(as_text=True)
    assert 'href="https://isolutions.example/casco/n1301"' in agenda
    assert f'href="{file_url}"' in agenda
    assert download(client, file_url) == (200, b"%PDF-1.4 resolutions")
    assert download(client, f"/events/meeting/documents/{document.id + 99}/x.pdf")[0] == 404


def test_a_published_session_is_cancelled_not_deleted(app, client):
    organiser_and_meeting(app, client)
    add_session(client, "Apertura", "2030-03-29T10:00", "2030-03-29T12:00")
    add_session(client, "Draft only", "2030-03-29T13:00", "2030-03-29T14:00")
    with app.app_context():
        publish_agenda(db.session.scalar(select(Event).where(Event.slug == "meeting")))
        db.session.commit()
    add_session(client, "Never published", "2030-03-29T15:00", "2030-03-29T16:00")
    submit(client, "/events/meeting/manage/agenda/items/new", {"title": "Stays"})
    with app.app_context():
        uids = dict(db.session.execute(select(Session.title, Session.uid)).all())
        item = db.session.scalar(select(AgendaItem))
        item.session_id = db.session.scalar(select(Session.id).where(
            Session.title == "Never published"))
        db.session.commit()
    refused = submit(client, f"/events/meeting/manage/agenda/sessions/{uids['Apertura']}/delete",
                     CONFIRMED, page=EDITOR.format(slug="meeting"), follow_redirects=True)
    assert "“Apertura” was published: cancel it instead" in text_of(refused)
    submit(client, f"/events/meeting/manage/agenda/sessions/{uids['Apertura']}/cancel",
           {"cancelled": "1"}, page=EDITOR.format(slug="meeting"))
    deleted = submit(client,
                     f"/events/meeting/manage/agenda/sessions/{uids['Never published']}/delete",
                     CONFIRMED, page=EDITOR.format(slug="meeting"), follow_redirects=True)
    page = text_of(deleted)
    assert "“Never published” was removed from the draft" in page
    assert "Items not yet scheduled 1 Stays" in page
    assert "Cancelled: Apertura" in page  # the change waiting to be published
    with app.app_context():
        assert db.session.scalar(select(Session.cancelled).where(Session.title == "Apertura"))


def test_the_agenda_of_the_previous_edition_is_a_starting_point(app, client, demo):
    with app.app_context():
        series = db.session.scalar(select(EventSeries).where(
            EventSeries.slug == "iso-casco-plenary"))
        kebs = db.session.scalar(select(Event).where(Event.slug == "casco-plenary-2019")).host
        # The next edition, in Geneva's zone (Europe/Zurich), on a Tuesday and Wednesday.
        make_event("casco-plenary-2020", series=series, edition=35, host=kebs,
                   timezone="Europe/Zurich", start=datetime(2020, 5, 5, 7, tzinfo=UTC),
                   hours=31, title="35th ISO/CASCO Plenary")
        db.session.commit()
    sign_in(client, "organiser@kebs.example", "plenaria-demo-2019")
    editor = text_of(client.get(EDITOR.format(slug="casco-plenary-2020")))
    assert "Start from the agenda of 34th ISO/CASCO Plenary" in editor
    response = submit(client, "/events/casco-plenary-2020/manage/agenda/copy-previous",
                      page=EDITOR.format(slug="casco-plenary-2020"), follow_redirects=True)
    page = text_of(response)
    assert "9 sessions, on the same days of the meeting. Documents were not copied." in page
    assert "Tuesday, 5 May 2020" in page and "Wednesday, 6 May 2020" in page
    assert "09:00–10:30 Opening session" in page  # 09:00 in Geneva, as 09:00 in Nairobi
    assert "8.1 Key Strategic Objectives: implementing KSO 10" in page
    assert "CASCO N 1210" not in page
    with app.app_context():
        opening = db.session.scalar(select(Session).join(Event).where(
            Event.slug == "casco-plenary-2020", Session.title == "Opening session"))
        assert opening.starts_at == datetime(2020, 5, 5, 7, tzinfo=UTC)  # CEST, UTC+2
    again = submit(client, "/events/casco-plenary-2020/manage/agenda/copy-previous",
                   page=EDITOR.format(slug="casco-plenary-2020"), follow_redirects=True)
    assert "copying would mix two agendas" in text_of(again)


def test_an_item_moved_to_another_session_takes_its_sub_items(app, client):
    organiser_and_meeting(app, client)
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "meeting"))
        first, second = make_session(event, title="Day one"), make_session(event, title="Day two")
        ids = first.id, second.id
        db.session.commit()
    submit(client, "/events/meeting/manage/agenda/items/new",
           {"title": "Item A", "session_id": ids[0]})
    submit(client, "/events/meeting/manage/agenda/items/new",
           {"title": "Item B", "session_id": ids[0], "parent_id": item_id(app, "Item A")})
    submit(client, f"/events/meeting/manage/agenda/items/{item_id(app, 'Item A')}/edit",
           {"title": "Item A", "session_id": ids[1]})
    with app.app_context():
        sessions = dict(db.session.execute(select(AgendaItem.title, AgendaItem.session_id)).all())
    assert sessions == {"Item A": ids[1], "Item B": ids[1]}
