"""An online-only meeting registers people as remote participants: no travel dates, visa
letter or passport on its form; an onsite meeting keeps them."""

from __future__ import annotations

from sqlalchemy import select

from events.extensions import db
from events.models import AttendanceType, EventMode, Registration
from tests.conftest import sign_in, submit
from tests.factories import make_org, make_user
from tests.test_registration import setup_event

TRAVEL = ('name="arrival_date"', 'name="departure_date"', 'name="needs_invitation_letter"',
          'name="passport_number"')


def _delegate(app, mode: EventMode) -> int:
    with app.app_context():
        inen = make_org("INEN", country="EC")
        setup_event(mode=mode, title="Сессия подготовки COPANT")
        make_user(email="nasrin@inen.example", name="نسرين حداد", organisation=inen)
        db.session.commit()
        return inen.id


def test_an_online_meetings_form_asks_nothing_about_travel(app, client):
    org_id = _delegate(app, EventMode.ONLINE)
    sign_in(client, "nasrin@inen.example")
    page = client.get("/events/workshop/register").get_data(as_text=True)
    for name in TRAVEL:
        assert name not in page, name
    assert 'value="onsite"' not in page
    response = submit(client, "/events/workshop/register",
                      {"organisation": str(org_id), "role": "delegate"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert registration.attendance_type is AttendanceType.VIRTUAL
        assert registration.arrival_date is None


def test_a_sent_onsite_choice_or_a_passport_is_not_taken_for_an_online_meeting(app, client):
    org_id = _delegate(app, EventMode.ONLINE)
    sign_in(client, "nasrin@inen.example")
    submit(client, "/events/workshop/register", {
        "organisation": str(org_id), "role": "delegate", "attendance_type": "onsite",
        "needs_invitation_letter": "y", "passport_number": "X1234567"})
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert registration.attendance_type is AttendanceType.VIRTUAL
        assert not registration.needs_invitation_letter


def test_an_onsite_meeting_still_asks_about_the_journey(app, client):
    _delegate(app, EventMode.ONSITE)
    sign_in(client, "nasrin@inen.example")
    page = client.get("/events/workshop/register").get_data(as_text=True)
    for name in TRAVEL:
        assert name in page, name
