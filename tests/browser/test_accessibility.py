"""Every main page, checked by axe-core in Chromium (laptop and phone widths): no serious or
critical violation, headings in order; each page has its own title and one main heading;
the keyboard reaches the content through the skip link and always shows where it is."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from events.agenda.publishing import publish_agenda
from events.attendance.checkin import badge_code
from events.demo.loader import DEMO_PASSWORD
from events.demo.upcoming import workshop_slug
from events.extensions import db
from events.models import Event, Person, Registration, RegistrationStatus
from tests.browser.axe import axe_violations, blocking
from tests.browser.conftest import LAPTOP, PHONE, OpenPage, shot, sign_in_as

PLENARY = "/events/casco-plenary-2019"
PREP = "/events/copant-casco-prep-webex-2019"
# The demo places the workshop by the (pinned) clock of the tests: 26–27 April 2027.
WORKSHOP_SLUG = workshop_slug()
WORKSHOP = f"/events/{WORKSHOP_SLUG}"

PUBLIC_PAGES = [
    "/", PLENARY + "/", PLENARY + "/agenda", PLENARY + "/agenda/changes",
    WORKSHOP + "/", WORKSHOP + "/participants", "/series/iso-casco-plenary/", "/orgs/",
    "/orgs/KEBS", "/sign-in", "/sign-up", "/password/forgotten", "/certificates/",
    "/committees/ISO/CASCO",
    "/no-such-page",
]
DELEGATE_PAGES = ["/my/meetings", "/account/calendar", WORKSHOP + "/ticket", WORKSHOP + "/agenda",
                  "/account/security", "/account/two-factor", "/account/data"]
FOCAL_POINT_PAGES = ["/orgs/INEN/delegates", WORKSHOP + "/register",
                     WORKSHOP + "/register/someone"]
ORGANISER_PAGES = [
    "/organise/", WORKSHOP + "/manage", WORKSHOP + "/registrations",
    WORKSHOP + "/registration/settings", WORKSHOP + "/manage/agenda/",
    WORKSHOP + "/manage/agenda/sessions/new", WORKSHOP + "/manage/agenda/items/new",
    WORKSHOP + "/manage/agenda/publish", WORKSHOP + "/edit", WORKSHOP + "/check-in",
    WORKSHOP + "/check-in/badges", WORKSHOP + "/audit",
    PREP + "/attendance", PREP + "/attendance/import", PREP + "/attendance/review",
    PREP + "/reports/attendance", PREP + "/prep/edit", PREP + "/prep/invite",
    PREP + "/prep/problems/summary", "/organise/events/new",
    WORKSHOP + "/manage/mail/", WORKSHOP + "/manage/documents/certificates",
]


@pytest.fixture
def workshop_ready(app: Flask, demo: None) -> str:
    """The demo with the 2027 workshop's agenda published; returns an approved delegate's
    email (a demo person given an account here)."""
    from events.auth.accounts import create_user

    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == WORKSHOP_SLUG))
        publish_agenda(event)
        person = db.session.scalars(select(Person).join(Registration.person).where(
            Registration.event_id == event.id, Person.email.is_not(None),
            Registration.status == RegistrationStatus.APPROVED)).first()
        email = person.email
        create_user(email, person.full_name, DEMO_PASSWORD)  # adopts the person
        db.session.commit()
    return email


def check_pages(page: Page, paths: list[str]) -> dict[str, list[str]]:
    """Visit each page; return the blocking axe violations, and page problems, by page."""
    found: dict[str, list[str]] = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None
        expected = 404 if path == "/no-such-page" else 200
        assert response.status == expected, f"{path} answered {response.status}"
        problems = [str(v) for v in blocking(axe_violations(page))]
        title = page.title()
        if not title or title.startswith("Plenaria"):
            problems.append(f"no page title of its own: {title!r}")
        if page.locator("h1").count() != 1:
            problems.append(f"{page.locator('h1').count()} main headings")
        if problems:
            found[path] = problems
    return found


def test_public_pages_pass_axe_on_a_laptop_and_a_phone(live_url, open_page: OpenPage,
                                                       workshop_ready: str):
    for viewport in (LAPTOP, PHONE):
        page = open_page(viewport=viewport)
        assert check_pages(page, PUBLIC_PAGES) == {}
    phone = open_page(viewport=PHONE)
    phone.goto(PLENARY + "/")
    shot(phone, "event-phone")
    laptop = open_page()
    laptop.goto("/")
    shot(laptop, "home")
    laptop.goto(WORKSHOP + "/agenda")
    shot(laptop, "agenda")


def test_delegate_pages_pass_axe(live_url, open_page: OpenPage, workshop_ready: str):
    page = open_page()
    sign_in_as(page, workshop_ready, DEMO_PASSWORD)
    assert check_pages(page, DELEGATE_PAGES) == {}


def test_focal_point_pages_pass_axe(live_url, open_page: OpenPage, workshop_ready: str):
    page = open_page()
    sign_in_as(page, "focal-point@inen.example", DEMO_PASSWORD)
    assert check_pages(page, FOCAL_POINT_PAGES) == {}
    phone = open_page(viewport=PHONE)
    sign_in_as(phone, "focal-point@inen.example", DEMO_PASSWORD)
    assert check_pages(phone, FOCAL_POINT_PAGES[:1]) == {}


def test_organiser_pages_pass_axe(live_url, open_page: OpenPage, workshop_ready: str):
    page = open_page()
    sign_in_as(page, "coordinator@copant.example", DEMO_PASSWORD)
    assert check_pages(page, ORGANISER_PAGES) == {}
    phone = open_page(viewport=PHONE)
    sign_in_as(phone, "coordinator@copant.example", DEMO_PASSWORD)
    assert check_pages(phone, [WORKSHOP + "/check-in", PREP + "/reports/attendance"]) == {}


def test_pages_with_messages_and_errors_pass_axe(app, live_url, open_page: OpenPage,
                                                 workshop_ready: str):
    """Flash messages, form errors and the confirmation page have colours of their own."""
    page = open_page()
    page.goto("/sign-up")
    page.get_by_role("button", name="Create the account").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert blocking(axe_violations(page)) == []

    sign_in_as(page, "coordinator@copant.example", DEMO_PASSWORD)
    assert blocking(axe_violations(page)) == []  # the welcome message
    with app.app_context():
        registration = db.session.scalars(select(Registration).join(Registration.event).where(
            Event.slug == WORKSHOP_SLUG, Registration.status == RegistrationStatus.APPROVED)
        ).first()
        code = badge_code(registration, app.config["SECRET_KEY"])
    page.goto(WORKSHOP + "/check-in")
    page.get_by_role("textbox", name="Badge code").fill("not a code")
    page.get_by_role("button", name="Check in", exact=True).first.click()
    expect(page.locator(".flash-error")).to_be_visible()
    assert blocking(axe_violations(page)) == []
    # The workshop is months away: the outside-the-days notice and its form pass too.
    page.get_by_label("Reason for checking in outside the meeting's days").fill("Rehearsal")
    page.get_by_role("button", name="Check in outside the meeting's days").click()
    expect(page.locator(".flashes")).to_contain_text("recorded with your reason")
    assert blocking(axe_violations(page)) == []
    page.get_by_role("textbox", name="Badge code").fill(code)
    page.get_by_role("button", name="Check in", exact=True).first.click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert blocking(axe_violations(page)) == []

    # Without JavaScript, cancelling a registration asks on a page of its own.
    no_script = open_page(java_script_enabled=False)
    sign_in_as(no_script, "coordinator@copant.example", DEMO_PASSWORD)
    no_script.goto(WORKSHOP + "/registrations?status=approved")
    no_script.get_by_role("button", name="Cancel the registration of").first.click()
    expect(no_script.get_by_role("heading", level=1)).to_contain_text(
        "Cancel the registration of")
    assert "/registrations/" in no_script.url and no_script.url.endswith("/cancel")
    # axe needs script, so it checks the same page in a browser that has it.
    html = no_script.content()
    page.set_content(html)
    assert blocking(axe_violations(page)) == []
    no_script.get_by_role("link", name="No, go back").click()
    expect(no_script.get_by_role("heading", level=1)).to_have_text("Registrations")


def test_the_keyboard_reaches_the_content_and_focus_is_always_visible(
        live_url, open_page: OpenPage, workshop_ready: str):
    page = open_page()
    page.goto(PLENARY + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    # Every link and button shows a visible outline when the keyboard lands on it.
    unfocused_outline = []
    for _ in range(25):
        page.keyboard.press("Tab")
        outline = page.evaluate("""() => {
            const el = document.activeElement;
            if (el === document.body) return ["body", "n/a", "n/a"];
            const style = getComputedStyle(el);
            return [el.outerHTML.slice(0, 80), style.outlineStyle, style.outlineWidth];
        }""")
        if outline[0] != "body" and (outline[1] == "none" or outline[2] in ("0px", "")):
            unfocused_outline.append(outline[0])
    assert unfocused_outline == []
