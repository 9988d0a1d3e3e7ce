"""After the deadline the registration page says so before the form; a focal point
registering someone has their NSB chosen already; what they are told speaks to them."""

from __future__ import annotations

import html
from datetime import timedelta

from sqlalchemy import func, select

from events.extensions import db
from events.models import ApprovalPolicy, Registration, Role
from tests.conftest import sign_in, submit
from tests.factories import make_org, make_user
from tests.test_registration import NOW, form, setup_event


def _late_meeting(app, policy: ApprovalPolicy = ApprovalPolicy.FOCAL_POINT) -> int:
    with app.app_context():
        unit = make_org("UNIT", country="UY")
        event = setup_event(policy)
        event.registration_closes_at = NOW - timedelta(days=1)
        make_user(email="late@unit.org.uy", name="Lucía Fernández", organisation=unit)
        make_user(Role.FOCAL_POINT, organisation=unit, email="fp@unit.org.uy")
        db.session.commit()
        return unit.id


def test_a_closed_registration_is_said_before_the_form(app, client):
    org_id = _late_meeting(app)
    sign_in(client, "late@unit.org.uy")
    page = html.unescape(client.get("/events/workshop/register").get_data(as_text=True))
    assert "Registration closed on" in page and "focal point or the organisers" in page
    assert 'name="attendance_type"' not in page and ">Register</button>" not in page
    submit(client, "/events/workshop/register", form(org_id), page="/events/workshop/")
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_the_focal_point_still_gets_the_form_with_their_nsb_chosen(app, client):
    org_id = _late_meeting(app)
    sign_in(client, "fp@unit.org.uy")
    page = client.get("/events/workshop/register/someone").get_data(as_text=True)
    assert f'<option selected value="{org_id}">' in page
    assert "Registration closed on" not in page


def test_the_focal_point_is_told_the_delegate_will_hear_by_email(app, client):
    org_id = _late_meeting(app, ApprovalPolicy.ORGANISERS)
    sign_in(client, "fp@unit.org.uy")
    submit(client, "/events/workshop/register/someone", form(
        org_id, email="wang.fang@unit.org.uy", given_name="芳", family_name="王"))
    page = html.unescape(client.get("/orgs/UNIT/delegates").get_data(as_text=True))
    assert "We will tell 王芳 by email." in page  # family name first, as Chinese writes it
    assert "We will tell you by email" not in page
