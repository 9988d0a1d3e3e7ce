"""The JSON API under /api/v1/: personal tokens from the account page carry their owner's
rights (the rules of permissions.py), pages of results, changed-since, ETags, a rate limit
per token, and the writes NSBs script: register, approve, reject, import attendance."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from events.extensions import db
from events.models import (
    ApiToken,
    ApprovalPolicy,
    Attendance,
    Eligibility,
    EventKind,
    ListVisibility,
    Organisation,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    Role,
)
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_person, make_registration, make_user

DATA = Path(__file__).parent / "data"


def nsb_workshop() -> dict[str, int]:
    """A workshop in Bogotá approved by each NSB's focal point: INEN's and ICONTEC's
    delegates wait for a decision."""
    now = datetime.now(UTC)
    inen = make_org("INEN", country="EC", name="Servicio Ecuatoriano de Normalización")
    icontec = make_org("ICONTEC", country="CO")
    event = make_event("taller-2027", title="Taller COPANT 2027", timezone="America/Bogota",
                       kind=EventKind.REGIONAL_WORKSHOP, start=now + timedelta(days=90),
                       registration_opens_at=now - timedelta(days=10),
                       registration_closes_at=now + timedelta(days=60))
    db.session.add(RegistrationSettings(
        event=event, eligibility=Eligibility.OPEN, approval_policy=ApprovalPolicy.FOCAL_POINT,
        public_list=ListVisibility.HIDDEN, participants_list=ListVisibility.HIDDEN))
    make_user(Role.FOCAL_POINT, organisation=inen, email="focal-point@inen.example",
              name="Lucía Andrade")
    make_user(Role.FOCAL_POINT, organisation=icontec, email="focal-point@icontec.example",
              name="Andrés Gómez")
    ours = make_registration(event, make_person(inen, given_name="Мария", family_name="Иванова",
                                                email="maria@inen.example"),
                             status=RegistrationStatus.PENDING)
    theirs = make_registration(event, make_person(icontec, given_name="王", family_name="芳",
                                                  email="wang@icontec.example"),
                               status=RegistrationStatus.PENDING)
    db.session.commit()
    return {"ours": ours.id, "theirs": theirs.id}


def new_token(client, email: str, scope: str = "write", name: str = "Travel system") -> str:
    """Sign in and create a token on the account page, as a focal point does; sign out."""
    sign_in(client, email)
    page = submit(client, "/account/tokens", {"name": name, "scope": scope})
    assert page.status_code == 200
    text = html.unescape(page.get_data(as_text=True))
    assert "Copy it now: it is not shown again." in text
    secret = re.search(r'id="token-secret" readonly value="(plen_[^"]+)"', text).group(1)
    submit(client, "/sign-out", page="/")
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_a_focal_points_token_lists_and_approves_their_nsbs_registrations_only(
        app, client, smtp_server):
    with app.app_context():
        ids = nsb_workshop()
    token = new_token(client, "focal-point@inen.example")

    listed = client.get("/api/v1/organisations/INEN/registrations", headers=bearer(token))
    assert listed.status_code == 200
    [mine] = listed.json
    assert (mine["id"], mine["family_name"], mine["status"]) == (ids["ours"], "Иванова",
                                                                  "pending")
    other = client.get("/api/v1/organisations/ICONTEC/registrations", headers=bearer(token))
    assert other.status_code == 403
    assert client.get("/api/v1/meetings/taller-2027/registrations",
                      headers=bearer(token)).status_code == 403  # organisers only

    approved = client.post(f"/api/v1/registrations/{ids['ours']}/approve",
                           headers=bearer(token))
    assert approved.status_code == 200 and approved.json["status"] == "approved"
    [mail] = smtp_server.to("maria@inen.example")
    assert "Taller COPANT 2027" in mail["Subject"]

    refused = client.post(f"/api/v1/registrations/{ids['theirs']}/approve",
                          headers=bearer(token))
    assert refused.status_code == 403
    rejected = client.post(f"/api/v1/registrations/{ids['theirs']}/reject",
                           headers=bearer(token), json={"reason": "No"})
    assert rejected.status_code == 403
    with app.app_context():
        theirs = db.session.get(Registration, ids["theirs"])
        assert theirs.status is RegistrationStatus.PENDING
    assert smtp_server.to("wang@icontec.example") == []


def test_a_read_only_token_reads_but_changes_nothing(app, client):
    with app.app_context():
        ids = nsb_workshop()
    token = new_token(client, "focal-point@inen.example", scope="read")
    assert client.get("/api/v1/organisations/INEN/registrations",
                      headers=bearer(token)).status_code == 200
    answer = client.post(f"/api/v1/registrations/{ids['ours']}/approve", headers=bearer(token))
    assert answer.status_code == 403
    assert "may only read" in answer.json["message"]
    with app.app_context():
        assert db.session.get(Registration, ids["ours"]).status is RegistrationStatus.PENDING


def test_a_revoked_token_stops_at_once_and_a_browser_session_is_not_a_token(app, client):
    with app.app_context():
        nsb_workshop()
    token = new_token(client, "focal-point@inen.example")
    sign_in(client, "focal-point@inen.example")
    # Signed in in the browser, yet without a token the API knows nobody.
    assert client.get("/api/v1/organisations/INEN/registrations").status_code == 401
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    page = submit(client, f"/account/tokens/{token_id}/revoke", page="/account/tokens")
    assert "revoked: it no longer works" in html.unescape(page.get_data(as_text=True))
    answer = client.get("/api/v1/organisations/INEN/registrations", headers=bearer(token))
    assert answer.status_code == 401 and "not valid" in answer.json["message"]
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_nobody_revokes_another_persons_token(app, client):
    with app.app_context():
        nsb_workshop()
    new_token(client, "focal-point@inen.example")
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    sign_in(client, "focal-point@icontec.example")
    answer = submit(client, f"/account/tokens/{token_id}/revoke", page="/account/tokens")
    assert answer.status_code == 404
    with app.app_context():
        assert db.session.get(ApiToken, token_id).revoked_at is None


def test_a_token_without_a_name_is_refused_beside_the_field(app, client):
    with app.app_context():
        nsb_workshop()
    sign_in(client, "focal-point@inen.example")
    page = submit(client, "/account/tokens", {"name": "  ", "scope": "write"})
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200 and 'id="name-error"' in text
    assert "Give the token a name" in text
    with app.app_context():
        assert db.session.scalar(select(ApiToken.id)) is None


def test_public_lists_come_in_pages_with_etags_and_changed_since(app, client):
    with app.app_context():
        for acronym, country in (("KEBS", "KE"), ("INEN", "EC"), ("ICONTEC", "CO"),
                                 ("SNIMA", "MA"), ("SAC", "CN")):
            make_org(acronym, country=country)
        db.session.commit()
    first = client.get("/api/v1/organisations?page_size=2")
    assert first.status_code == 200
    assert [org["acronym"] for org in first.json] == ["ICONTEC", "INEN"]
    pages = json.loads(first.headers["X-Pagination"])
    assert (pages["total"], pages["total_pages"], pages["next_page"]) == (5, 3, 2)
    third = client.get("/api/v1/organisations?page_size=2&page=3")
    assert [org["acronym"] for org in third.json] == ["SNIMA"]

    again = client.get("/api/v1/organisations?page_size=2",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""

    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert client.get("/api/v1/organisations", query_string={"changed_since": later}).json == []
    bad = client.get("/api/v1/organisations?changed_since=yesterday")
    assert bad.status_code == 422 and "changed_since" in bad.json["errors"]["query"]


def test_each_token_has_its_own_rate_limit(app, client):
    with app.app_context():
        nsb_workshop()
    inen = new_token(client, "focal-point@inen.example")
    icontec = new_token(client, "focal-point@icontec.example")
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        answers = [client.get("/api/v1/meetings", headers=bearer(inen)).status_code
                   for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        assert client.get("/api/v1/meetings", headers=bearer(icontec)).status_code == 200
        limited = client.get("/api/v1/meetings", headers=bearer(inen))
        assert limited.mimetype == "application/json" and limited.json["code"] == 429
    finally:
        app.config["API_RATE_LIMIT"] = "120 per minute;5000 per hour"


def test_a_focal_point_registers_a_delegate_and_bad_input_changes_nothing(app, client):
    with app.app_context():
        nsb_workshop()
    token = new_token(client, "focal-point@inen.example")
    made = client.post("/api/v1/meetings/taller-2027/registrations", headers=bearer(token),
                       json={"email": "ahmed@inen.example", "given_name": "أحمد",
                             "family_name": "الحسن", "organisation": "INEN"})
    assert made.status_code == 201
    assert (made.json["family_name"], made.json["status"]) == ("الحسن", "approved")
    # Another NSB's delegate: refused in the words of the registration page.
    refused = client.post("/api/v1/meetings/taller-2027/registrations", headers=bearer(token),
                          json={"email": "li@icontec.example", "given_name": "李",
                                "family_name": "娜", "organisation": "ICONTEC"})
    assert refused.status_code == 409
    assert "focal point or the organisers may register" in refused.json["message"]
    missing = client.post("/api/v1/meetings/taller-2027/registrations", headers=bearer(token),
                          json={"email": "not-an-address", "organisation": "INEN"})
    assert missing.status_code == 422
    assert {"email", "given_name", "family_name"} <= set(missing.json["errors"]["json"])
    with app.app_context():
        registrations = list(db.session.scalars(select(Registration.id)))
        assert len(registrations) == 3  # the two of the workshop and Ahmed's


def test_organisers_import_attendance_and_a_bad_file_imports_nothing(app, client):
    with app.app_context():
        kebs = make_org("KEBS", country="KE")
        event = make_event("webex-prep", title="Webex prep", timezone="Africa/Nairobi",
                           start=datetime(2019, 3, 29, 13, tzinfo=UTC), host=kebs)
        make_user(Role.ORGANISER, organisation=kebs, email="organiser@kebs.example")
        db.session.commit()
        event_id = event.id
    token = new_token(client, "organiser@kebs.example")
    bad = client.post("/api/v1/meetings/webex-prep/attendance/imports", headers=bearer(token),
                      data={"file": (io.BytesIO(b"\x00\x01PK\x03\x04 not a list"), "export.csv")},
                      content_type="multipart/form-data")
    assert bad.status_code == 422 and bad.json["message"] == "Nothing was imported"
    with app.app_context():
        assert db.session.scalar(select(Attendance.id).where(
            Attendance.event_id == event_id)) is None
    export = DATA / "webex-copant-casco-prep-2019.csv"
    with export.open("rb") as upload:
        good = client.post("/api/v1/meetings/webex-prep/attendance/imports",
                           headers=bearer(token), data={"file": (upload, export.name)},
                           content_type="multipart/form-data")
    assert good.status_code == 201, good.json
    assert good.json["format"] == "webex" and good.json["attendees"] > 0
    figures = client.get("/api/v1/meetings/webex-prep/attendance", headers=bearer(token))
    assert figures.status_code == 200
    assert figures.json["participants"] == good.json["added"]
    assert "head_of_delegation" not in json.dumps(figures.json)


def test_public_meetings_and_agenda_carry_no_personal_data(client, demo):
    meetings = client.get("/api/v1/meetings?page_size=200").json
    slugs = {m["slug"] for m in meetings}
    assert "casco-plenary-2019" in slugs
    agenda = client.get("/api/v1/meetings/casco-plenary-2019/agenda").json
    assert agenda["version"] == 1 and agenda["sessions"][0]["items"][0]["number"] == "1"
    text = json.dumps([meetings, agenda])
    assert "@" not in text.replace("@plenaria", "")  # no email address anywhere
    assert "join_url" not in text and "webex.example" not in text


def test_a_refusal_is_written_in_the_readers_language(app, client):
    with app.app_context():
        ids = nsb_workshop()
    token = new_token(client, "focal-point@inen.example", scope="read")
    answer = client.post(f"/api/v1/registrations/{ids['theirs']}/approve",
                         headers={**bearer(token), "Accept-Language": "ru-RU,ru;q=0.9"})
    assert answer.status_code == 403
    assert answer.json["message"] == ("Этот токен только для чтения: чтобы вносить изменения, "
                                      "создайте токен с правом чтения и записи.")
    spanish = client.get("/api/v1/meetings/nada", headers={"Accept-Language": "es-CO"})
    assert spanish.json["message"] == "No existe la reunión nada."


def test_an_nsbs_registrations_are_listed_in_the_same_queries_at_any_size(app, client,
                                                                         count_queries):
    """Each row's person, organisation and meeting come in batches, not a query per row."""
    with app.app_context():
        nsb_workshop()
    token = new_token(client, "focal-point@inen.example", scope="read")

    def add_delegates(count: int, first: int) -> None:
        with app.app_context():
            inen = db.session.scalar(select(Organisation).where(Organisation.acronym == "INEN"))
            for number in range(first, first + count):
                event = make_event(f"taller-{number}", timezone="America/Bogota")
                make_registration(event, make_person(inen, given_name="Олег",
                                                     family_name=f"Смирнов {number}"))
            db.session.commit()

    add_delegates(2, 0)
    with count_queries() as few:
        small = client.get("/api/v1/organisations/INEN/registrations", headers=bearer(token))
    add_delegates(12, 2)
    with count_queries() as many:
        large = client.get("/api/v1/organisations/INEN/registrations", headers=bearer(token))
    assert (len(small.json), len(large.json)) == (3, 15)
    assert {row["meeting"] for row in large.json} >= {"taller-2027", "taller-13"}
    assert many.count == few.count
