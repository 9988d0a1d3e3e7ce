"""A small world for the authorisation matrix: one meeting with its host, a prep session,
a registration of each kind, and one account per actor (signed in by session, not by form,
so that the matrix of every route by actor stays quick)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from events.agenda.publishing import publish_agenda
from events.extensions import db
from events.models import (
    AgendaItem,
    AttendanceReviewItem,
    Committee,
    EventKind,
    EventMode,
    EventSeries,
    InvitationLetterRequest,
    OrganisationKind,
    Person,
    RegistrationStatus,
    Role,
    RoleGrant,
    SessionChoice,
    SessionChoiceStatus,
    SessionSeats,
    User,
    utcnow,
)
from tests.factories import make_attendance, make_event, make_org, make_registration, make_session

# Who asks. Each actor is one account with one kind of grant; "participant" holds the approved
# registration of the world, "focal_point" is the focal point of its NSB.
ACTORS = ("anonymous", "delegate", "participant", "focal_point", "other_organiser",
          "organiser", "host_staff", "secretariat", "door_staff", "registration_manager",
          "visa_desk")

_HASH = generate_password_hash("never used: sessions are set directly")


@dataclass
class World:
    values: dict[str, str]
    users: dict[str, int]


def _account(email: str, given: str, family: str, organisation=None) -> User:
    person = Person(given_name=given, family_name=family, email=email,
                    organisation=organisation)
    user = User(email=email, person=person, password_hash=_HASH, email_confirmed_at=utcnow())
    db.session.add(user)
    return user


def build_world(app: Flask) -> World:
    """The rows every route of the app can be asked about, committed."""
    with app.app_context(), app.test_request_context():
        kebs = make_org("KEBS", country="KE")
        inen = make_org("INEN", country="EC")
        copant = make_org("COPANT", kind=OrganisationKind.REGIONAL_BODY, country=None)
        casco = Committee(code="ISO/CASCO", name="Committee on conformity assessment")
        series = EventSeries(slug="casco-plenaries", title="ISO/CASCO plenaries",
                             committee=casco)
        db.session.add(series)
        make_event("plenary-2029", host=inen, series=series, committee=casco,
                   start=datetime(2029, 5, 1, 6, 0, tzinfo=UTC))
        plenary = make_event("plenary-2030", host=kebs, series=series, committee=casco,
                             kind=EventKind.PLENARY, timezone="Africa/Nairobi")
        prep = make_event("prep-2030", host=copant, kind=EventKind.PREP_SESSION,
                          mode=EventMode.ONLINE, timezone="America/Bogota",
                          start=datetime(2030, 3, 29, 14, 0, tzinfo=UTC), hours=2)
        elsewhere = make_event("elsewhere-2030", host=inen)
        session = make_session(plenary, title="Opening")
        item = AgendaItem(event=plenary, session=session, title="Adoption of the agenda")
        db.session.add_all([item, SessionSeats(session=session, seats=20)])
        publish_agenda(plenary)

        users = {
            "delegate": _account("delegate@example.org", "Иван", "Петров"),
            "participant": _account("participant@inen.example", "Ana", "Pérez", inen),
            "focal_point": _account("focal@inen.example", "Lucía", "Fernández", inen),
            "other_organiser": _account("other@inen.example", "عمر", "الفاروق", inen),
            "organiser": _account("organiser@example.org", "美玲", "王"),
            "host_staff": _account("staff@kebs.example", "Wanjiru", "Kamau", kebs),
            "secretariat": _account("secretariat@iso.example", "Claire", "Dubois"),
            "door_staff": _account("door@kebs.example", "Otieno", "Odhiambo", kebs),
            "registration_manager": _account("registrations@kebs.example", "Achieng", "Atieno",
                                             kebs),
            "visa_desk": _account("visas@kebs.example", "Njeri", "Mwangi", kebs),
        }
        grants = {
            "focal_point": [RoleGrant(role=Role.FOCAL_POINT, organisation=inen)],
            "other_organiser": [RoleGrant(role=Role.ORGANISER, event=elsewhere)],
            "organiser": [RoleGrant(role=Role.ORGANISER, event=plenary),
                          RoleGrant(role=Role.ORGANISER, event=prep)],
            "host_staff": [RoleGrant(role=Role.ORGANISER, organisation=kebs),
                           RoleGrant(role=Role.ORGANISER, organisation=copant)],
            "secretariat": [RoleGrant(role=Role.SECRETARIAT)],
            "door_staff": [RoleGrant(role=Role.DOOR_STAFF, event=plenary)],
            "registration_manager": [RoleGrant(role=Role.REGISTRATION_MANAGER, event=plenary)],
            "visa_desk": [RoleGrant(role=Role.VISA_DESK, organisation=kebs)],
        }
        for actor, held in grants.items():
            users[actor].grants.extend(held)
        db.session.flush()

        approved = make_registration(plenary, users["participant"].person, inen,
                                     needs_invitation_letter=True)
        db.session.add(SessionChoice(registration=approved, session=session,
                                     status=SessionChoiceStatus.CONFIRMED))
        db.session.add(InvitationLetterRequest(
            registration=approved, name_in_passport="ANA PÉREZ", passport_number="X1234567",
            nationality="EC", date_of_birth=date(1985, 3, 2),
            passport_expires_on=date(2032, 1, 1)))
        make_registration(prep, users["participant"].person, inen)
        waiting = Person(given_name="Kwame", family_name="Mensah", email="kwame@gsa.example",
                         organisation=inen)
        pending = make_registration(plenary, waiting, inen, status=RegistrationStatus.PENDING)
        from events.attendance.importer import import_attendance

        import_attendance(prep, (
            b"Name,Attendee Email,Join Time,Leave Time,Attendance Duration\n"
            b"Nadie Conocido,nadie@correo.example,03/29/2030 10:00:00 AM,"
            b"03/29/2030 11:00:00 AM,60\n"), "webex.csv")
        db.session.flush()
        review_item = db.session.query(AttendanceReviewItem).one()
        make_attendance(plenary, users["participant"].person, inen)
        db.session.commit()
        from events.calendar.personal import link_token

        feed_token = link_token(users["participant"], "meetings")
        db.session.commit()
        values = {
            "event": plenary.slug, "series": series.slug, "organisation": "INEN",
            "registration": str(approved.id), "pending_registration": str(pending.id),
            "session_id": str(session.id), "session_uid": session.uid,
            "item_id": str(item.id), "review_item_id": str(review_item.id),
            "prep_event": prep.slug, "participant_id": str(users["participant"].id),
            "feed_token": feed_token,
        }
        return World(values, {actor: user.id for actor, user in users.items()})


def as_actor(app: Flask, world: World, actor: str) -> FlaskClient:
    """A client signed in as `actor` (anonymous: not signed in)."""
    client = app.test_client()
    if actor != "anonymous":
        with app.app_context():
            user = db.session.get(User, world.users[actor])
            session_id = user.get_id()
        with client.session_transaction() as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
    return client
