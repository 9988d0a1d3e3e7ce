"""Online prep sessions: Webex details kept private, invitations to NSBs by mail, and the
problems of remote participation."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
from sqlalchemy import select

from events.extensions import db
from events.models import (
    EventKind,
    EventMode,
    OrganisationKind,
    PrepInvitation,
    PrepSessionDetails,
    ProblemKind,
    RegionalMembership,
    RegionalStatus,
    RemoteProblemReport,
    Role,
)
from events.prep.problems import ProblemError, problem_summary, record_problems
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_person, make_registration, make_user

PREP = "/events/prep-2030"


def setup_prep():
    """COPANT's online prep session (Bogotá time) for a plenary, with members and people."""
    copant = make_org("COPANT", kind=OrganisationKind.REGIONAL_BODY, country="AR")
    inen, inn, bsj = (make_org("INEN", country="EC"), make_org("INN", country="CL"),
                      make_org("BSJ", country="JM"))
    for member in (inen, inn, bsj):
        db.session.add(RegionalMembership(regional_body=copant, member=member,
                                          status=RegionalStatus.ACTIVE))
    plenary = make_event("plenary-2030", title="41st Plenary")
    prep = make_event("prep-2030", title="COPANT prep session", kind=EventKind.PREP_SESSION,
                      mode=EventMode.ONLINE, timezone="America/Bogota", host=copant,
                      start=datetime(2030, 3, 29, 15, 0, tzinfo=UTC), hours=2,
                      join_url="https://copant.webex.example/meet/prep")
    prep.organisers = [copant]
    facilitator = make_user(Role.DELEGATE, email="mario@copant.example", name="Mario Wittner")
    facilitator.person.organisation = copant
    db.session.add(PrepSessionDetails(event=prep, facilitator=facilitator.person,
                                      meeting_number="2387 114 9025", access_code="SECRET42"))
    make_user(Role.ORGANISER, organisation=copant, email="coordinator@copant.example")
    delegate = make_user(Role.DELEGATE, email="ana@inen.example", name="Ana Pérez")
    delegate.person.organisation = inen
    make_registration(prep, delegate.person, organisation=inen)
    make_user(Role.DELEGATE, email="stranger@example.org")
    make_user(Role.FOCAL_POINT, organisation=inen, email="fp1@inen.example")
    make_user(Role.FOCAL_POINT, organisation=inen, email="fp2@inen.example")
    make_user(Role.FOCAL_POINT, organisation=inn, email="fp@inn.example")
    db.session.commit()
    return prep, plenary, (inen, inn, bsj)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def test_webex_details_are_shown_to_approved_participants_and_organisers_only(app, client):
    with app.app_context():
        setup_prep()
    public = text_of(client.get(f"{PREP}/"))
    assert "SECRET42" not in public and "webex.example" not in public
    stranger = app.test_client()
    sign_in(stranger, "stranger@example.org")
    assert "SECRET42" not in text_of(stranger.get(f"{PREP}/"))
    for email in ("ana@inen.example", "coordinator@copant.example"):
        reader = app.test_client()
        sign_in(reader, email)
        page = text_of(reader.get(f"{PREP}/"))
        assert "2387 114 9025" in page and "SECRET42" in page
        assert "https://copant.webex.example/meet/prep" in page
        assert "Facilitator: Mario Wittner" in page
    feed = client.get(f"{PREP}/calendar.ics").get_data(as_text=True)
    assert "SECRET42" not in feed and "webex.example" not in feed


def test_the_organiser_links_the_prep_session_to_its_meeting_and_edits_details(app, client):
    with app.app_context():
        _prep, plenary, _nsbs = setup_prep()
        plenary_id = plenary.id
        facilitator_id = db.session.scalar(select(PrepSessionDetails)).facilitator_id
    sign_in(client, "ana@inen.example")
    assert client.get(f"{PREP}/prep/edit").status_code == 403
    organiser = app.test_client()
    sign_in(organiser, "coordinator@copant.example")
    bad = submit(organiser, f"{PREP}/prep/edit", {
        "prepares": plenary_id, "facilitator": facilitator_id, "join_url": "webex somewhere",
        "meeting_number": "1", "access_code": "", "dial_in_numbers": ""})
    assert bad.status_code == 200 and "starting with https://" in bad.get_data(as_text=True)
    response = submit(organiser, f"{PREP}/prep/edit", {
        "prepares": plenary_id, "facilitator": facilitator_id,
        "join_url": "https://copant.webex.example/meet/new", "meeting_number": "2387 000 1111",
        "access_code": "NEW", "dial_in_numbers": "Colombia +57 601 508 0000\n\nChile +56 2 0"})
    assert response.status_code == 302
    page = text_of(organiser.get(f"{PREP}/"))
    assert "Prepares: 41st Plenary" in page and "2387 000 1111" in page
    assert "Colombia +57 601 508 0000 Chile +56 2 0" in page


