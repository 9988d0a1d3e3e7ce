"""Reading remote-meeting attendance exports: Webex, Zoom, Microsoft Teams and a plain CSV.

The file's encoding (UTF-16 with or without a byte-order mark, UTF-8, Windows-1252), its
delimiter (tab or comma) and its format are detected. Every problem names its line; a file with
any problem yields nothing. A person who dropped and rejoined appears on several rows: they are
merged (earliest join, latest leave, minutes added up), keeping every line they came from.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from events.models import ExportFormat

MAX_ROWS = 50_000


class ExportError(Exception):
    """The file cannot be imported; `problems` are sentences naming their line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ExportRow:
    """One row of an export, as read (times in UTC)."""

    line: int
    name: str
    email: str | None
    organisation: str | None
    joined_at: datetime | None
    left_at: datetime | None
    seconds: int | None


@dataclass
class ExportAttendee:
    """A person's rows merged: earliest join, latest leave, time added up."""

    lines: list[int]
    name: str
    email: str | None
    organisation: str | None
    joined_at: datetime | None
    left_at: datetime | None
    seconds: int | None

    @property
    def minutes(self) -> int | None:
        return None if self.seconds is None else (self.seconds + 30) // 60

    @property
    def key(self) -> str:
        return self.email or normalise_name(self.name)


@dataclass
class ParsedExport:
    format: ExportFormat
    encoding: str
    rows: list[ExportRow]
    attendees: list[ExportAttendee] = field(default_factory=list)


def normalise_name(name: str) -> str:
    """Case, accents kept; spaces and case ignored: 'ana  PÉREZ' ~ 'Ana Pérez'."""
    return " ".join(name.split()).casefold()


# --- encoding -------------------------------------------------------------------------------

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


# --- records --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    line: int
    cells: list[str]

    @property
    def blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


def _records(text: str) -> list[_Record]:
    lines = text.splitlines()
    head = [line for line in lines[:60] if line.strip()]
    tabs = sum(line.count("\t") for line in head)
    commas = sum(line.count(",") for line in head)
    delimiter = "\t" if tabs >= commas and tabs else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[_Record] = []
    try:
        start = 1
        for cells in reader:
            records.append(_Record(start, [cell.strip() for cell in cells]))
            start = reader.line_num + 1
            if len(records) > MAX_ROWS + 100:
                raise ExportError([_("The file has more than %(max)d rows.", max=MAX_ROWS)])
    except csv.Error as error:
        raise ExportError([_("line %(line)d: %(problem)s", line=reader.line_num + 1,
                             problem=error)]) from error
    return records


def _key(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold()


# Column names as each product writes them (in English; Webex and Zoom export in English).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "name (original name)", "participant name", "attendee name", "full name",
             "display name", "nombre", "nom"),
    "email": ("email", "attendee email", "user email", "email address", "participant email",
              "e-mail", "correo", "correo electrónico"),
    "organisation": ("organisation", "organization", "company", "company name", "nsb",
                     "institution", "organismo", "organización"),
    "joined": ("join time", "first join", "joined", "join date/time", "start time"),
    "left": ("leave time", "last leave", "left", "leave date/time", "end time"),
    "duration": ("duration", "duration (minutes)", "duration (mins)", "attendance duration",
                 "attendance duration (minutes)", "in-meeting duration", "minutes"),
}
_ALIASES = {alias: column for column, aliases in _COLUMNS.items() for alias in aliases}
_REQUIRED = {
    ExportFormat.WEBEX: ("name", "email", "joined", "left"),
    ExportFormat.ZOOM: ("name", "email", "joined", "left"),
    ExportFormat.TEAMS: ("name", "joined", "left"),
    ExportFormat.CSV: ("name", "email", "organisation"),
}
_EXPECTED = {
    ExportFormat.WEBEX: "Name, Attendee Email, Join Time, Leave Time, Attendance Duration",
    ExportFormat.ZOOM: "Name (Original Name), User Email, Join Time, Leave Time, "
                       "Duration (Minutes)",
    ExportFormat.TEAMS: "Name, First Join, Last Leave, In-Meeting Duration, Email",
    ExportFormat.CSV: "name, email, organisation",
}
_TEAMS_SECTION = re.compile(r"^(\d\.\s*)?(summary|meeting summary|participants|"
                            r"in-meeting activities)$", re.IGNORECASE)


@dataclass
class _Header:
    record: _Record
    columns: dict[str, int]  # our column -> cell index
    format: ExportFormat


def _header_columns(record: _Record) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(record.cells):
        column = _ALIASES.get(_key(cell))
        if column and column not in columns:
            columns[column] = index
    return columns


