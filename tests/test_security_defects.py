"""Regression tests for the defects of issue 13 (security): each failed before its fix."""

from __future__ import annotations

from sqlalchemy import func, select

from events.attendance.importer import import_attendance
from events.extensions import db
from events.models import Attendance, AttendanceReviewItem, EventMode, Person, Role
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_user


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


EVENT_RULES = ("event.organise", "event.check_in", "event.attendance.manage",
               "event.attendance.report", "event.invitation_letters", "event.join_details",
               "prep.record_for_others")


def test_no_grant_matches_a_host_less_event_through_a_missing_value(app_ctx):
    """Defect 1: an event-scoped grant has no organisation, a host-less event no host: the
    two empty values matched, and the organiser of one event ran every host-less event."""
    from events.auth.permissions import can
    from events.models import EventStatus

    focal_group = make_event(title="COPANT–CASCO Focal Group")
    host_less = make_event(title="Черновик", status=EventStatus.DRAFT)
    also_host_less = make_event(title="无主办方的会议")
    iram = make_org("IRAM", country="AR")
    holders = [
        make_user(Role.ORGANISER, event=focal_group, name="عمر الفاروق"),
        make_user(Role.ORGANISER, organisation=iram, name="María José Núñez"),
        make_user(Role.FOCAL_POINT, organisation=iram, name="Ngozi Okafor"),
    ]
    for user in holders:
        for event in (host_less, also_host_less):
            for rule in EVENT_RULES:
                assert not can(rule, user, event=event), (user.person.full_name, rule)
    assert can("event.organise", holders[0], event=focal_group)


def test_the_organiser_of_one_event_cannot_open_a_host_less_event(app, client):
    with app.app_context():
        focal_group = make_event("focal-group-2030")
        host_less = make_event("host-less-2030")
        make_user(Role.ORGANISER, event=focal_group, email="irma@iram.example")
        db.session.commit()
        slug = host_less.slug
    sign_in(client, "irma@iram.example")
    assert client.get("/events/focal-group-2030/manage").status_code == 200
    for page in ("manage", "edit", "check-in", "registrations", "registrations.csv",
                 "registrations.xlsx"):
        assert client.get(f"/events/{slug}/{page}").status_code in (403, 404), page
