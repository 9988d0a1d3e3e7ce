"""Showing instants in a meeting's own time zone, with the zone named."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask_babel import get_locale

# International English for dates ("1–2 May 2019"), not the US default of Babel's "en".
_FORMAT_LOCALES = {"en": "en_GB"}


def _locale() -> str:
    locale = str(get_locale() or "en")
    return _FORMAT_LOCALES.get(locale, locale)


def in_zone(instant: datetime, zone: str | ZoneInfo) -> datetime:
    return instant.astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone)


def utc_offset_label(instant: datetime, zone: str) -> str:
    """'UTC+3', 'UTC−5', 'UTC+5:30' (a real minus sign, as typeset)."""
    offset = in_zone(instant, zone).utcoffset()
    assert offset is not None
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(instant: datetime, zone: str) -> str:
    """The zone as people say it at that instant, e.g. 'East Africa Time (UTC+3)'."""
    name = babel_dates.get_timezone_name(
        in_zone(instant, zone), width="long", locale=_locale(), zone_variant=None
    )
    return f"{name} ({utc_offset_label(instant, zone)})"


def format_date(day: date | datetime, zone: str | None = None, fmt: str = "full") -> str:
    if isinstance(day, datetime):
        day = in_zone(day, zone or "UTC").date()
    return babel_dates.format_date(day, format=fmt, locale=_locale())


def format_time(instant: datetime, zone: str) -> str:
    return babel_dates.format_time(in_zone(instant, zone), format="HH:mm", locale=_locale())


def format_datetime(instant: datetime, zone: str) -> str:
    """'1 May 2019, 09:00': the medium date and the time to the minute (people read times of
    day at the door and in lists; seconds were only noise), joined the locale's way."""
    local = in_zone(instant, zone)
    locale = _locale()
    # A str such as "{1}, {0}" (Babel types it as a DateTimePattern, whose str is the same).
    pattern = str(babel_dates.get_datetime_format("medium", locale=locale))
    return pattern.replace("{1}", babel_dates.format_date(local.date(), "medium", locale=locale)
                           ).replace("{0}", format_time(instant, zone))


def format_day_range(start: datetime, end: datetime, zone: str) -> str:
    """'1–2 May 2019' in the meeting's zone (an end at midnight belongs to the day before)."""
    first = in_zone(start, zone).date()
    last_local = in_zone(end, zone)
    last = last_local.date()
    if last_local.time() == datetime.min.time() and last > first:
        last = date.fromordinal(last.toordinal() - 1)
    if first == last:
        return babel_dates.format_date(first, format="long", locale=_locale())
    return babel_dates.format_interval(first, last, "yMMMd", locale=_locale())


def format_time_range(start: datetime, end: datetime, zone: str) -> str:
    return f"{format_time(start, zone)}\u2013{format_time(end, zone)}"


def local_day(instant: datetime, zone: str) -> date:
    return in_zone(instant, zone).date()
