"""Narrow roles per meeting: door staff check people in and see names only; registration
managers run registrations; the host's visa desk reads passports for the letters."""

from __future__ import annotations

import pytest

from events.auth.accounts import AccountError, create_user
from events.auth.permissions import can
from events.extensions import db
from events.models import Event, Role, User
from tests.authorisation_world import as_actor, build_world
from tests.factories import make_event, make_org, make_user


def test_door_staff_check_people_in_and_see_names_not_emails(app):
    world = build_world(app)
    door = as_actor(app, world, "door_staff")
    page = door.get("/events/plenary-2030/check-in").get_data(as_text=True)
    assert "Ana Pérez" in page and "INEN" in page
    assert "participant@inen.example" not in page
    # Searching by email would tell door staff whose address it is.
    by_email = door.get("/events/plenary-2030/check-in?q=participant@inen.example")
    assert "Ana Pérez" not in by_email.get_data(as_text=True)
    assert "Ana Pérez" in door.get("/events/plenary-2030/check-in?q=perez").get_data(
        as_text=True)
    organiser = as_actor(app, world, "organiser")
    assert "Ana Pérez" in organiser.get(
        "/events/plenary-2030/check-in?q=participant@inen.example").get_data(as_text=True)
    for refused in ("/events/plenary-2030/registrations", "/events/plenary-2030/registrations.csv",
                    "/events/plenary-2030/invitation-letters", "/events/plenary-2030/manage"):
        assert door.get(refused).status_code == 403, refused


def test_registration_managers_export_registrations_but_not_passports_or_the_agenda(app):
    world = build_world(app)
    manager = as_actor(app, world, "registration_manager")
    export = manager.get("/events/plenary-2030/registrations.csv").get_data(as_text=True)
    assert "participant@inen.example" in export
    assert "Kwame" in manager.get("/events/plenary-2030/registrations").get_data(as_text=True)
    assert "X1234567" not in export
    for refused in ("/events/plenary-2030/invitation-letters", "/events/plenary-2030/manage",
                    "/events/plenary-2030/manage/agenda/", "/events/plenary-2030/edit"):
        assert manager.get(refused).status_code == 403, refused


def test_the_visa_desk_of_the_host_reads_passports_for_every_meeting_it_hosts(app):
    world = build_world(app)
    visas = as_actor(app, world, "visa_desk")
    page = visas.get("/events/plenary-2030/invitation-letters").get_data(as_text=True)
    assert "X1234567" in page and "ANA PÉREZ" in page
    assert visas.get("/events/plenary-2030/registrations").status_code == 403
    assert visas.get("/events/plenary-2030/check-in").status_code == 403
    with app.app_context():
        user = db.session.get(User, world.users["visa_desk"])
        elsewhere = db.session.query(Event).filter_by(slug="elsewhere-2030").one()
        assert not can("event.invitation_letters", user, event=elsewhere)


def test_a_meeting_role_of_one_event_says_nothing_about_a_host_less_one(app_ctx):
    one = make_event()
    host_less = make_event()
    for role in (Role.DOOR_STAFF, Role.REGISTRATION_MANAGER, Role.VISA_DESK):
        user = make_user(role, event=one, name="Пётр Иванов")
        assert not any(can(rule, user, event=host_less) for rule in (
            "event.check_in", "event.registrations", "event.invitation_letters",
            "event.organise"))


def test_a_meeting_role_needs_a_meeting_or_an_organisation(app_ctx):
    with pytest.raises(AccountError, match="works for a meeting"):
        create_user("door@kebs.example", "Otieno Odhiambo", "lanterns over nairobi",
                    Role.DOOR_STAFF)
    kebs = make_org("KEBS")
    user = create_user("door@kebs.example", "Otieno Odhiambo", "lanterns over nairobi",
                       Role.DOOR_STAFF, organisation=kebs)
    hosted = make_event(host=kebs)
    assert can("event.check_in", user, event=hosted)
    assert not can("event.organise", user, event=hosted)


def test_the_cli_gives_an_existing_account_a_meeting_role_and_logs_it(app):
    from events.models import AuditEntry

    with app.app_context():
        make_event("plenary-2030")
        make_user(email="otieno@kebs.example", name="Otieno Odhiambo")
        db.session.commit()
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["users", "grant", "--email", "otieno@kebs.example",
                                  "--role", "door_staff"])
    assert missing.exit_code != 0 and "works for a meeting" in missing.output
    done = runner.invoke(args=["users", "grant", "--email", "otieno@kebs.example",
                               "--role", "door_staff", "--event", "plenary-2030"])
    assert done.exit_code == 0, done.output
    with app.app_context():
        user = db.session.query(User).filter_by(email="otieno@kebs.example").one()
        event = db.session.query(Event).filter_by(slug="plenary-2030").one()
        assert can("event.check_in", user, event=event)
        entry = db.session.query(AuditEntry).filter_by(action="role.granted").one()
        assert entry.actor_name == "command line" and entry.event_id == event.id
