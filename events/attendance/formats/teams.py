"""Microsoft Teams attendance reports, old and new.

The attendance report (2021 on) is UTF-16, tab-separated, in sections: `1. Summary`,
`2. Participants` (one row per person), `3. In-Meeting Activities` (one row per join, which is
what is read). The older attendance list (2020) is three columns, `Full Name, User Action,
Timestamp`, one row per joining (`Joined`, or `Joined before` for people already there when
the organiser arrived) and per leaving (`Left`): each joining is paired with the person's next
leaving; someone still there when the list was downloaded is taken to stay until its last time.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from events.attendance.formats.model import ExportRow
from events.attendance.formats.text import Record
from events.attendance.formats.values import parse_instant
from events.models import ExportFormat

FORMAT = ExportFormat.TEAMS

ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("full name",),
    "joined": ("first join",),
    "left": ("last leave",),
    "duration": ("in-meeting duration",),
    "action": ("user action",),
    "timestamp": ("timestamp",),
}

SECTION = re.compile(r"^(\d\.\s*)?(summary|meeting summary|participants|"
                     r"in-meeting activities)$", re.IGNORECASE)

REQUIRED = ("name", "joined", "left")
EXPECTED = "Name, First Join, Last Leave, In-Meeting Duration, Email"


def has_sections(records: list[Record]) -> bool:
    return any(SECTION.match(" ".join(r.cells).strip()) for r in records[:200]
               if len(r.filled) == 1)


def is_old_list(columns: dict[str, int]) -> bool:
    return {"name", "action", "timestamp"} <= columns.keys()


def ends_section(record: Record) -> bool:
    return record.blank or bool(SECTION.match(" ".join(record.cells).strip()))


_JOINED = {"joined", "joined before"}
_LEFT = {"left"}


def _action(record: Record, columns: dict[str, int]) -> str:
    index = columns["action"]
    return record.cells[index].casefold() if index < len(record.cells) else ""


def pair_joins(body: list[Record], columns: dict[str, int], zone: ZoneInfo,
               day_first: bool) -> tuple[list[ExportRow], list[str]]:
    """Intervals from the old list's Joined/Left rows, one row per joining."""
    problems: list[str] = []
    events: list[tuple[Record, str, datetime]] = []
    for record in body:
        raw = record.cells[columns["timestamp"]] if columns["timestamp"] < len(
            record.cells) else ""
        action = _action(record, columns)
        try:
            instant = parse_instant(raw, zone, day_first)
        except ValueError:
            problems.append(_("line %(line)d: the time %(value)s is not a date and time such "
                              "as 3/29/2019, 10:05:00 AM", line=record.line, value=repr(raw)))
            continue
        if action not in _JOINED | _LEFT:
            problems.append(_("line %(line)d: the action %(value)s is neither Joined nor Left",
                              line=record.line, value=repr(action)))
            continue
        events.append((record, action, instant))
    last = max((instant for *_, instant in events), default=None)
    return _intervals(events, columns, last), problems


def _intervals(events: list[tuple[Record, str, datetime]], columns: dict[str, int],
               last: datetime | None) -> list[ExportRow]:
    open_joins: dict[str, tuple[Record, datetime]] = {}
    rows: list[ExportRow] = []

    def close(name: str, left: datetime) -> None:
        record, joined = open_joins.pop(name)
        rows.append(ExportRow(record.line, name, None, None, joined, left,
                              int((left - joined).total_seconds())))

    for record, action, instant in sorted(events, key=lambda e: (e[2], e[0].line)):
        name = " ".join(record.cells[columns["name"]].split())
        if action in _JOINED:
            if name in open_joins:  # joined again without a Left: the first stay ends here
                close(name, instant)
            open_joins[name] = (record, instant)
        elif name in open_joins:
            close(name, instant)
    for name in list(open_joins):
        close(name, last or open_joins[name][1])
    return sorted(rows, key=lambda row: row.line)
