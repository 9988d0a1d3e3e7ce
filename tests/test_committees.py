"""The committee as it is: its page, its groups, experts nominated and accepted, and the
meetings of a group open to its experts, approved by its convenor."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import func, select

from events.agenda.deadlines import deadlines_for
from events.committees import experts
from events.committees.queries import find_committee
from events.extensions import db
from events.models import (
    ApprovalPolicy,
    Committee,
    CommitteeMembership,
    CommitteeOfficer,
    CommitteeStatus,
    Eligibility,
    Event,
    EventKind,
    EventMode,
    ExpertStatus,
    OfficerRole,
    Organisation,
    OrganisationKind,
    Person,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    Role,
    Subgroup,
    SubgroupExpert,
    SubgroupKind,
    SubgroupLiaison,
    SubgroupMeeting,
    User,
)
from events.registration import operations
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_person, make_user

DEMO_PASSWORD = "plenaria-demo-2019"


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def text_of(message) -> str:
    """The plain-text body of a received mail, decoded."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


# A committee with a working group, built from factories -------------------------------------

def make_committee(code: str = "ISO/CASCO") -> Committee:
    committee = Committee(code=code, name="Committee on conformity assessment")
    db.session.add(committee)
    db.session.flush()
    return committee


def member(committee: Committee, org: Organisation, status: CommitteeStatus) -> Organisation:
    db.session.add(CommitteeMembership(committee=committee, organisation=org, status=status))
    db.session.flush()
    return org


def make_group(committee: Committee, code: str = "WG 64", convenor: Person | None = None,
               **values) -> Subgroup:
    group = Subgroup(committee=committee, code=code, kind=values.pop(
        "kind", SubgroupKind.WORKING_GROUP), title=values.pop("title", "Persons certification"),
        convenor=convenor, **values)
    db.session.add(group)
    db.session.flush()
    return group


def make_secretary(committee: Committee, email: str = "secretary@casco.example") -> User:
    user = make_user(email=email, name="Ioana Drăgulescu")
    db.session.add(CommitteeOfficer(committee=committee, person=user.person,
                                    role=OfficerRole.SECRETARY, starts_on=date(2018, 1, 1)))
    db.session.flush()
    return user


def accepted_expert(group: Subgroup, person: Person, nominated_by: Organisation,
                    starts_on: date = date(2025, 1, 1), ends_on: date | None = None
                    ) -> SubgroupExpert:
    expert = SubgroupExpert(subgroup=group, person=person, nominated_by=nominated_by,
                            status=ExpertStatus.ACCEPTED, starts_on=starts_on, ends_on=ends_on)
    db.session.add(expert)
    db.session.flush()
    return expert


def group_meeting(group: Subgroup, *, start: datetime | None = None,
                  timezone: str = "Africa/Nairobi", mode: EventMode = EventMode.ONSITE,
                  slug: str = "wg64-meeting") -> Event:
    start = start or datetime(2027, 3, 16, 6, 0, tzinfo=UTC)
    event = make_event(slug, start=start, timezone=timezone, kind=EventKind.WORKING_GROUP,
                       committee=group.committee, mode=mode,
                       registration_opens_at=start - timedelta(weeks=24),
                       registration_closes_at=start - timedelta(weeks=1))
    event.registration_settings = RegistrationSettings(
        eligibility=Eligibility.GROUP_EXPERTS, approval_policy=ApprovalPolicy.FOCAL_POINT)
    event.subgroup_meeting = SubgroupMeeting(subgroup=group)
    db.session.flush()
    return event


def register(event: Event, user: User, org: Organisation) -> Registration:
    """Register `user` for `event` for `org`, as the registration page does (committed)."""
    db.session.commit()  # registering starts its own transaction, holding the seat lock
    registration = operations.register(
        event, user.person, operations.RegistrationRequest(organisation_id=org.id),
        by=user).registration
    db.session.commit()
    return registration


