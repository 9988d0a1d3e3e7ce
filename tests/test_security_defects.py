"""Regression tests for the defects of issue 13 (security): each failed before its fix."""

from __future__ import annotations

from sqlalchemy import func, select

from events.attendance.importer import import_attendance
from events.extensions import db
from events.models import Attendance, AttendanceReviewItem, EventMode, Person, Role
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_user


def test_creating_a_person_from_the_review_queue_with_empty_fields_explains_and_keeps_the_row(
        app, client):
    """Defect 5: empty fields raised "expected str instance, LazyString found" (a 500)."""
    with app.app_context():
        event = make_event("prep-2030", mode=EventMode.ONLINE, timezone="America/Bogota")
        export = ("Name,Attendee Email,Join Time,Leave Time,Attendance Duration\n"
                  "Нина Петрова,nina@gost.example,03/29/2030 10:00:00 AM,"
                  "03/29/2030 11:00:00 AM,60\n")
        with app.test_request_context():
            import_attendance(event, export.encode(), "webex.csv")
        make_user(Role.ORGANISER, event=event, email="org@example.org")
        db.session.commit()
        item = db.session.scalar(select(AttendanceReviewItem))
        item_id = item.id
    sign_in(client, "org@example.org")
    response = submit(client, f"/events/prep-2030/attendance/review/{item_id}/create", {
        f"create-{item_id}-name": "", f"create-{item_id}-email": "",
        f"create-{item_id}-organisation": ""}, page="/events/prep-2030/attendance/review")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Нина Петрова" in page  # still waiting for review
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0
        assert db.session.scalar(select(func.count()).select_from(Person)) == 1  # the organiser
    assert "Enter the name." in page and "Choose the organisation." in page
