"""Importing exports into a meeting: matching people, the review queue, the CLI and uploads."""

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from sqlalchemy import func, select

from events.attendance.importer import import_attendance
from events.extensions import db
from events.models import (
    Attendance,
    AttendanceImport,
    AttendanceOrigin,
    AttendanceReviewItem,
    EmailDomain,
    EventMode,
    Person,
    ReviewStatus,
    Role,
)
from tests.conftest import CONFIRMED, csrf_token_from, sign_in, submit
from tests.factories import make_event, make_org, make_person, make_user

DATA = Path(__file__).parent / "data"

EXPORT = (
    "Name,Attendee Email,Join Time,Leave Time,Attendance Duration\n"
    "Ana Pérez,ANA.PEREZ@inen.gob.ec,03/29/2030 10:00:00 AM,03/29/2030 11:00:00 AM,60\n"
    "Luis Gómez,luis.personal@mail.inen.gob.ec,03/29/2030 10:00:00 AM,03/29/2030 11:30:00 AM,90\n"
    "Cristian Vázquez,cv@correo.example,03/29/2030 10:05:00 AM,03/29/2030 11:00:00 AM,55\n"
    "Nadie Conocido,nadie@inen.gob.ec,03/29/2030 10:00:00 AM,03/29/2030 10:10:00 AM,10\n"
    "Call-in User_3,,03/29/2030 10:00:00 AM,03/29/2030 10:20:00 AM,20\n"
    "Ana Pérez,ana.perez@inen.gob.ec,03/29/2030 11:05:00 AM,03/29/2030 12:00:00 PM,55\n"
)


def setup_meeting():
    """An online prep session and three people known in three different ways."""
    inen = make_org("INEN", country="EC")
    db.session.add(EmailDomain(organisation=inen, domain="inen.gob.ec"))
    iram = make_org("IRAM", country="AR")
    event = make_event("prep-2030", mode=EventMode.ONLINE, timezone="America/Bogota",
                       start=datetime(2030, 3, 29, 14, 30, tzinfo=UTC), hours=3)
    ana = make_person(inen, given_name="Ana", family_name="Pérez",
                      email="ana.perez@inen.gob.ec")
    luis = make_person(inen, given_name="Luis", family_name="Gómez", email="lgomez@inen.gob.ec")
    cristian = make_person(iram, given_name="Cristian", family_name="Vázquez", email=None)
    db.session.commit()
    return event, ana, luis, cristian


def attendance_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Attendance))


def test_people_are_matched_by_email_then_domain_and_name_then_name(app_ctx):
    event, ana, luis, cristian = setup_meeting()
    with app_ctx.test_request_context():
        result = import_attendance(event, EXPORT.encode(), "webex.csv")
    db.session.commit()
    assert (result.rows, result.attendees, result.added, result.queued) == (6, 5, 3, 2)
    rows = {a.person_id: a for a in db.session.scalars(select(Attendance))}
    assert set(rows) == {ana.id, luis.id, cristian.id}
    assert rows[ana.id].minutes == 115  # two rows, merged
    assert rows[ana.id].origin is AttendanceOrigin.IMPORT
    assert rows[ana.id].origin_detail == "webex.csv, lines 2, 7"
    assert rows[luis.id].organisation.acronym == "INEN"  # by the mail domain and the name
    assert rows[cristian.id].organisation.acronym == "IRAM"  # by the name alone
    queue = db.session.scalars(select(AttendanceReviewItem).order_by(AttendanceReviewItem.id))
    assert [(i.name, i.suggested_organisation and i.suggested_organisation.acronym)
            for i in queue] == [("Nadie Conocido", "INEN"), ("Call-in User_3", None)]


