"""Regression tests for the defects of issue 13 (security): each failed before its fix."""

from __future__ import annotations

from sqlalchemy import func, select

from events.attendance.importer import import_attendance
from events.extensions import db
from events.models import Attendance, AttendanceReviewItem, EventMode, Person, Role, User
from tests.conftest import sign_in, submit
from tests.factories import PASSWORD, make_event, make_org, make_user


def test_creating_a_person_from_the_review_queue_with_empty_fields_explains_and_keeps_the_row(
        app, client):
    """Defect 5: empty fields raised "expected str instance, LazyString found" (a 500)."""
    with app.app_context():
        event = make_event("prep-2030", mode=EventMode.ONLINE, timezone="America/Bogota")
        export = ("Name,Attendee Email,Join Time,Leave Time,Attendance Duration\n"
                  "Нина Петрова,nina@gost.example,05/01/2030 10:00:00 AM,"
                  "05/01/2030 11:00:00 AM,60\n")  # during the meeting (1 May 2030)
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


def _remember_only(app, cookie_value: str):
    """A browser holding nothing but a remember-me cookie (its session cookie expired)."""
    browser = app.test_client()
    browser.set_cookie("remember_token", cookie_value, domain="plenaria.test")
    return browser


def _signed_in(browser) -> bool:
    return browser.get("/my/meetings").status_code == 200


def test_a_password_reset_ends_every_other_session_and_remember_me_cookie(app, client):
    """Defect 2: a session from before the reset, and its remember-me cookie alone, kept
    working afterwards."""
    from events.auth.accounts import reset_token

    with app.app_context():
        user_id = make_user(email="thabo@sabs.example", name="Thabo Mokoena").id
        db.session.commit()
    laptop = app.test_client()
    submit(laptop, "/sign-in", {"email": "thabo@sabs.example", "password": PASSWORD,
                                "remember": "y"})
    remembered = laptop.get_cookie("remember_token", domain="plenaria.test").value
    assert _signed_in(laptop) and _signed_in(_remember_only(app, remembered))

    with app.app_context(), app.test_request_context():
        token = reset_token(db.session.get(User, user_id))
    response = submit(client, f"/password/reset/{token}",
                      {"password": "a new long passphrase", "confirm": "a new long passphrase"})
    assert response.status_code == 302
    assert _signed_in(client)  # the person who reset it
    assert not _signed_in(laptop)
    assert not _signed_in(_remember_only(app, remembered))


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, client):
    with app.app_context():
        make_user(email="li.wei@sac.example", name="李伟")
        db.session.commit()
    phone = app.test_client()
    sign_in(phone, "li.wei@sac.example")
    sign_in(client, "li.wei@sac.example")
    wrong = submit(client, "/account/password", {
        "current": "not my password", "password": "another long passphrase",
        "confirm": "another long passphrase"}, page="/account/security")
    assert "Your current password is not right." in wrong.get_data(as_text=True)
    assert _signed_in(phone)

    response = submit(client, "/account/password", {
        "current": PASSWORD, "password": "another long passphrase",
        "confirm": "another long passphrase"}, page="/account/security")
    assert response.status_code == 302
    assert _signed_in(client) and not _signed_in(phone)
    sign_in(phone, "li.wei@sac.example", "another long passphrase")


def test_sign_out_everywhere_ends_the_other_sessions(app, client):
    with app.app_context():
        make_user(email="fatima@ianor.example", name="فاطمة الزهراء")
        db.session.commit()
    other = app.test_client()
    submit(other, "/sign-in", {"email": "fatima@ianor.example", "password": PASSWORD,
                               "remember": "y"})
    remembered = other.get_cookie("remember_token", domain="plenaria.test").value
    sign_in(client, "fatima@ianor.example")
    response = submit(client, "/account/sign-out-everywhere", page="/account/security")
    assert response.status_code == 302
    assert "Every other device is signed out." in client.get(response.location).get_data(
        as_text=True)
    assert _signed_in(client)
    assert not _signed_in(other) and not _signed_in(_remember_only(app, remembered))


def test_an_unknown_address_costs_the_same_hash_check_as_a_known_one(app_ctx, monkeypatch):
    """Defect 3: the hash was only checked when the account existed (~12 times slower), so
    the time of an answer told which addresses have accounts. Both paths now check one hash
    of the same method and cost; the hashes checked are recorded, not timed."""
    from events.auth import accounts

    make_user(email="olga@gost.example", name="Ольга Смирнова")
    checked: list[str] = []
    real = accounts.check_password_hash

    def recording(pwhash: str, password: str) -> bool:
        checked.append(pwhash.split("$", 1)[0])  # method and cost, e.g. scrypt:32768:8:1
        return real(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", recording)
    assert accounts.authenticate("olga@gost.example", "a wrong guess") is None
    assert accounts.authenticate("nobody@gost.example", "a wrong guess") is None
    assert accounts.authenticate("olga@gost.example", PASSWORD) is not None
    assert len(checked) == 3 and len(set(checked)) == 1
