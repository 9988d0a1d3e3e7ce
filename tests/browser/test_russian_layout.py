"""Russian (ISO's third language) in Chromium: Cyrillic words are longer than their English,
so at a phone's width no page may grow wider than the screen, and the new account pages
(API tokens, webhooks) pass axe in Russian as in English."""

from __future__ import annotations

from playwright.sync_api import Page

from events.demo.loader import DEMO_PASSWORD
from tests.browser.axe import axe_violations, blocking
from tests.browser.conftest import LAPTOP, PHONE, OpenPage
from tests.browser.test_accessibility import PREP, WORKSHOP, workshop_ready  # noqa: F401

PAGES = ["/", "/events/casco-plenary-2019/", "/events/casco-plenary-2019/agenda", "/orgs/",
         "/orgs/KEBS", "/sign-in", "/sign-up", WORKSHOP + "/"]
SIGNED_IN = ["/my/meetings", "/account/tokens", "/account/webhooks", "/orgs/INEN/delegates",
             WORKSHOP + "/register/someone"]
ORGANISER = [WORKSHOP + "/registrations", WORKSHOP + "/manage", PREP + "/reports/attendance"]


def overflowing(page: Page, paths: list[str]) -> dict[str, int]:
    """Pages wider than the window (what makes a phone scroll sideways), by how many pixels.
    Tables scroll inside their own box on phones and do not count."""
    wider = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "ru", path
        extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if extra > 0:
            wider[path] = extra
    return wider


def sign_in_in_russian(page: Page, email: str) -> None:
    page.goto("/sign-in?lang=ru")
    page.get_by_label("Адрес электронной почты").fill(email)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_text("Добро пожаловать,").wait_for()


def test_russian_pages_fit_a_phone(live_url, open_page: OpenPage,
                                   workshop_ready: str):  # noqa: F811
    phone = open_page(viewport=PHONE)
    phone.goto("/?lang=ru")
    assert overflowing(phone, PAGES) == {}
    focal_point = open_page(viewport=PHONE)
    sign_in_in_russian(focal_point, "focal-point@inen.example")
    assert overflowing(focal_point, SIGNED_IN) == {}
    organiser = open_page(viewport=PHONE)
    sign_in_in_russian(organiser, "coordinator@copant.example")
    assert overflowing(organiser, ORGANISER) == {}


def test_the_token_and_webhook_pages_pass_axe_in_russian(live_url, open_page: OpenPage,
                                                         workshop_ready: str):  # noqa: F811
    for viewport in (LAPTOP, PHONE):
        page = open_page(viewport=viewport)
        sign_in_in_russian(page, "focal-point@inen.example")
        for path in ("/account/tokens", "/account/webhooks"):
            page.goto(path)
            assert [str(v) for v in blocking(axe_violations(page))] == [], path
            assert page.locator("h1").count() == 1
