"""A check before an export is parsed: a header that cannot be read one way only is refused.

Kept apart from the export parser (being reworked): it looks only at the lines before the
first rows of data and asks two things of each that looks like a header (it names a `name`
column): no column named twice — with two `name` columns, which one is the person's cannot
be told — and no more columns than any export has (a file with thousands of columns is not
an attendance list, and every extra column would be silently ignored)."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from events.attendance.formats import ExportError

MAX_COLUMNS = 100
HEADER_LINES = 30  # Zoom and Teams put a preamble or summary before the participants


def _cells(line: str) -> list[str]:
    delimiter = "\t" if line.count("\t") >= line.count(",") and "\t" in line else ","
    row = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
    return [cell.strip().strip('"').lower() for cell in row]


def check_header(text: str) -> None:
    """Raise ExportError when a header names a column twice or has too many columns."""
    for number, line in enumerate(text.splitlines()[:HEADER_LINES], start=1):
        cells = _cells(line)
        if "name" not in cells and not any(c.startswith("name ") for c in cells):
            continue
        if len(cells) > MAX_COLUMNS:
            raise ExportError([_(
                "line %(line)d: the header has %(count)d columns; an attendance export has "
                "at most %(max)d. Export the attendance list again from the meeting tool.",
                line=number, count=len(cells), max=MAX_COLUMNS)])
        twice = sorted({c for c in cells if c and cells.count(c) > 1})
        if twice:
            raise ExportError([_(
                "line %(line)d: the column %(name)s appears twice, so which one to read "
                "cannot be told. Rename or remove one and import again.",
                line=number, name=repr(twice[0]))])
        return
