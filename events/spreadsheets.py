"""Cells that are safe to open in a spreadsheet, for every CSV Plenaria writes.

A name typed as `=HYPERLINK(...)` must stay text: Excel, LibreOffice and Sheets run a cell that
starts with one of `= + - @` (or a tab or carriage return, in old Excel) as a formula, so such
a cell gets a leading apostrophe. A plain number such as `-5` is left as it is: it is no
formula, and figures must stay figures. Control characters (pasted from Word) are left out:
spreadsheets show them as boxes.
"""

from __future__ import annotations

from events.text import strip_control_characters

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text without control characters, with a leading apostrophe when a
    spreadsheet would run it."""
    text = "" if value is None else strip_control_characters(str(value))
    if text.startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
