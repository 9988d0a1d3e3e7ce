"""Reading the participants' rows under their header: every problem named with its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from events.attendance.formats import teams
from events.attendance.formats.columns import Header
from events.attendance.formats.dates import MeetingWindow, check_within, resolve_day_first
from events.attendance.formats.model import MAX_ROWS, ExportError, ExportRow
from events.attendance.formats.text import Record
from events.attendance.formats.values import EMAIL, YES, parse_instant, parse_seconds
from events.models import ExportFormat

_TIMED = (ExportFormat.WEBEX, ExportFormat.ZOOM, ExportFormat.TEAMS)
# More problems than this, on every row, mean the file is not what it seems: one sentence.
_MANY = 10


@dataclass
class RowsRead:
    rows: list[ExportRow]
    skipped: list[int] = field(default_factory=list)
    day_first: bool = False


def _where(record: Record) -> str:
    return _("line %(line)d", line=record.line)


@dataclass
class _Reader:
    header: Header
    zone: ZoneInfo
    day_first: bool
    problems: list[str] = field(default_factory=list)

    def cell(self, record: Record, name: str) -> str:
        index = self.header.columns.get(name)
        if index is None or index >= len(record.cells):
            return ""
        return record.cells[index]

    def name(self, record: Record) -> str:
        """The display name when the row has one, else the given and family names."""
        columns = self.header.columns
        shown = "" if columns.get("name") == columns.get("first") else self.cell(record, "name")
        if not shown.strip() and "first" in columns:
            shown = f"{self.cell(record, 'first')} {self.cell(record, 'last')}"
        return " ".join(shown.split())

    def time(self, record: Record, column: str, label: str) -> datetime | None:
        raw = self.cell(record, column)
        if not raw:
            if self.header.format in _TIMED:
                self.problems.append(_("%(where)s: the %(what)s is missing",
                                       where=_where(record), what=label))
            return None
        try:
            return parse_instant(raw, self.zone, self.day_first)
        except ValueError:
            self.problems.append(_("%(where)s: the %(what)s %(value)s is not a date and "
                                   "time such as 03/29/2019 10:05:00 AM", where=_where(record),
                                   what=label, value=repr(raw)))
            return None

    def seconds(self, record: Record, joined: datetime | None,
                left: datetime | None) -> int | None:
        raw = self.cell(record, "duration")
        if not raw:
            return int((left - joined).total_seconds()) if joined and left else None
        try:
            return parse_seconds(raw)
        except ValueError:
            self.problems.append(_("%(where)s: the duration %(value)s is not a number of "
                                   "minutes", where=_where(record), value=repr(raw)))
            return None

    def row(self, record: Record) -> ExportRow | None:
        width = len(self.header.record.cells)
        if len(record.cells) > width and any(record.cells[width:]):
            self.problems.append(_("%(where)s: %(found)d values for %(expected)d columns",
                                   where=_where(record), found=len(record.cells), expected=width))
            return None
        name, email = self.name(record), self.cell(record, "email").lower() or None
        if email and not EMAIL.match(email):
            self.problems.append(_("%(where)s: %(email)s is not an email address",
                                   where=_where(record), email=repr(email)))
            return None
        if not name and not email:
            self.problems.append(_("%(where)s: the row has neither a name nor an email "
                                   "address", where=_where(record)))
            return None
        joined = self.time(record, "joined", _("join time"))
        left = self.time(record, "left", _("leave time"))
        if joined and left and left < joined:
            self.problems.append(_("%(where)s: the leave time is before the join time",
                                   where=_where(record)))
            return None
        seconds = self.seconds(record, joined, left)
        return ExportRow(record.line, name or email or "", email,
                         self.cell(record, "organisation") or None, joined, left, seconds)


def _body(records: list[Record], header: Header) -> list[Record]:
    start = records.index(header.record) + 1
    body: list[Record] = []
    for record in records[start:]:
        if header.format is ExportFormat.TEAMS and teams.ends_section(record):
            break
        if not record.blank:
            body.append(record)
    if len(body) > MAX_ROWS:
        raise ExportError([_("The file has more than %(max)d rows.", max=MAX_ROWS)])
    return body


def _time_values(body: list[Record], header: Header) -> list[str]:
    indexes = [header.columns[c] for c in ("joined", "left", "timestamp")
               if c in header.columns]
    return [r.cells[i] for r in body for i in indexes if i < len(r.cells) and r.cells[i]]


def _in_waiting_room(record: Record, header: Header) -> bool:
    index = header.columns.get("waiting")
    return index is not None and index < len(record.cells) and \
        record.cells[index].casefold() in YES


def _one_sentence(problems: list[str], rows: int) -> list[str]:
    """Every row wrong the same way: the file is not what it claims, say so once."""
    if len(problems) <= _MANY or len(problems) < rows:
        return problems
    return [_("None of the %(count)d rows could be read (the first: %(problem)s). Check that "
              "this is the attendance export of the meeting tool named, downloaded as CSV "
              "without changes.", count=rows, problem=problems[0])]


def read_rows(records: list[Record], header: Header, zone: ZoneInfo,
              window: MeetingWindow | None, day_first: bool | None = None) -> RowsRead:
    """The rows under `header`, checked; raises `ExportError` listing every problem."""
    body = _body(records, header)
    result = RowsRead([])
    kept = []
    for record in body:
        if _in_waiting_room(record, header):
            result.skipped.append(record.line)
        else:
            kept.append(record)
    result.day_first = resolve_day_first(_time_values(kept, header), zone, window, day_first)
    reader = _Reader(header, zone, result.day_first)
    if teams.is_old_list(header.columns):
        result.rows, reader.problems = teams.pair_joins(kept, header.columns, zone,
                                                        result.day_first)
    else:
        result.rows = [row for record in kept if (row := reader.row(record)) is not None]
    if reader.problems:
        raise ExportError(_one_sentence(reader.problems, len(kept)))
    if not result.rows:
        raise ExportError([_("line %(line)d: the file has a header but no participants.",
                             line=header.record.line)])
    check_within(result.rows, window)
    return result