# The demo's ISO/CASCO -----------------------------------------------------------------------

def test_the_demo_committee_page_shows_officers_groups_liaisons_and_meetings(app, client,
                                                                              demo):
    with app.app_context():
        casco = find_committee("ISO/CASCO")
        p_count = db.session.scalar(select(func.count()).where(
            CommitteeMembership.committee_id == casco.id,
            CommitteeMembership.status == CommitteeStatus.P))
        o_count = db.session.scalar(select(func.count()).where(
            CommitteeMembership.committee_id == casco.id,
            CommitteeMembership.status == CommitteeStatus.O))
    text = page_text(client.get("/committees/ISO/CASCO"))
    # 陳 (the family name) first, as Chinese writes it.
    for officer in ("Chair", "Wanjiru Otieno", "Vice-chair", "Committee secretary",
                    "Ioana Drăgulescu", "ISO technical programme manager",
                    "ISO editorial manager", "陳雅婷", "1970"):
        assert officer in text
    for group in ("AHG", "CPC", "STAR", "TIG", "STTF", "WG 30", "WG 31", "WG 61", "WG 64",
                  "WG 65", "JWG 58", "JWG 62", "JWG 63"):
        assert f">{group}</a>" in text
    assert 'Wanjiru Otieno <span class="muted">(1 Jan 2024 to 31 Dec 2026)' in text  # a term
    assert 'Ioana Drăgulescu <span class="muted">(since 1 Jan 2018)' in text
    assert "Joint with ISO/TC 85 · led by ISO/CASCO" in text
    assert "led by ISO/TC 207" in text  # the JWGs ISO/TC 207 hosts
    assert f"{p_count} P-members, {o_count} O-members" in text
    for liaison in ("IAF", "ILAC", "UNIDO", "NQSA"):
        assert f">{liaison}</a>" in text
    to_part, from_part = (text.split("Liaison committees to this committee")[1]
                          .split("Liaison committees from this committee"))
    assert "ISO/TC 212" in to_part and "ISO/TC 212" not in from_part
    assert "ISO/TC 232" in from_part
    assert "34th ISO/CASCO Plenary" in text and "ISO/CASCO WG 64 meeting, Berlin" in text
    # No one's email is on the public page.
    assert "@casco.example" not in text and "@din.example" not in text


def test_the_committee_page_in_french(app, client, demo):
    text = page_text(client.get("/committees/ISO/CASCO?lang=fr"))
    assert "Groupes de travail" in text or "Groupe de travail" in text
    assert "Secrétaire du comité" in text
    assert "membres P" in text