def _detect(records: list[_Record]) -> tuple[ExportFormat, _Header]:
    """The export's format and its participant header (the first that fits)."""
    teams = any(_TEAMS_SECTION.match(" ".join(r.cells).strip()) for r in records[:200]
                if len([c for c in r.cells if c]) == 1)
    candidates = []
    for record in records[:400]:
        keys = {_key(cell) for cell in record.cells}
        columns = _header_columns(record)
        if "name (original name)" in keys or ("user email" in keys and "join time" in keys):
            fmt = ExportFormat.ZOOM
        elif teams and {"name", "joined", "left"} <= columns.keys():
            fmt = ExportFormat.TEAMS
        elif {"name", "joined", "left"} <= columns.keys():
            fmt = ExportFormat.WEBEX
        elif {"name", "email", "organisation"} <= columns.keys():
            fmt = ExportFormat.CSV
        else:
            continue
        candidates.append(_Header(record, columns, fmt))
    if not candidates:
        first = next((r for r in records if not r.blank), records[0])
        raise ExportError([_(
            "line %(line)d: these columns are not those of a Webex, Zoom or Teams attendance "
            "export, nor of a plain CSV with name, email and organisation (found: %(found)s).",
            line=first.line, found=", ".join(c for c in first.cells if c) or _("nothing"))])
    # Teams lists people twice: prefer the per-join activities to the per-person summary.
    chosen = candidates[-1] if candidates[0].format is ExportFormat.TEAMS else candidates[0]
    return chosen.format, chosen


def _find_header(records: list[_Record], fmt: ExportFormat) -> _Header:
    """The header of a format the user named (an error names what was expected)."""
    required = _REQUIRED[fmt]
    found = None
    for record in records[:400]:
        columns = _header_columns(record)
        if set(required) <= columns.keys():
            found = _Header(record, columns, fmt)
            if fmt is not ExportFormat.TEAMS:
                break
    if found is None:
        first = next((r for r in records if not r.blank), records[0])
        raise ExportError([_(
            "line %(line)d: this is not a %(format)s export: its columns should include "
            "%(expected)s (found: %(found)s).", line=first.line, format=fmt.label,
            expected=_EXPECTED[fmt], found=", ".join(c for c in first.cells if c) or "—")])
    return found


# --- values ---------------------------------------------------------------------------------

_DATE_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
    "%m/%d/%y %I:%M:%S %p", "%m/%d/%y %I:%M %p", "%m/%d/%y %H:%M:%S", "%m/%d/%y %H:%M",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
    "%b %d %Y %I:%M %p", "%b %d %Y %I:%M:%S %p", "%d %b %Y %H:%M:%S", "%d %b %Y %H:%M",
)
_OFFSET = re.compile(r"\s*\(?(?:GMT|UTC)?\s*([+-])(\d{1,2}):?(\d{2})?\)?\s*$|\s*(Z|GMT|UTC)$",
                     re.IGNORECASE)
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,4})")


def _parse_instant(raw: str, zone: ZoneInfo, day_first: bool,
                   hint: list[str] | None = None) -> datetime:
    """`hint` keeps the pattern that worked last: an export writes every date the same way."""
    text = raw.strip().replace(",", " ")
    text = " ".join(text.replace("a. m.", "AM").replace("p. m.", "PM").split())
    tz: timezone | ZoneInfo = zone
    match = _OFFSET.search(text)
    if match and (match.group(1) or match.group(4)):
        if match.group(1):
            minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
            tz = timezone(timedelta(minutes=minutes if match.group(1) == "+" else -minutes))
        else:
            tz = UTC
        text = text[: match.start()].strip()
    if day_first:
        text = _SLASH_DATE.sub(lambda m: f"{m.group(2)}/{m.group(1)}/{m.group(3)}", text)
    for pattern in _DATE_FORMATS:
        try:
            local = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return local.replace(tzinfo=tz).astimezone(UTC)
    raise ValueError(raw)


def _day_first(values: Iterable[str]) -> bool:
    """Exports write dates month first (US); a file whose first number exceeds 12 somewhere
    writes them day first throughout."""
    return any(int(m.group(1)) > 12 for v in values if (m := _SLASH_DATE.match(v.strip())))


_DURATION_UNITS = re.compile(r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|"
                             r"secs|seconds?)\b", re.IGNORECASE)


