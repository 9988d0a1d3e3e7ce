"""What every PDF template receives: the event, language, paper, logo, page numbering."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import escape

from events.i18n import current_language
from events.models import Event, Organisation, utcnow
from events.timefmt import format_date

_LOGO_SUFFIXES = (".svg", ".png", ".jpg")


def css_string(text: str) -> str:
    """A CSS string literal for `content:` (quotes and backslashes escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_x_of_y() -> str:
    """'Page 3 of 12' in the reader's language, as a CSS `content` value with counters."""
    pattern = _("Page %(page)s of %(pages)s", page="\x00page\x00", pages="\x00pages\x00")
    parts = re.split("\x00(page|pages)\x00", pattern)
    tokens = []
    for index, part in enumerate(parts):
        if index % 2:
            tokens.append(f"counter({part})")
        elif part:
            tokens.append(css_string(part))
    return " ".join(tokens)


def logo_url(organisation: Organisation | None) -> str | None:
    """The organisation's logo from `static/logos/<acronym>.svg|png|jpg`, else a monogram."""
    if organisation is None:
        return None
    static = Path(current_app.static_folder or "static")
    stem = re.sub(r"[^a-z0-9]+", "-", organisation.acronym.lower()).strip("-")
    for suffix in _LOGO_SUFFIXES:
        if (static / "logos" / f"{stem}{suffix}").is_file():
            return f"/static/logos/{stem}{suffix}"
    initials = escape(organisation.acronym[:6])
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40">'
        '<rect width="120" height="40" rx="6" fill="#143a66"/>'
        f'<text x="60" y="27" font-family="Noto Sans, sans-serif" font-size="20" '
        f'font-weight="700" fill="#fff" text-anchor="middle">{initials}</text></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def pdf_context(event: Event, title: str, **extra: Any) -> dict[str, Any]:
    # The day, not the instant: the HTML (hence the cache key) must not change between
    # two requests for unchanged data.
    today = utcnow().date()
    host = event.host
    return {
        "event": event,
        "title": title,
        "author": host.name if host else _("Plenaria"),
        "lang": current_language(),
        "locale": str(get_locale() or "en"),
        "paper": event.paper_size.css if event.paper_size else "A4",
        "logo": logo_url(host),
        "page_x_of_y": page_x_of_y(),
        "generated_at": today,
        "generated_on": format_date(today, fmt="long"),
        **extra,
    }
