"""Personal data in registrations: passports for invitation letters, the published list of
participants, and exports that a spreadsheet cannot turn into formulas."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from events.extensions import db
from events.models import (
    Event,
    InvitationLetterRequest,
    ListVisibility,
    Organisation,
    Registration,
    RegistrationStatus,
    Role,
)
from tests.conftest import sign_in, submit
from tests.factories import make_org, make_person, make_registration, make_user
from tests.test_registration import NOW, form, registration_of, setup_event

PASSPORT = {"needs_invitation_letter": "y", "name_in_passport": "OTIENO Achieng Mary",
            "passport_number": "ak1234567", "nationality": "KE",
            "date_of_birth": "1984-03-09", "passport_expires_on": "2033-01-31"}


def test_passport_details_are_asked_only_with_a_letter_and_all_of_them(app, client):
    with app.app_context():
        org = make_org("KEBS")
        setup_event()
        make_user(email="mary@kebs.org", organisation=org)
        db.session.commit()
        org_id = org.id
    sign_in(client, "mary@kebs.org")
    page = submit(client, "/events/workshop/register", form(
        org_id, needs_invitation_letter="y", name_in_passport="OTIENO Achieng Mary")
    ).get_data(as_text=True)
    for name in ("passport_number", "nationality", "date_of_birth", "passport_expires_on"):
        assert f'<p class="error-message" id="{name}-error"><span>An invitation letter ' \
               'needs this.</span>' in page
    assert 'id="name_in_passport-error"' not in page
    page = submit(client, "/events/workshop/register", form(
        org_id, **{**PASSPORT, "passport_expires_on": str(NOW.date())})).get_data(as_text=True)
    assert "The passport expires before the meeting" in page
    assert submit(client, "/events/workshop/register", form(org_id, **PASSPORT)
                  ).status_code == 302
    with app.app_context():
        letter = registration_of("mary@kebs.org").invitation_letter
        assert letter.passport_number == "AK1234567"
        assert letter.date_of_birth == date(1984, 3, 9)


def test_only_the_hosts_organisers_see_passport_details(app):
    with app.app_context():
        kebs, copant = make_org("KEBS"), make_org("COPANT", kind="regional_body", country=None)
        event = setup_event(host=kebs, organisers=[copant])
        registration = make_registration(event, make_user(organisation=kebs).person,
                                         needs_invitation_letter=True)
        db.session.add(InvitationLetterRequest(
            registration=registration, name_in_passport="OTIENO Achieng Mary",
            passport_number="AK1234567", nationality="KE", date_of_birth=date(1984, 3, 9),
            passport_expires_on=date(2033, 1, 31)))
        make_user(Role.ORGANISER, organisation=kebs, email="host@kebs.org")
        make_user(Role.ORGANISER, organisation=copant, email="coordinator@copant.org")
        make_user(Role.SECRETARIAT, email="secretariat@example.org")
        make_user(Role.FOCAL_POINT, organisation=kebs, email="fp@kebs.org")
        db.session.commit()
    host = app.test_client()
    sign_in(host, "host@kebs.org")
    assert "AK1234567" in host.get("/events/workshop/invitation-letters").get_data(as_text=True)
    for email in ("coordinator@copant.org", "secretariat@example.org", "fp@kebs.org"):
        other = app.test_client()
        sign_in(other, email)
        assert other.get("/events/workshop/invitation-letters").status_code == 403
        for page in ("/events/workshop/registrations", "/orgs/KEBS/delegates",
                     "/events/workshop/participants", "/events/workshop/registrations.csv"):
            assert "AK1234567" not in other.get(page).get_data(as_text=True)


def test_passport_details_are_purged_after_the_meeting(app):
    with app.app_context():
        org = make_org("KEBS")
        past = setup_event(slug="past", start=NOW - timedelta(days=3))
        coming = setup_event(slug="coming")
        for event in (past, coming):
            registration = make_registration(event, make_person(org),
                                             needs_invitation_letter=True)
            db.session.add(InvitationLetterRequest(
                registration=registration, name_in_passport="X", passport_number="P1",
                nationality="KE", date_of_birth=date(1980, 1, 1),
                passport_expires_on=date(2035, 1, 1)))
        db.session.commit()
    runner = app.test_cli_runner()
    kept = runner.invoke(args=["registration", "purge-passports", "--days-after", "7"])
    assert kept.exit_code == 0 and "of 0 invitation" in kept.output
    result = runner.invoke(args=["registration", "purge-passports"])
    assert result.exit_code == 0, result.output
    assert "Deleted the passport details of 1 invitation letter request(s)." in result.output
    with app.app_context():
        left = db.session.scalars(select(InvitationLetterRequest)).all()
        assert [r.registration.event.slug for r in left] == ["coming"]
        # The registration itself stays (attendance, certificates).
        assert db.session.scalar(select(func.count(Registration.id))) == 2


def _list_event(public: ListVisibility, participants: ListVisibility) -> None:
    org = make_org("INEN", country="EC")
    event = setup_event()
    event.registration_settings.public_list = public
    event.registration_settings.participants_list = participants
    for given, consent in (("Listed", True), ("Private", False)):
        user = make_user(email=f"{given.lower()}@inen.ec", name=f"{given} Person",
                         organisation=org)
        make_registration(event, user.person, consent_to_publish=consent)
    make_registration(event, make_person(org, given_name="Pending", family_name="Person"),
                      status=RegistrationStatus.PENDING, consent_to_publish=True)
    make_user(email="visitor@example.org")
    make_user(Role.FOCAL_POINT, organisation=org, email="fp@inen.ec")


def test_the_public_sees_the_list_as_the_organisers_chose(app, client):
    with app.app_context():
        _list_event(ListVisibility.CONSENTING, ListVisibility.ALL)
        db.session.commit()
    public = client.get("/events/workshop/participants").get_data(as_text=True)
    assert "Listed" in public and "Private" not in public and "Pending" not in public
    assert "@inen.ec" not in public  # email addresses are never listed
    participant = app.test_client()
    sign_in(participant, "listed@inen.ec")
    listed = participant.get("/events/workshop/participants").get_data(as_text=True)
    assert "Listed" in listed and "Private" in listed and "Pending" not in listed


def test_a_hidden_list_is_hidden_but_focal_points_see_their_own(app, client):
    with app.app_context():
        _list_event(ListVisibility.HIDDEN, ListVisibility.HIDDEN)
        db.session.commit()
    assert client.get("/events/workshop/participants").status_code == 404
    participant = app.test_client()
    sign_in(participant, "listed@inen.ec")
    assert participant.get("/events/workshop/participants").status_code == 404
    focal_point = app.test_client()
    sign_in(focal_point, "fp@inen.ec")
    page = focal_point.get("/events/workshop/participants").get_data(as_text=True)
    assert "Listed" in page and "Private" in page


def test_exports_keep_formulas_as_text(app, client):
    with app.app_context():
        kebs = make_org("KEBS")
        event = setup_event(host=kebs)
        person = make_person(kebs, given_name="=HYPERLINK(\"http://evil.example\",\"x\")",
                             family_name="+Otieno", email="achieng@kebs.org")
        make_registration(event, person, dietary_needs="@SUM(A1:A9)")
        make_user(Role.ORGANISER, organisation=kebs, email="host@kebs.org")
        db.session.commit()
    sign_in(client, "host@kebs.org")
    response = client.get("/events/workshop/registrations.csv")
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="workshop-registrations.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Family name", "Given name", "Email"]
    assert rows[1][:3] == ["'+Otieno", "'=HYPERLINK(\"http://evil.example\",\"x\")",
                           "achieng@kebs.org"]
    assert rows[1][11] == "'@SUM(A1:A9)"

    workbook = load_workbook(io.BytesIO(client.get("/events/workshop/registrations.xlsx")
                                        .get_data()))
    sheet = workbook.active
    given = sheet.cell(row=2, column=2)
    assert given.value == "=HYPERLINK(\"http://evil.example\",\"x\")"
    assert given.data_type == "s"  # text, not a formula
    assert sheet.cell(row=2, column=1).value == "+Otieno"


def test_the_organisers_list_and_exports_load_in_a_fixed_number_of_queries(app, client,
                                                                           count_queries):
    with app.app_context():
        kebs = make_org("KEBS")
        event = setup_event(host=kebs)
        make_user(Role.ORGANISER, organisation=kebs, email="host@kebs.org")
        for _ in range(3):
            make_registration(event, make_person(make_org()))
        db.session.commit()
    sign_in(client, "host@kebs.org")
    with count_queries() as few:
        client.get("/events/workshop/registrations")
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "workshop"))
        for _ in range(12):
            make_registration(event, make_person(make_org()))
        db.session.commit()
    with count_queries() as many:
        assert client.get("/events/workshop/registrations").status_code == 200
    assert many.count == few.count


def test_the_focal_point_dashboard_loads_in_a_fixed_number_of_queries(app, client,
                                                                      count_queries):
    from events.models import ApprovalPolicy

    def add_meetings(count: int, first: int) -> None:
        with app.app_context():
            org = db.session.scalar(select(Organisation).where(Organisation.acronym == "INEN"))
            for n in range(first, first + count):
                event = setup_event(ApprovalPolicy.FOCAL_POINT, slug=f"meeting-{n}")
                make_registration(event, make_person(org), status=RegistrationStatus.PENDING)
                make_registration(event, make_person(org))
            db.session.commit()

    with app.app_context():
        org = make_org("INEN", country="EC")
        make_user(Role.FOCAL_POINT, organisation=org, email="fp@inen.ec")
        db.session.commit()
    add_meetings(2, 0)
    sign_in(client, "fp@inen.ec")
    with count_queries() as few:
        client.get("/orgs/INEN/delegates")
    add_meetings(6, 2)
    with count_queries() as many:
        page = client.get("/orgs/INEN/delegates").get_data(as_text=True)
    assert page.count('class="row-pending"') == 8  # every pending registration listed
    assert many.count == few.count


def test_exports_leave_plain_numbers_as_numbers(app, client):
    """One rule for every CSV: `-5` is a figure (no apostrophe), `-2+3` is a formula."""
    with app.app_context():
        kebs = make_org("KEBS")
        event = setup_event(host=kebs)
        person = make_person(kebs, given_name="Ольга", family_name="Кузнецова",
                             email="olga@kebs.org")
        make_registration(event, person, dietary_needs="-5", accessibility_needs="-2+3")
        make_user(Role.ORGANISER, organisation=kebs, email="host@kebs.org")
        db.session.commit()
    sign_in(client, "host@kebs.org")
    rows = list(csv.reader(io.StringIO(
        client.get("/events/workshop/registrations.csv").get_data().decode("utf-8-sig"))))
    assert rows[1][11:13] == ["-5", "'-2+3"]
