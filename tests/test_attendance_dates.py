"""Attendance with date sense: check-in only on the meeting's days (an organiser may record
someone outside them, with a reason that is kept), certificates only for attendance within
the meeting's dates and only once it has begun. The suite's clock reads 21 November 2026."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from events.attendance.checkin import CheckInError, CheckInPoint, badge_code, check_in
from events.extensions import db
from events.models import Attendance, AttendanceMode, AttendanceOrigin, Certificate, Role
from events.reports.pdf_documents import attendees, certificates_document, find_certificate
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_person, make_registration, make_user

SECRET = "test-secret-key"  # the app's SECRET_KEY in the test configuration


def workshop_in_bogota(start: datetime, hours: float = 8):
    """A COPANT workshop in Bogotá (UTC−5) with one approved delegate, Ольга Смирнова."""
    icontec = make_org("ICONTEC", country="CO")
    event = make_event(start=start, hours=hours, timezone="America/Bogota", host=icontec)
    olga = make_person(icontec, given_name="Ольга", family_name="Смирнова")
    registration = make_registration(event, olga)
    make_user(Role.ORGANISER, organisation=icontec, email="org@icontec.example")
    db.session.commit()
    return event, registration


def test_check_in_for_a_meeting_months_away_is_refused_and_records_nothing(app_ctx):
    event, registration = workshop_in_bogota(datetime(2027, 4, 26, 13, 0, tzinfo=UTC))
    try:
        check_in(event, registration, CheckInPoint(), None, "list")
    except CheckInError as error:
        assert "Check-in is for the days of the meeting (26 April 2027)" in str(error)
    else:
        raise AssertionError("checked in months before the meeting")
    assert db.session.scalars(select(Attendance)).all() == []


def test_the_meetings_day_is_the_day_in_its_own_zone(app_ctx):
    # 21 Nov 2026 09:00 UTC is 04:00 in Bogotá: a meeting on 22 Nov (Bogotá) is tomorrow.
    tomorrow, registration = workshop_in_bogota(datetime(2026, 11, 22, 13, 0, tzinfo=UTC))
    try:
        check_in(tomorrow, registration, CheckInPoint(), None, "list")
    except CheckInError:
        pass
    else:
        raise AssertionError("checked in the day before the meeting")


def test_an_organiser_checks_in_outside_the_days_with_a_reason_that_is_kept(app, client):
    with app.app_context():
        event, registration = workshop_in_bogota(datetime(2027, 4, 26, 13, 0, tzinfo=UTC))
        slug, code = event.slug, badge_code(registration, SECRET)
    sign_in(client, "org@icontec.example")
    page = f"/events/{slug}/check-in"
    shown = client.get(page).get_data(as_text=True)
    assert "Check-in is for the days of the meeting" in shown
    refused = submit(client, f"{page}/code", {"code": code}, page=page)
    assert "Check-in is for the days of the meeting" in client.get(
        refused.location).get_data(as_text=True)
    empty = submit(client, f"{page}/outside-days", {"reason": "  "}, page=page)
    assert "Give the reason" in client.get(empty.location).get_data(as_text=True)
    submit(client, f"{page}/outside-days",
           {"reason": "Badges collected at the\x0bwelcome reception"}, page=page)
    done = submit(client, f"{page}/code", {"code": code}, page=page)
    assert "Ольга Смирнова (ICONTEC) is checked in." in client.get(
        done.location).get_data(as_text=True)
    with app.app_context():
        (row,) = db.session.scalars(select(Attendance)).all()
        assert row.origin_detail == ("typed code; outside the meeting's days: Badges collected "
                                     "at the welcome reception")


def test_no_certificate_for_a_meeting_that_has_not_happened(app_ctx):
    event, registration = workshop_in_bogota(datetime(2027, 4, 26, 13, 0, tzinfo=UTC))
    db.session.add(Attendance(person=registration.person, event=event,
                              mode=AttendanceMode.ONSITE, origin=AttendanceOrigin.MANUAL,
                              joined_at=datetime(2027, 4, 26, 13, 30, tzinfo=UTC)))
    # One issued before this rule existed is not evidence of anything either.
    old = Certificate(event=event, person=registration.person)
    db.session.add(old)
    db.session.commit()
    assert certificates_document(event) is None
    assert find_certificate(old.code) is None


def test_certificates_are_for_attendance_within_the_meetings_dates(app_ctx):
    event, registration = workshop_in_bogota(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    other = make_person(registration.organisation, given_name="محمد", family_name="الحسيني")
    db.session.add_all([
        Attendance(person=registration.person, event=event, mode=AttendanceMode.ONSITE,
                   origin=AttendanceOrigin.CHECK_IN, day=date(2026, 3, 2)),
        Attendance(person=other, event=event, mode=AttendanceMode.REMOTE,
                   origin=AttendanceOrigin.IMPORT,
                   joined_at=datetime(2026, 5, 20, 14, 0, tzinfo=UTC)),
    ])
    db.session.commit()
    assert [a.person.full_name for a in attendees(event)] == ["Ольга Смирнова"]
