"""Times as organisers type them: wall-clock times in the event's IANA zone, turned into UTC
instants with the summer-time gaps and repeats refused rather than guessed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import gettext as _

from events.timefmt import format_date

# Area/Location names only: the backward-compatible aliases (GMT, US/Eastern, Etc/GMT+3…) are
# what calendar clients get wrong, and "Etc/GMT+3" even means UTC−3.
_AREAS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
          "Indian", "Pacific")

# Names people type that are not IANA zones, with the zone they mean.
_NOT_ZONES = {
    "Europe/Geneva": "Europe/Zurich",
    "America/Washington": "America/New_York",
    "Asia/Beijing": "Asia/Shanghai",
    "Africa/Pretoria": "Africa/Johannesburg",
    "America/Brasilia": "America/Sao_Paulo",
}


@cache
def zone_names() -> tuple[str, ...]:
    """The IANA zones offered to organisers and readers, sorted, with UTC."""
    names = sorted(name for name in available_timezones()
                   if name.split("/", 1)[0] in _AREAS and "/" in name)
    return ("UTC", *names)


def is_zone(name: str) -> bool:
    return name in zone_names_set()


@cache
def zone_names_set() -> frozenset[str]:
    return frozenset(zone_names())


def zone_problem(name: str) -> str | None:
    """Why `name` cannot be an event's zone, in words for a secretary; None when it can."""
    name = name.strip()
    if not name:
        return _("Enter the time zone, such as Africa/Nairobi or Europe/Zurich.")
    if is_zone(name):
        return None
    meant = _NOT_ZONES.get(name)
    if meant and is_zone(meant) and meant != name:
        return _("%(name)s is not a time zone name; use %(zone)s.", name=name, zone=meant)
    return _("%(name)s is not a time zone name. Use a name from the list, written "
             "Area/City, such as Africa/Nairobi, America/Bogota or Europe/Zurich.", name=name)


class LocalTimeError(ValueError):
    """A wall-clock time that names no instant, or two; the message says which and why."""


def to_utc(local: datetime, zone: str) -> datetime:
    """The instant a wall-clock time in `zone` names.

    Raises `LocalTimeError` for a time skipped when clocks go forward (02:30 on the last Sunday
    of March in Zurich) and for one that happens twice when they go back: calendar clients
    disagree on those, so the organiser chooses another time.
    """
    tz = ZoneInfo(zone)
    naive = local.replace(tzinfo=None)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first.astimezone(UTC)
    when = _("%(time)s on %(day)s", time=naive.strftime("%H:%M"),
             day=format_date(naive.date(), fmt="long"))
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise LocalTimeError(_("%(when)s does not exist in %(zone)s: the clocks go forward "
                               "that night. Choose a time before or after the change.",
                               when=when, zone=zone))
    raise LocalTimeError(_("%(when)s happens twice in %(zone)s: the clocks go back that "
                           "night. Choose a time before or after the change.", when=when,
                           zone=zone))


def wall_clock(instant: datetime, zone: str) -> datetime:
    """The naive wall-clock time of an instant in `zone` (what a form field shows)."""
    return instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def shift_wall_clock(instant: datetime, old_zone: str, new_zone: str, days: int) -> datetime:
    """The instant at the same time of day, `days` later, read in `new_zone`.

    Used when an event moves or its zone is corrected: a 09:00 session stays at 09:00. A time
    that falls into a summer-time gap moves forward with the clocks.
    """
    local = wall_clock(instant, old_zone) + timedelta(days=days)
    return local.replace(tzinfo=ZoneInfo(new_zone)).astimezone(UTC)
