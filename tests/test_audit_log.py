"""The audit log: registrations, approvals, waiting lists, exports of personal data, letters
and role grants, with before and after; per meeting for organisers, all for the secretariat."""

from __future__ import annotations

from sqlalchemy import select

from events.auth.accounts import grant_role
from events.extensions import db
from events.models import AuditEntry, Event, Registration, Role, User
from tests.authorisation_world import as_actor, build_world
from tests.conftest import CONFIRMED, csrf_token_from


def _post(client, url: str, data: dict | None = None):
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def _entries(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))
        for entry in entries:
            db.session.expunge(entry)
        return entries


def test_an_approval_is_logged_with_who_and_the_status_before_and_after(app):
    world = build_world(app)
    manager = as_actor(app, world, "registration_manager")
    response = _post(manager, f"/registrations/{world.values['pending_registration']}/approve")
    assert response.status_code == 302
    [entry] = _entries(app, "registration.approved")
    assert entry.before == {"status": "pending"} and entry.after == {"status": "approved"}
    assert entry.actor_name == "Achieng Atieno <registrations@kebs.example>"
    assert entry.subject == "Kwame Mensah (INEN)"

    page = as_actor(app, world, "organiser").get("/events/plenary-2030/audit").get_data(
        as_text=True)
    assert "Approved" in page and "Kwame Mensah (INEN)" in page and "Achieng Atieno" in page
    assert as_actor(app, world, "door_staff").get("/events/plenary-2030/audit").status_code \
        == 404
    everything = as_actor(app, world, "secretariat").get("/audit").get_data(as_text=True)
    assert "Kwame Mensah (INEN)" in everything


def test_a_cancellation_and_the_waiting_list_are_logged(app):
    world = build_world(app)
    participant = as_actor(app, world, "participant")
    _post(participant, f"/registrations/{world.values['registration']}/cancel", CONFIRMED)
    [entry] = _entries(app, "registration.cancelled")
    assert entry.before["status"] == "approved" and entry.subject == "Ana Pérez (INEN)"


def test_health_data_is_logged_as_changed_never_copied(app):
    world = build_world(app)
    with app.app_context():
        registration = db.session.get(Registration, int(world.values["registration"]))
        registration.dietary_needs = "Halal; allergic to peanuts"
        db.session.commit()
    [entry] = _entries(app, "registration.edited")
    assert entry.after == {"dietary_needs": "changed"}
    assert "peanuts" not in str(entry.before) + str(entry.after)
    assert entry.actor_name == "command line"


def test_exports_and_reading_passports_are_logged(app):
    world = build_world(app)
    as_actor(app, world, "registration_manager").get("/events/plenary-2030/registrations.csv")
    as_actor(app, world, "visa_desk").get("/events/plenary-2030/invitation-letters")
    [export] = _entries(app, "export.registrations")
    assert export.after == {"format": "csv", "rows": 2}
    [read] = _entries(app, "letters.viewed")
    assert read.actor_name.startswith("Njeri Mwangi")


def test_role_grants_are_logged(app):
    world = build_world(app)
    with app.app_context():
        user = db.session.get(User, world.users["delegate"])
        event = db.session.scalar(select(Event).where(Event.slug == "plenary-2030"))
        grant_role(user, Role.DOOR_STAFF, event=event)
        db.session.commit()
    subjects = [entry.subject for entry in _entries(app, "role.granted")]
    assert "delegate@example.org: door_staff plenary-2030" in subjects
    assert "visas@kebs.example: visa_desk KEBS" in subjects  # given when the world was made
