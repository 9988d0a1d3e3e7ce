"""Registering for meetings, by each role: delegate, NSB focal point, organiser."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from events.extensions import db
from events.models import (
    ApprovalPolicy,
    CommitteeMembership,
    CommitteeStatus,
    DelegateRole,
    Eligibility,
    Event,
    IsoCategory,
    ListVisibility,
    OrganisationKind,
    Person,
    RegionalMembership,
    RegionalStatus,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    Role,
    User,
)
from events.models.organisations import Committee
from tests.conftest import CONFIRMED, sign_in, submit
from tests.factories import make_event, make_org, make_registration, make_user

NOW = datetime.now(UTC)


def setup_event(policy: ApprovalPolicy = ApprovalPolicy.AUTOMATIC, *, capacity: int | None = None,
                eligibility: Eligibility = Eligibility.OPEN, regional_body=None,
                **values) -> Event:
    values.setdefault("start", NOW + timedelta(days=60))
    event = make_event(slug=values.pop("slug", "workshop"), capacity=capacity,
                       registration_opens_at=NOW - timedelta(days=10),
                       registration_closes_at=NOW + timedelta(days=30),
                       timezone=values.pop("timezone", "America/Bogota"), **values)
    db.session.add(RegistrationSettings(event=event, eligibility=eligibility,
                                        approval_policy=policy, regional_body=regional_body,
                                        public_list=ListVisibility.HIDDEN,
                                        participants_list=ListVisibility.CONSENTING))
    db.session.flush()
    return event


def form(org_id: int, **values) -> dict:
    data = {"organisation": str(org_id), "role": "delegate", "attendance_type": "onsite"}
    data.update(values)
    return data


def text_of(message) -> str:
    """The plain-text body of a received mail, decoded."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def registration_of(email: str, slug: str = "workshop") -> Registration | None:
    return db.session.scalar(
        select(Registration).join(Person).join(Event)
        .where(Person.email == email, Event.slug == slug))


def test_a_delegate_registers_and_gets_the_confirmation_with_the_calendar(app, client,
                                                                          smtp_server):
    with app.app_context():
        icontec = make_org("ICONTEC", country="CO")
        setup_event(title="COPANT workshop")
        make_user(email="ana@icontec.org", name="Ana Pérez", organisation=icontec)
        db.session.commit()
        org_id = icontec.id
    sign_in(client, "ana@icontec.org")
    page = client.get("/events/workshop/register").get_data(as_text=True)
    assert f'<option selected value="{org_id}">' in page  # the person's own NSB preselected
    response = submit(client, "/events/workshop/register", form(
        org_id, dietary_needs="vegetarian", consent_to_publish="y",
        arrival_date=str((NOW + timedelta(days=59)).date()),
        departure_date=str((NOW + timedelta(days=61)).date())))
    assert response.status_code == 302 and response.location == "/my/meetings"
    mine = client.get("/my/meetings").get_data(as_text=True)
    assert "COPANT workshop" in mine and "Approved" in mine and "is registered" in mine
    [mail] = smtp_server.to("ana@icontec.org")
    assert mail["Subject"] == "Registration confirmed: COPANT workshop"
    [attachment] = [part for part in mail.walk() if part.get_filename()]
    assert attachment.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachment.get_payload(decode=True))
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "COPANT workshop"
    assert vevent["dtstart"].dt.tzinfo.key == "America/Bogota"
    with app.app_context():
        registration = registration_of("ana@icontec.org")
        assert registration.status is RegistrationStatus.APPROVED
        assert registration.dietary_needs == "vegetarian" and registration.consent_to_publish


def test_sending_the_form_twice_creates_one_registration(app, client):
    with app.app_context():
        org = make_org("INEN", country="EC")
        setup_event()
        make_user(email="luis@inen.ec", organisation=org)
        db.session.commit()
        org_id = org.id
    sign_in(client, "luis@inen.ec")
    page = client.get("/events/workshop/register").get_data(as_text=True)
    from tests.conftest import csrf_token_from

    data = {**form(org_id), "csrf_token": csrf_token_from(page)}
    first = client.post("/events/workshop/register", data=data)
    second = client.post("/events/workshop/register", data=data)
    assert first.status_code == second.status_code == 302
    assert "already registered" in client.get("/my/meetings").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 1


