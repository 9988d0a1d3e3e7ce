"""The demo's registration side: a focal point per NSB and a registration waiting for one."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from events.demo.loader import DEMO_PASSWORD
from events.demo.upcoming import WORKSHOP_UID, workshop_first_day
from events.extensions import db
from events.models import (
    Event,
    Organisation,
    OrganisationKind,
    Registration,
    RegistrationStatus,
    Role,
    RoleGrant,
    User,
)
from tests.conftest import sign_in, submit


def test_every_demo_nsb_has_a_focal_point_whose_credentials_are_printed(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "focal_point  focal-point@inen.example (INEN)" in result.output
    with app.app_context():
        nsbs = set(db.session.scalars(select(Organisation.acronym).where(
            Organisation.kind == OrganisationKind.NSB)))
        with_focal_point = set(db.session.scalars(
            select(Organisation.acronym).join(RoleGrant, RoleGrant.organisation_id
                                              == Organisation.id)
            .where(RoleGrant.role == Role.FOCAL_POINT)))
        assert nsbs == with_focal_point and len(nsbs) > 40
        user = db.session.scalar(select(User).where(User.email == "focal-point@inen.example"))
        assert user.check_password(DEMO_PASSWORD) and user.email_confirmed


def test_the_inen_focal_point_approves_the_pending_registration(app, client, demo):
    sign_in(client, "focal-point@inen.example", DEMO_PASSWORD)
    page = client.get("/orgs/INEN/delegates").get_data(as_text=True)
    table = page.split("<table", 1)[1]
    assert table.index("Pending approval") < table.index("Approved")
    assert "COPANT-PTB-CASCO workshop 2027" in table
    with app.app_context():
        pending = db.session.scalar(select(Registration).where(
            Registration.status == RegistrationStatus.PENDING))
        assert pending.organisation.acronym == "INEN"
        event = pending.event
        assert event.capacity == sum(1 for r in db.session.scalars(select(Registration).where(
            Registration.event_id == event.id,
            Registration.status.in_([RegistrationStatus.APPROVED,
                                     RegistrationStatus.PENDING]))))
        pending_id = pending.id
    submit(client, f"/registrations/{pending_id}/approve", {}, page="/orgs/INEN/delegates")
    with app.app_context():
        assert db.session.get(Registration, pending_id).status is RegistrationStatus.APPROVED


@pytest.mark.parametrize("now, first_day", [
    (datetime(2026, 11, 21, 9, tzinfo=UTC), date(2027, 4, 26)),
    (datetime(2027, 4, 11, 9, tzinfo=UTC), date(2027, 4, 26)),  # closes the next day
    (datetime(2027, 4, 12, 9, tzinfo=UTC), date(2028, 4, 24)),  # closed: next April
    (datetime(2027, 12, 31, 23, tzinfo=UTC), date(2028, 4, 24)),
])
def test_the_demo_workshop_is_always_the_next_one_still_open(now, first_day):
    assert workshop_first_day(now) == first_day
    assert first_day.weekday() == 0 and (first_day + timedelta(days=7)).month == 5


def test_loading_the_demo_a_year_later_moves_the_workshop_instead_of_adding_one(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    with time_machine.travel(datetime(2027, 6, 1, 9, tzinfo=UTC), tick=False):
        assert runner.invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        workshops = db.session.scalars(select(Event).where(Event.uid == WORKSHOP_UID)).all()
        assert [w.slug for w in workshops] == ["copant-ptb-casco-workshop-2028"]
        assert workshops[0].starts_at.date() == date(2028, 4, 24)
        assert not db.session.scalar(select(Event).where(
            Event.slug == "copant-ptb-casco-workshop-2027"))