def test_the_demo_wg64_meeting_admits_its_experts_and_refuses_other_delegates(app, client,
                                                                               demo, smtp_server):
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug.like("casco-wg64-berlin-%")))
        slug = event.slug
        din = db.session.scalar(select(Organisation).where(Organisation.acronym == "DIN"))
        kebs = db.session.scalar(select(Organisation).where(Organisation.acronym == "KEBS"))
        din_id, kebs_id = din.id, kebs.id
        # Directives deadline of a working group: agenda 6 weeks before (hybrid meeting).
        agenda = next(d for d in deadlines_for([event])[event.id]
                      if d.kind.value == "wg_agenda")
        assert agenda.due_at == event.starts_at - timedelta(weeks=6)
    sign_in(client, "expert@din.example", DEMO_PASSWORD)
    assert "Experts of the group holding the meeting: ISO/CASCO WG 64." in page_text(
        client.get(f"/events/{slug}/register"))
    response = submit(client, f"/events/{slug}/register",
                      {"organisation": str(din_id), "role": "expert",
                       "attendance_type": "onsite"})
    assert response.status_code == 302
    client = app.test_client()
    sign_in(client, "focal-point@kebs.example", DEMO_PASSWORD)
    refused = page_text(submit(client, f"/events/{slug}/register/someone", {
        "organisation": str(kebs_id), "role": "delegate", "attendance_type": "onsite",
        "email": "juma.odhiambo@kebs.example", "given_name": "Juma",
        "family_name": "Odhiambo"}))
    assert ("Juma Odhiambo is not an expert of ISO/CASCO WG 64 on the day of the meeting"
            in refused)
    with app.app_context():
        registrations = db.session.scalars(select(Registration).join(Event)
                                           .where(Event.slug == slug)).all()
        assert [r.person.email for r in registrations] == ["expert@din.example"]
        assert registrations[0].status is RegistrationStatus.PENDING
    # The convenor approves it, from the group's registrations.
    client = app.test_client()
    sign_in(client, "wg64@casco.example", DEMO_PASSWORD)
    with app.app_context():
        registration_id = registrations[0].id
        group_id = db.session.scalar(select(Subgroup.id).where(Subgroup.code == "WG 64"))
    desk = f"/committees/ISO/CASCO/groups/{group_id}/registrations"
    [to_approve] = smtp_server.to("wg64@casco.example")
    assert desk in text_of(to_approve)  # the convenor decides from the group's desk
    assert "Ольга Петрова" in page_text(client.get(desk))
    response = submit(client, f"/registrations/{registration_id}/approve",
                      {"next": desk}, page=desk)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Registration, registration_id).status \
            is RegistrationStatus.APPROVED


def test_a_focal_point_nominates_an_expert_and_the_secretary_accepts(app, client, demo,
                                                                    smtp_server):
    with app.app_context():
        group_id = db.session.scalar(select(Subgroup.id).where(Subgroup.code == "WG 64"))
        kebs_id = db.session.scalar(select(Organisation.id).where(
            Organisation.acronym == "KEBS"))
    nominate = f"/committees/ISO/CASCO/groups/{group_id}/nominate"
    sign_in(client, "focal-point@kebs.example", DEMO_PASSWORD)
    response = submit(client, nominate, {"organisation": str(kebs_id),
                                         "email": "n.achieng@kebs.example",
                                         "given_name": "Nafula", "family_name": "Achieng"})
    assert response.status_code == 302
    assert "Nafula Achieng" in page_text(client.get(nominate))
    [to_decide] = smtp_server.to("secretary@casco.example")
    assert to_decide["Subject"] == "To decide: Nafula Achieng nominated to WG 64"
    client = app.test_client()
    sign_in(client, "secretary@casco.example", DEMO_PASSWORD)
    page = page_text(client.get("/committees/ISO/CASCO/nominations"))
    assert "Nafula Achieng" in page and "KEBS" in page
    with app.app_context():
        expert = db.session.scalar(select(SubgroupExpert).join(Person).where(
            Person.email == "n.achieng@kebs.example"))
        expert_id = expert.id
        assert expert.status is ExpertStatus.NOMINATED
    response = submit(client, f"/committees/ISO/CASCO/nominations/{expert_id}/accept",
                      {"starts_on": "2026-12-01"}, page="/committees/ISO/CASCO/nominations")
    assert response.status_code == 302
    with app.app_context():
        expert = db.session.get(SubgroupExpert, expert_id)
        assert expert.status is ExpertStatus.ACCEPTED
        assert expert.starts_on == date(2026, 12, 1)
        assert expert.nominated_by.acronym == "KEBS"
        assert expert.decided_by.email == "secretary@casco.example"
    [decided] = smtp_server.to("focal-point@kebs.example")
    assert decided["Subject"] == "Nomination to WG 64: Nafula Achieng, Accepted"


