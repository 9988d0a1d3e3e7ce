"""At phone width (390 px) no main page is wider than the screen: a page that pans sideways
into blank space is the first thing a delegate on a phone notices."""

from __future__ import annotations

from playwright.sync_api import Page

from events.demo.loader import DEMO_PASSWORD
from tests.browser.conftest import PHONE, OpenPage, sign_in_as
from tests.browser.test_accessibility import (
    DELEGATE_PAGES,
    FOCAL_POINT_PAGES,
    ORGANISER_PAGES,
    PUBLIC_PAGES,
    workshop_ready,  # noqa: F401 (the fixture, shared with the accessibility tests)
)

# The focal point's own page and its pending list, beside the pages the axe tests visit.
FOCAL_POINT_MAIN = ["/focal-point", *FOCAL_POINT_PAGES]
# Main pages of a signed-in person that the axe lists leave out.
ACCOUNT_PAGES = ["/account/security", "/account/data"]
ORGANISER_MAIN = [*ORGANISER_PAGES, "/series/iso-casco-plenary/reports/attendance",
                  "/events/copant-casco-prep-webex-2019/manage/mail/"]


def too_wide(page: Page, paths: list[str]) -> dict[str, int]:
    """The pages whose document is wider than the viewport, with their width in pixels."""
    found: dict[str, int] = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None
        assert response.status == (404 if path == "/no-such-page" else 200), path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            found[path] = width
    return found


def test_public_pages_fit_a_phone(live_url, open_page: OpenPage, workshop_ready: str):  # noqa: F811
    assert too_wide(open_page(viewport=PHONE), PUBLIC_PAGES) == {}


def test_delegate_pages_fit_a_phone(live_url, open_page: OpenPage, workshop_ready: str):  # noqa: F811
    page = open_page(viewport=PHONE)
    sign_in_as(page, workshop_ready, DEMO_PASSWORD)
    assert too_wide(page, [*DELEGATE_PAGES, *ACCOUNT_PAGES]) == {}


def test_focal_point_pages_fit_a_phone(live_url, open_page: OpenPage, workshop_ready: str):  # noqa: F811
    page = open_page(viewport=PHONE)
    sign_in_as(page, "focal-point@inen.example", DEMO_PASSWORD)
    assert too_wide(page, FOCAL_POINT_MAIN) == {}


def test_organiser_pages_fit_a_phone(live_url, open_page: OpenPage, workshop_ready: str):  # noqa: F811
    page = open_page(viewport=PHONE)
    sign_in_as(page, "coordinator@copant.example", DEMO_PASSWORD)
    assert too_wide(page, ORGANISER_MAIN) == {}