def _parse_seconds(raw: str) -> int:
    text = raw.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return round(float(text) * 60)  # a bare number is minutes (Webex, Zoom)
    if re.fullmatch(r"\d+:\d{2}(:\d{2})?", text):
        parts = [int(p) for p in text.split(":")]
        hours, minutes, seconds = parts if len(parts) == 3 else (*parts, 0)
        return hours * 3600 + minutes * 60 + seconds
    units = _DURATION_UNITS.findall(text)
    if not units or _DURATION_UNITS.sub("", text).strip():
        raise ValueError(raw)
    total = 0.0
    for amount, unit in units:
        scale = {"h": 3600, "m": 60, "s": 1}[unit[0].lower()]
        total += float(amount) * scale
    return round(total)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _cell(record: _Record, columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(record.cells):
        return ""
    return record.cells[index]


def _read_rows(records: list[_Record], header: _Header, zone: ZoneInfo) -> list[ExportRow]:
    start = records.index(header.record) + 1
    body: list[_Record] = []
    for record in records[start:]:
        if header.format is ExportFormat.TEAMS and (
            record.blank or _TEAMS_SECTION.match(" ".join(record.cells).strip())
        ):
            break  # the end of the Teams section
        if not record.blank:
            body.append(record)
    columns = header.columns
    width = len(header.record.cells)
    day_first = _day_first(
        _cell(r, columns, name) for r in body for name in ("joined", "left"))
    rows: list[ExportRow] = []
    problems: list[str] = []
    hint: list[str] = []
    for record in body:
        where = _("line %(line)d", line=record.line)
        if len(record.cells) > width and any(record.cells[width:]):
            problems.append(_("%(where)s: %(found)d values for %(expected)d columns",
                              where=where, found=len(record.cells), expected=width))
            continue
        name = " ".join(_cell(record, columns, "name").split())
        email = _cell(record, columns, "email").lower() or None
        if email and not _EMAIL.match(email):
            problems.append(_("%(where)s: %(email)s is not an email address", where=where,
                              email=repr(email)))
            continue
        if not name and not email:
            problems.append(_("%(where)s: the row has neither a name nor an email address",
                              where=where))
            continue
        times: dict[str, datetime | None] = {}
        for column, label in (("joined", _("join time")), ("left", _("leave time"))):
            raw = _cell(record, columns, column)
            times[column] = None
            if raw:
                try:
                    times[column] = _parse_instant(raw, zone, day_first, hint)
                except ValueError:
                    problems.append(_("%(where)s: the %(what)s %(value)s is not a date and time "
                                      "such as 03/29/2019 10:05:00 AM", where=where, what=label,
                                      value=repr(raw)))
            elif header.format in (ExportFormat.WEBEX, ExportFormat.ZOOM, ExportFormat.TEAMS):
                problems.append(_("%(where)s: the %(what)s is missing", where=where, what=label))
        joined, left = times["joined"], times["left"]
        if joined and left and left < joined:
            problems.append(_("%(where)s: the leave time is before the join time", where=where))
            continue
        seconds: int | None = None
        raw_duration = _cell(record, columns, "duration")
        if raw_duration:
            try:
                seconds = _parse_seconds(raw_duration)
            except ValueError:
                problems.append(_("%(where)s: the duration %(value)s is not a number of minutes",
                                  where=where, value=repr(raw_duration)))
        elif joined and left:
            seconds = int((left - joined).total_seconds())
        organisation = _cell(record, columns, "organisation") or None
        rows.append(ExportRow(record.line, name or email or "", email, organisation, joined,
                              left, seconds))
        if len(rows) > MAX_ROWS:
            raise ExportError([_("The file has more than %(max)d rows.", max=MAX_ROWS)])
    if problems:
        raise ExportError(problems)
    if not rows:
        raise ExportError([_("line %(line)d: the file has a header but no participants.",
                             line=header.record.line)])
    return rows


def merge_rejoins(rows: Iterable[ExportRow]) -> list[ExportAttendee]:
    """One attendee per email (or, without one, per name), in the order first seen."""
    merged: dict[str, ExportAttendee] = {}
    for row in rows:
        key = row.email or normalise_name(row.name)
        found = merged.get(key)
        if found is None:
            merged[key] = ExportAttendee([row.line], row.name, row.email, row.organisation,
                                         row.joined_at, row.left_at, row.seconds)
            continue
        found.lines.append(row.line)
        found.organisation = found.organisation or row.organisation
        if row.joined_at and (found.joined_at is None or row.joined_at < found.joined_at):
            found.joined_at = row.joined_at
        if row.left_at and (found.left_at is None or row.left_at > found.left_at):
            found.left_at = row.left_at
        if row.seconds is not None:
            found.seconds = (found.seconds or 0) + row.seconds
    return list(merged.values())


def read_export(data: bytes, zone: ZoneInfo, fmt: ExportFormat | None = None) -> ParsedExport:
    """Decode, detect (unless `fmt` is given), check every row and merge rejoins.

    Times written without an offset are taken in `zone` (exports use the zone of the account
    that downloaded them). Raises `ExportError` listing every problem with its line.
    """
    text, encoding = decode(data)
    records = _records(text)
    if all(record.blank for record in records):
        raise ExportError([_("The file is empty.")])
    if fmt is None:
        fmt, header = _detect(records)
    else:
        header = _find_header(records, fmt)
    rows = _read_rows(records, header, zone)
    return ParsedExport(fmt, encoding.removesuffix("-sig").upper(), rows, merge_rejoins(rows))
