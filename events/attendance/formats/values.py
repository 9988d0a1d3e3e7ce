"""Cell values: dates and times as the meeting tools write them, durations, addresses."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

_DATE_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
    "%m/%d/%y %I:%M:%S %p", "%m/%d/%y %I:%M %p", "%m/%d/%y %H:%M:%S", "%m/%d/%y %H:%M",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
    "%b %d %Y %I:%M %p", "%b %d %Y %I:%M:%S %p", "%d %b %Y %H:%M:%S", "%d %b %Y %H:%M",
)
_OFFSET = re.compile(r"\s*\(?(?:GMT|UTC)?\s*([+-])(\d{1,2}):?(\d{2})?\)?\s*$|\s*(Z|GMT|UTC)$",
                     re.IGNORECASE)
SLASH_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})")
# Spanish and Portuguese locales write the half of the day as "a. m." / "p. m.".
_MERIDIEM = (("a. m.", "AM"), ("p. m.", "PM"), ("a.m.", "AM"), ("p.m.", "PM"))


def _split_offset(text: str, zone: ZoneInfo) -> tuple[str, timezone | ZoneInfo]:
    match = _OFFSET.search(text)
    if not (match and (match.group(1) or match.group(4))):
        return text, zone
    if match.group(1):
        minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
        tz = timezone(timedelta(minutes=minutes if match.group(1) == "+" else -minutes))
    else:
        tz = UTC
    return text[: match.start()].strip(), tz


def parse_instant(raw: str, zone: ZoneInfo, day_first: bool) -> datetime:
    """The instant (UTC) a cell names. Times without an offset are in `zone`; `day_first`
    says how the file writes 01/05/2019 (the whole file writes dates one way)."""
    text = raw.strip().replace(",", " ")
    for written, meridiem in _MERIDIEM:
        text = text.replace(written, meridiem)
    text = " ".join(text.split())
    text, tz = _split_offset(text, zone)
    text = SLASH_DATE.sub(lambda m: (f"{m.group(2)}/{m.group(1)}/{m.group(3)}" if day_first
                                     else f"{m.group(1)}/{m.group(2)}/{m.group(3)}"), text)
    for pattern in _DATE_FORMATS:
        try:
            local = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return local.replace(tzinfo=tz).astimezone(UTC)
    raise ValueError(raw)


_DURATION_UNITS = re.compile(r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|"
                             r"secs|seconds?)\b", re.IGNORECASE)


def parse_seconds(raw: str) -> int:
    """'75', '75 mins', '1:15:00', '1h 15m 0s' → seconds (a bare number is minutes)."""
    text = raw.strip().replace(",", ".")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return round(float(text) * 60)
    if re.fullmatch(r"\d+:\d{2}(:\d{2})?", text):
        parts = [int(p) for p in text.split(":")]
        hours, minutes, seconds = parts if len(parts) == 3 else (*parts, 0)
        return hours * 3600 + minutes * 60 + seconds
    units = _DURATION_UNITS.findall(text)
    if not units or _DURATION_UNITS.sub("", text).strip():
        raise ValueError(raw)
    total = 0.0
    for amount, unit in units:
        total += float(amount) * {"h": 3600, "m": 60, "s": 1}[unit[0].lower()]
    return round(total)


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

YES = {"yes", "sí", "si", "sim", "oui", "true", "1"}