def test_a_tampered_organisation_or_role_is_refused_and_nothing_saved(app, client):
    with app.app_context():
        member = make_org("IRAM", country="AR")
        outsider = make_org("SABS", country="ZA")
        copant = make_org("COPANT", kind=OrganisationKind.REGIONAL_BODY, country=None)
        db.session.add(RegionalMembership(regional_body=copant, member=member,
                                          status=RegionalStatus.ACTIVE))
        setup_event(eligibility=Eligibility.REGIONAL_BODY, regional_body=copant)
        make_user(email="eva@iram.org.ar", organisation=member)
        db.session.commit()
        member_id, outsider_id = member.id, outsider.id
    sign_in(client, "eva@iram.org.ar")
    page = submit(client, "/events/workshop/register", form(outsider_id)).get_data(as_text=True)
    assert "SABS is not a member of COPANT; this meeting is for COPANT members." in page
    page = submit(client, "/events/workshop/register", form(999999)).get_data(as_text=True)
    assert "Choose the organisation you represent from the list." in page
    page = submit(client, "/events/workshop/register",
                  form(member_id, role="president")).get_data(as_text=True)
    assert "Choose one of the options in the list." in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 0


@pytest.fixture
def casco(app):
    """ISO/CASCO with a P-member, an O-member, a liaison, a subscriber and a non-member."""
    with app.app_context():
        committee = Committee(code="ISO/CASCO", name="Conformity assessment")
        db.session.add(committee)
        orgs = {
            "KEBS": make_org("KEBS", country="KE"),
            "INN": make_org("INN", country="CL"),
            "IAF": make_org("IAF", kind=OrganisationKind.LIAISON, country=None),
            "ABS": make_org("ABS", country="AG", iso_category=IsoCategory.SUBSCRIBER),
            "GNBS": make_org("GNBS", country="GY"),
        }
        for acronym, status in (("KEBS", CommitteeStatus.P), ("INN", CommitteeStatus.O),
                                ("IAF", CommitteeStatus.A), ("ABS", CommitteeStatus.O)):
            db.session.add(CommitteeMembership(committee=committee, organisation=orgs[acronym],
                                               status=status))
        setup_event(eligibility=Eligibility.COMMITTEE, committee=committee,
                    timezone="Africa/Nairobi")
        make_user(email="someone@example.org")
        db.session.commit()
        return {acronym: org.id for acronym, org in orgs.items()}


def test_committee_meetings_take_members_and_liaisons_and_say_why_others_cannot(app, client,
                                                                                 casco):
    sign_in(client, "someone@example.org")
    page = client.get("/events/workshop/register").get_data(as_text=True)
    assert "KEBS" in page and "INN" in page and "IAF" in page
    assert "ABS —" not in page and "GNBS —" not in page
    refused = submit(client, "/events/workshop/register", form(casco["ABS"])).get_data(
        as_text=True)
    assert ("ABS is an ISO subscriber member: subscriber members do not take part in "
            "committee meetings.") in refused
    refused = submit(client, "/events/workshop/register", form(casco["GNBS"])).get_data(
        as_text=True)
    assert "GNBS is neither a P- or O-member of ISO/CASCO nor one of its liaison" in refused
    refused = submit(client, "/events/workshop/register",
                     form(casco["IAF"], role="head_of_delegation")).get_data(as_text=True)
    assert "choose “Liaison representative”" in refused
    accepted = submit(client, "/events/workshop/register",
                      form(casco["IAF"], role="liaison_representative"))
    assert accepted.status_code == 302


