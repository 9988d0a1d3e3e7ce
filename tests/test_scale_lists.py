"""Lists that grow with a meeting (the organisers' registrations and their CSV, check-in at
the door, the attendance records) cost the same number of queries at any size and send one
page, because the database finds, sorts and cuts them. Sizes cross 500 rows, where a list
read whole with `selectinload` starts a second batch of queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

from sqlalchemy import insert, select

from events.extensions import db
from events.models import (
    Attendance,
    AttendanceMode,
    AttendanceOrigin,
    Event,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    Role,
)
from events.models.people import fold_name
from tests.conftest import sign_in
from tests.factories import make_event, make_org, make_person, make_registration, make_user

# Names in the scripts delegates write them in; the accented ones are searched without.
NAMES = [("Ольга", "Кузнецова"), ("伟", "王"), ("فاطمة", "الزهراء"), ("Ana", "Pérez"),
         ("Nguyễn", "Thị Hồng"), ("Σοφία", "Παπαδοπούλου"), ("Wanjiru", "Kamau"),
         ("José", "Muñoz")]


def _meeting(app, timezone: str = "Africa/Nairobi") -> None:
    with app.app_context():
        kebs = make_org("KEBS", country="KE", name="Kenya Bureau of Standards")
        make_org("ICONTEC", country="CO", name="Instituto Colombiano de Normas Técnicas")
        event = make_event("plenary", start=datetime(2030, 5, 1, 6, 0, tzinfo=UTC), hours=30,
                           timezone=timezone, host=kebs)
        make_user(Role.ORGANISER, organisation=kebs, email="host@kebs.example")
        for given, family in NAMES:
            person = make_person(kebs, given_name=given, family_name=family)
            registration = make_registration(event, person)
            db.session.add(Attendance(event=event, person=person, organisation=kebs,
                                      mode=AttendanceMode.ONSITE,
                                      origin=AttendanceOrigin.CHECK_IN))
            assert registration.id
        db.session.commit()


def _add_delegates(app, count: int, acronym: str = "ICONTEC",
                   status: RegistrationStatus = RegistrationStatus.APPROVED,
                   recorded: bool = True) -> None:
    """`count` more approved delegates, with an attendance row each when `recorded`,
    inserted in bulk (the factories would take minutes at these sizes)."""
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "plenary"))
        org = db.session.scalar(select(Organisation).where(Organisation.acronym == acronym))
        start = db.session.scalar(select(Person.id).order_by(Person.id.desc()).limit(1)) or 0
        people = [{"given_name": f"Delegado{n}", "family_name": f"Gómez{n:05d}",
                   "email": f"d{start + n}@icontec.example", "organisation_id": org.id,
                   "sort_name": fold_name(f"Delegado{n}", f"Gómez{n:05d}")}
                  for n in range(1, count + 1)]
        ids = list(db.session.scalars(insert(Person).returning(Person.id), people))
        db.session.execute(insert(Registration), [
            {"event_id": event.id, "person_id": pid, "organisation_id": org.id,
             "status": status} for pid in ids])
        if recorded:
            db.session.execute(insert(Attendance), [
                {"event_id": event.id, "person_id": pid, "organisation_id": org.id,
                 "mode": AttendanceMode.REMOTE, "origin": AttendanceOrigin.MANUAL,
                 "minutes": 42} for pid in ids])
        db.session.commit()


def _queries_at_two_sizes(app, client, count_queries, url: str) -> tuple[int, int, str]:
    _meeting(app)
    sign_in(client, "host@kebs.example")
    client.get(url)  # warm: the first request of a client loads what every page needs
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _add_delegates(app, 600)
    with count_queries() as many:
        response = client.get(url)
    assert response.status_code == 200
    return few.count, many.count, response.get_data(as_text=True)


def test_the_registrations_list_costs_the_same_at_8_and_608(app, client, count_queries):
    few, many, page = _queries_at_two_sizes(app, client, count_queries,
                                            "/events/plenary/registrations")
    assert many == few
    assert page.count('name="reason"') == 0  # all approved: no decision to take
    assert "608 registrations" in page and "Showing 1–50 of 608" in page


def test_the_registrations_list_is_searched_sorted_and_paged_by_the_database(app, client):
    _meeting(app)
    _add_delegates(app, 120)
    sign_in(client, "host@kebs.example")
    found = client.get("/events/plenary/registrations?q=perez").get_data(as_text=True)
    assert "Ana Pérez" in found and "1 registration matches" in found
    assert "Ольга Кузнецова" in client.get(
        "/events/plenary/registrations?q=КУЗНЕЦОВА").get_data(as_text=True)
    # A word of the organisation's name, accents ignored, and one of the person's.
    both = client.get("/events/plenary/registrations?q=tecnicas+gomez00011").get_data(
        as_text=True)
    assert "1 registration matches" in both and "Delegado11 Gómez00011" in both
    # By family name, accents and case ignored, across pages: 120 "Gómez" fill the first
    # pages; Kamau, Muñoz, Pérez come after them, then the other scripts.
    first = client.get("/events/plenary/registrations?sort=name").get_data(as_text=True)
    assert "Showing 1–50 of 128" in first and "Kamau" not in first
    last = client.get("/events/plenary/registrations?sort=name&page=3").get_data(as_text=True)
    assert "Showing 101–128 of 128" in last
    assert last.index("Wanjiru Kamau") < last.index("José Muñoz") < last.index("Ana Pérez")
    backwards = client.get("/events/plenary/registrations?sort=name&order=desc").get_data(
        as_text=True)
    assert backwards.index("Ana Pérez") < backwards.index("José Muñoz")
    assert "Kamau" in backwards and "Kamau" not in client.get(
        "/events/plenary/registrations?sort=name&order=desc&page=3").get_data(as_text=True)
    # A typed wildcard is a character, not "anything".
    assert "No registration matches" in client.get(
        "/events/plenary/registrations?q=%25").get_data(as_text=True)
    # Out-of-range pages show the last one rather than an error.
    assert "Showing 101–128 of 128" in client.get(
        "/events/plenary/registrations?page=99").get_data(as_text=True)


def test_the_registrations_csv_streams_every_row_in_the_same_queries(app, client,
                                                                     count_queries):
    few, many, body = _queries_at_two_sizes(app, client, count_queries,
                                            "/events/plenary/registrations.csv")
    assert many == few
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert len(rows) == 1 + 608
    assert rows[1][:2] == ["Gómez00001", "Delegado1"]  # ICONTEC before KEBS, then by name
    assert ["Кузнецова", "Ольга"] in [row[:2] for row in rows]


def test_check_in_sends_a_phone_one_page_and_searches_on_the_server(app, client,
                                                                    count_queries):
    few, many, page = _queries_at_two_sizes(app, client, count_queries,
                                            "/events/plenary/check-in")
    assert many == few
    assert page.count('aria-label="Check in ') <= 50
    assert "Showing 1–50 of 608" in page
    found = client.get("/events/plenary/check-in?q=gomez00600").get_data(as_text=True)
    assert "Delegado600 Gómez00600" in found and "1 of 1 shown are checked in" in found
    assert "王" in client.get("/events/plenary/check-in?q=王").get_data(as_text=True)


def test_attendance_records_cost_the_same_at_8_and_608(app, client, count_queries):
    few, many, page = _queries_at_two_sizes(app, client, count_queries,
                                            "/events/plenary/attendance")
    assert many == few
    assert "608 records" in page and "Showing 1–50 of 608" in page
    by_minutes = client.get("/events/plenary/attendance?sort=minutes&order=desc&q=kamau"
                            ).get_data(as_text=True)
    assert "Wanjiru Kamau" in by_minutes and "1 record matches." in by_minutes


def test_recording_by_hand_lists_who_is_not_recorded_in_the_same_queries(app, client,
                                                                         count_queries):
    _meeting(app)
    sign_in(client, "host@kebs.example")
    client.get("/events/plenary/attendance")
    with count_queries() as few:
        client.get("/events/plenary/attendance")
    _add_delegates(app, 600, recorded=False)
    with count_queries() as many:
        page = client.get("/events/plenary/attendance").get_data(as_text=True)
    assert many.count == few.count
    assert page.count("<option") >= 600 and "Gómez00600, Delegado600 (ICONTEC)" in page


def test_the_folded_name_follows_an_edit(app_ctx):
    person = make_person(make_org(), given_name="Łukasz", family_name="Żółć")
    db.session.commit()
    assert person.sort_name == "zołc\tłukasz"
    person.family_name = "Ñandú"
    db.session.commit()
    assert db.session.scalar(select(Person.sort_name).where(Person.id == person.id)) == (
        "nandu\tłukasz")


def test_an_import_reads_only_the_people_its_file_may_name(app, count_queries):
    from events.attendance.importer import import_attendance

    _meeting(app)
    _add_delegates(app, 600, recorded=False)
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "plenary"))
        # By address; by name with accents, case and spacing as typed in the export (a
        # two-word family name: every split of the name is looked up); a stranger.
        export = ("name,email,organisation\n"
                  "Delegado7 Gómez00007,d-unknown@elsewhere.example,ICONTEC\n"
                  "Someone Else,d602@icontec.example,ICONTEC\n"
                  "nguyễn   thị hồng,,KEBS\n"
                  "Nadie Conocido,nadie@nowhere.example,\n")
        with count_queries() as log:
            result = import_attendance(event, export.encode(), "desk.csv")
            db.session.commit()
        # Nguyễn was checked in at the door already: matched, and nothing added twice.
        assert (result.added, result.already_recorded, result.queued) == (2, 1, 1)
        people = [s for s in log.statements if re.search(r"FROM people\b", s)]
        assert people and all("WHERE" in s for s in people)  # never the whole table
        recorded = set(db.session.scalars(
            select(Person.family_name).join(Attendance, Attendance.person_id == Person.id)
            .where(Attendance.origin == AttendanceOrigin.IMPORT)))
        assert "Gómez00007" in recorded and len(recorded) == 2