# Who nominates ------------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "may"), [
    (CommitteeStatus.P, True), (CommitteeStatus.O, False), (CommitteeStatus.A, True),
    (CommitteeStatus.B, False), (CommitteeStatus.C, False),
])
def test_who_may_nominate_experts(app_ctx, status, may):
    committee = make_committee()
    kind = OrganisationKind.NSB if status in (CommitteeStatus.P, CommitteeStatus.O) \
        else OrganisationKind.LIAISON
    org = member(committee, make_org("BODY", kind=kind, country="CO"), status)
    group = make_group(committee)
    focal_point = make_user(Role.FOCAL_POINT, organisation=org)
    if may:
        expert = experts.nominate(group, org, email="ana@body.example", given_name="Ana",
                                  family_name="Restrepo", by=focal_point)
        assert expert.status is ExpertStatus.NOMINATED
    else:
        with pytest.raises(experts.ExpertRefused, match="cannot nominate experts to WG 64"):
            experts.nominate(group, org, email="ana@body.example", given_name="Ana",
                             family_name="Restrepo", by=focal_point)
        assert db.session.scalar(select(func.count(SubgroupExpert.id))) == 0


def test_a_d_liaison_nominates_to_its_own_group_only(app_ctx):
    committee = make_committee()
    liaison = make_org("EUROLAB", kind=OrganisationKind.LIAISON, country=None)
    wg64, wg65 = make_group(committee), make_group(committee, "WG 65")
    db.session.add(SubgroupLiaison(subgroup=wg64, organisation=liaison))
    focal_point = make_user(Role.FOCAL_POINT, organisation=liaison)
    experts.nominate(wg64, liaison, email="k@eurolab.example", given_name="Κώστας",
                     family_name="Γεωργίου", by=focal_point)
    with pytest.raises(experts.ExpertRefused):
        experts.nominate(wg65, liaison, email="k@eurolab.example", given_name="Κώστας",
                         family_name="Γεωργίου", by=focal_point)


def test_a_focal_point_cannot_nominate_for_another_nsb(app_ctx):
    committee = make_committee()
    icontec = member(committee, make_org("ICONTEC", country="CO"), CommitteeStatus.P)
    inen = member(committee, make_org("INEN", country="EC"), CommitteeStatus.P)
    group = make_group(committee)
    focal_point = make_user(Role.FOCAL_POINT, organisation=icontec)
    with pytest.raises(experts.ExpertRefused):
        experts.nominate(group, inen, email="x@inen.example", given_name="",
                         family_name="Quispe", by=focal_point)


def test_a_person_is_nominated_once_while_the_nomination_is_in_play(app_ctx):
    committee = make_committee()
    kebs = member(committee, make_org("KEBS"), CommitteeStatus.P)
    group = make_group(committee)
    focal_point = make_user(Role.FOCAL_POINT, organisation=kebs)
    secretary = make_secretary(committee)
    first = experts.nominate(group, kebs, email="w@kebs.example", given_name="Wanjiku",
                             family_name="Njoroge", by=focal_point)
    with pytest.raises(experts.ExpertRefused, match="already an expert of WG 64"):
        experts.nominate(group, kebs, email="W@KEBS.example", given_name="Wanjiku",
                         family_name="Njoroge", by=focal_point)
    experts.decline(first, "The group is full until the next revision.", by=secretary)
    again = experts.nominate(group, kebs, email="w@kebs.example", given_name="Wanjiku",
                             family_name="Njoroge", by=focal_point)
    assert again.status is ExpertStatus.NOMINATED


def test_only_the_secretary_decides_and_a_decline_says_why(app_ctx):
    committee = make_committee()
    kebs = member(committee, make_org("KEBS"), CommitteeStatus.P)
    group = make_group(committee)
    focal_point = make_user(Role.FOCAL_POINT, organisation=kebs)
    secretary = make_secretary(committee)
    nomination = experts.nominate(group, kebs, email="w@kebs.example", given_name="Wanjiku",
                                  family_name="Njoroge", by=focal_point)
    with pytest.raises(experts.ExpertRefused, match="Only the secretary of ISO/CASCO"):
        experts.accept(nomination, by=focal_point)
    with pytest.raises(experts.ExpertRefused, match="Say why"):
        experts.decline(nomination, "  ", by=secretary)
    with pytest.raises(experts.ExpertRefused, match="cannot end before it starts"):
        experts.accept(nomination, by=secretary, starts_on=date(2027, 1, 1),
                       ends_on=date(2026, 1, 1))
    assert nomination.status is ExpertStatus.NOMINATED
    experts.accept(nomination, by=secretary, starts_on=date(2026, 1, 1))
    with pytest.raises(experts.ExpertRefused, match="already decided"):
        experts.decline(nomination, "Late", by=secretary)