def test_one_head_of_delegation_per_nsb_and_event(app, client):
    with app.app_context():
        kebs = make_org("KEBS")
        event = setup_event()
        head = make_user(email="head@kebs.org", name="Grace Wanjiru", organisation=kebs)
        make_registration(event, head.person, role=DelegateRole.HEAD_OF_DELEGATION)
        make_user(email="second@kebs.org", organisation=kebs)
        db.session.commit()
        kebs_id = kebs.id
    sign_in(client, "second@kebs.org")
    page = submit(client, "/events/workshop/register",
                  form(kebs_id, role="head_of_delegation")).get_data(as_text=True)
    assert "KEBS already has a head of delegation for this meeting: Grace Wanjiru." in page
    assert submit(client, "/events/workshop/register", form(kebs_id)).status_code == 302


def test_the_database_refuses_a_second_head_of_delegation(app_ctx):
    kebs = make_org("KEBS")
    event = setup_event()
    first, second = make_user(organisation=kebs), make_user(organisation=kebs)
    make_registration(event, first.person, role=DelegateRole.HEAD_OF_DELEGATION)
    # A cancelled head does not count: the NSB may name another.
    make_registration(event, make_user(organisation=kebs).person,
                      role=DelegateRole.HEAD_OF_DELEGATION, status=RegistrationStatus.CANCELLED)
    with pytest.raises(IntegrityError):
        make_registration(event, second.person, role=DelegateRole.HEAD_OF_DELEGATION)
    db.session.rollback()


def test_the_database_refuses_a_waitlisted_registration_without_a_position(app_ctx):
    event = setup_event()
    with pytest.raises(IntegrityError):
        make_registration(event, make_user(organisation=make_org()).person,
                          status=RegistrationStatus.WAITLISTED)
    db.session.rollback()


def test_a_delegation_cap_limits_each_nsb_but_not_its_guests(app, client):
    with app.app_context():
        inacal = make_org("INACAL", country="PE")
        event = setup_event()
        event.registration_settings.delegation_cap = 2
        for _ in range(2):
            make_registration(event, make_user(organisation=inacal).person)
        make_user(email="third@inacal.gob.pe", organisation=inacal)
        db.session.commit()
        org_id = inacal.id
    sign_in(client, "third@inacal.gob.pe")
    page = submit(client, "/events/workshop/register", form(org_id)).get_data(as_text=True)
    assert ("INACAL has already registered 2 people, the most each delegation may send to "
            "this meeting.") in page
    assert submit(client, "/events/workshop/register", form(org_id, role="guest")
                  ).status_code == 302


def test_after_the_deadline_only_focal_points_and_organisers_add_people(app, client,
                                                                        smtp_server):
    with app.app_context():
        unit = make_org("UNIT", country="UY")
        event = setup_event(ApprovalPolicy.FOCAL_POINT)
        event.registration_closes_at = NOW - timedelta(days=1)
        make_user(email="late@unit.org.uy", organisation=unit)
        make_user(Role.FOCAL_POINT, organisation=unit, email="fp@unit.org.uy")
        db.session.commit()
        org_id = unit.id
    sign_in(client, "late@unit.org.uy")
    page = submit(client, "/events/workshop/register", form(org_id)).get_data(as_text=True)
    assert "Registration closed on" in page and "focal point or the organisers" in page
    client = app.test_client()
    sign_in(client, "fp@unit.org.uy")
    response = submit(client, "/events/workshop/register/someone", form(
        org_id, email="late@unit.org.uy", given_name="Late", family_name="Comer"))
    assert response.status_code == 302
    assert response.location == "/orgs/UNIT/delegates"
    with app.app_context():
        registration = registration_of("late@unit.org.uy")
        # Entered by the focal point who decides for UNIT: approved at once.
        assert registration.status is RegistrationStatus.APPROVED
        assert registration.registered_by.email == "fp@unit.org.uy"
    assert smtp_server.to("late@unit.org.uy")[0]["Subject"].startswith("Registration confirmed")


