"""The main journeys, as people make them: in Chromium, against the app on a real server, with
the real mail server, each person in a browser of their own."""

from __future__ import annotations

import io
import re
import time
from email.message import Message
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Dialog, Locator, Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from events.demo.loader import DEMO_PASSWORD
from events.demo.upcoming import WORKSHOP_SLUG
from events.extensions import db
from events.models import (
    Attendance,
    Event,
    EventKind,
    EventMode,
    Organisation,
    Registration,
    RegistrationStatus,
)
from events.plenaries.publishing import publish_agenda
from tests import factories
from tests.browser.conftest import PHONE, OpenPage, sign_in_as
from tests.conftest import Mailbox

WORKSHOP = f"/events/{WORKSHOP_SLUG}"
COORDINATOR = "coordinator@copant.example"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def mail_text(message: Message) -> str:
    parts = [part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
             for part in message.walk() if part.get_content_type() == "text/plain"]
    return "\n".join(parts)


def wait_for_mail(mailbox: Mailbox, address: str, subject_part: str) -> Message:
    """The message to `address` whose subject contains `subject_part` (mail leaves the app
    after its database commit, just before the page answers: allow it a moment)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for message in mailbox.to(address):
            if subject_part in message["Subject"]:
                return message
        time.sleep(0.05)
    subjects = [m["Subject"] for m in mailbox.to(address)]
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


def shot(page: Page, name: str) -> None:
    """A screenshot of the page as it is, for docs/screenshots (README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


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