def test_a_former_secretary_no_longer_decides(app_ctx):
    committee = make_committee()
    kebs = member(committee, make_org("KEBS"), CommitteeStatus.P)
    group = make_group(committee)
    focal_point = make_user(Role.FOCAL_POINT, organisation=kebs)
    former = make_secretary(committee, "former@casco.example")
    former_office = db.session.scalar(select(CommitteeOfficer))
    former_office.ends_on = date(2020, 12, 31)
    nomination = experts.nominate(group, kebs, email="w@kebs.example", given_name="Wanjiku",
                                  family_name="Njoroge", by=focal_point)
    with pytest.raises(experts.ExpertRefused):
        experts.accept(nomination, by=former)


# Meetings of a group ------------------------------------------------------------------------

def test_a_group_meeting_admits_experts_convenor_and_committee_secretary_only(app_ctx):
    committee = make_committee()
    din = member(committee, make_org("DIN", country="DE"), CommitteeStatus.P)
    convenor = make_user(email="convenor@casco.example", name="Αλέξανδρος Νικολάου")
    group = make_group(committee, convenor=convenor.person)
    secretary = make_secretary(committee)
    expert = make_user(email="olga@din.example", name="Ольга Петрова")
    accepted_expert(group, expert.person, din)
    former = make_user(email="former@din.example", name="Former Expert")
    accepted_expert(group, former.person, din, ends_on=date(2026, 6, 30))
    outsider = make_user(email="hans@din.example", name="Hans Müller")
    event = group_meeting(group)
    for user in (expert, convenor, secretary):
        assert register(event, user, din).status is RegistrationStatus.PENDING
    for user in (former, outsider):
        with pytest.raises(operations.RegistrationRefused, match="is not an expert of "
                           "ISO/CASCO WG 64 on the day of the meeting"):
            register(event, user, din)


def test_expert_membership_is_judged_on_the_meetings_local_day(app_ctx):
    """An evening meeting in Bogotá is the next day in UTC: a membership starting on the
    local day counts, one starting on the UTC day does not."""
    committee = make_committee()
    icontec = member(committee, make_org("ICONTEC", country="CO"), CommitteeStatus.P)
    group = make_group(committee)
    # 16 March 2027, 19:00 in Bogotá (UTC−5) is 17 March, 00:00 UTC.
    event = group_meeting(group, start=datetime(2027, 3, 17, 0, 0, tzinfo=UTC),
                          timezone="America/Bogota", mode=EventMode.ONLINE)
    on_time = make_user(email="camilo@icontec.example", name="Camilo Pérez")
    accepted_expert(group, on_time.person, icontec, starts_on=date(2027, 3, 16))
    a_day_late = make_user(email="lucia@icontec.example", name="Lucía Gómez")
    accepted_expert(group, a_day_late.person, icontec, starts_on=date(2027, 3, 17))
    register(event, on_time, icontec)
    with pytest.raises(operations.RegistrationRefused):
        register(event, a_day_late, icontec)
    # An online working group meeting: agenda 4 weeks before.
    agenda = next(d for d in deadlines_for([event])[event.id] if d.kind.value == "wg_agenda")
    assert agenda.due_at == event.starts_at - timedelta(weeks=4)