def test_a_focal_point_registers_only_for_its_own_nsb(app, client):
    with app.app_context():
        unit, iram = make_org("UNIT", country="UY"), make_org("IRAM", country="AR")
        setup_event(ApprovalPolicy.FOCAL_POINT)
        make_user(Role.FOCAL_POINT, organisation=unit, email="fp@unit.org.uy")
        db.session.commit()
        iram_id = iram.id
    sign_in(client, "fp@unit.org.uy")
    page = client.get("/events/workshop/register/someone").get_data(as_text=True)
    assert "UNIT —" in page and "IRAM —" not in page
    refused = html.unescape(submit(client, "/events/workshop/register/someone", form(
        iram_id, email="x@iram.org.ar", family_name="X")).get_data(as_text=True))
    assert "Only IRAM's focal point or the organisers may register other people" in refused
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_the_focal_point_approves_or_rejects_with_a_reason(app, client, smtp_server):
    with app.app_context():
        abnt = make_org("ABNT", country="BR")
        setup_event(ApprovalPolicy.FOCAL_POINT, title="Focal group")
        make_user(Role.FOCAL_POINT, organisation=abnt, email="fp@abnt.org.br")
        make_user(email="joao@abnt.org.br", name="João Silva", organisation=abnt)
        make_user(email="maria@abnt.org.br", name="Maria Souza", organisation=abnt)
        db.session.commit()
        org_id = abnt.id
    for email in ("joao@abnt.org.br", "maria@abnt.org.br"):
        client = app.test_client()
        sign_in(client, email)
        assert submit(client, "/events/workshop/register", form(org_id)).status_code == 302
    client = app.test_client()
    assert smtp_server.to("joao@abnt.org.br")[0]["Subject"] == \
        "Registration received: Focal group"
    to_focal_point = smtp_server.to("fp@abnt.org.br")
    assert len(to_focal_point) == 2
    assert "João Silva (joao@abnt.org.br) registered for Focal group" in \
        text_of(to_focal_point[0])
    assert "http://plenaria.test/orgs/ABNT/delegates" in text_of(to_focal_point[0])

    sign_in(client, "fp@abnt.org.br")
    assert client.get("/focal-point").location == "/orgs/ABNT/delegates"
    with app.app_context():
        joao, maria = registration_of("joao@abnt.org.br"), registration_of("maria@abnt.org.br")
        joao_id, maria_id = joao.id, maria.id
    dashboard = client.get("/orgs/ABNT/delegates").get_data(as_text=True)
    assert dashboard.count('class="row-pending"') == 2  # both wait for a decision
    submit(client, f"/registrations/{joao_id}/approve", {}, page="/orgs/ABNT/delegates")
    refused = submit(client, f"/registrations/{maria_id}/reject", {"reason": " "},
                     page="/orgs/ABNT/delegates", follow_redirects=True)
    assert "Say why, so that the delegate knows what to do." in refused.get_data(as_text=True)
    submit(client, f"/registrations/{maria_id}/reject",
           {"reason": "ABNT sends two experts only; Maria attends next year."},
           page="/orgs/ABNT/delegates")
    with app.app_context():
        assert registration_of("joao@abnt.org.br").status is RegistrationStatus.APPROVED
        maria = registration_of("maria@abnt.org.br")
        assert maria.status is RegistrationStatus.REJECTED
        assert maria.decided_by.email == "fp@abnt.org.br"
    assert smtp_server.to("joao@abnt.org.br")[-1]["Subject"] == \
        "Registration confirmed: Focal group"
    rejection = smtp_server.to("maria@abnt.org.br")[-1]
    assert rejection["Subject"] == "Registration not accepted: Focal group"
    assert "ABNT sends two experts only" in text_of(rejection)

    with app.app_context():
        make_registration(db.session.get(Event, joao.event_id),
                          make_user(email="late@abnt.org.br", name="Pedro Lima",
                                    organisation=db.session.get(type(abnt), org_id)).person,
                          status=RegistrationStatus.PENDING)
        db.session.commit()
    table = client.get("/orgs/ABNT/delegates").get_data(as_text=True).split("<table", 1)[1]
    # Pending first, however recent.
    assert table.index("Pedro Lima") < table.index("João Silva") < table.index("Maria Souza")