def test_a_namesake_from_another_nsb_is_not_taken_for_the_person(app_ctx):
    event, *_ = setup_meeting()
    other = make_org("ABNT", country="BR")
    db.session.add(EmailDomain(organisation=other, domain="abnt.org.br"))
    text = ("Name,Attendee Email,Join Time,Leave Time\n"
            "Cristian Vázquez,cristian@abnt.org.br,03/29/2030 10:00 AM,03/29/2030 11:00 AM\n")
    with app_ctx.test_request_context():
        result = import_attendance(event, text.encode(), "other.csv")
    assert (result.added, result.queued) == (0, 1)


def test_importing_the_same_file_again_adds_nothing(app_ctx):
    event, *_ = setup_meeting()
    with app_ctx.test_request_context():
        import_attendance(event, EXPORT.encode(), "webex.csv")
        db.session.commit()
        before = (attendance_count(), db.session.scalar(
            select(func.count()).select_from(AttendanceReviewItem)))
        again = import_attendance(event, EXPORT.encode(), "renamed.csv")
        db.session.commit()
        assert again.same_file and "nothing added" in again.summary()
        # Another file with the same people adds no duplicate either.
        overlap = import_attendance(event, (EXPORT + "\n").encode(), "second.csv")
        db.session.commit()
    assert (overlap.added, overlap.already_recorded, overlap.queued) == (0, 3, 0)
    assert (attendance_count(), db.session.scalar(
        select(func.count()).select_from(AttendanceReviewItem))) == before


def run(app, *args):
    return app.test_cli_runner().invoke(args=["attendance", "import", *args])


def test_the_cli_imports_and_prints_a_summary(app, tmp_path):
    with app.app_context():
        setup_meeting()
    export = tmp_path / "webex.csv"
    export.write_bytes(EXPORT.encode("utf-16"))
    result = run(app, "prep-2030", str(export))
    assert result.exit_code == 0, result.output
    assert "Webex export (UTF-16), 6 rows, 5 people: 3 added, 0 already recorded, " \
           "2 waiting for review." in result.output
    again = run(app, "prep-2030", str(export), "--format", "webex")
    assert again.exit_code == 0 and "already imported" in again.output


def test_the_cli_accepts_the_suggestions_in_the_same_run_and_says_what_it_did(app, tmp_path):
    with app.app_context():
        setup_meeting()
    export = tmp_path / "webex.csv"
    export.write_bytes(EXPORT.encode("utf-16"))
    result = run(app, "prep-2030", str(export), "--accept-suggestions")
    assert result.exit_code == 0, result.output
    assert "3 added, 0 already recorded, 2 waiting for review." in result.output
    assert "merged: 1 rows of people who left and joined again" in result.output
    assert "suggestions accepted: 1 people new to Plenaria" in result.output
    assert "added Nadie Conocido <nadie@inen.gob.ec> (INEN)" in result.output
    assert "still waiting for review: 1" in result.output  # the phone line has no NSB
    with app.app_context():
        nadie = db.session.scalar(select(Person).where(Person.email == "nadie@inen.gob.ec"))
        assert nadie.organisation.acronym == "INEN"
        assert db.session.scalar(select(Attendance).where(
            Attendance.person_id == nadie.id)).minutes == 10


def test_the_cli_refuses_the_export_of_another_meeting_and_takes_the_date_order(app,
                                                                              tmp_path):
    with app.app_context():
        setup_meeting()
    old = tmp_path / "old.csv"
    old.write_text(EXPORT.replace("/2030", "/2019"))
    result = run(app, "prep-2030", str(old))
    assert result.exit_code == 1
    assert "fall outside the meeting (2030-03-29)" in result.output
    day_first = tmp_path / "day-first.csv"
    day_first.write_text(EXPORT.replace("03/29/2030", "29/03/2030"))
    assert run(app, "prep-2030", str(day_first), "--dates", "month-first").exit_code == 1
    assert run(app, "prep-2030", str(day_first), "--dates", "day-first").exit_code == 0
    with app.app_context():
        assert attendance_count() == 3


