"""The main journeys, as people make them: in Chromium, against the app on a real server, with
the real mail server, each person in a browser of their own."""

from __future__ import annotations

import io
import re
import time
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Dialog, Locator, Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from events.agenda.publishing import publish_agenda
from events.demo.loader import DEMO_PASSWORD
from events.demo.upcoming import workshop_slug
from events.extensions import db
from events.models import (
    Attendance,
    Event,
    EventKind,
    EventMode,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
)
from tests import factories
from tests.browser.conftest import PHONE, OpenPage, shot, sign_in_as
from tests.conftest import Mailbox

# The demo places the workshop by the (pinned) clock of the tests: 26–27 April 2027.
WORKSHOP_SLUG = workshop_slug()
WORKSHOP = f"/events/{WORKSHOP_SLUG}"
COORDINATOR = "coordinator@copant.example"


def mail_text(message: Message) -> str:
    parts = [part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
             for part in message.walk() if part.get_content_type() == "text/plain"]
    return "\n".join(parts)


def subject(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"] or "")))


def wait_for_mail(mailbox: Mailbox, address: str, subject_part: str) -> Message:
    """The message to `address` whose subject contains `subject_part` (mail leaves the app
    after its database commit, just before the page answers: allow it a moment)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for message in mailbox.to(address):
            if subject_part in subject(message):
                return message
        time.sleep(0.05)
    subjects = [subject(m) for m in mailbox.to(address)]
    raise AssertionError(f"no mail {subject_part!r} to {address}; got {subjects}")


def accept_dialogs(page: Page) -> list[str]:
    """Answer "OK" to the browser's confirmation questions; returns what was asked."""
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    return asked


def choose(select: Locator, starting_with: str) -> None:
    """Pick the option of a drop-down list whose text starts with `starting_with`."""
    option = select.locator("option").filter(has_text=re.compile("^" + re.escape(starting_with)))
    select.select_option(label=option.first.inner_text().strip())




@pytest.fixture
def published_workshop(app: Flask, demo: None) -> None:
    """The demo, with the 2027 workshop's agenda published (version 1)."""
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == WORKSHOP_SLUG))
        publish_agenda(event)
        db.session.commit()


