"""Reading remote-meeting attendance exports: Webex, Zoom, Microsoft Teams and a plain CSV.

One module per meeting tool (`webex`, `zoom`, `teams`, `plain_csv`) says how its exports are
laid out; `text` turns bytes into records, `columns` finds the participants' header,
`reading` checks each row, `values` reads dates and durations and `dates` decides which way
a file writes them by the meeting's own dates. Every problem names its line; a file with any
problem yields nothing. A person who dropped and rejoined appears on several rows: they are
merged (earliest join, latest leave, minutes added up), keeping every line they came from.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from events.attendance.formats.columns import detect, find_header
from events.attendance.formats.dates import DATE_ORDERS, MeetingWindow
from events.attendance.formats.model import (
    ExportAttendee,
    ExportError,
    ExportRow,
    ParsedExport,
    merge_rejoins,
    normalise_name,
)
from events.attendance.formats.reading import read_rows
from events.attendance.formats.text import decode, records
from events.models import ExportFormat

__all__ = ["DATE_ORDERS", "ExportAttendee", "ExportError", "ExportRow", "MeetingWindow",
           "ParsedExport", "merge_rejoins", "normalise_name", "read_export"]


def read_export(data: bytes, zone: ZoneInfo, fmt: ExportFormat | None = None, *,
                window: MeetingWindow | None = None,
                day_first: bool | None = None) -> ParsedExport:
    """Decode, detect (unless `fmt` is given), check every row and merge rejoins.

    Times written without an offset are taken in `zone` (exports use the zone of the account
    that downloaded them). With the meeting's `window`, dates such as 01/05/2019 are read the
    way that falls inside the meeting (unless `day_first` says), and times outside it are
    refused. Raises `ExportError` listing every problem with its line.
    """
    text, encoding = decode(data)
    found = records(text)
    if all(record.blank for record in found):
        raise ExportError([_("The file is empty.")])
    header = detect(found) if fmt is None else find_header(found, fmt)
    read = read_rows(found, header, zone, window, day_first)
    return ParsedExport(header.format, encoding.removesuffix("-sig").upper(), read.rows,
                        merge_rejoins(read.rows), read.skipped, read.day_first)
