"""Check-in at the door: signed badge codes, scanning or typing them, the list, walk-ins."""

from datetime import UTC, date, datetime
from pathlib import Path

import segno
from sqlalchemy import select

from events.attendance.checkin import (
    CheckInPoint,
    badge_code,
    badge_qr_svg,
    check_in,
    event_days,
    read_badge_code,
)
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
from tests.conftest import sign_in, submit
from tests.factories import (
    make_event,
    make_org,
    make_person,
    make_registration,
    make_session,
    make_user,
)

SECRET = "test-secret-key"  # the app's SECRET_KEY in the test configuration
STATIC = Path(__file__).parents[1] / "static"


def setup_plenary():
    """A two-day plenary in Nairobi, today on the test clock, with two registered delegates
    and an organiser."""
    kebs = make_org("KEBS", country="KE")
    iram = make_org("IRAM", country="AR")
    event = make_event("plenary-2026", start=datetime(2026, 11, 21, 6, 0, tzinfo=UTC), hours=34,
                       timezone="Africa/Nairobi", host=kebs)
    opening = make_session(event, title="Opening session")
    cristian = make_person(iram, given_name="Cristian", family_name="Vázquez")
    wanjiru = make_person(kebs, given_name="Wanjiru", family_name="Kamau")
    first = make_registration(event, cristian)
    second = make_registration(event, wanjiru)
    cancelled = make_registration(event, make_person(iram, given_name="Ana", family_name="Gil"),
                                  status=RegistrationStatus.CANCELLED)
    make_user(Role.ORGANISER, organisation=kebs, email="org@kebs.example")
    db.session.commit()
    return event, opening, first, second, cancelled


def test_a_badge_code_is_signed_and_carries_no_personal_data(app_ctx):
    _event, _s, registration, *_ = setup_plenary()
    code = badge_code(registration, SECRET)
    assert read_badge_code(code, SECRET) == registration.id
    assert read_badge_code(code.lower().replace("-", " "), SECRET) == registration.id
    assert "Cristian" not in code and "Vázquez" not in code
    number, signature = code.split("-", 1)
    forged = f"{int(number) + 1}-{signature}"
    assert read_badge_code(forged, SECRET) is None
    assert read_badge_code(code, "another-secret") is None
    # The QR code encodes exactly the badge code.
    assert badge_qr_svg(code) == segno.make(code, error="m").svg_inline(scale=4, title=code)


def test_check_in_per_day_and_per_session_keeps_one_row_each(app_ctx):
    event, opening, registration, *_ = setup_plenary()
    days = event_days(event)
    assert days == [date(2026, 11, 21), date(2026, 11, 22)]  # in Nairobi's own days
    for point in (CheckInPoint(day=days[0]), CheckInPoint(day=days[1]),
                  CheckInPoint(session=opening), CheckInPoint()):
        first = check_in(event, registration, point, None, "list")
        again = check_in(event, registration, point, None, "list")
        assert not first.already and again.already
    rows = db.session.scalars(select(Attendance)).all()
    assert len(rows) == 4
    assert {(r.day, r.session_id) for r in rows} == {
        (days[0], None), (days[1], None), (None, opening.id), (None, None)}
    assert all(r.mode is AttendanceMode.ONSITE and r.origin is AttendanceOrigin.CHECK_IN
               for r in rows)


def organiser(app, client):
    with app.app_context():
        data = setup_plenary()
        ids = tuple(x.id for x in data)
        codes = (badge_code(data[2], SECRET), badge_code(data[4], SECRET))
    sign_in(client, "org@kebs.example")
    return ids, codes


def test_typing_or_scanning_a_code_checks_in_once(app, client):
    _ids, (code, _cancelled) = organiser(app, client)
    page = "/events/plenary-2026/check-in?at=day-2026-11-21"
    response = submit(client, "/events/plenary-2026/check-in/code?at=day-2026-11-21",
                      {"code": code, "via": "scan"}, page=page)
    assert response.status_code == 302 and "at=day-2026-11-21" in response.location
    shown = client.get(response.location).get_data(as_text=True)
    assert "Cristian Vázquez (IRAM) is checked in." in shown
    response = submit(client, "/events/plenary-2026/check-in/code?at=day-2026-11-21",
                      {"code": code.replace("-", ""), "via": "typed"}, page=page)
    assert "was already checked in" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        (row,) = db.session.scalars(select(Attendance)).all()
        assert (row.day, row.origin_detail) == (date(2026, 11, 21), "badge scan")
        assert row.recorded_by.email == "org@kebs.example"


def test_a_wrong_or_cancelled_code_is_refused(app, client):
    _ids, (code, cancelled) = organiser(app, client)
    for bad, message in ((code[:-1] + ("A" if code[-1] != "A" else "B"), "not a Plenaria badge"),
                         (cancelled, "The registration of Ana Gil is cancelled: not checked in.")):
        response = submit(client, "/events/plenary-2026/check-in/code", {"code": bad},
                          page="/events/plenary-2026/check-in")
        assert message in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Attendance)).all() == []


