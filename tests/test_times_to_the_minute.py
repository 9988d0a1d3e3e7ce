"""Times of day are shown to the minute (check-in's session list, imports, mail delivery):
'1 May 2019, 09:00', never '09:00:00'."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from events.timefmt import format_datetime


@pytest.mark.parametrize(("lang", "zone", "expected"), [
    ("en", "Africa/Nairobi", "1 May 2019, 09:00"),
    ("es", "America/Bogota", "01:00"),
    ("ru", "Europe/Zurich", "08:00"),
])
def test_a_date_and_time_has_no_seconds(app, lang, zone, expected):
    with app.test_request_context(f"/?lang={lang}"):
        shown = format_datetime(datetime(2019, 5, 1, 6, 0, tzinfo=UTC), zone)
    assert expected in shown
    assert not re.search(r"\d:\d\d:\d\d", shown), shown