def test_the_convenor_approves_group_meeting_registrations_not_the_focal_point(app_ctx):
    committee = make_committee()
    sabs = member(committee, make_org("SABS", country="ZA"), CommitteeStatus.P)
    convenor = make_user(email="convenor@casco.example", name="Thandiwe Nkosi")
    group = make_group(committee, convenor=convenor.person)
    # Berlin, a zone with summer time.
    event = group_meeting(group, timezone="Europe/Berlin",
                          start=datetime(2027, 3, 30, 7, 0, tzinfo=UTC))
    expert = make_user(email="sipho@sabs.example", name="Sipho Dlamini")
    accepted_expert(group, expert.person, sabs)
    focal_point = make_user(Role.FOCAL_POINT, organisation=sabs)
    registration = register(event, expert, sabs)
    from events.auth.permissions import can
    from events.registration.notifications import approvers

    assert can("registration.decide", convenor, registration=registration)
    assert not can("registration.decide", focal_point, registration=registration)
    assert approvers(registration) == [convenor]


# Pages and permissions ----------------------------------------------------------------------

def _setup_pages() -> dict[str, object]:
    committee = make_committee()
    kebs = member(committee, make_org("KEBS"), CommitteeStatus.P)
    esa = member(committee, make_org("ESA", country="ET"), CommitteeStatus.O)
    convenor = make_user(email="convenor@casco.example", name="Αλέξανδρος Νικολάου")
    group = make_group(committee, convenor=convenor.person)
    make_secretary(committee)
    make_user(Role.SECRETARIAT, email="secretariat@plenaria.example")
    make_user(Role.FOCAL_POINT, organisation=kebs, email="fp@kebs.example")
    make_user(Role.FOCAL_POINT, organisation=esa, email="fp@esa.example")
    expert = make_user(email="olga@kebs.example", name="Ольга Петрова")
    nomination = accepted_expert(group, expert.person, kebs)
    nomination.status = ExpertStatus.NOMINATED
    make_user(email="someone@example.org", name="Somchai Jaidee")
    db.session.commit()
    return {"group": group.id, "expert": nomination.id}


# Who gets what on each committee page: 200, 403, or sent to sign in (302).
PAGES = {
    "/committees/ISO/CASCO/nominations": {
        None: 302, "someone@example.org": 403, "fp@kebs.example": 403,
        "convenor@casco.example": 403, "secretary@casco.example": 200,
        "secretariat@plenaria.example": 200},
    "/committees/ISO/CASCO/import": {
        None: 302, "fp@kebs.example": 403, "convenor@casco.example": 403,
        "secretary@casco.example": 200},
    "/committees/ISO/CASCO/groups/{group}/nominate": {
        None: 302, "someone@example.org": 403, "fp@esa.example": 403,
        "secretary@casco.example": 403, "fp@kebs.example": 200},
    "/committees/ISO/CASCO/groups/{group}/registrations": {
        None: 302, "fp@kebs.example": 403, "olga@kebs.example": 403,
        "convenor@casco.example": 200, "secretary@casco.example": 200},
    "/committees/ISO/CASCO/groups/{group}": {None: 200, "someone@example.org": 200},
    "/committees/ISO/CASCO": {None: 200},
    "/committees/": {None: 200},
}


@pytest.mark.parametrize("path", list(PAGES))
def test_who_may_open_each_committee_page(app, path):
    with app.app_context():
        ids = _setup_pages()
    url = path.format(**ids)
    for email, expected in PAGES[path].items():
        client = app.test_client()
        if email:
            sign_in(client, email)
        assert client.get(url).status_code == expected, (url, email)


