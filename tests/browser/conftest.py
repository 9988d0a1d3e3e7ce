"""Browser tests: the app served by a real HTTP server on 127.0.0.1 (the suite's test database),
driven by Debian's Chromium through Playwright.

Each test that asks for `live_url` gets the server with the app's external address set to it,
so links in the mails the app sends during the test lead back to it. Data comes from the
usual fixtures (`demo`, factories) and is wiped after each test like any other.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, got_request_exception
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)
from werkzeug.serving import WSGIRequestHandler, make_server

from tests import factories

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless, and quiet on the network: without the background-networking flags Chromium keeps
# trying to reach Google's services, which this closed network (and CI) refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Long enough for a PDF on a slow CI machine, short enough that a missing element fails fast.
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)
AXE_SCRIPT = Path(__file__).resolve().parents[1] / "axe/node_modules/axe-core/axe.min.js"


class _QuietHandler(WSGIRequestHandler):
    """No access log: pytest shows the test's own output, not every request."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@dataclass
class LiveServer:
    host: str
    port: int
    errors: list[BaseException] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[LiveServer]:
    """The app on a threaded WSGI server (the browser loads pages, styles and scripts at once).
    LIVE_SERVER_PORT picks the port; by default the system gives a free one."""
    server = make_server("127.0.0.1", int(os.environ.get("LIVE_SERVER_PORT", "0")), app,
                         threaded=True, request_handler=_QuietHandler)
    live = LiveServer("127.0.0.1", server.port)

    def record(_sender: Flask, exception: BaseException, **_extra: Any) -> None:
        live.errors.append(exception)

    got_request_exception.connect(record, app)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield live
    finally:
        got_request_exception.disconnect(record, app)
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture
def live_url(app: Flask, live_server: LiveServer) -> Iterator[str]:
    """The server's address, also used by the app for the links in its mails; a server error
    during the test fails it."""
    previous = app.config["SERVER_NAME"]
    app.config["SERVER_NAME"] = f"{live_server.host}:{live_server.port}"
    live_server.errors.clear()
    try:
        yield live_server.url
    finally:
        app.config["SERVER_NAME"] = previous
    assert not live_server.errors, f"the server failed: {live_server.errors!r}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}. `make test` installs Debian's "
                    "chromium package when it is missing (as root or through sudo); or run "
                    "`apt-get install chromium`, or set CHROMIUM to its path.", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


OpenPage = Callable[..., Page]


@pytest.fixture
def open_page(browser: Browser, live_url: str) -> Iterator[OpenPage]:
    """`open_page(viewport=PHONE)`: a page in a browser context of its own (its own cookies:
    one per person in a journey), its relative addresses on the live server."""
    contexts: list[BrowserContext] = []
    violations: list[str] = []

    def record_violation(message: ConsoleMessage) -> None:
        # Chromium reports every script, style or source the page's Content-Security-Policy
        # refuses as a console error; none may happen on any page of a journey.
        if "Content Security Policy" in message.text:
            violations.append(f"{message.location.get('url')}: {message.text}")

    def opener(viewport: dict[str, int] = LAPTOP, **options: Any) -> Page:
        context = browser.new_context(base_url=live_url, viewport=viewport, locale="en-GB",
                                      **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("console", record_violation)
        contexts.append(context)
        return context.new_page()

    yield opener
    for context in contexts:
        context.close()
    assert violations == [], "the Content-Security-Policy refused parts of the pages"


def sign_in_as(page: Page, email: str, password: str = factories.PASSWORD) -> None:
    """Sign in through the form, as a person would, and wait for the welcome."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Welcome,").wait_for()


def shot(page: Page, name: str) -> None:
    """A screenshot of the page as it is now, kept only when PLENARIA_SCREENSHOTS names a
    folder (`make screenshots` writes docs/screenshots, shown in the README): ordinary runs
    leave the committed pictures alone."""
    folder = os.environ.get("PLENARIA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