def test_a_focal_point_cannot_decide_for_another_nsb_or_when_organisers_decide(app, client):
    with app.app_context():
        abnt, iram = make_org("ABNT", country="BR"), make_org("IRAM", country="AR")
        event = setup_event(ApprovalPolicy.FOCAL_POINT)
        other = setup_event(ApprovalPolicy.ORGANISERS, slug="plenary")
        make_user(Role.FOCAL_POINT, organisation=abnt, email="fp@abnt.org.br")
        foreign = make_registration(event, make_user(organisation=iram).person,
                                    status=RegistrationStatus.PENDING)
        own_elsewhere = make_registration(other, make_user(organisation=abnt).person,
                                          status=RegistrationStatus.PENDING)
        db.session.commit()
        ids = foreign.id, own_elsewhere.id
    sign_in(client, "fp@abnt.org.br")
    assert client.get("/orgs/IRAM/delegates").status_code == 403
    for registration_id in ids:
        response = submit(client, f"/registrations/{registration_id}/approve", {},
                          page="/orgs/ABNT/delegates")
        assert response.status_code == 403
    with app.app_context():
        assert {r.status for r in db.session.scalars(select(Registration))} == {
            RegistrationStatus.PENDING}


def test_organisers_approve_when_the_event_says_so(app, client, smtp_server):
    with app.app_context():
        kebs = make_org("KEBS")
        setup_event(ApprovalPolicy.ORGANISERS, host=kebs)
        make_user(Role.ORGANISER, organisation=kebs, email="organiser@kebs.org")
        tbs = make_org("TBS", country="TZ")
        make_user(email="delegate@example.org", organisation=tbs)
        db.session.commit()
        tbs_id = tbs.id
    sign_in(client, "delegate@example.org")
    submit(client, "/events/workshop/register", form(tbs_id))
    assert smtp_server.to("organiser@kebs.org")[0]["Subject"].startswith("To approve")
    client = app.test_client()
    sign_in(client, "organiser@kebs.org")
    page = client.get("/events/workshop/registrations").get_data(as_text=True)
    assert "delegate@example.org" in page and "Pending approval" in page
    with app.app_context():
        registration_id = registration_of("delegate@example.org").id
    submit(client, f"/registrations/{registration_id}/approve", {},
           page="/events/workshop/registrations")
    with app.app_context():
        assert registration_of("delegate@example.org").status is RegistrationStatus.APPROVED


def test_a_full_meeting_waitlists_and_a_cancellation_promotes_the_next(app, client,
                                                                       smtp_server):
    with app.app_context():
        org = make_org("ICONTEC", country="CO")
        event = setup_event(capacity=1, title="Small workshop")
        make_registration(event, make_user(email="first@icontec.org", organisation=org).person)
        make_user(email="second@icontec.org", organisation=org)
        db.session.commit()
        org_id = org.id
    sign_in(client, "second@icontec.org")
    submit(client, "/events/workshop/register", form(org_id))
    assert "number 1 on the waiting list" in client.get("/my/meetings").get_data(as_text=True)
    assert smtp_server.to("second@icontec.org")[0]["Subject"] == \
        "On the waiting list: Small workshop"
    client = app.test_client()
    sign_in(client, "first@icontec.org")
    with app.app_context():
        first_id = registration_of("first@icontec.org").id
    submit(client, f"/registrations/{first_id}/cancel", CONFIRMED, page="/my/meetings")
    with app.app_context():
        assert registration_of("first@icontec.org").status is RegistrationStatus.CANCELLED
        promoted = registration_of("second@icontec.org")
        assert promoted.status is RegistrationStatus.APPROVED
        assert promoted.waitlist_position is None
    promotion = smtp_server.to("second@icontec.org")[-1]
    assert promotion["Subject"] == "A place for you: Small workshop"
    assert any(part.get_filename() == "workshop.ics" for part in promotion.walk())
    assert smtp_server.to("first@icontec.org")[-1]["Subject"] == \
        "Registration cancelled: Small workshop"


