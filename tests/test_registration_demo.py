"""The demo's registration side: a focal point per NSB and a registration waiting for one."""

from sqlalchemy import select

from events.demo.loader import DEMO_PASSWORD
from events.extensions import db
from events.models import (
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