def test_a_delegate_signs_up_waits_is_promoted_and_takes_the_agenda_along(
        app, live_url, open_page: OpenPage, smtp_server: Mailbox, published_workshop):
    delegate = open_page()
    delegate.goto("/")
    delegate.get_by_role("link", name="Create an account").click()
    delegate.get_by_label("Full name").fill("Valentina Rojas Muñoz")
    delegate.get_by_label("Email address").fill("valentina.rojas@inn.cl")
    delegate.get_by_label("Password", exact=True).fill("cordillera andina 2027")
    delegate.get_by_label("Password again").fill("cordillera andina 2027")
    delegate.get_by_role("button", name="Create the account").click()
    expect(delegate.get_by_role("heading", name="Check your mailbox")).to_be_visible()

    # The confirmation link arrives by mail and leads back to this server.
    confirmation = mail_text(wait_for_mail(smtp_server, "valentina.rojas@inn.cl", "onfirm"))
    link = re.search(r"http://\S+/confirm/\S+", confirmation)
    assert link and link.group(0).startswith(live_url)
    delegate.goto(link.group(0))
    expect(delegate.locator(".flashes")).to_contain_text("is confirmed")

    # The workshop is full: she joins its waiting list, behind BSJ's delegate.
    delegate.goto(WORKSHOP + "/")
    delegate.get_by_role("link", name="Register", exact=True).first.click()
    choose(delegate.get_by_label("Organisation you represent"), "INN —")
    delegate.get_by_label("Attendance").select_option(label="On site")
    delegate.get_by_label("List my name").check()
    delegate.get_by_role("button", name="Register").click()
    expect(delegate.locator(".flashes")).to_contain_text("number 2 on the waiting list")
    expect(delegate.get_by_role("row", name=re.compile("COPANT-PTB-CASCO workshop 2027"))
           ).to_contain_text("On the waiting list · no. 2")
    wait_for_mail(smtp_server, "valentina.rojas@inn.cl", "waiting list")

    # The coordinator puts her first in line, then cancels a registration for a delegate who
    # wrote that she cannot come: the place goes to Valentina.
    coordinator = open_page()
    sign_in_as(coordinator, COORDINATOR, DEMO_PASSWORD)
    coordinator.goto(WORKSHOP + "/registrations")
    waiting = coordinator.locator("#waiting-list + .hint + ol li", has_text="Valentina")
    waiting.get_by_label("Position").fill("1")
    waiting.get_by_role("button", name="Move").click()
    expect(coordinator.locator(".flashes")).to_contain_text(
        "Valentina Rojas Muñoz is now number 1 on the waiting list")
    asked = accept_dialogs(coordinator)
    coordinator.get_by_label("Status").select_option(label="Approved")
    coordinator.get_by_label("Name, email or organisation").fill("DGN")
    coordinator.get_by_role("button", name="Find").click()
    coordinator.get_by_role("button", name=re.compile("^Cancel the registration of")).click()
    expect(coordinator.locator(".flashes")).to_contain_text("is cancelled")
    assert asked and asked[0].startswith("Cancel the registration of")

    promoted = mail_text(wait_for_mail(smtp_server, "valentina.rojas@inn.cl", "A place for you"))
    assert "held for you" in promoted  # INN's focal point approves INN's delegates

    focal_point = open_page()
    sign_in_as(focal_point, "focal-point@inn.example", DEMO_PASSWORD)
    focal_point.get_by_role("link", name="My delegates").click()
    focal_point.get_by_role("button", name="Approve Valentina Rojas Muñoz").click()
    expect(focal_point.locator(".flashes")).to_contain_text("Valentina Rojas Muñoz is approved")
    confirmed = wait_for_mail(smtp_server, "valentina.rojas@inn.cl", "onfirmed")
    assert any(part.get_content_type() == "text/calendar" for part in confirmed.walk())

    delegate.get_by_role("link", name="My meetings").click()
    row = delegate.get_by_role("row", name=re.compile("COPANT-PTB-CASCO workshop 2027"))
    expect(row).to_contain_text("Approved")
    shot(delegate, "my-meetings")

    # The agenda as a PDF file.
    with delegate.expect_download() as download_info:
        row.get_by_role("link", name=re.compile("^PDF")).click()
    pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Site visit: ICONTEC testing laboratory" in text

    # The personal calendar address, copied with the button, serves her meetings.
    delegate.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    delegate.get_by_role("link", name="My calendar").click()
    delegate.get_by_role("button", name="Copy the address").first.click()
    expect(delegate.get_by_role("button", name="Copied")).to_be_visible()
    copied = delegate.evaluate("() => navigator.clipboard.readText()")
    assert copied == delegate.get_by_label(re.compile("^Or copy this address")).first.input_value()
    feed = delegate.request.get(copied)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    assert "COPANT-PTB-CASCO workshop 2027" in feed.text().replace("\r\n ", "")


def test_a_focal_point_approves_a_delegate_and_registers_another(
        app, live_url, open_page: OpenPage, smtp_server: Mailbox, demo):
    focal_point = open_page()
    sign_in_as(focal_point, "focal-point@inen.example", DEMO_PASSWORD)
    focal_point.get_by_role("link", name="My delegates").click()
    expect(focal_point.get_by_role("heading", level=1)).to_have_text("Delegates of INEN")
    pending = focal_point.locator("tr.row-pending")
    expect(pending).to_have_count(1)
    name = pending.locator("td").first.inner_text().splitlines()[0].strip()
    email = pending.locator("td .muted").first.inner_text().strip()
    shot(focal_point, "focal-point")
    pending.get_by_role("button", name=f"Approve {name}").click()
    expect(focal_point.locator(".flashes")).to_contain_text(f"{name} is approved")
    expect(focal_point.locator("tr.row-pending")).to_have_count(0)
    wait_for_mail(smtp_server, email, "onfirmed")

    # Another INEN delegate, registered by the focal point: the workshop is full, so she
    # goes on the waiting list, and is told so by mail.
    focal_point.get_by_text("Register a delegate").click()
    focal_point.locator("details").get_by_role(
        "link", name=re.compile("COPANT-PTB-CASCO workshop 2027")).click()
    expect(focal_point.get_by_role("heading", level=1)).to_have_text("Register a delegate")
    focal_point.get_by_label("Delegate's email address").fill("carla.benitez@normalizacion.gob.ec")
    focal_point.get_by_label("Given name").fill("Carla")
    focal_point.get_by_label("Family name").fill("Benítez")
    choose(focal_point.get_by_label("Organisation you represent"), "INEN —")
    focal_point.get_by_label("Attendance").select_option(label="Virtual")
    focal_point.get_by_role("button", name="Register").click()
    expect(focal_point.locator(".flashes")).to_contain_text(
        "The meeting is full: Carla Benítez is number 2 on the waiting list")
    expect(focal_point.get_by_role("row", name=re.compile("Carla Benítez"))).to_contain_text(
        "On the waiting list · no. 2")
    wait_for_mail(smtp_server, "carla.benitez@normalizacion.gob.ec", "waiting list")
    with app.app_context():
        carla = db.session.scalar(select(Registration).join(Registration.person).where(
            Registration.person.has(email="carla.benitez@normalizacion.gob.ec")))
        assert carla.status is RegistrationStatus.WAITLISTED
        assert carla.organisation.acronym == "INEN"


