"""PDFs are read back: what a reader sees, who may get them, and what rendering may fetch."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from events.extensions import db
from events.models import (
    Certificate,
    Event,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    Role,
    Session,
)
from events.reports.pdf import PdfDocument, render
from tests.conftest import sign_in, submit
from tests.factories import make_user


def read(response) -> PdfReader:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return PdfReader(BytesIO(response.data))


def text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_agenda_booklet_reads_back_with_times_numbers_and_documents(client, demo):
    reader = read(client.get("/events/casco-plenary-2019/agenda.pdf"))
    content = text(reader)
    assert "Wednesday, 1 May 2019" in content and "09:00–10:30" in content
    assert "4  Adoption of the agenda" in content and "CASCO N 1201" in content
    assert "8.1  Key Strategic Objectives" in content
    assert "East Africa Time (UTC+3)" in content
    assert "Page 1 of 2" in content and "Page 2 of 2" in content
    assert reader.metadata.title == "Agenda – 34th ISO/CASCO Plenary"
    assert reader.metadata.author == "Kenya Bureau of Standards"


def test_the_agenda_is_a_tagged_pdf_with_its_language(client, demo):
    reader = read(client.get("/events/casco-plenary-2019/agenda.pdf?lang=es"))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "es"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert "miércoles, 1 de mayo de 2019" in text(reader)


def test_a_repeat_request_is_served_from_the_cache_and_a_matching_etag_gets_304(
        app, client, demo, tmp_path):
    app.config["PDF_CACHE_DIR"] = str(tmp_path)
    try:
        first = client.get("/events/casco-plenary-2019/agenda.pdf")
        cached = list(tmp_path.glob("*.pdf"))
        assert len(cached) == 1
        stamp = cached[0].stat().st_mtime_ns
        second = client.get("/events/casco-plenary-2019/agenda.pdf")
        assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
        assert cached[0].stat().st_mtime_ns == stamp  # not rendered again
        conditional = client.get("/events/casco-plenary-2019/agenda.pdf",
                                 headers={"If-None-Match": first.headers["ETag"]})
        assert conditional.status_code == 304 and not conditional.data
    finally:
        app.config.pop("PDF_CACHE_DIR")


def test_the_booklet_changes_when_a_new_version_is_published_not_before(app, client, demo):
    from events.agenda.publishing import publish_agenda

    before = client.get("/events/casco-plenary-2019/agenda.pdf")
    with app.app_context():
        session = db.session.scalar(select(Session).where(Session.title == "Opening session"))
        session.title = "Opening session <b>& welcome</b>"
        event_id = session.event_id
        db.session.commit()
    draft = client.get("/events/casco-plenary-2019/agenda.pdf")
    assert draft.headers["ETag"] == before.headers["ETag"]  # the draft stays private
    with app.app_context():
        publish_agenda(db.session.get(Event, event_id))
        db.session.commit()
    after = client.get("/events/casco-plenary-2019/agenda.pdf")
    assert after.headers["ETag"] != before.headers["ETag"]
    content = text(read(after))
    assert "Opening session <b>& welcome</b>" in content  # escaped, shown as typed
    assert "Version 2, published" in content


def test_rendering_fetches_nothing_outside_the_app(app):
    html = (
        '<html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="/static/pdf/print.css"></head><body>'
        '<img src="https://example.org/tracker.png" alt="x">'
        '<img src="/static/../app.py" alt="y"><p>Ñandú</p></body></html>'
    )
    with app.test_request_context("/"):
        result = render(PdfDocument(html, "t.pdf"))
    assert sorted(result.refused) == [
        "file:///etc/passwd",
        "https://example.org/tracker.png",
        "https://plenaria.invalid/app.py",
    ]
    assert "Ñandú" in text(PdfReader(BytesIO(result.pdf)))


def test_the_real_documents_fetch_only_their_own_files(app, demo):
    from events.reports.pdf_documents import DOCUMENTS

    letter_requests(app)  # so that every kind has something to print
    with app.test_request_context("/"):
        event = db.session.scalar(select(Event).where(Event.slug == "casco-plenary-2019"))
        for name, kind in DOCUMENTS.items():
            document = kind.build(event)
            assert document is not None, name
            assert render(document).refused == [], name


def organiser(app, client) -> None:
    with app.app_context():
        kebs = db.session.scalar(select(Event).where(Event.slug == "casco-plenary-2019")).host
        make_user(Role.ORGANISER, organisation=kebs, email="org@kebs.example.org")
        db.session.commit()
    sign_in(client, "org@kebs.example.org")


def test_nameplates_follow_the_english_alphabet_then_liaisons(app, client, demo):
    assert client.get("/events/casco-plenary-2019/reports/nameplates.pdf").status_code == 302
    organiser(app, client)
    reader = read(client.get("/events/casco-plenary-2019/reports/nameplates.pdf"))
    with app.app_context():
        acronyms = set(db.session.scalars(select(Organisation.acronym)))
    plates = []  # (name, acronym) as printed: the name, then the acronym beneath it
    for page in reader.pages:
        lines = page.extract_text().split("\n")
        half = " ".join(lines[: len(lines) // 2])
        acronym = next(a for a in sorted(acronyms, key=len, reverse=True) if half.endswith(a))
        plates.append((half[: -len(acronym)].strip(), acronym))
    names = [name for name, _ in plates]
    countries = names[: names.index("Zambia") + 1]
    assert countries == sorted(countries)
    assert countries[0] == "Argentina" and "Kenya" in countries and "Trinidad & Tobago" in countries
    assert "IAF" in [acronym for _, acronym in plates[len(countries):]]


def test_a_delegate_may_not_print_the_nameplates(app, client, demo):
    with app.app_context():
        make_user(email="someone@example.org")
        db.session.commit()
    sign_in(client, "someone@example.org")
    assert client.get("/events/casco-plenary-2019/reports/nameplates.pdf").status_code == 403


def test_certificates_go_only_to_people_who_attended_with_a_verifiable_code(app, client, demo):
    organiser(app, client)
    reader = read(client.get("/events/copant-casco-focal-group-2019/reports/certificates.pdf"))
    content = text(reader)
    assert "Cristian Vázquez" in content  # led the focal group; accents survive
    with app.app_context():
        event = db.session.scalar(select(Event).where(
            Event.slug == "copant-casco-focal-group-2019"))
        certificates = db.session.scalars(select(Certificate).where(
            Certificate.event_id == event.id)).all()
        assert len(reader.pages) == len(certificates) == 10
        code = certificates[0].code
        holder = certificates[0].person.full_name
    assert code in content
    again = read(client.get("/events/copant-casco-focal-group-2019/reports/certificates.pdf"))
    assert code in text(again)  # codes never change once issued
    check = client.get(f"/certificates/?code={code.lower().replace('-', ' ')}",
                       follow_redirects=True)
    assert "This certificate is genuine." in check.get_data(as_text=True)
    assert holder in check.get_data(as_text=True)
    forged = client.get("/certificates/AAAA-BBBB-CCCC")
    assert forged.status_code == 404 and "No certificate has the code" in forged.get_data(
        as_text=True)


def test_a_delegate_gets_their_own_certificate_only_if_they_attended(app, client, demo):
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.family_name == "Wittner"))
        user = make_user(email="mw@copant.example.org")
        db.session.delete(user.person)
        user.person = person
        make_user(email="absent@example.org")
        db.session.commit()
    sign_in(client, "mw@copant.example.org")
    mine = text(read(client.get("/events/copant-ptb-casco-workshop-2019/certificate.pdf")))
    assert "Mario Wittner" in mine and mine.count("Certificate of attendance") == 1
    client.post("/sign-out")
    other = client.application.test_client()
    sign_in(other, "absent@example.org")
    refused = other.get("/events/copant-ptb-casco-workshop-2019/certificate.pdf")
    assert refused.status_code == 404
    assert "No certificate of attendance" in refused.get_data(as_text=True)


def test_the_cli_writes_a_pdf(app, demo, tmp_path):
    runner = app.test_cli_runner()
    target = tmp_path / "agenda.pdf"
    result = runner.invoke(args=["reports", "pdf", "casco-plenary-2019", "agenda",
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Adoption of the agenda" in text(PdfReader(target))
    missing = runner.invoke(args=["reports", "pdf", "no-such-event", "agenda", "-o",
                                  str(target)])
    assert missing.exit_code != 0 and "No event with the slug" in missing.output


@pytest.mark.parametrize("paper, width", [("a4", 595), ("letter", 612)])
def test_the_paper_size_follows_the_event(app, client, demo, paper, width):
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "casco-plenary-2019"))
        event.paper_size = paper
        db.session.commit()
    reader = read(client.get("/events/casco-plenary-2019/agenda.pdf"))
    assert round(float(reader.pages[0].mediabox.width)) == width


def test_badge_sheets_hold_eight_and_their_codes_check_people_in(app, client, demo):
    organiser(app, client)
    reader = read(client.get("/events/casco-plenary-2019/reports/badges.pdf"))
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "casco-plenary-2019"))
        approved = db.session.scalar(select(func.count(Registration.id)).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.APPROVED))
    assert len(reader.pages) == -(-approved // 8)
    first_page = reader.pages[0].extract_text()
    assert first_page.count("34th ISO/CASCO Plenary") == 8
    assert "Head of delegation".upper() in first_page.upper()
    codes = re.findall(r"\b\d+-[A-Z2-7]{4}-[A-Z2-7]{4}\b", first_page)
    assert len(codes) == 8
    # The code printed on the badge is the one the check-in desk accepts.
    response = submit(client, "/events/casco-plenary-2019/check-in/code",
                      {"code": codes[0]}, page="/events/casco-plenary-2019/check-in")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "checked in" in page.lower()


def test_a_single_badge_for_the_desk(app, client, demo):
    organiser(app, client)
    with app.app_context():
        registration = db.session.scalar(select(Registration).join(Event).where(
            Event.slug == "casco-plenary-2019").order_by(Registration.id))
        name = registration.person.full_name
    reader = read(client.get(
        f"/events/casco-plenary-2019/reports/badges.pdf?registration={registration.id}&single=1"))
    assert len(reader.pages) == 1 and name in reader.pages[0].extract_text()
    assert round(float(reader.pages[0].mediabox.width)) == 298  # 105 mm


def test_the_attendance_report_pdf_has_the_figures_continuity_and_problems(app, client, demo):
    organiser(app, client)
    content = text(read(client.get("/events/casco-plenary-2019/reports/attendance.pdf")))
    assert "Attendance report" in content
    assert "Continuity: ISO/CASCO Plenary" in content
    assert "Also at every earlier edition" in content and "Vancouver 2017" in content
    assert "From preparation to plenary" in content
    # The prep session is COPANT's: the host's organiser may not have its report.
    assert client.get("/events/copant-casco-prep-webex-2019/reports/attendance.pdf"
                      ).status_code == 403
    coordinator = client.application.test_client()
    sign_in(coordinator, "coordinator@copant.example", "plenaria-demo-2019")
    prep = text(read(coordinator.get(
        "/events/copant-casco-prep-webex-2019/reports/attendance.pdf")))
    assert "32 participants representing 21 NSBs from 21 countries" in prep
    assert "Problems of remote participation" in prep


def test_the_attendance_report_pdf_follows_the_report_page_rules(app, client, demo):
    assert client.get("/events/casco-plenary-2019/reports/attendance.pdf").status_code == 302
    with app.app_context():
        make_user(email="someone@example.org")
        db.session.commit()
    sign_in(client, "someone@example.org")
    assert client.get("/events/casco-plenary-2019/reports/attendance.pdf").status_code == 403



def publish_list(app, slug: str, public: str) -> None:
    from events.registration.settings import editable_settings

    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        editable_settings(event).public_list = public
        db.session.commit()


def test_the_list_of_participants_respects_consent_and_marks_heads_of_delegation(
        app, client, demo):
    assert client.get("/events/casco-plenary-2019/participants.pdf").status_code == 404
    publish_list(app, "casco-plenary-2019", "consenting")
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "casco-plenary-2019"))
        shy = db.session.scalar(select(Registration).join(Registration.organisation).where(
            Registration.event_id == event.id, Organisation.acronym == "ABNT",
            Registration.role != "head_of_delegation"))
        shy.consent_to_publish = False  # prefers not to be listed
        shy_name = shy.person.family_name
        db.session.commit()
        head = db.session.scalar(select(Registration).join(Registration.organisation).where(
            Registration.event_id == event.id, Organisation.acronym == "IRAM",
            Registration.role == "head_of_delegation"))
        head_name = head.person.family_name
    content = text(read(client.get("/events/casco-plenary-2019/participants.pdf")))
    assert "List of participants" in content
    assert shy_name not in content
    assert f"{head_name}" in content
    iram_part = content[content.index("Argentina"):content.index("Australia")]
    assert "Instituto Argentino de Normalización y Certificación (IRAM)" in iram_part
    assert "Head of delegation" in iram_part
    headings = [line for line in content.splitlines()
                if line in ("Argentina", "Australia", "Barbados", "Brazil", "Kenya", "Zambia",
                            "International and regional organisations")]
    assert headings == ["Argentina", "Australia", "Barbados", "Brazil", "Kenya", "Zambia",
                        "International and regional organisations"]


def test_everyone_on_the_list_when_the_mode_says_all(app, client, demo):
    publish_list(app, "casco-plenary-2019", "all")
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "casco-plenary-2019"))
        shy = db.session.scalar(select(Registration).join(Registration.organisation).where(
            Registration.event_id == event.id, Organisation.acronym == "ABNT",
            Registration.role != "head_of_delegation"))
        shy.consent_to_publish = False  # prefers not to be listed
        shy_name = shy.person.family_name
        db.session.commit()
    assert shy_name in text(read(client.get("/events/casco-plenary-2019/participants.pdf")))


def letter_requests(app) -> tuple[int, int]:
    """Two approved delegates and one pending asked for visa letters at the 2019 plenary."""
    from datetime import date

    from events.models import InvitationLetterRequest

    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "casco-plenary-2019"))
        found = db.session.scalars(select(Registration).join(Registration.organisation).where(
            Registration.event_id == event.id, Organisation.acronym.in_(["BHN", "OSN"]))).all()
        for registration, number in zip(found, ("HT1234567", "SV7654321"), strict=True):
            registration.invitation_letter = InvitationLetterRequest(
                name_in_passport=registration.person.full_name.upper(), passport_number=number,
                nationality=registration.organisation.country,
                date_of_birth=date(1980, 2, 29), passport_expires_on=date(2025, 1, 1))
            registration.needs_invitation_letter = True
        found[1].status = RegistrationStatus.PENDING
        user = make_user(email="bhn@example.org")
        db.session.delete(user.person)
        user.person = found[0].person
        make_user(email="other@example.org")
        db.session.commit()
        return found[0].id, found[1].id


def test_invitation_letters_are_for_the_host_and_the_delegate_alone(app, client, demo,
                                                                       tmp_path):
    letter_requests(app)
    app.config["PDF_CACHE_DIR"] = str(tmp_path)
    try:
        organiser(app, client)  # KEBS, the host
        response = client.get("/events/casco-plenary-2019/invitation-letters.pdf")
        content = text(read(response))
        assert response.headers["Cache-Control"] == "no-store"
        assert list(tmp_path.glob("*.pdf")) == []  # passport numbers never reach the disk
        assert "HT1234567" in content and "Bureau Haïtien de Normalisation" in content
        assert "SV7654321" not in content  # pending: no letter yet
        assert "Kenya Bureau of Standards" in content and "29 February 1980" in content
        mine = client.application.test_client()
        sign_in(mine, "bhn@example.org")
        own = text(read(mine.get("/events/casco-plenary-2019/invitation-letter.pdf")))
        assert "HT1234567" in own
        assert mine.get("/events/casco-plenary-2019/invitation-letters.pdf").status_code == 403
        other = client.application.test_client()
        sign_in(other, "other@example.org")
        assert other.get("/events/casco-plenary-2019/invitation-letter.pdf").status_code == 404
        coordinator = client.application.test_client()  # co-organiser of the week, not host
        sign_in(coordinator, "coordinator@copant.example", "plenaria-demo-2019")
        assert coordinator.get("/events/casco-plenary-2019/invitation-letters.pdf"
                               ).status_code == 403
    finally:
        app.config.pop("PDF_CACHE_DIR")


def test_my_meetings_leads_a_delegate_to_their_certificate_and_letter(app, client, demo):
    letter_requests(app)
    sign_in(client, "bhn@example.org")
    page = client.get("/my/meetings").get_data(as_text=True)
    certificate = "/events/casco-plenary-2019/certificate.pdf"
    letter = "/events/casco-plenary-2019/invitation-letter.pdf"
    assert f'href="{certificate}"' in page and f'href="{letter}"' in page
    assert "Certificate of attendance" in text(read(client.get(certificate)))
    assert "HT1234567" in text(read(client.get(letter)))
