"""Dates that make sense: which way a file writes 01/05/2019, decided by the meeting's own
dates, and times that fall outside the meeting refused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from events.attendance.formats.model import ExportError
from events.attendance.formats.values import SLASH_DATE, parse_instant

# The organiser's answer to "which way does the file write 01/05/2019" (CLI and web form).
DATE_ORDERS: dict[str, bool | None] = {"auto": None, "day-first": True, "month-first": False}

# Prep sessions run late and exports may use the zone of an account on another continent.
TOLERANCE = timedelta(days=1)


@dataclass(frozen=True)
class MeetingWindow:
    """When the meeting (or the session) the file is imported into takes place."""

    starts_at: datetime
    ends_at: datetime
    zone: ZoneInfo

    def holds(self, instant: datetime) -> bool:
        return self.starts_at - TOLERANCE <= instant <= self.ends_at + TOLERANCE

    def label(self) -> str:
        first, last = (t.astimezone(self.zone).date().isoformat()
                       for t in (self.starts_at, self.ends_at))
        return first if first == last else f"{first} – {last}"


def _span(instants: Sequence[datetime], zone: ZoneInfo) -> str:
    first, last = (t.astimezone(zone).date().isoformat() for t in (min(instants),
                                                                   max(instants)))
    return first if first == last else f"{first} – {last}"


def _readings(values: Sequence[str], zone: ZoneInfo, day_first: bool) -> list[datetime]:
    found = []
    for value in values:
        try:
            found.append(parse_instant(value, zone, day_first))
        except ValueError:
            continue
    return found


def resolve_day_first(values: Sequence[str], zone: ZoneInfo, window: MeetingWindow | None,
                      forced: bool | None = None) -> bool:
    """Whether the file writes its dates day first. A number above 12 settles it; otherwise
    the reading that falls inside the meeting wins, and a file both or neither readings fit
    is refused with a question (`forced` is the organiser's answer)."""
    if forced is not None:
        return forced
    matches = [m for v in values if (m := SLASH_DATE.match(v.strip()))]
    if any(int(m.group(1)) > 12 for m in matches):
        return True
    if any(int(m.group(2)) > 12 for m in matches) or not matches or window is None:
        return False
    month_first, day_first = (_readings(values, zone, flag) for flag in (False, True))
    if month_first == day_first:
        return False  # every date has the same day and month: nothing to decide
    fits_month = bool(month_first) and all(window.holds(t) for t in month_first)
    fits_day = bool(day_first) and all(window.holds(t) for t in day_first)
    if fits_day != fits_month:
        return fits_day
    if fits_day:
        raise ExportError([_(
            "The dates in this file can be read day first (%(day_first)s) or month first "
            "(%(month_first)s), and both fall within the meeting: say which way the file "
            "writes them.", day_first=_span(day_first, window.zone),
            month_first=_span(month_first, window.zone))])
    raise ExportError([_(
        "The dates in this file fall outside the meeting (%(meeting)s) whether read day first "
        "(%(day_first)s) or month first (%(month_first)s): is it the export of another "
        "meeting?", meeting=window.label(), day_first=_span(day_first, window.zone),
        month_first=_span(month_first, window.zone))])


def check_within(rows: Sequence, window: MeetingWindow | None) -> None:
    """Refuse rows whose times fall outside the meeting: all of them in one sentence (the
    export of another meeting), or each line when only some do."""
    if window is None:
        return
    outside = [row for row in rows
               if any(t is not None and not window.holds(t) for t in (row.joined_at,
                                                                      row.left_at))]
    if not outside:
        return
    if len(outside) == len(rows):
        times = [t for row in rows for t in (row.joined_at, row.left_at) if t is not None]
        raise ExportError([_(
            "The times in this file (%(found)s) fall outside the meeting (%(meeting)s): it "
            "looks like the export of another meeting. Import it into the meeting it belongs "
            "to, or export this meeting's attendance.", found=_span(times, window.zone),
            meeting=window.label())])
    raise ExportError([_("line %(line)d: the times fall outside the meeting (%(meeting)s)",
                         line=row.line, meeting=window.label()) for row in outside])