def test_decisions_on_nominations_are_the_secretarys(app):
    with app.app_context():
        ids = _setup_pages()
    accept = f"/committees/ISO/CASCO/nominations/{ids['expert']}/accept"
    decline = f"/committees/ISO/CASCO/nominations/{ids['expert']}/decline"
    group_page = f"/committees/ISO/CASCO/groups/{ids['group']}"
    for email in ("fp@kebs.example", "convenor@casco.example"):
        client = app.test_client()
        sign_in(client, email)
        assert submit(client, accept, page=group_page).status_code == 403
        assert submit(client, decline, {"reason": "No"}, page=group_page).status_code == 403
    client = app.test_client()
    sign_in(client, "secretary@casco.example")
    refused = submit(client, decline, {"reason": ""}, page="/committees/ISO/CASCO/nominations",
                     follow_redirects=True)
    assert "Say why the nomination is declined" in page_text(refused)
    with app.app_context():
        assert db.session.get(SubgroupExpert, ids["expert"]).status is ExpertStatus.NOMINATED
    # Another committee's address does not reach this committee's nominations.
    with app.app_context():
        make_committee("ISO/TC 176")
        db.session.commit()
    client = app.test_client()
    sign_in(client, "secretariat@plenaria.example")
    assert submit(client, accept.replace("ISO/CASCO", "ISO/TC 176"),
                  page="/committees/ISO/CASCO/nominations").status_code == 404


def test_expert_names_are_shown_only_to_the_people_who_work_with_the_group(app):
    with app.app_context():
        ids = _setup_pages()
        db.session.get(SubgroupExpert, ids["expert"]).status = ExpertStatus.ACCEPTED
        db.session.commit()
    url = f"/committees/ISO/CASCO/groups/{ids['group']}"
    client = app.test_client()
    assert "Ольга Петрова" not in page_text(client.get(url))
    sign_in(client, "someone@example.org")
    assert "Ольга Петрова" not in page_text(client.get(url))
    for email in ("convenor@casco.example", "fp@kebs.example", "olga@kebs.example",
                  "secretary@casco.example"):
        client = app.test_client()
        sign_in(client, email)
        assert "Ольга Петрова" in page_text(client.get(url)), email


def test_a_nomination_form_with_a_bad_email_changes_nothing(app, client):
    with app.app_context():
        ids = _setup_pages()
        kebs_id = db.session.scalar(select(Organisation.id).where(
            Organisation.acronym == "KEBS"))
    sign_in(client, "fp@kebs.example")
    url = f"/committees/ISO/CASCO/groups/{ids['group']}/nominate"
    response = submit(client, url, {"organisation": str(kebs_id), "email": "not-an-email",
                                    "family_name": "Kariuki"})
    assert response.status_code == 200
    assert "Give an email address such as name@example.org." in page_text(response)
    response = submit(client, url, {"organisation": "999999", "email": "a@kebs.example",
                                    "family_name": "Kariuki"})
    assert "Choose the organisation nominating the expert from the list." in page_text(
        response)
    with app.app_context():
        assert db.session.scalar(select(func.count(SubgroupExpert.id))) == 1


def test_the_secretary_makes_a_working_group_meeting_the_groups(app, client):
    with app.app_context():
        ids = _setup_pages()
        committee = find_committee("ISO/CASCO")
        start = datetime(2027, 5, 10, 7, 0, tzinfo=UTC)
        ours = make_event("wg64-bogota", start=start, timezone="America/Bogota",
                          kind=EventKind.WORKING_GROUP, committee=committee,
                          title="WG 64 in Bogotá")
        plenary = make_event("plenary", start=start, committee=committee)
        other = make_committee("ISO/TC 176")
        theirs = make_event("tc176-wg", start=start, kind=EventKind.WORKING_GROUP,
                            committee=other)
        db.session.commit()
        ours_id, plenary_id, theirs_id = ours.id, plenary.id, theirs.id
    url = f"/committees/ISO/CASCO/groups/{ids['group']}"
    sign_in(client, "convenor@casco.example")
    assert submit(client, url + "/meetings", {"event": str(ours_id)}, page=url) \
        .status_code == 403
    client = app.test_client()
    sign_in(client, "secretary@casco.example")
    page = page_text(client.get(url))
    assert "WG 64 in Bogotá" in page and "tc176-wg" not in page
    for refused in (plenary_id, theirs_id):
        response = submit(client, url + "/meetings", {"event": str(refused)},
                          follow_redirects=True)
        assert "Choose a working group meeting of ISO/CASCO that no group holds yet." \
            in page_text(response)
    submit(client, url + "/meetings", {"event": str(ours_id)})
    with app.app_context():
        event = db.session.get(Event, ours_id)
        assert event.subgroup_meeting.subgroup.code == "WG 64"
        assert event.registration_settings.eligibility is Eligibility.GROUP_EXPERTS
        assert db.session.get(Event, plenary_id).subgroup_meeting is None