def test_only_the_delegate_their_focal_point_or_organisers_cancel(app, client):
    with app.app_context():
        org = make_org("INEN", country="EC")
        event = setup_event()
        registration = make_registration(event, make_user(organisation=org).person)
        make_user(email="stranger@example.org")
        db.session.commit()
        registration_id = registration.id
    sign_in(client, "stranger@example.org")
    response = submit(client, f"/registrations/{registration_id}/cancel", CONFIRMED,
                      page="/my/meetings")
    assert response.status_code == 403


def test_organisers_reorder_and_release_the_waiting_list(app, client, smtp_server):
    with app.app_context():
        kebs = make_org("KEBS")
        event = setup_event(capacity=1, host=kebs, title="Plenary")
        make_registration(event, make_user(organisation=kebs).person)
        waiting = []
        for position in (1, 2, 3):
            user = make_user(email=f"w{position}@example.org", organisation=kebs)
            waiting.append(make_registration(event, user.person,
                                             status=RegistrationStatus.WAITLISTED,
                                             waitlist_position=position).id)
        make_user(Role.ORGANISER, organisation=kebs, email="organiser@kebs.org")
        db.session.commit()
    sign_in(client, "organiser@kebs.org")
    submit(client, f"/registrations/{waiting[2]}/position", {"position": "1"},
           page="/events/workshop/registrations")
    with app.app_context():
        order = [email for email, in db.session.execute(
            select(Person.email).join(Registration)
            .where(Registration.status == RegistrationStatus.WAITLISTED)
            .order_by(Registration.waitlist_position))]
        assert order == ["w3@example.org", "w1@example.org", "w2@example.org"]
    submit(client, "/events/workshop/waiting-list/release", CONFIRMED,
           page="/events/workshop/registrations")
    with app.app_context():
        statuses = db.session.scalars(select(Registration.status).where(
            Registration.id.in_(waiting))).all()
        assert set(statuses) == {RegistrationStatus.CANCELLED}
    for position in (1, 2, 3):
        mail = smtp_server.to(f"w{position}@example.org")[-1]
        assert mail["Subject"] == "Registration cancelled: Plenary"
        assert "The waiting list was closed by the organisers." in text_of(mail)


def test_more_places_in_the_settings_promote_the_waiting_list(app, client, smtp_server):
    with app.app_context():
        kebs = make_org("KEBS")
        event = setup_event(capacity=1, host=kebs, timezone="Europe/Zurich")
        make_registration(event, make_user(organisation=kebs).person)
        waiting = make_user(email="waiting@example.org", organisation=kebs)
        make_registration(event, waiting.person, status=RegistrationStatus.WAITLISTED,
                          waitlist_position=1)
        make_user(Role.ORGANISER, organisation=kebs, email="organiser@kebs.org")
        db.session.commit()
    sign_in(client, "organiser@kebs.org")
    settings = {"eligibility": "open", "regional_body": "0", "approval_policy": "automatic",
                "public_list": "consenting", "participants_list": "all",
                "opens_at": "2030-01-05T09:00", "closes_at": "2030-06-30T18:00"}
    page = submit(client, "/events/workshop/registration/settings",
                  {**settings, "capacity": "0"}).get_data(as_text=True)
    assert "At least one place, or leave empty for no limit." in page
    response = submit(client, "/events/workshop/registration/settings",
                      {**settings, "capacity": "2"})
    assert response.status_code == 302
    with app.app_context():
        assert registration_of("waiting@example.org").status is RegistrationStatus.APPROVED
        event = db.session.scalar(select(Event).where(Event.slug == "workshop"))
        assert event.capacity == 2
        # Typed in the meeting's zone: 09:00 in Zurich in January is 08:00 UTC, and 18:00 in
        # June (summer time) is 16:00 UTC.
        assert event.registration_opens_at == datetime(2030, 1, 5, 8, 0, tzinfo=UTC)
        assert event.registration_closes_at == datetime(2030, 6, 30, 16, 0, tzinfo=UTC)
        assert event.registration_settings.public_list is ListVisibility.CONSENTING
    assert smtp_server.to("waiting@example.org")[-1]["Subject"].startswith("A place for you")
    page = submit(client, "/events/workshop/registration/settings",
                  {**settings, "capacity": "1"}).get_data(as_text=True)
    assert "2 places are already taken; the capacity cannot be lower." in page