def test_the_cli_refuses_a_bad_file_names_the_line_and_stores_nothing(app, tmp_path):
    with app.app_context():
        setup_meeting()
    bad = tmp_path / "broken.csv"
    bad.write_text(EXPORT.replace("03/29/2030 10:05:00 AM", "29 marzo"))
    result = run(app, "prep-2030", str(bad))
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    assert "line 4: the join time '29 marzo' is not a date and time" in result.output
    with app.app_context():
        assert attendance_count() == 0
        assert db.session.scalar(select(func.count()).select_from(AttendanceImport)) == 0
    assert run(app, "no-such-event", str(bad)).exit_code != 0
    assert run(app, "prep-2030", str(bad), "--format", "pdf").exit_code == 2


def test_the_demo_export_reproduces_the_copant_report(app, demo, tmp_path):
    """Importing the shipped Webex export into a fresh copy of the prep session."""
    from events.attendance.stats import participation
    from events.models import Event

    with app.app_context():
        prep = db.session.scalar(select(Event).where(
            Event.slug == "copant-casco-prep-webex-2019"))
        db.session.execute(Attendance.__table__.delete().where(Attendance.event_id == prep.id))
        db.session.execute(AttendanceImport.__table__.delete())
        db.session.commit()
    result = run(app, "copant-casco-prep-webex-2019",
                 str(DATA / "webex-copant-casco-prep-2019.csv"))
    assert result.exit_code == 0, result.output
    assert "38 rows, 33 people: 32 added" in result.output
    with app.app_context():
        prep = db.session.scalar(select(Event).where(
            Event.slug == "copant-casco-prep-webex-2019"))
        figures = participation(prep)
        assert (figures.participants, figures.nsbs, figures.countries) == (32, 21, 21)


def organiser_client(app, client):
    with app.app_context():
        event, *_ = setup_meeting()
        make_user(Role.ORGANISER, event=event, email="org@example.org")
        make_user(Role.DELEGATE, email="delegate@example.org")
        db.session.commit()


def upload(client, url, data: bytes, name="export.csv", **fields):
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token_from(page),
                                  "file": (BytesIO(data), name), "format": "auto",
                                  "session": "", "timezone": "", **fields},
                       content_type="multipart/form-data")


def test_only_organisers_import(app, client):
    organiser_client(app, client)
    assert client.get("/events/prep-2030/attendance/import").status_code == 302
    sign_in(client, "delegate@example.org")
    assert client.get("/events/prep-2030/attendance/import").status_code == 403
    assert client.get("/events/prep-2030/attendance/review").status_code == 403