def test_an_organiser_builds_publishes_moves_and_publishes_again(
        app, live_url, open_page: OpenPage, smtp_server: Mailbox, demo):
    organiser = open_page()
    sign_in_as(organiser, COORDINATOR, DEMO_PASSWORD)
    organiser.get_by_role("link", name="Organise").click()
    organiser.get_by_role("link", name=re.compile("^COPANT-PTB-CASCO workshop 2027")).first.click()
    organiser.get_by_role("link", name="Agenda", exact=True).click()
    expect(organiser.get_by_role("heading", level=1)).to_contain_text("Agenda")

    organiser.get_by_role("link", name="Add a session").click()
    organiser.get_by_label("Title").fill("Round table: regional priorities")
    organiser.get_by_label("Starts").fill("2027-04-26T12:45")
    organiser.get_by_label("Ends").fill("2027-04-26T13:45")
    organiser.get_by_label("Room").fill("Sala 2")
    organiser.get_by_role("button", name="Save to the draft").click()
    expect(organiser.locator(".flashes")).to_contain_text(
        "“Round table: regional priorities” was added to the draft.")

    for title in ("Welcome and adoption of the agenda", "Regional priorities for 2027"):
        organiser.get_by_role("link", name="Add an item", exact=True).click()
        organiser.get_by_label("Title", exact=True).fill(title)
        choose(organiser.get_by_label("Session"), "26 Apr 08:30")
        organiser.get_by_role("button", name="Save to the draft").click()
        expect(organiser.locator(".flashes")).to_contain_text(f"“{title}” was added")
    expect(organiser.locator("#main")).to_contain_text("2 Regional priorities for 2027")

    organiser.get_by_role("link", name="Publish version 1").click()
    organiser.get_by_label("Note to participants").fill("First version of the agenda.")
    organiser.get_by_role("button", name="Publish").click()
    expect(organiser.locator(".flashes")).to_contain_text("Version 1 of the agenda is published.")

    # The site visit moves by an hour.
    organiser.goto(WORKSHOP + "/manage/agenda/")
    visit = organiser.locator("li.session", has_text="Site visit: ICONTEC testing laboratory")
    visit.get_by_role("link", name="Edit", exact=True).click()
    organiser.get_by_label("Starts").fill("2027-04-26T15:00")
    organiser.get_by_label("Ends").fill("2027-04-26T18:00")
    organiser.get_by_role("button", name="Save to the draft").click()
    expect(organiser.locator(".publish-box")).to_contain_text(
        "Moved: Site visit: ICONTEC testing laboratory")
    organiser.get_by_role("link", name="Publish version 2").click()
    organiser.get_by_role("button", name="Publish").click()
    expect(organiser.locator(".flashes")).to_contain_text("Version 2 of the agenda is published.")

    # The changes page, as everyone sees it.
    changes = organiser.locator("#main")
    expect(changes).to_contain_text(
        "Moved: Site visit: ICONTEC testing laboratory, now Monday, 26 April 2027, 15:00–18:00 "
        "(was Monday, 26 April 2027, 14:00–17:00).")
    expect(changes).to_contain_text("First publication, with 5 sessions.")
    shot(organiser, "agenda-changes")
    with app.app_context():
        address = db.session.scalars(
            select(Person.email).join(Registration.person).join(Registration.event).where(
                Event.slug == WORKSHOP_SLUG, Registration.status == RegistrationStatus.APPROVED,
                Person.email.is_not(None))).first()
    assert "Site visit" in mail_text(wait_for_mail(smtp_server, address, "version 2"))


