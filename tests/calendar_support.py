"""Reading feeds back the way calendar clients do: with the icalendar library and with ical.js
(Thunderbird's parser, run with node from tests/icaljs; `make test` installs it). Every feed a
test reads goes through both, and both must see the same instants, UIDs and statuses."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import icalendar

PARSER = Path(__file__).parent / "icaljs" / "parse.js"


@dataclass(frozen=True)
class Entry:
    """A VEVENT as a client understands it; timed instants in UTC."""

    uid: str
    summary: str
    sequence: int
    status: str
    start: datetime | date
    end: datetime | date
    tzid: str | None
    location: str | None
    description: str | None
    url: str | None
    conferences: tuple[str, ...]


@dataclass(frozen=True)
class Calendar:
    name: str
    refresh_interval: str | None
    timezones: tuple[str, ...]
    entries: tuple[Entry, ...]
    method: str | None = None
    default_timezone: str | None = None  # X-WR-TIMEZONE, the zone Google gives the calendar

    def entry(self, uid_start: str) -> Entry:
        found = [e for e in self.entries if e.uid.startswith(uid_start)]
        assert len(found) == 1, (uid_start, [e.uid for e in self.entries])
        return found[0]

    def titled(self, summary_start: str) -> Entry:
        found = [e for e in self.entries if e.summary.startswith(summary_start)]
        assert len(found) == 1, (summary_start, [e.summary for e in self.entries])
        return found[0]


def _instant_js(value: dict[str, Any]) -> tuple[datetime | date, str | None]:
    if "date" in value:
        return date.fromisoformat(value["date"]), None
    return datetime.fromisoformat(value["utc"].replace("Z", "+00:00")), value["tzid"]


def read_with_icaljs(ics: bytes) -> Calendar:
    result = subprocess.run(["node", str(PARSER)], input=ics, capture_output=True, check=False,
                            timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    entries = []
    for event in data["events"]:
        start, tzid = _instant_js(event["start"])
        end, _ = _instant_js(event["end"])
        entries.append(Entry(
            uid=event["uid"], summary=event["summary"], sequence=event["sequence"],
            status=event["status"], start=start, end=end, tzid=tzid,
            location=event["location"], description=event["description"], url=event["url"],
            conferences=tuple(event["conferences"]),
        ))
    return Calendar(data["name"], data["refresh_interval"], tuple(data["timezones"]),
                    tuple(entries), data["method"], data["default_timezone"])


def _instant_py(component: icalendar.Event, name: str) -> tuple[datetime | date, str | None]:
    value = component.decoded(name)
    if isinstance(value, datetime):
        tzid = component[name].params.get("TZID")
        assert value.tzinfo is not None, f"{name} is a floating time"
        return value.astimezone(UTC), tzid
    return value, None


def read_with_icalendar(ics: bytes) -> Calendar:
    calendar = icalendar.Calendar.from_ical(ics)
    entries = []
    for vevent in calendar.walk("VEVENT"):
        start, tzid = _instant_py(vevent, "DTSTART")
        end, _ = _instant_py(vevent, "DTEND")
        entries.append(Entry(
            uid=str(vevent["UID"]), summary=str(vevent["SUMMARY"]),
            sequence=int(vevent["SEQUENCE"]), status=str(vevent["STATUS"]),
            start=start, end=end, tzid=tzid,
            location=str(vevent["LOCATION"]) if "LOCATION" in vevent else None,
            description=str(vevent["DESCRIPTION"]) if "DESCRIPTION" in vevent else None,
            url=str(vevent["URL"]) if "URL" in vevent else None,
            conferences=tuple(str(c.uri) for c in vevent.conferences),
        ))
    refresh = calendar.get("REFRESH-INTERVAL")
    return Calendar(
        name=str(calendar.get("NAME") or calendar.get("X-WR-CALNAME")),
        refresh_interval=refresh.to_ical().decode() if refresh is not None else None,
        timezones=tuple(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")),
        entries=tuple(entries),
        method=str(calendar["METHOD"]) if "METHOD" in calendar else None,
        default_timezone=(str(calendar["X-WR-TIMEZONE"]) if "X-WR-TIMEZONE" in calendar
                          else None),
    )


def read_feed(ics: bytes) -> Calendar:
    """The feed as both parsers read it, after checking that they agree."""
    ours, thunderbird = read_with_icalendar(ics), read_with_icaljs(ics)
    assert ours == thunderbird, (ours, thunderbird)
    for entry in ours.entries:
        if entry.tzid is not None:
            assert entry.tzid in ours.timezones, f"{entry.tzid} has no VTIMEZONE"
    return ours
