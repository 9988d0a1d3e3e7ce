"""From bytes to records: the encoding (UTF-16 with or without a byte-order mark, UTF-8,
Windows-1252), the delimiter (tab or comma) and the cells as a spreadsheet would show them."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from flask_babel import gettext as _

from events.attendance.formats.model import MAX_ROWS, ExportError

_BINARY_SIGNATURES = {
    b"PK\x03\x04": "a zip archive or an Excel workbook (.xlsx)",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name). UTF-16 is recognised by its byte-order mark or by the zero bytes
    of ASCII characters; otherwise UTF-8, else Windows-1252 (spreadsheets saved on Windows)."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ExportError([_("The file is empty.")])
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ExportError([_("This is not a text export: it looks like %(what)s. Export "
                                 "the attendance list as CSV and try again.", what=what)])
    encoding = _guess_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line_number = data[: error.start].count(b"\n") + 1
        raise ExportError([_("line %(line)d: the file cannot be read as text (%(encoding)s).",
                             line=line_number, encoding=encoding)]) from error
    text = text.removeprefix("\ufeff")
    for number, line in enumerate(text.splitlines(), start=1):
        if any(ord(char) < 32 and char not in "\t\r\n" for char in line):
            raise ExportError([_("line %(line)d: the file contains binary data; it is not a "
                                 "text export.", line=number)])
    return text, encoding


def _guess_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4000]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = max(len(sample) // 2, 1)
    if odd_zeros > half * 0.3 and even_zeros < half * 0.05:
        return "utf-16-le"
    if even_zeros > half * 0.3 and odd_zeros < half * 0.05:
        return "utf-16-be"
    if b"\x00" in data:
        raise ExportError([_("This is not a text export (it contains binary data). Export the "
                             "attendance list as CSV and try again.")])
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


@dataclass(frozen=True)
class Record:
    """One record of the file: the line it starts on and its cells, stripped."""

    line: int
    cells: list[str]

    @property
    def blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)

    @property
    def filled(self) -> list[str]:
        return [cell for cell in self.cells if cell]


# Webex (and spreadsheets saved for Excel) write `="03/29/2019 09:56:18 AM"` so that Excel
# keeps the text as typed instead of turning it into a number: the value is what is quoted.
_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)


def cell_value(raw: str) -> str:
    """A cell as a spreadsheet shows it: spaces trimmed, Excel's `="…"` quoting removed."""
    text = raw.strip()
    match = _EXCEL_TEXT.match(text)
    if match:
        text = match.group(1).replace('""', '"').strip()
    return text


def records(text: str) -> list[Record]:
    """The file's records; the delimiter is the one the first lines use most (tab or comma)."""
    lines = text.splitlines()
    head = [line for line in lines[:60] if line.strip()]
    tabs = sum(line.count("\t") for line in head)
    commas = sum(line.count(",") for line in head)
    delimiter = "\t" if tabs >= commas and tabs else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    found: list[Record] = []
    try:
        start = 1
        for cells in reader:
            found.append(Record(start, [cell_value(cell) for cell in cells]))
            start = reader.line_num + 1
            if len(found) > MAX_ROWS + 100:
                raise ExportError([_("The file has more than %(max)d rows.", max=MAX_ROWS)])
    except csv.Error as error:
        raise ExportError([_("line %(line)d: %(problem)s", line=reader.line_num + 1,
                             problem=error)]) from error
    return found


def key(header: str) -> str:
    """A column name compared without case, byte-order marks or repeated spaces."""
    return " ".join(header.replace("\ufeff", "").split()).casefold()