def test_the_list_finds_people_without_accents_and_checks_in_with_one_tap(app, client):
    (_e, opening_id, first_id, *_), _codes = organiser(app, client)
    page = client.get(f"/events/plenary-2026/check-in?q=vazquez&at=session-{opening_id}")
    text = page.get_data(as_text=True)
    assert "Cristian Vázquez" in text and "Wanjiru Kamau" not in text
    assert "Ana Gil" not in client.get("/events/plenary-2026/check-in").get_data(as_text=True)
    response = submit(
        client, f"/events/plenary-2026/check-in/registrations/{first_id}?at=session-{opening_id}",
        {}, page=f"/events/plenary-2026/check-in?at=session-{opening_id}")
    assert response.status_code == 302
    text = client.get(response.location).get_data(as_text=True)
    assert "✓ Checked in" in text and "1 of 2 shown are checked in" in text
    with app.app_context():
        (row,) = db.session.scalars(select(Attendance)).all()
        assert row.session_id == opening_id and row.origin_detail == "list"


def test_a_walk_in_is_registered_approved_and_checked_in(app, client):
    organiser(app, client)
    with app.app_context():
        iram = db.session.scalar(select(Registration)).organisation
    response = submit(client, "/events/plenary-2026/check-in/walk-in", {
        "name": "Lucía Torres", "email": "Lucia.Torres@iram.example", "organisation": iram.id},
        page="/events/plenary-2026/check-in")
    assert response.status_code == 302
    with app.app_context():
        registration = db.session.scalar(select(Registration).join(Registration.person).where(
            Registration.person.has(email="lucia.torres@iram.example")))
        assert registration.status is RegistrationStatus.APPROVED
        row = db.session.scalar(select(Attendance).where(
            Attendance.person_id == registration.person_id))
        assert row.origin_detail == "walk-in" and row.organisation_id == iram.id
    bad = submit(client, "/events/plenary-2026/check-in/walk-in",
                 {"name": "", "email": "nope", "organisation": iram.id},
                 page="/events/plenary-2026/check-in")
    assert bad.status_code == 422
    assert "Enter the name." in bad.get_data(as_text=True)


def test_a_walk_in_goes_through_registration_rules(app, client, smtp_server):
    """Capacity holds at the desk too; a pending delegate is approved; no email is needed."""
    organiser(app, client)
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "plenary-2026"))
        iram_id = db.session.scalar(select(Registration)).organisation_id
        pending = make_registration(event, make_person(db.session.get(Organisation, iram_id),
                                                       given_name="Rosa", family_name="Peña",
                                                       email="rosa@iram.example"),
                                    status=RegistrationStatus.PENDING)
        pending_id, event_id = pending.id, event.id
        event.capacity = 3  # two approved + one pending: full
        db.session.commit()
    page = "/events/plenary-2026/check-in"
    arrived = submit(client, "/events/plenary-2026/check-in/walk-in", {
        "name": "Rosa Peña", "email": "ROSA@iram.example", "organisation": iram_id}, page=page)
    assert arrived.status_code == 302
    with app.app_context():
        assert db.session.get(Registration, pending_id).status is RegistrationStatus.APPROVED
    [mail] = smtp_server.to("rosa@iram.example")
    assert mail["Subject"].startswith("Registration confirmed")
    refused = submit(client, "/events/plenary-2026/check-in/walk-in", {
        "name": "Pedro Sin Correo", "email": "", "organisation": iram_id}, page=page)
    assert refused.status_code == 422  # the desk keeps what was typed
    assert "The meeting is full (3 places)" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.family_name == "Correo")) is None
        db.session.get(Event, event_id).capacity = None
        db.session.commit()
    welcomed = submit(client, "/events/plenary-2026/check-in/walk-in", {
        "name": "Pedro Sin Correo", "email": "", "organisation": iram_id}, page=page)
    assert welcomed.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.family_name == "Correo"))
        assert person.email is None
        assert db.session.scalar(select(Attendance).where(Attendance.person_id == person.id))


def test_the_check_in_page_works_without_javascript_and_loads_the_vendored_scanner(app, client):
    organiser(app, client)
    page = client.get("/events/plenary-2026/check-in").get_data(as_text=True)
    assert 'id="code-form"' in page and 'name="code"' in page  # the typed-code fallback
    assert "/static/vendor/jsqr/jsQR.js" in page and "/static/js/check-in.js" in page
    assert "https://" not in page.split("<main", 1)[1]  # nothing from a CDN
    assert (STATIC / "vendor" / "jsqr" / "jsQR.js").read_text().count("jsQR") > 0
    response = client.get("/static/vendor/jsqr/jsQR.js")
    assert response.status_code == 200
    response.close()


def test_badges_and_tickets(app, client):
    organiser(app, client)
    badges = client.get("/events/plenary-2026/check-in/badges").get_data(as_text=True)
    assert badges.count("<svg") == 2 and "Ana Gil" not in badges  # cancelled: no badge
    with app.app_context():
        delegate = make_user(Role.DELEGATE, email="wanjiru@kebs.example")
        registration = db.session.scalar(select(Registration).where(
            Registration.status == RegistrationStatus.APPROVED).order_by(Registration.id.desc()))
        registration.person_id = delegate.person_id
        db.session.commit()
        code = badge_code(registration, SECRET)
    other = app.test_client()
    sign_in(other, "wanjiru@kebs.example")
    ticket = other.get("/events/plenary-2026/ticket").get_data(as_text=True)
    assert code in ticket and "<svg" in ticket
    assert other.get("/events/plenary-2026/check-in").status_code == 403
