"""The API's browsable page: Swagger UI from static/vendor (nothing from a CDN) reads the
generated OpenAPI document and lists the operations."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.browser.conftest import OpenPage


def test_the_api_page_shows_the_operations_from_this_server_only(live_url,
                                                                 open_page: OpenPage):
    page = open_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto("/api/v1/docs")
    expect(page.get_by_text("/api/v1/meetings/{slug}/registrations").first).to_be_visible()
    expect(page.get_by_text("/api/v1/webhooks").first).to_be_visible()
    assert hosts == {urlsplit(live_url).netloc}