@pytest.fixture
def online_prep_meeting(app: Flask, demo: None) -> str:
    """A COPANT Webex meeting of 2027 with no attendance yet."""
    with app.app_context():
        copant = db.session.scalar(select(Organisation).where(Organisation.acronym == "COPANT"))
        event = factories.make_event(
            "copant-prep-webex-2027", title="COPANT preparation meeting 2027",
            kind=EventKind.PREP_SESSION, mode=EventMode.ONLINE, timezone="America/Bogota",
            start=datetime(2027, 3, 29, 14, 0, tzinfo=UTC), hours=2, organisers=[copant])
        slug = event.slug
        db.session.commit()
    return slug


def webex_export_with_newcomers(tmp_path: Path) -> Path:
    """The demo's Webex export (UTF-16LE, tab-separated) moved to the 2027 meeting's date (a
    2019 file is refused by a 2027 meeting), with one more row: a GNBS expert nobody knows
    yet, whose mail domain names her NSB."""
    data = (Path(__file__).resolve().parents[1] / "data" / "webex-copant-casco-prep-2019.csv"
            ).read_bytes().decode("utf-16").replace("03/29/2019", "03/29/2027")
    last = data.rstrip("\r\n").splitlines()[-1].split("\t")
    last[4:9] = ["Shonette Williams", "shonette.williams@gnbs.gov.gy",
                 "03/29/2027 10:02:00 AM", "03/29/2027 11:58:00 AM", "116 mins"]
    path = tmp_path / "webex-attendees.csv"
    path.write_bytes((data.rstrip("\r\n") + "\r\n" + "\t".join(last) + "\r\n").encode("utf-16"))
    return path


