"""The secretary's journey through a plenary's decisions, in Chromium on a real server: the
roll call, drafting a resolution tied to an agenda item and a document, amending it,
adopting it (numbered), publishing the set; and the pages passing axe."""

from __future__ import annotations

import re

from playwright.sync_api import Dialog, Page, expect

from events.demo.loader import DEMO_PASSWORD
from tests.browser.axe import axe_violations, blocking
from tests.browser.conftest import PHONE, OpenPage, shot, sign_in_as

PLENARY = "/events/casco-plenary-2019"
SECRETARY = "organiser@kebs.example"  # the host's organiser runs the meeting's decisions


def accept_dialogs(page: Page) -> list[str]:
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    return asked


def test_the_secretary_drafts_adopts_and_publishes_a_resolution(live_url, open_page: OpenPage,
                                                                demo):
    page = open_page()
    asked = accept_dialogs(page)
    sign_in_as(page, SECRETARY, DEMO_PASSWORD)
    page.goto(PLENARY + "/manage")
    page.get_by_role("link", name="Roll call").click()
    expect(page.locator("#roll-call")).to_contain_text(re.compile(r"\d+ of \d+ P-members present"))
    expect(page.locator("#roll-call")).to_contain_text("By correspondence")
    shot(page, "roll-call")

    page.goto(PLENARY + "/manage")
    page.get_by_role("link", name="Resolutions and votes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resolutions")
    # Bad input first: explained beside the field, nothing saved.
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".error-summary")).to_contain_text("Give the resolution a short title")
    page.get_by_label("Title").fill("Liaison with IAF and ILAC")
    page.get_by_label("Text (English)").fill(
        "ISO/CASCO thanks IAF and ILAC for their report.")
    page.get_by_label("11.1 IAF and ILAC").check()
    page.get_by_label(re.compile("^CASCO N 1214")).check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".flashes")).to_contain_text(
        "The draft “Liaison with IAF and ILAC” is saved.")

    page.get_by_label("Text (English)").fill(
        "ISO/CASCO thanks IAF and ILAC for their report (CASCO N 1214).")
    page.get_by_label("French translation").fill(
        "L'ISO/CASCO remercie l'IAF et l'ILAC de leur rapport (CASCO N 1214).")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.locator(".flashes")).to_contain_text("saved as a new version")
    expect(page.locator("#main")).to_contain_text("Amended (a new version)")

    page.get_by_role("button", name="Adopt by consensus").click()
    expect(page.locator(".flashes")).to_contain_text("Adopted by consensus.")
    # The demo's plenary adopted five; this one is the sixth of 2019.
    expect(page.get_by_role("heading", level=1)).to_contain_text("CASCO Resolution 6/2019")
    assert any("by consensus" in question for question in asked)

    page.get_by_role("link", name=re.compile("^Resolutions ·")).click()
    page.get_by_role("button", name="Publish the adopted resolutions").click()
    expect(page.locator(".flashes")).to_contain_text("The resolutions are published.")
    expect(page.locator("#main")).to_contain_text(
        "CASCO Resolution 6/2019 — Liaison with IAF and ILAC")
    expect(page.locator("#main")).to_contain_text("L'ISO/CASCO remercie l'IAF et l'ILAC")
    shot(page, "resolutions")


def test_the_decisions_pages_pass_axe(live_url, open_page: OpenPage, demo):
    page = open_page()
    sign_in_as(page, SECRETARY, DEMO_PASSWORD)
    paths = [PLENARY + "/decisions/roll-call", PLENARY + "/decisions/resolutions",
             PLENARY + "/decisions/resolutions/5", PLENARY + "/decisions/resolutions/5/vote",
             PLENARY + "/decisions/minutes", PLENARY + "/resolutions"]
    problems = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        found = [str(v) for v in blocking(axe_violations(page))]
        if page.locator("h1").count() != 1:
            found.append("not one main heading")
        if found:
            problems[path] = found
    assert problems == {}
    phone = open_page(viewport=PHONE)
    sign_in_as(phone, SECRETARY, DEMO_PASSWORD)
    phone.goto(PLENARY + "/decisions/roll-call")
    assert blocking(axe_violations(phone)) == []


def test_the_roll_call_refreshes_itself_when_someone_checks_in(app, live_url,
                                                               open_page: OpenPage, demo):
    app.config["ROLL_CALL_REFRESH_SECONDS"] = 1
    try:
        page = open_page()
        sign_in_as(page, SECRETARY, DEMO_PASSWORD)
        page.goto(PLENARY + "/decisions/roll-call")
        headline = page.locator("#roll-call .headline")
        before = headline.inner_text()
        present, total = map(int, re.findall(r"\d+", before)[:2])
        with app.app_context():
            absent = _check_in_an_absent_p_member()
        # No reload: the script brings the new figure and the new name.
        expect(headline).to_contain_text(f"{present + 1} of {total} P-members present")
        expect(page.locator("#roll-call")).to_contain_text(absent)
    finally:
        app.config.pop("ROLL_CALL_REFRESH_SECONDS")


def _check_in_an_absent_p_member() -> str:
    """Check in a delegate of a P-member that is not present (the desk's row); its name."""
    from sqlalchemy import select

    from events.decisions.roll_call import roll_call
    from events.extensions import db
    from events.models import AttendanceMode, AttendanceOrigin, Event
    from tests.factories import make_attendance, make_person

    event = db.session.scalar(select(Event).where(Event.slug == "casco-plenary-2019"))
    line = next(line for line in roll_call(event).p_members if not line.present)
    person = make_person(line.organisation, given_name="Айгерим", family_name="Бекова")
    make_attendance(event, person, mode=AttendanceMode.ONSITE, origin=AttendanceOrigin.CHECK_IN)
    db.session.commit()
    return person.full_name