def test_only_organisers_change_registration_settings(app, client):
    with app.app_context():
        setup_event()
        make_user(email="delegate@example.org")
        db.session.commit()
    sign_in(client, "delegate@example.org")
    assert client.get("/events/workshop/registration/settings").status_code == 403
    assert client.get("/events/workshop/registrations").status_code == 403
    assert client.get("/events/workshop/registrations.csv").status_code == 403


def test_registering_needs_a_confirmed_email(app, client):
    from events.auth.accounts import create_user
    from tests.factories import PASSWORD

    with app.app_context():
        org = make_org("IBNORCA", country="BO")
        setup_event()
        create_user("new@ibnorca.org", "New Person", PASSWORD, organisation=org,
                    confirmed=False)
        db.session.commit()
        org_id = org.id
    sign_in(client, "new@ibnorca.org")
    page = submit(client, "/events/workshop/register", form(org_id)).get_data(as_text=True)
    assert "Confirm your email address first" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_a_draft_event_takes_no_registration(app, client):
    from events.models import EventStatus

    with app.app_context():
        setup_event(status=EventStatus.DRAFT)
        make_user(email="delegate@example.org")
        db.session.commit()
    sign_in(client, "delegate@example.org")
    assert client.get("/events/workshop/register").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(app, client):
    with app.app_context():
        setup_event()
        db.session.commit()
    response = client.get("/events/workshop/register")
    assert response.status_code == 302 and response.location.startswith("/sign-in")


def test_a_person_registered_by_a_focal_point_can_sign_up_and_find_the_meeting(app, client):
    with app.app_context():
        unit = make_org("UNIT", country="UY")
        event = setup_event()
        focal_point = make_user(Role.FOCAL_POINT, organisation=unit)
        person = Person(given_name="Rosa", family_name="Núñez", email="rosa@unit.org.uy",
                        organisation=unit)
        db.session.add(person)
        make_registration(event, person, registered_by=focal_point)
        db.session.commit()
    response = submit(client, "/sign-up", {"name": "Rosa Núñez", "email": "rosa@unit.org.uy",
                                           "password": "a long enough password",
                                           "confirm": "a long enough password"})
    assert response.status_code == 200
    assert "workshop" in client.get("/my/meetings").get_data(as_text=True).lower()
    with app.app_context():
        assert db.session.scalar(select(func.count(Person.id))) == 2  # adopted, not copied
        assert db.session.scalar(select(User).where(User.email == "rosa@unit.org.uy")
                                 ).person.family_name == "Núñez"


def test_arrival_and_departure_must_fit_the_meeting(app, client):
    with app.app_context():
        org = make_org("INN", country="CL")
        setup_event(start=datetime(2031, 4, 28, 13, 0, tzinfo=UTC))
        make_user(email="eva@inn.cl", organisation=org)
        db.session.commit()
        org_id = org.id
    sign_in(client, "eva@inn.cl")
    page = submit(client, "/events/workshop/register", form(
        org_id, arrival_date="2031-04-29", departure_date="2031-04-20")).get_data(as_text=True)
    assert "The departure date is before the arrival date." in page
    page = submit(client, "/events/workshop/register", form(
        org_id, arrival_date="2031-05-03")).get_data(as_text=True)
    assert "The arrival date is after the meeting ends." in page