def test_the_coordinator_imports_a_webex_export_resolves_rows_and_reads_the_report(
        app, live_url, open_page: OpenPage, online_prep_meeting: str, tmp_path: Path):
    coordinator = open_page()
    sign_in_as(coordinator, COORDINATOR, DEMO_PASSWORD)
    coordinator.goto(f"/events/{online_prep_meeting}/attendance/import")
    coordinator.get_by_label("Attendance export").set_input_files(
        webex_export_with_newcomers(tmp_path))
    # While the server works on the file, the page says so and the button cannot be pressed
    # twice. The page is gone once the answer comes: what the button showed in between is
    # noted in the tab's session storage, which outlives the page.
    coordinator.evaluate("""() => {
        const button = document.querySelector("form[data-busy] button[type=submit]");
        new MutationObserver(() => sessionStorage.setItem(
            "import-button", `${button.disabled} ${button.textContent}`))
            .observe(button, {attributes: true, childList: true, characterData: true});
    }""")
    coordinator.get_by_role("button", name="Import").click()
    expect(coordinator.locator(".flashes")).to_contain_text("2 waiting for review")
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Review queue")
    assert coordinator.evaluate("() => sessionStorage.getItem('import-button')") == \
        "true Importing…"
    shot(coordinator, "review-queue")

    newcomer = coordinator.locator("section.card", has_text="Shonette Williams")
    expect(newcomer).to_contain_text("mail domain of GNBS")
    expect(newcomer.get_by_label("Representing")).to_have_value(
        newcomer.get_by_label("Representing").locator("option", has_text="GNBS —")
        .get_attribute("value"))
    newcomer.get_by_role("button", name="Add this person").click()
    expect(coordinator.locator(".flashes")).to_contain_text(
        "Shonette Williams (GNBS) was added and recorded as attending.")

    asked = accept_dialogs(coordinator)
    phone_line = coordinator.locator("section.card", has_text="Call-in User_3")
    phone_line.get_by_role("button", name="Set aside: not a participant").click()
    expect(coordinator.locator(".flashes")).to_contain_text("Call-in User_3 was set aside")
    assert asked and asked[0].startswith("Set aside")
    expect(coordinator.get_by_text("Nothing waits for review.")).to_be_visible()

    coordinator.get_by_role("link", name="Report").first.click()
    main = coordinator.locator("#main")
    expect(main).to_contain_text(
        "33 participants representing 22 NSBs from 22 countries. All remote.")
    charts = coordinator.locator("svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 2
    for index in range(charts.count()):
        assert charts.nth(index).get_attribute("aria-labelledby") or \
            charts.nth(index).get_attribute("aria-label")
    shot(coordinator, "attendance-report")
    with app.app_context():
        counted = db.session.scalars(select(Attendance).join(Attendance.event).where(
            Event.slug == online_prep_meeting)).all()
        assert len(counted) == 33


def test_check_in_at_the_door_on_a_phone_by_typed_badge_code(
        app, live_url, open_page: OpenPage, demo):
    door = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in_as(door, COORDINATOR, DEMO_PASSWORD)
    door.goto(WORKSHOP + "/check-in/badges")
    badge = door.locator(".badge-card").first
    name = badge.locator(".badge-name").inner_text().strip()
    code = badge.locator(".badge-code").inner_text().strip()

    door.goto(WORKSHOP + "/check-in")
    width = door.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the check-in page scrolls sideways on a phone"
    # The workshop is months away: the desk opens early only with a reason, kept.
    expect(door.get_by_role("status").filter(has_text="Check-in is for the days")).to_be_visible()
    door.get_by_label("Reason for checking in outside the meeting's days").fill(
        "Rehearsal of the registration desk")
    door.get_by_role("button", name="Check in outside the meeting's days").click()
    expect(door.locator(".flashes")).to_contain_text("recorded with your reason")
    door.get_by_role("textbox", name="Badge code").fill(code.lower().replace("-", " "))
    door.get_by_role("button", name="Check in", exact=True).first.click()
    expect(door.locator(".flashes")).to_contain_text(f"{name}")
    expect(door.locator(".flashes")).to_contain_text("is checked in.")
    expect(door.locator(".checkin-list li", has_text=name)).to_contain_text("Checked in")
    shot(door, "check-in-phone")

    # The same badge again is recognised, not counted twice.
    door.get_by_role("textbox", name="Badge code").fill(code)
    door.get_by_role("button", name="Check in", exact=True).first.click()
    expect(door.locator(".flashes")).to_contain_text("was already checked in")
    # A mistyped code says what to do.
    door.get_by_role("textbox", name="Badge code").fill("1234-ABCD")
    door.get_by_role("button", name="Check in", exact=True).first.click()
    expect(door.locator(".flashes")).to_contain_text("not a Plenaria badge code")


def expect_field_error(page: Page, field: Locator, message: str, kept: str) -> None:
    """The message is tied to the field (shown beside it, read out with it) and what the
    person typed is still there."""
    expect(field).to_have_attribute("aria-invalid", "true")
    field_id = field.get_attribute("id")
    assert f"{field_id}-error" in (field.get_attribute("aria-describedby") or "").split()
    error = page.locator(f"#{field_id}-error")
    expect(error).to_contain_text(message)
    expect(error).to_be_visible()
    # Beside the field: directly under it, not somewhere else on the page.
    field_box, error_box = field.bounding_box(), error.bounding_box()
    assert field_box and error_box and 0 <= error_box["y"] - field_box["y"] < 150
    if kept:
        expect(field).to_have_value(kept)


def test_bad_input_on_each_main_form_is_explained_beside_the_field_and_kept(
        app, live_url, open_page: OpenPage, demo, tmp_path: Path):
    with app.app_context():
        inn = db.session.scalar(select(Organisation).where(Organisation.acronym == "INN"))
        factories.make_user(email="ines.vidal@inn.cl", organisation=inn,
                            name="Inés Vidal Soto")
        db.session.commit()

    visitor = open_page()
    visitor.goto("/sign-up")
    visitor.get_by_label("Full name").fill("Ana María Pérez")
    visitor.get_by_label("Email address").fill("ana.perez@inen")
    visitor.get_by_label("Password", exact=True).fill("short")
    visitor.get_by_label("Password again").fill("shorter")
    visitor.get_by_role("button", name="Create the account").click()
    expect(visitor.locator(".error-summary")).to_be_visible()
    expect_field_error(visitor, visitor.get_by_label("Email address"),
                       "Enter an email address like name@example.org.", "ana.perez@inen")
    expect_field_error(visitor, visitor.get_by_label("Password", exact=True),
                       "at least", "")
    expect_field_error(visitor, visitor.get_by_label("Password again"),
                       "The two passwords are not the same.", "")
    expect(visitor.get_by_label("Full name")).to_have_value("Ana María Pérez")
    shot(visitor, "sign-up-errors")

    delegate = open_page()
    sign_in_as(delegate, "ines.vidal@inn.cl")
    delegate.goto(WORKSHOP + "/register")
    choose(delegate.get_by_label("Organisation you represent"), "INN —")
    delegate.get_by_label("Arrival date").fill("2027-04-25")
    delegate.get_by_label("Departure date").fill("2027-04-20")
    delegate.get_by_label("Dietary needs").fill("Vegetarian, no nuts")
    delegate.get_by_role("button", name="Register").click()
    expect_field_error(delegate, delegate.get_by_label("Departure date"),
                       "The departure date is before the arrival date.", "2027-04-20")
    expect(delegate.get_by_label("Arrival date")).to_have_value("2027-04-25")
    expect(delegate.get_by_label("Dietary needs")).to_have_value("Vegetarian, no nuts")
    expect(delegate.get_by_label("Organisation you represent").locator("option:checked")
           ).to_have_text(re.compile("^INN —"))
    # The summary at the top links to the field.
    delegate.locator(".error-summary a", has_text="Departure date").click()
    expect(delegate.get_by_label("Departure date")).to_be_focused()

    organiser = open_page()
    sign_in_as(organiser, COORDINATOR, DEMO_PASSWORD)
    organiser.goto(WORKSHOP + "/manage/agenda/sessions/new")
    organiser.get_by_label("Title").fill("Closing plenary")
    organiser.get_by_label("Starts").fill("2027-04-27T16:00")
    organiser.get_by_label("Ends").fill("2027-04-27T15:00")
    organiser.get_by_role("button", name="Save to the draft").click()
    expect_field_error(organiser, organiser.get_by_label("Ends"), "after", "2027-04-27T15:00")
    expect(organiser.get_by_label("Title")).to_have_value("Closing plenary")

    organiser.goto(WORKSHOP + "/edit")
    organiser.get_by_label("Time zone", exact=True).fill("Europe/Geneva")
    organiser.get_by_role("button", name=re.compile("^Save")).click()
    expect_field_error(organiser, organiser.get_by_label("Time zone", exact=True), "Europe/Zurich",
                       "Europe/Geneva")

    organiser.goto(WORKSHOP + "/registration/settings")
    organiser.get_by_label("Places", exact=True).fill("0")
    organiser.get_by_role("button", name=re.compile("^Save")).click()
    expect_field_error(organiser, organiser.get_by_label("Places", exact=True),
                       "At least one place, or leave empty for no limit.", "0")

    organiser.goto(WORKSHOP + "/attendance/import")
    not_an_export = tmp_path / "minutes.csv"
    not_an_export.write_text("Minutes of the meeting\nNothing to see here\n", encoding="utf-8")
    organiser.get_by_label("Attendance export").set_input_files(not_an_export)
    organiser.get_by_label("Time zone of the times in the file").fill("America/Bogota")
    organiser.get_by_role("button", name="Import").click()
    expect(organiser.get_by_role("alert")).to_contain_text("Nothing was imported")
    expect(organiser.get_by_label("Time zone of the times in the file")).to_have_value(
        "America/Bogota")
    organiser.get_by_label("Attendance export").set_input_files(not_an_export)
    organiser.get_by_label("Time zone of the times in the file").fill("Mars/Olympus_Mons")
    organiser.get_by_role("button", name="Import").click()
    expect_field_error(organiser, organiser.get_by_label("Time zone of the times in the file"),
                       "America/Bogota", "Mars/Olympus_Mons")

    organiser.goto(WORKSHOP + "/check-in")
    walk_in = organiser.locator("section", has=organiser.get_by_role("heading", name="Walk-in"))
    walk_in.get_by_label("Full name").fill("Rosa Quispe")
    walk_in.get_by_label("Email").fill("rosa.quispe at inacal")
    walk_in.get_by_role("button", name="Register and check in").click()
    expect_field_error(organiser, walk_in.get_by_label("Email"), "email", "rosa.quispe at inacal")
    expect(walk_in.get_by_label("Full name")).to_have_value("Rosa Quispe")
