"""The Content-Security-Policy in a real browser: a script slipped into a page does not run.
(Every other browser test fails on any violation: see `open_page`.)"""

from __future__ import annotations

from playwright.sync_api import Browser, ConsoleMessage, Route


def test_an_inline_script_slipped_into_a_page_is_refused(browser: Browser, live_url: str):
    context = browser.new_context(base_url=live_url)
    refused: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    def inject(route: Route) -> None:
        # As if a name typed by someone had reached the page unescaped.
        response = route.fetch()
        body = response.text().replace(
            "</main>", "<script>document.title = 'owned by Mallory';</script></main>")
        route.fulfill(response=response, body=body)

    context.on("console", record)
    page = context.new_page()
    page.route("**/sign-in", inject)
    page.goto("/sign-in")
    page.get_by_role("heading", name="Sign in").wait_for()
    assert "owned" not in page.title()
    assert refused and "script-src 'self'" in refused[0]
    context.close()