def test_the_event_page_says_whether_registration_is_open(app, client):
    with app.app_context():
        setup_event(slug="open")
        later = setup_event(slug="later")
        later.registration_opens_at = NOW + timedelta(days=3)
        closed = setup_event(slug="closed")
        closed.registration_closes_at = NOW - timedelta(days=3)
        db.session.commit()
    assert 'href="/events/open/register"' in client.get("/events/open/").get_data(as_text=True)
    page = client.get("/events/later/").get_data(as_text=True)
    assert "Registration opens on" in page and "/register" not in page
    page = html.unescape(client.get("/events/closed/").get_data(as_text=True))
    assert "your NSB's focal point can still register you" in page


def test_a_meeting_that_is_over_keeps_its_registrations(app, client):
    with app.app_context():
        org = make_org("KEBS")
        event = setup_event(start=NOW - timedelta(days=2))
        user = make_user(email="past@kebs.org", organisation=org)
        registration = make_registration(event, user.person)
        db.session.commit()
        registration_id = registration.id
    sign_in(client, "past@kebs.org")
    page = client.get("/my/meetings").get_data(as_text=True)
    assert "Cancel registration" not in page
    response = submit(client, f"/registrations/{registration_id}/cancel", CONFIRMED,
                      page="/my/meetings", follow_redirects=True)
    assert "This meeting is over" in response.get_data(as_text=True)
    with app.app_context():
        assert registration_of("past@kebs.org").status is RegistrationStatus.APPROVED


def test_a_focal_points_long_list_is_found_in_sorted_and_paged(app, client):
    """Years of meetings add up: INEN's 61 registrations come 50 to a page, what waits for a
    decision first; a name, a meeting or a status finds the rest."""
    with app.app_context():
        inen = make_org("INEN", country="EC")
        plenary = setup_event(ApprovalPolicy.FOCAL_POINT, title="41st Plenary")
        workshop = setup_event(ApprovalPolicy.FOCAL_POINT, title="Market surveillance",
                               slug="market-surveillance")
        for number in range(60):
            person = make_user(email=f"d{number:02d}@inen.example", organisation=inen,
                               name=f"Delegate {number:02d}").person
            make_registration(plenary, person, inen)
        pending = make_user(email="paula@inen.example", organisation=inen, name="Paula Vélez")
        make_registration(workshop, pending.person, inen, status=RegistrationStatus.PENDING)
        make_user(Role.FOCAL_POINT, organisation=inen, email="fp@inen.example")
        db.session.commit()
    sign_in(client, "fp@inen.example")

    first = client.get("/orgs/INEN/delegates").get_data(as_text=True)
    assert "61 registrations" in first and "match" not in first  # nothing filtered yet
    assert "Show all" not in first
    assert first.index("Paula Vélez") < first.index("Delegate 00")  # waiting first
    assert first.count("<tr>") + first.count('<tr class="row-pending">') == 51  # 50 + header
    assert 'aria-label="Pages of registrations"' in first
    second = client.get("/orgs/INEN/delegates?page=2").get_data(as_text=True)
    assert "Delegate 49" in second and "Delegate 48" not in second

    for query in ({"q": "velez"}, {"q": "market"}, {"status": "pending"}):
        found = client.get("/orgs/INEN/delegates", query_string=query).get_data(as_text=True)
        assert "1 registration matches" in found and "Paula Vélez" in found
        assert "Delegate 00" not in found and "Show all" in found
    # The form shows what was asked for.
    assert '<option value="pending" selected>' in found
    by_name = client.get("/orgs/INEN/delegates?sort=name&order=desc").get_data(as_text=True)
    assert by_name.index("Paula Vélez") < by_name.index("Delegate 59")

    # A decision sends the focal point back to the list as they left it, never elsewhere.
    with app.app_context():
        paula = registration_of("paula@inen.example", "market-surveillance").id
    page = "/orgs/INEN/delegates?status=pending"
    back = submit(client, f"/registrations/{paula}/approve", {"next": page}, page=page)
    assert back.location == page
    with app.app_context():
        other = registration_of("d00@inen.example").id
    away = submit(client, f"/registrations/{other}/cancel",
                  {"next": "/\\evil.example/", "confirmed": "yes"}, page=page)
    assert away.location == "/my/meetings"