def test_the_committee_page_reads_a_fixed_number_of_queries(app, client, count_queries):
    def grow(size: int) -> None:
        with app.app_context():
            committee = find_committee("ISO/CASCO") or make_committee()
            for _ in range(size):
                org = member(committee, make_org(), CommitteeStatus.P)
                convenor = make_person(org)
                group = make_group(committee, f"WG {org.id}", convenor=convenor)
                accepted_expert(group, make_person(org), org)
                db.session.add(CommitteeOfficer(committee=committee, person=convenor,
                                                role=OfficerRole.VICE_CHAIR))
                make_event(f"meeting-{org.id}", committee=committee)
            db.session.commit()

    grow(1)
    client.get("/committees/ISO/CASCO")
    with count_queries() as small:
        assert client.get("/committees/ISO/CASCO").status_code == 200
    grow(6)
    with count_queries() as large:
        page = page_text(client.get("/committees/ISO/CASCO"))
    assert page.count("Vice-chair") == 7
    assert large.count == small.count


def test_a_declined_nomination_is_told_to_the_focal_point_in_their_language(app, client,
                                                                            smtp_server):
    with app.app_context():
        ids = _setup_pages()
        expert = db.session.get(SubgroupExpert, ids["expert"])
        focal_point = db.session.scalar(select(User).where(User.email == "fp@kebs.example"))
        focal_point.language = "fr"
        expert.nominated_by_user = focal_point
        db.session.commit()
    sign_in(client, "secretary@casco.example")
    url = f"/committees/ISO/CASCO/nominations/{ids['expert']}/decline"
    submit(client, url, {"reason": "Le groupe est complet."},
           page="/committees/ISO/CASCO/nominations")
    [mail] = smtp_server.to("fp@kebs.example")
    assert str(make_header(decode_header(mail["Subject"]))) \
        == "Désignation au WG 64 : Ольга Петрова, Refusé"
    assert "Le groupe est complet." in text_of(mail)


def test_the_secretary_ends_an_experts_membership(app, client):
    with app.app_context():
        ids = _setup_pages()
        db.session.get(SubgroupExpert, ids["expert"]).status = ExpertStatus.ACCEPTED
        db.session.commit()
    group_page = f"/committees/ISO/CASCO/groups/{ids['group']}"
    end = f"/committees/ISO/CASCO/experts/{ids['expert']}/end"
    sign_in(client, "convenor@casco.example")
    assert submit(client, end, {"ends_on": "2026-12-31"}, page=group_page).status_code == 403
    client = app.test_client()
    sign_in(client, "secretary@casco.example")
    refused = submit(client, end, {"ends_on": "2020-01-01"}, page=group_page,
                     follow_redirects=True)
    assert "The membership cannot end before it starts." in page_text(refused)
    done = submit(client, end, {"ends_on": "2026-12-31"}, page=group_page,
                  follow_redirects=True)
    assert "Ольга Петрова is an expert of WG 64 until Thursday, 31 December 2026." \
        in page_text(done)
    with app.app_context():
        expert = db.session.get(SubgroupExpert, ids["expert"])
        assert expert.is_member_on(date(2026, 12, 31))
        assert not expert.is_member_on(date(2027, 1, 1))
