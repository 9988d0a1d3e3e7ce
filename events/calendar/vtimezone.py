"""Full VTIMEZONE components from tzdata, written the way every client reads them.

icalendar's own generator (`Timezone.from_tzid`, 7.3) is not used for the observances: it
looks for changes in steps of 64 days, so a shorter period is skipped (Morocco's clocks go
back for Ramadan, about 30 days: whole years came out an hour off in Thunderbird), and it
dates a spring change at 03:00 where RFC 5545 wants the clock before the change, 02:00.
Here the changes are found exactly (a day-by-day scan, then a bisection to the second) and
the components are still the library's.

Written as tzdata's own iCalendar files (vzic) are: one RDATE line per onset, the first one
repeating DTSTART. ical.js reads one date per RDATE line and ignores a DTSTART that has
RDATEs; the tests check every zone kind against it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar

_DAY = timedelta(days=1)


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _change_between(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The first instant in (before, after] with the offset of `after` (to the second)."""
    target = _offset(zone, after)
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        middle = middle.replace(microsecond=0)
        if _offset(zone, middle) == target:
            after = middle
        else:
            before = middle
    return after


def changes(zone: ZoneInfo, first: datetime, last: datetime) -> list[datetime]:
    """Every instant in [first, last) where the zone's UTC offset changes."""
    found = []
    current, offset = first, _offset(zone, first)
    while current < last:
        following = min(current + _DAY, last)
        if _offset(zone, following) != offset:
            # Two changes within a day would be found as none: tzdata has no such thing
            # since the 1940s, and feeds cover recent years.
            found.append(_change_between(zone, current, following))
            offset = _offset(zone, following)
        current = following
    return found


@lru_cache(maxsize=256)
def vtimezone(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """The VTIMEZONE of `tzid` from 1 January `first_year` to 1 January `last_year`.
    Built once per zone and span (it scans the span day by day)."""
    zone = ZoneInfo(tzid)
    first = datetime.combine(date(first_year, 1, 1), datetime.min.time(), tzinfo=zone)
    first = first.astimezone(UTC)
    last = datetime(last_year, 1, 1, tzinfo=UTC)
    # Each observance: (offset before, offset after, name, summer time?) -> its onsets, as
    # the local time on the clock before the change.
    observances: dict[tuple[timedelta, timedelta, str, bool], list[datetime]] = {}
    start_offset = _offset(zone, first)
    periods = [(first, start_offset, start_offset)]
    previous = start_offset
    for instant in changes(zone, first, last):
        offset = _offset(zone, instant)
        periods.append((instant, previous, offset))
        previous = offset
    for instant, offset_from, offset_to in periods:
        local = instant.astimezone(zone)
        key = (offset_from, offset_to, local.tzname() or "", bool(local.dst()))
        onset = (instant + offset_from).replace(tzinfo=None)
        observances.setdefault(key, []).append(onset)
    timezone = icalendar.Timezone()
    timezone.add("TZID", tzid)
    for (offset_from, offset_to, name, summer), onsets in observances.items():
        observance = icalendar.TimezoneDaylight() if summer else icalendar.TimezoneStandard()
        observance.add("DTSTART", onsets[0])
        for onset in onsets:
            observance.add("RDATE", onset)
        observance.add("TZOFFSETFROM", offset_from)
        observance.add("TZOFFSETTO", offset_to)
        if name:
            observance.add("TZNAME", name)
        timezone.add_component(observance)
    return timezone
