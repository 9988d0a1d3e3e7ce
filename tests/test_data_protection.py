"""Data protection: health needs erased after the meeting like passports; a person downloads
their data and deletes their account, past registrations kept anonymised for the figures."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, select

from events.attendance.stats import participation
from events.extensions import db
from events.models import (
    AuditEntry,
    Event,
    Person,
    Registration,
    RegistrationStatus,
    User,
)
from tests.conftest import sign_in, submit
from tests.factories import (
    PASSWORD,
    make_attendance,
    make_event,
    make_org,
    make_registration,
    make_user,
)

PAST = datetime(2026, 5, 1, 6, 0, tzinfo=UTC)  # the test clock starts in November 2026


def test_health_needs_of_meetings_that_are_over_are_erased(app):
    with app.app_context():
        inen = make_org("INEN", country="EC")
        past = make_event(start=PAST, timezone="America/Bogota")
        upcoming = make_event(timezone="Europe/Madrid")
        for event in (past, upcoming):
            user = make_user(name="Камила Орлова")
            make_registration(event, user.person, inen, dietary_needs="без глютена",
                              accessibility_needs="wheelchair access")
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["registration", "purge-personal-data"])
    assert result.exit_code == 0 and "of 1 registration(s)" in result.output
    with app.app_context():
        kept = {r.event.starts_at.year: (r.dietary_needs, r.accessibility_needs)
                for r in db.session.scalars(select(Registration))}
    assert kept == {2026: (None, None), 2030: ("без глютена", "wheelchair access")}
    with app.app_context():
        purge = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "personal_data.purged"))
        assert purge.after == {"passports": 0, "health_needs": 1}
        assert purge.actor_name == "command line"


def test_a_person_downloads_their_own_data_and_nobody_else_s(app, client):
    with app.app_context():
        inen = make_org("INEN", country="EC")
        event = make_event("plenary-2030")
        ana = make_user(email="ana@inen.example", name="Ana Pérez")
        other = make_user(email="luis@inen.example", name="Luis Gómez")
        make_registration(event, ana.person, inen, dietary_needs="vegetariana")
        make_registration(event, other.person, inen, dietary_needs="kosher")
        db.session.commit()
    sign_in(client, "ana@inen.example")
    response = client.get("/account/data.json")
    data = json.loads(response.get_data(as_text=True))
    assert response.headers["Cache-Control"] == "no-store"
    assert data["account"]["email"] == "ana@inen.example"
    assert [r["dietary_needs"] for r in data["registrations"]] == ["vegetariana"]
    assert "kosher" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.action).where(
            AuditEntry.action == "personal_data.downloaded")) is not None


def test_deleting_an_account_keeps_past_figures_and_frees_upcoming_places(
        app, client, smtp_server):
    with app.app_context():
        inen = make_org("INEN", country="EC")
        past = make_event("workshop-2026", start=PAST, timezone="America/Bogota")
        upcoming = make_event("plenary-2030", capacity=1)
        ana = make_user(email="ana@inen.example", name="Ana Pérez")
        make_registration(past, ana.person, inen, dietary_needs="vegetariana")
        make_attendance(past, ana.person, inen)
        make_registration(upcoming, ana.person, inen)
        waiting = make_user(email="kwame@gsa.example", name="Kwame Mensah")
        make_registration(upcoming, waiting.person, inen,
                          status=RegistrationStatus.WAITLISTED, waitlist_position=1)
        db.session.commit()
        before = participation(past)
    sign_in(client, "ana@inen.example")
    wrong = submit(client, "/account/delete", {"password": "not my password",
                                               "understood": "y"}, page="/account/data")
    assert "Your password is not right." in wrong.get_data(as_text=True)

    response = submit(client, "/account/delete", {"password": PASSWORD, "understood": "y"},
                      page="/account/data")
    assert response.status_code == 302
    assert client.get("/my/meetings").status_code == 302  # signed out
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(
            User.email == "ana@inen.example")) == 0
        person = db.session.scalar(select(Person).where(Person.family_name.like("Former%")))
        assert person.email is None and person.given_name == ""
        statuses = {r.event.slug: r.status for r in db.session.scalars(
            select(Registration).where(Registration.person_id == person.id))}
        assert statuses == {"workshop-2026": RegistrationStatus.APPROVED,
                            "plenary-2030": RegistrationStatus.CANCELLED}
        assert all(r.dietary_needs is None for r in db.session.scalars(select(Registration)
                   .where(Registration.person_id == person.id)))
        after = participation(db.session.scalar(select(Event).where(
            Event.slug == "workshop-2026")))
        assert (after.participants, after.nsbs, after.countries) == (
            before.participants, before.nsbs, before.countries)
    assert smtp_server.to("kwame@gsa.example"), "the next in line is told a place freed up"
    sign_in_again = submit(app.test_client(), "/sign-in", {"email": "ana@inen.example",
                                                           "password": PASSWORD})
    assert sign_in_again.status_code == 200  # no such account any more
