"""Text as people type it: slugs transliterated, control characters pasted from Word kept out
of calendar feeds and spreadsheets."""

from datetime import UTC, datetime
from io import BytesIO

import icalendar
from openpyxl import load_workbook

from events.calendar.feeds import Feed, FeedEntry, render
from events.meetings.event_details import slugify
from events.registration.exports import to_xlsx
from events.spreadsheets import safe_cell as neutralise


def test_slugs_keep_accented_and_cyrillic_titles_readable():
    assert slugify("Reunión de São Paulo") == "reunion-de-sao-paulo"
    assert slugify("Пленарное заседание в Дакаре") == "plenarnoe-zasedanie-v-dakare"
    assert slugify("Ελληνικός Οργανισμός Τυποποίησης") == "ellenikos-organismos-tupopoieses"
    assert slugify("…") == "series"


def test_a_feed_carries_no_control_characters_pasted_from_word(app):
    entry = FeedEntry(
        uid="s1@plenaria.test", summary="Opening\x07 session", zone="Africa/Nairobi",
        start=datetime(2030, 5, 1, 6, tzinfo=UTC), end=datetime(2030, 5, 1, 7, tzinfo=UTC),
        sequence=0, modified_at=datetime(2030, 1, 1, tzinfo=UTC), url="https://x.test/",
        location="KICC\x0bTsavo Ballroom", description="Item 1\x0bItem 2\x00")
    with app.test_request_context():
        data = render(Feed("CASCO\x0b2030", [entry], uid="feed@plenaria.test"))
    assert b"NAME:CASCO 2030" in data
    assert not any(byte < 0x20 and byte not in b"\r\n\t" for byte in data)
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["summary"]) == "Opening session"
    assert str(event["location"]) == "KICC\nTsavo Ballroom"  # Word's line break kept as one
    assert str(event["description"]) == "Item 1\nItem 2"


def test_spreadsheets_get_no_control_characters_and_no_formulas():
    assert neutralise("=HYPERLINK(\x07\"x\")") == "'=HYPERLINK(\"x\")"
    assert neutralise("Gluten\x0bfree") == "Gluten\nfree"
    book = load_workbook(BytesIO(to_xlsx([["Соколова\x07", "Ирина"]], "Registrations\x0b")))
    family, given = (c.value for c in next(book.active.iter_rows(min_row=2, max_col=2)))
    assert (family, given) == ("Соколова", "Ирина")
