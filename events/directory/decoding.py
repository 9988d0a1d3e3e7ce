"""Reading a directory file's bytes as text: UTF-8 (with or without BOM) or UTF-16/32 (what
Excel writes as "Unicode Text" and several exports use), and its delimiter."""

from __future__ import annotations

import codecs

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class NotText(Exception):
    """The bytes are not text in an encoding we read (a spreadsheet, an image, …)."""


def detect_encoding(data: bytes) -> tuple[str, int]:
    """The encoding of `data` and the length of its byte-order mark.

    Without a mark, UTF-16 shows as a NUL byte beside almost every ASCII character (a CSV's
    header and commas are ASCII): NULs at odd positions mean little-endian, at even ones
    big-endian. NULs anywhere else mean a binary file."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # .xlsx (zip), .xls (OLE)
        raise NotText
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    sample = data[:4096]
    if b"\x00" not in sample:
        return "utf-8", 0
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    pairs = len(sample) // 2 or 1
    if odd > 0.3 * pairs and even < 0.05 * pairs:
        return "utf-16-le", 0
    if even > 0.3 * pairs and odd < 0.05 * pairs:
        return "utf-16-be", 0
    raise NotText


def guess_delimiter(first_line: str) -> str:
    """Tab when the header has tabs and no commas (Excel's "Unicode Text"), else comma."""
    return "\t" if "\t" in first_line and "," not in first_line else ","