def test_a_bad_upload_lists_its_problems_and_stores_nothing(app, client):
    organiser_client(app, client)
    sign_in(client, "org@example.org")
    response = upload(client, "/events/prep-2030/attendance/import",
                      b"PK\x03\x04\x00\x00", "attendees.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nothing was imported" in page
    assert "Excel workbook" in page
    with app.app_context():
        assert attendance_count() == 0


def test_an_upload_then_the_review_queue(app, client):
    organiser_client(app, client)
    sign_in(client, "org@example.org")
    response = upload(client, "/events/prep-2030/attendance/import", EXPORT.encode("utf-16"))
    assert response.status_code == 302 and response.location.endswith("/attendance/review")
    page = client.get(response.location).get_data(as_text=True)
    assert "Nadie Conocido" in page and "Call-in User_3" in page
    assert "mail domain of INEN" in page
    with app.app_context():
        nadie, call_in = db.session.scalars(
            select(AttendanceReviewItem).order_by(AttendanceReviewItem.id)).all()
        ana = db.session.scalar(select(Person).where(Person.family_name == "Pérez"))
        inen_id = nadie.suggested_organisation_id
        ids = (nadie.id, call_in.id, ana.id)

    # Nadie is a new INEN delegate; the call-in line was Ana on the phone; then nothing is left.
    response = submit(client, f"/events/prep-2030/attendance/review/{ids[0]}/create", {
        f"create-{ids[0]}-name": "Nadie Conocido",
        f"create-{ids[0]}-email": "nadie@inen.gob.ec",
        f"create-{ids[0]}-organisation": str(inen_id)},
        page="/events/prep-2030/attendance/review")
    assert response.status_code == 302
    response = submit(client, f"/events/prep-2030/attendance/review/{ids[1]}/link",
                      {f"link-{ids[1]}-person": str(ids[2])},
                      page="/events/prep-2030/attendance/review")
    assert response.status_code == 302
    page = client.get("/events/prep-2030/attendance/review").get_data(as_text=True)
    assert "Nothing waits for review" in page
    with app.app_context():
        assert attendance_count() == 4  # Ana was already recorded: no second row
        statuses = {i.status for i in db.session.scalars(select(AttendanceReviewItem))}
        assert statuses == {ReviewStatus.RESOLVED}
        nadie_person = db.session.scalar(select(Person).where(Person.email
                                                              == "nadie@inen.gob.ec"))
        row = db.session.scalar(select(Attendance).where(
            Attendance.person_id == nadie_person.id))
        assert row.origin_detail == "export.csv, line 5"
        # Each resolved row points to the attendance it became.
        nadie_item = db.session.get(AttendanceReviewItem, ids[0])
        call_in_item = db.session.get(AttendanceReviewItem, ids[1])
        assert nadie_item.attendance_id == row.id
        assert call_in_item.attendance.person_id == ids[2]
    records = client.get("/events/prep-2030/attendance").get_data(as_text=True)
    assert "export.csv, lines 2, 7" in records and "Imported" in records


def test_a_row_set_aside_is_counted_nowhere(app, client):
    organiser_client(app, client)
    sign_in(client, "org@example.org")
    upload(client, "/events/prep-2030/attendance/import", EXPORT.encode())
    with app.app_context():
        item = db.session.scalar(select(AttendanceReviewItem).where(
            AttendanceReviewItem.name == "Call-in User_3"))
    response = submit(client, f"/events/prep-2030/attendance/review/{item.id}/dismiss", CONFIRMED,
                      page="/events/prep-2030/attendance/review")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(AttendanceReviewItem, item.id).status is ReviewStatus.DISMISSED
        assert attendance_count() == 3


def test_an_organiser_records_attendance_by_hand_with_its_origin(app, client):
    from events.models import AttendanceMode
    from tests.factories import make_registration

    with app.app_context():
        event, ana, *_ = setup_meeting()
        registration = make_registration(event, ana)
        make_user(Role.ORGANISER, event=event, email="org@example.org")
        db.session.commit()
        registration_id = registration.id
    sign_in(client, "org@example.org")
    response = submit(client, "/events/prep-2030/attendance/manual",
                      {"registration": registration_id, "mode": "remote"},
                      page="/events/prep-2030/attendance")
    assert response.status_code == 302
    page = client.get("/events/prep-2030/attendance").get_data(as_text=True)
    assert "Entered by hand: entered by org@example.org" in page
    with app.app_context():
        (row,) = db.session.scalars(select(Attendance)).all()
        assert (row.origin, row.mode) == (AttendanceOrigin.MANUAL, AttendanceMode.REMOTE)
    # Recorded people are no longer offered.
    assert f'value="{registration_id}"' not in page


def test_the_upload_refuses_another_meetings_export_and_takes_the_date_order(app, client):
    organiser_client(app, client)
    sign_in(client, "org@example.org")
    url = "/events/prep-2030/attendance/import"
    old = upload(client, url, EXPORT.replace("/2030", "/2019").encode(), dates="auto")
    page = old.get_data(as_text=True)
    assert old.status_code == 200
    assert "fall outside the meeting (2030-03-29)" in page
    day_first = EXPORT.replace("03/29/2030", "29/03/2030").encode()
    wrong = upload(client, url, day_first, dates="month-first")
    assert "is not a date and time" in wrong.get_data(as_text=True)
    right = upload(client, url, day_first, dates="day-first")
    assert right.status_code == 302
    with app.app_context():
        assert attendance_count() == 3
