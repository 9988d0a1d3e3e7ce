"""Places and session seats: never more than there are, also when everyone asks at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import func, select

from events.extensions import db
from events.models import (
    DelegateRole,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
    SessionChoice,
    SessionChoiceStatus,
    SessionKind,
    SessionSeats,
    User,
)
from events.registration import operations
from events.registration.notifications import deliver
from events.registration.operations import RegistrationRefused, RegistrationRequest
from tests.conftest import CONFIRMED, csrf_token_from, sign_in, submit
from tests.factories import make_org, make_registration, make_session, make_user
from tests.test_registration import NOW, form, registration_of, setup_event, text_of


def test_concurrent_requests_never_overfill_the_meeting_or_its_sessions(app, monkeypatch):
    """Twenty delegates press "Register" at the same instant for five places, and a session
    with three seats: five get a place, fifteen a numbered place on the waiting list, three
    a seat. Each request is a real request in its own thread and database transaction."""
    monkeypatch.setitem(app.config, "SIGN_IN_RATE_LIMIT", "1000 per minute")
    with app.app_context():
        org = make_org("ICONTEC", country="CO")
        event = setup_event(capacity=5, timezone="America/Bogota")
        visit = make_session(event, title="Laboratory visit")
        db.session.add(SessionSeats(session=visit, seats=3))
        emails = [f"d{n}@icontec.org" for n in range(20)]
        for email in emails:
            make_user(email=email, organisation=org)
        db.session.commit()
        org_id, visit_id = org.id, visit.id

    clients, tokens = [], []
    for email in emails:
        client = app.test_client()
        sign_in(client, email)
        page = client.get("/events/workshop/register").get_data(as_text=True)
        clients.append(client)
        tokens.append(csrf_token_from(page))
    start = threading.Barrier(len(clients))

    def press_register(index: int) -> int:
        start.wait()
        response = clients[index].post("/events/workshop/register", data={
            **form(org_id, sessions=str(visit_id)), "csrf_token": tokens[index]})
        return response.status_code

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        codes = list(pool.map(press_register, range(len(clients))))
    assert codes == [302] * 20

    with app.app_context():
        statuses = db.session.execute(
            select(Registration.status, func.count()).group_by(Registration.status)).all()
        assert dict(statuses) == {RegistrationStatus.APPROVED: 5,
                                  RegistrationStatus.WAITLISTED: 15}
        positions = db.session.scalars(select(Registration.waitlist_position).where(
            Registration.status == RegistrationStatus.WAITLISTED)).all()
        assert sorted(positions) == list(range(1, 16))
        seated = db.session.scalars(
            select(Registration.status).join(SessionChoice)
            .where(SessionChoice.status == SessionChoiceStatus.CONFIRMED)).all()
        assert seated == [RegistrationStatus.APPROVED] * 3


def test_a_freed_session_seat_goes_to_the_next_in_line_who_is_told(app, client, smtp_server):
    with app.app_context():
        org = make_org("INTECO", country="CR")
        event = setup_event(title="Workshop")
        visit = make_session(event, title="Laboratory visit")
        db.session.add(SessionSeats(session=visit, seats=1))
        for email in ("first@inteco.org", "second@inteco.org"):
            make_user(email=email, organisation=org)
        db.session.commit()
        org_id, visit_id = org.id, visit.id
    for email in ("first@inteco.org", "second@inteco.org"):
        client = app.test_client()
        sign_in(client, email)
        submit(client, "/events/workshop/register", form(org_id, sessions=str(visit_id)))
    page = client.get("/my/meetings").get_data(as_text=True)
    assert "Laboratory visit: On the session&#39;s waiting list" in page
    approval = smtp_server.to("second@inteco.org")[0]
    assert "Laboratory visit: On the session's waiting list" in \
        approval.get_payload(0).get_payload(decode=True).decode()

    first = app.test_client()
    sign_in(first, "first@inteco.org")
    with app.app_context():
        first_id = registration_of("first@inteco.org").id
    submit(first, f"/registrations/{first_id}/cancel", CONFIRMED, page="/my/meetings")
    assert "Laboratory visit: Seat confirmed" in client.get("/my/meetings").get_data(
        as_text=True)
    told = smtp_server.to("second@inteco.org")[-1]
    assert told["Subject"] == "A seat for you: Laboratory visit, Workshop"
    assert "A seat became free in “Laboratory visit”" in told.get_payload(decode=True).decode()


def test_guests_choose_social_events_only_and_take_no_meeting_place(app_ctx):
    org = make_org("KEBS")
    event = setup_event(capacity=1)
    dinner = make_session(event, title="Dinner", kind=SessionKind.SOCIAL,
                          start=event.starts_at + timedelta(hours=10))
    sitting = make_session(event, title="Technical visit")
    db.session.add_all([SessionSeats(session=dinner, seats=10),
                        SessionSeats(session=sitting, seats=10)])
    make_registration(event, make_user(organisation=org).person)
    guest = make_user(organisation=org)
    db.session.commit()
    try:
        operations.register(event, guest.person, RegistrationRequest(
            org.id, role=DelegateRole.GUEST, session_ids=[sitting.id]), by=guest)
    except RegistrationRefused as refusal:
        assert refusal.message == "Guests attend social events only; “Technical visit” is " \
                                  "not one."
        assert refusal.field == "sessions"
        db.session.rollback()
    else:
        raise AssertionError("a guest chose a technical session")
    outcome = operations.register(event, guest.person, RegistrationRequest(
        org.id, role=DelegateRole.GUEST, session_ids=[dinner.id]), by=guest)
    # The meeting is full, but guests do not sit in the meeting room.
    assert outcome.registration.status is RegistrationStatus.APPROVED
    assert [c.status for c in outcome.registration.session_choices] == [
        SessionChoiceStatus.CONFIRMED]


def test_guests_take_places_at_a_social_event(app_ctx):
    org = make_org("KEBS")
    event = setup_event(capacity=1, kind=EventKind.SOCIAL_EVENT)
    make_registration(event, make_user(organisation=org).person)
    guest = make_user(organisation=org)
    db.session.commit()
    outcome = operations.register(event, guest.person, RegistrationRequest(
        org.id, role=DelegateRole.GUEST), by=guest)
    assert outcome.registration.status is RegistrationStatus.WAITLISTED


def test_a_rejection_gives_the_held_place_to_the_waiting_list(app_ctx):
    from events.models import ApprovalPolicy, Role

    org = make_org("SCC", country="CA")
    event = setup_event(ApprovalPolicy.ORGANISERS, capacity=1)
    organiser = make_user(Role.ORGANISER, event=event)
    pending = make_registration(event, make_user(organisation=org).person,
                                status=RegistrationStatus.PENDING)
    waiting = make_registration(event, make_user(organisation=org).person,
                                status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    db.session.commit()
    outcome = operations.reject(pending, "Not a member of the delegation.", by=organiser)
    db.session.commit()
    waiting = db.session.get(Registration, waiting.id)
    # Organisers still decide: the promoted person holds the place, pending approval.
    assert waiting.status is RegistrationStatus.PENDING
    kinds = [(n.kind.value, n.registration_id) for n in outcome.notices]
    assert ("rejected", pending.id) in kinds
    assert ("promoted", waiting.id) in kinds and ("pending_approval", waiting.id) in kinds


def test_the_seat_lock_refuses_to_drop_unsaved_changes(app_ctx):
    from events.registration.places import begin_seat_transaction

    event = setup_event()
    db.session.commit()
    db.session.get(Event, event.id).title = "Changed"
    try:
        begin_seat_transaction(event.id)
    except RuntimeError:
        db.session.rollback()
    else:
        raise AssertionError("unsaved changes were silently dropped")
    assert db.session.get(Event, event.id).title != "Changed"


def test_organisers_reorder_and_release_the_waiting_list_of_a_session(app, client,
                                                                        smtp_server):
    """A session's line is first come, first served until the organisers place someone;
    the next freed seat follows their order. Releasing the line tells everyone on it, and
    their registrations for the meeting stand."""
    from events.models import Role

    with app.app_context():
        kebs = make_org("KEBS", country="KE")
        event = setup_event(host=kebs, title="Plenary", timezone="Africa/Nairobi")
        visit = make_session(event, title="Laboratory visit")
        db.session.add(SessionSeats(session=visit, seats=1))
        seated = make_registration(event, make_user(email="seated@kebs.org",
                                                    organisation=kebs).person)
        seated.session_choices.append(SessionChoice(session=visit,
                                                    status=SessionChoiceStatus.CONFIRMED))
        waiting = {}
        for minute, name in enumerate(("first", "second", "third")):
            registration = make_registration(event, make_user(
                email=f"{name}@kebs.org", organisation=kebs, name=f"{name.title()} Delegate"
            ).person)
            registration.session_choices.append(SessionChoice(
                session=visit, created_at=NOW + timedelta(minutes=minute)))
            waiting[name] = registration.id
        make_user(Role.ORGANISER, organisation=kebs, email="organiser@kebs.org")
        make_user(email="delegate@kebs.org", organisation=kebs)
        db.session.commit()
        visit_id, seated_id = visit.id, seated.id

    sign_in(client, "organiser@kebs.org")
    page = client.get("/events/workshop/registrations").get_data(as_text=True)
    assert "1 of 1 seats taken" in page
    line = page[page.index("Waiting for a seat"):]
    assert line.index("First Delegate") < line.index("Second Delegate") \
        < line.index("Third Delegate")

    response = submit(client, f"/registrations/{waiting['third']}/sessions/{visit_id}/position",
                      {"position": "1"}, page="/events/workshop/registrations",
                      follow_redirects=True)
    assert "is now number 1 on the waiting list of “Laboratory visit”" in \
        response.get_data(as_text=True)
    refused = submit(client, f"/registrations/{waiting['first']}/sessions/{visit_id}/position",
                     {"position": "0"}, page="/events/workshop/registrations",
                     follow_redirects=True)
    assert "Give a position of 1 or more." in refused.get_data(as_text=True)

    # The seat frees up: it goes to the person the organisers put first, not the earliest.
    with app.app_context():
        organiser = db.session.scalar(select(User).where(User.email == "organiser@kebs.org"))
        outcome = operations.cancel(db.session.get_one(Registration, seated_id), by=organiser)
        deliver(outcome.notices)
        db.session.commit()
        assert seat_status(waiting["third"], visit_id) is SessionChoiceStatus.CONFIRMED
        assert seat_status(waiting["first"], visit_id) is SessionChoiceStatus.WAITLISTED
    assert "A seat became free in “Laboratory visit”" in text_of(
        smtp_server.to("third@kebs.org")[-1])

    delegate = app.test_client()
    sign_in(delegate, "delegate@kebs.org")
    forbidden = submit(delegate, f"/events/workshop/sessions/{visit_id}/waiting-list/release",
                       CONFIRMED, page="/my/meetings")
    assert forbidden.status_code == 403

    response = submit(client, f"/events/workshop/sessions/{visit_id}/waiting-list/release",
                      CONFIRMED, page="/events/workshop/registrations", follow_redirects=True)
    assert "The waiting list of “Laboratory visit” is closed; 2 people were told." in \
        response.get_data(as_text=True)
    with app.app_context():
        for name in ("first", "second"):
            assert seat_status(waiting[name], visit_id) is None
            assert db.session.get_one(Registration, waiting[name]).status \
                is RegistrationStatus.APPROVED
        assert seat_status(waiting["third"], visit_id) is SessionChoiceStatus.CONFIRMED
    for name in ("first", "second"):
        mail = smtp_server.to(f"{name}@kebs.org")[-1]
        assert mail["Subject"] == "No seat in a session of Plenary"
        body = text_of(mail)
        assert "closed the waiting list of “Laboratory visit”" in body
        assert "Your registration for the meeting itself is unchanged." in body
    assert not smtp_server.to("third@kebs.org")[-1]["Subject"].startswith("No seat")


def seat_status(registration_id: int, session_id: int) -> SessionChoiceStatus | None:
    return db.session.scalar(select(SessionChoice.status).where(
        SessionChoice.registration_id == registration_id,
        SessionChoice.session_id == session_id))
