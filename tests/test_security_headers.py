"""Security headers: a Content-Security-Policy the pages satisfy, Permissions-Policy, HSTS
and Secure cookies over HTTPS (HTTPS_ONLY, on in production)."""

from __future__ import annotations

import re
from pathlib import Path

from app import create_app
from events.config import from_environment

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_pages_forbid_inline_script_and_foreign_sources(app, client, demo):
    for url in ("/", "/sign-in", "/events/casco-plenary-2019/", "/orgs/"):
        response = client.get(url)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, url
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "camera=(self)" in response.headers["Permissions-Policy"]
        assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_no_template_has_inline_script_or_style_that_the_policy_would_block():
    """Inline <script>, <style>, style="…" and on…="…" would be refused by the browser.
    (PDF templates are read by WeasyPrint, not a browser, and keep their styles.)"""
    offending = []
    for template in TEMPLATES.rglob("*.html"):
        if template.relative_to(TEMPLATES).parts[0] == "pdf":
            continue
        text = template.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\sstyle=",
                        r"\son[a-z]+=\""):
            if re.search(pattern, text):
                offending.append(f"{template.relative_to(TEMPLATES)}: {pattern}")
    assert offending == []


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/sign-in").headers
    secure = client.get("/sign-in", base_url="https://plenaria.test")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_https_only_marks_cookies_secure_and_sends_hsts(app):
    https_app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key",
                            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                            "SERVER_NAME": "plenaria.test", "HTTPS_ONLY": True})
    response = https_app.test_client().get("/sign-in")
    assert "Strict-Transport-Security" in response.headers  # a proxy ended TLS before us
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "Secure" in cookie and "HttpOnly" in cookie


def test_production_settings_are_https_only_unless_told_otherwise():
    assert from_environment({"PLENARIA_ENV": "production"})["HTTPS_ONLY"] is True
    assert from_environment({"PLENARIA_ENV": "production", "HTTPS_ONLY": "false"})[
        "HTTPS_ONLY"] is False
    assert "HTTPS_ONLY" not in from_environment({})
