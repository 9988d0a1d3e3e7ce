"""What people expect of every page: long lists in pages, sorted by the column they pick and
filtered by name; a question before what cannot be undone; friendly error pages."""

from __future__ import annotations

import re

from sqlalchemy import select

from app import create_app
from events.extensions import db
from events.listing import fold, matches, paginate
from events.models import (
    Attendance,
    AttendanceMode,
    AttendanceOrigin,
    Event,
    ListVisibility,
    Registration,
    RegistrationStatus,
    Role,
)
from tests.conftest import CONFIRMED, sign_in, submit
from tests.factories import make_org, make_person, make_registration, make_user
from tests.test_registration import registration_of, setup_event


def rows_of(page: str) -> list[str]:
    """The names in the first column of the page's table body."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<tr>\s*<(?:th|td)[^>]*>(.*?)</(?:th|td)>", body, re.S)]


def test_fold_and_matches_ignore_case_and_accents():
    assert fold("Pérez Núñez") == "perez nunez"
    assert matches("perez inen", "Ana Pérez", "INEN")
    assert not matches("perez icontec", "Ana Pérez", "INEN")


def test_paginate_sorts_by_a_known_column_and_keeps_pages_in_range():
    numbers = list(range(1, 121))
    columns = {"value": lambda n: n}
    third = paginate(numbers, columns, sort="value", order="desc", page="3", per_page=50)
    assert third.rows == list(range(20, 0, -1))
    assert (third.first, third.last, third.total, third.pages) == (101, 120, 120, 3)
    # Whatever people type in the address gives a page, not an error.
    assert paginate(numbers, columns, sort="nope", page="99", per_page=50).number == 3
    assert paginate(numbers, columns, page="x", per_page=50).rows[0] == 1
    assert paginate([], columns).first == 0


def _big_workshop(app, people: int = 120) -> None:
    with app.app_context():
        event = setup_event()
        event.registration_settings.public_list = ListVisibility.ALL
        orgs = [make_org("INEN", country="EC"), make_org("ICONTEC", country="CO"),
                make_org("IRAM", country="AR")]
        for number in range(people):
            person = make_person(orgs[number % 3], given_name=f"Ana{number:03d}",
                                 family_name=f"Núñez{number:03d}",
                                 email=f"ana{number:03d}@example.org")
            make_registration(event, person)
        make_user(Role.ORGANISER, orgs[0], event=event, email="organiser@inen.example")
        db.session.commit()


def test_a_long_list_of_participants_comes_in_pages(app, client):
    _big_workshop(app)
    first = client.get("/events/workshop/participants").get_data(as_text=True)
    assert "Showing 1–50 of 120" in first
    assert len(rows_of(first)) == 50
    last = client.get("/events/workshop/participants?page=3").get_data(as_text=True)
    assert "Showing 101–120 of 120" in last
    assert len(rows_of(last)) == 20
    assert 'aria-current="page" href="/events/workshop/participants?page=3"' in last


def test_participants_sort_by_the_column_chosen_and_filter_by_name(app, client):
    _big_workshop(app)
    by_name = rows_of(client.get("/events/workshop/participants?sort=name&order=desc")
                      .get_data(as_text=True))
    assert by_name[0] == "NÚÑEZ119 Ana119"
    by_country = client.get("/events/workshop/participants?sort=country").get_data(as_text=True)
    assert rows_of(by_country)[0].startswith("NÚÑEZ")
    assert 'aria-sort="ascending"' in by_country
    assert "Argentina" in by_country.split("<tbody>")[1].split("</tr>")[0]
    # Typed without the accent, found with it; the public list is not searched by email.
    found = client.get("/events/workshop/participants?q=nunez007").get_data(as_text=True)
    assert rows_of(found) == ["NÚÑEZ007 Ana007"]
    assert "1 participant matches." in found
    by_email = client.get("/events/workshop/participants?q=ana007@example.org")
    assert "Nobody matches" in by_email.get_data(as_text=True)


def test_organisers_find_registrations_by_status_and_name_and_sort_them(app, client):
    _big_workshop(app, people=60)
    with app.app_context():
        registration_of("ana005@example.org").status = RegistrationStatus.PENDING
        db.session.commit()
    sign_in(client, "organiser@inen.example")
    pending = client.get("/events/workshop/registrations?status=pending").get_data(as_text=True)
    assert rows_of(pending) == ["Ana005 Núñez005ana005@example.org"]
    assert "1 registration matches" in pending
    by_org = client.get("/events/workshop/registrations?sort=organisation&order=desc&q=ana00")
    names = rows_of(by_org.get_data(as_text=True))
    assert len(names) == 10
    # IRAM, INEN, ICONTEC: the column backwards (and names within it backwards too).
    assert [name[:6] for name in names[:4]] == ["Ana008", "Ana005", "Ana002", "Ana009"]


def test_attendance_records_and_the_directory_sort_server_side(app, client):
    _big_workshop(app, people=6)
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "workshop"))
        for registration in db.session.scalars(select(Registration).where(
                Registration.event_id == event.id)):
            db.session.add(Attendance(event=event, person=registration.person,
                                      organisation=registration.organisation,
                                      mode=AttendanceMode.REMOTE,
                                      origin=AttendanceOrigin.MANUAL,
                                      minutes=10 * registration.id))
        db.session.commit()
    sign_in(client, "organiser@inen.example")
    page = client.get("/events/workshop/attendance?sort=minutes&order=desc").get_data(
        as_text=True)
    assert rows_of(page.split('id="records"')[1])[0] == "Ana005 Núñez005"
    directory = client.get("/orgs/?sort=country&order=desc").get_data(as_text=True)
    assert rows_of(directory)[:3] == ["INEN", "ICONTEC", "IRAM"]  # Ecuador, Colombia, …


def test_cancelling_asks_first_and_nothing_changes_until_confirmed(app, client):
    with app.app_context():
        event = setup_event()
        user = make_user(email="delegate@inen.example", organisation=make_org("INEN"))
        registration_id = make_registration(event, user.person).id
        db.session.commit()
    sign_in(client, "delegate@inen.example")
    asked = submit(client, f"/registrations/{registration_id}/cancel", {},
                   page="/my/meetings")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Cancel the registration of" in page and "Yes, cancel the registration" in page
    assert 'name="confirmed" value="yes"' in page
    assert 'href="/my/meetings"' in page  # "No, go back"
    with app.app_context():
        assert registration_of("delegate@inen.example").status is RegistrationStatus.APPROVED
    submit(client, f"/registrations/{registration_id}/cancel", CONFIRMED, page="/my/meetings")
    with app.app_context():
        assert registration_of("delegate@inen.example").status is RegistrationStatus.CANCELLED


def test_error_pages_are_friendly_and_titled(app, client):
    missing = client.get("/events/no-such-meeting/")
    page = missing.get_data(as_text=True)
    assert missing.status_code == 404
    assert "<title>Page not found · Plenaria</title>" in page
    assert "Go to the list of meetings" in page
    with app.app_context():
        make_user(email="someone@example.org")
        db.session.commit()
    sign_in(client, "someone@example.org")
    refused = client.get("/organise/events/new")
    assert refused.status_code == 403
    assert "<title>Not allowed · Plenaria</title>" in refused.get_data(as_text=True)


def test_a_server_error_gets_a_page_that_says_nothing_was_saved(app):
    # An app of its own: routes cannot be added to the suite's app once it served requests.
    failing = create_app({"TESTING": False, "SECRET_KEY": "x",
                          "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})

    @failing.get("/boom")
    def boom() -> str:
        raise RuntimeError("a bug")

    response = failing.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "<title>Something went wrong · Plenaria</title>" in page
    assert "Nothing you entered was saved" in page
    assert "a bug" not in page
    with failing.app_context():
        db.engine.dispose()