def test_invitations_go_to_the_focal_points_of_the_regional_bodys_nsbs(app, client,
                                                                         smtp_server):
    with app.app_context():
        setup_prep()
        copant_id = db.session.scalar(select(RegionalMembership)).regional_body_id
    sign_in(client, "coordinator@copant.example")
    preview = text_of(client.get(f"{PREP}/prep/invite?target=body:{copant_id}"))
    assert "3 NSBs" in preview and "No focal point account: cannot be invited" in preview
    response = submit(client, f"{PREP}/prep/invite", {"target": f"body:{copant_id}"},
                      page=f"{PREP}/prep/invite?target=body:{copant_id}")
    assert response.status_code == 302
    flashes = text_of(client.get(response.location))
    assert "Invitations sent to 2 NSBs." in flashes
    assert "No focal point account, not invited: BSJ." in flashes
    # Each focal point gets a copy of their own: one refused address holds back nobody.
    assert len(smtp_server.messages) == 3
    (inen_mail,) = smtp_server.to("fp1@inen.example")
    (other_copy,) = smtp_server.to("fp2@inen.example")
    assert inen_mail["To"] == "fp1@inen.example" and other_copy["To"] == "fp2@inen.example"
    body = inen_mail.get_payload(decode=True).decode()
    assert "Dear focal point of INEN" in body
    assert "When: Friday, 29 March 2030, 10:00 (Colombia Standard Time (UTC−5))" in body
    assert "that is Friday, 29 March 2030, 15:00 UTC" in body
    assert "SECRET42" not in body and "webex.example" not in body
    # Sent again: nobody is mailed twice unless asked to.
    submit(client, f"{PREP}/prep/invite", {"target": f"body:{copant_id}"},
           page=f"{PREP}/prep/invite?target=body:{copant_id}")
    assert len(smtp_server.messages) == 3
    with app.app_context():
        assert db.session.query(PrepInvitation).count() == 2


def test_a_participant_records_the_problems_met(app, client):
    with app.app_context():
        setup_prep()
    sign_in(client, "ana@inen.example")
    page = client.get(f"{PREP}/prep/problems").get_data(as_text=True)
    assert "Time zone" in page and 'name="kinds"' in page
    assert "Participant</label>" not in page  # only for themselves
    bad = submit(client, f"{PREP}/prep/problems", {"kinds": ["other"], "details": ""},
                 page=f"{PREP}/prep/problems")
    assert "Describe the other problem" in bad.get_data(as_text=True)
    response = submit(client, f"{PREP}/prep/problems",
                      {"kinds": ["time_zone", "audio"], "details": "Invitation in CET only."},
                      page=f"{PREP}/prep/problems")
    assert response.status_code == 302
    assert client.get(f"{PREP}/prep/problems/summary").status_code == 403
    stranger = app.test_client()
    sign_in(stranger, "stranger@example.org")
    assert stranger.get(f"{PREP}/prep/problems").status_code == 403
    with app.app_context():
        report = db.session.scalar(select(RemoteProblemReport))
        assert report.kinds == [ProblemKind.AUDIO, ProblemKind.TIME_ZONE]
        assert report.organisation.acronym == "INEN"


def test_the_facilitator_records_for_a_participant_and_sees_the_summary(app, client):
    with app.app_context():
        _prep, _plenary, (_inen, inn, _bsj) = setup_prep()
        luis = make_person(inn, given_name="Luis", family_name="Gómez")
        make_registration(_prep, luis)
        db.session.commit()
        luis_id = luis.id
    sign_in(client, "mario@copant.example")
    response = submit(client, f"{PREP}/prep/problems",
                      {"person": luis_id, "kinds": ["connection", "audio"], "details": ""},
                      page=f"{PREP}/prep/problems")
    assert response.status_code == 302
    summary = text_of(client.get(response.location))
    assert "1 participant answered" in summary
    assert "Connection 1 INN Chile" in summary and "Audio 1 INN Chile" in summary
    with app.app_context():
        report = db.session.scalar(select(RemoteProblemReport))
        assert report.recorded_by.email == "mario@copant.example"


def test_the_summary_counts_per_problem_nsb_and_country(app_ctx):
    prep, _plenary, (inen, inn, bsj) = setup_prep()
    for org, kinds in ((inen, ["connection", "audio"]), (inen, ["connection"]),
                       (inn, ["connection"]), (bsj, [])):
        record_problems(prep, make_person(org), [ProblemKind(k) for k in kinds], None, None)
    summary = problem_summary(prep)
    assert summary.reports == 4 and summary.without_problems == 1
    assert summary.kinds == [ProblemKind.CONNECTION, ProblemKind.AUDIO]
    assert dict(summary.by_nsb[ProblemKind.CONNECTION]) == {"INEN": 2, "INN": 1}
    assert dict(summary.by_country[ProblemKind.CONNECTION]) == {"EC": 2, "CL": 1}
    with pytest.raises(ProblemError):
        record_problems(prep, make_person(inn), [ProblemKind.OTHER], "  ", None)


def test_the_demo_prep_session_has_its_details_and_problems(app_ctx, demo):
    from events.models import Event

    prep = db.session.scalar(select(Event).where(Event.slug == "copant-casco-prep-webex-2019"))
    assert prep.prepares.slug == "casco-plenary-2019"
    details = db.session.scalar(select(PrepSessionDetails).where(
        PrepSessionDetails.event_id == prep.id))
    assert details.facilitator.full_name == "Mario Wittner"
    summary = problem_summary(prep)
    assert summary.by_kind[ProblemKind.CONNECTION] == 2
    assert "INACAL" in summary.by_nsb[ProblemKind.CONNECTION]
