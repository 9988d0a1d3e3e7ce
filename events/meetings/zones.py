"""Time zones as a secretary picks them: named in the reader's language with their offset
("São Paulo — UTC−03:00, Brasilia Time"), the venue's country's zones first, and what was
typed ("Sao Paulo", "são paulo", the label, or America/Sao_Paulo) turned back into the IANA
name the event keeps."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone, get_timezone_location, get_timezone_name

from events.localtime import is_zone, zone_names


@dataclass(frozen=True)
class ZoneOption:
    zone: str
    label: str


@cache
def zones_of_country(country: str) -> tuple[str, ...]:
    """The offered IANA zones of a country (ISO 3166 alpha-2), as CLDR places them."""
    territories: Mapping[str, str] = get_global("zone_territories")
    return tuple(sorted(zone for zone, territory in territories.items()
                        if territory == country.upper() and is_zone(zone)))


def offset_text(zone: str, at: datetime) -> str:
    """'UTC+03:00', 'UTC−05:00' (a real minus sign), 'UTC' at the instant `at`."""
    offset = ZoneInfo(zone).utcoffset(at.astimezone(UTC).replace(tzinfo=None))
    minutes = int(offset.total_seconds() // 60) if offset else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def city_of(zone: str, locale: Locale | str) -> str:
    """The zone's city in the reader's language (Сан-Паулу, São Paulo), or its IANA name."""
    if zone == "UTC":
        return "UTC"
    return get_timezone_location(get_timezone(zone), locale=locale, return_city=True)


def zone_label(zone: str, locale: Locale | str, at: datetime) -> str:
    """How a zone is offered: its city, offset at `at`, and the zone's name where CLDR has one."""
    city = city_of(zone, locale)
    if zone == "UTC":
        return "UTC"
    name = get_timezone_name(get_timezone(zone), "long", locale=locale, zone_variant="generic")
    offset = offset_text(zone, at)
    # CLDR falls back to "GMT+3"-like names for zones without one: the offset says it already.
    if name.startswith(("GMT", "UTC")) or city in name:
        return f"{city} — {offset}"
    return f"{city} — {offset}, {name}"


def zone_options(locale: Locale | str, at: datetime,
                 country: str | None = None) -> list[ZoneOption]:
    """Every offered zone, labelled for the reader; the venue's country's zones first, then all
    by offset and city (the country's zones also appear in their place: a reader scanning by
    offset finds them there too)."""
    everything = _labelled(str(locale), at.astimezone(UTC).date().isoformat())
    first = [option for option in everything
             if country and option.zone in zones_of_country(country)]
    return [*first, *everything]


@cache
def _labelled(locale: str, day: str) -> tuple[ZoneOption, ...]:
    """All zones labelled in `locale` with their offsets on `day`, by offset then city; kept,
    as the form shows them on every page."""
    at = datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)

    def key(option: ZoneOption) -> tuple[float, str]:
        offset = ZoneInfo(option.zone).utcoffset(at.replace(tzinfo=None))
        return (offset.total_seconds() if offset else 0.0, _folded(option.label))

    return tuple(sorted((ZoneOption(zone, zone_label(zone, locale, at)) for zone in zone_names()),
                        key=key))


def _folded(text: str) -> str:
    """Lower case without accents: 'São Paulo' and 'sao paulo' are the same search."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()


def resolve_zone(typed: str, locale: Locale | str, at: datetime,
                 country: str | None = None) -> str:
    """The IANA zone meant by what was typed: an IANA name, an offered label, or a city in the
    reader's language or in English, accents and case aside. Otherwise what was typed, for
    the form to refuse."""
    typed = typed.strip()
    if not typed:
        return ""
    if is_zone(typed):
        return typed
    wanted = _folded(typed)
    if wanted == _folded(typed.replace(" ", "_")) and is_zone(typed.replace(" ", "_")):
        return typed.replace(" ", "_")
    labels = {option.zone: option.label
              for option in _labelled(str(locale), at.astimezone(UTC).date().isoformat())}
    matches = [zone for zone in zone_names()
               if wanted in (_folded(labels[zone]), _folded(city_of(zone, locale)),
                             _folded(city_of(zone, "en")),
                             _folded(zone.rsplit("/", 1)[-1].replace("_", " ")))]
    if country:
        # "Georgetown" or "Córdoba" may be several places: the venue's country decides.
        in_country = [zone for zone in matches if zone in zones_of_country(country)]
        matches = in_country or matches
    return matches[0] if len(matches) == 1 else typed


def suggested_zone(city: str | None, country: str | None, locale: Locale | str,
                   at: datetime) -> str:
    """The zone of the venue, when the secretary left the zone empty: the city's own zone
    (São Paulo), or the country's when it has only one (Kenya); "" when it cannot be told."""
    if city:
        zone = resolve_zone(city, locale, at, country)
        if is_zone(zone):
            return zone
    zones = zones_of_country(country) if country else ()
    return zones[0] if len(zones) == 1 else ""


def zone_from_form(typed: str, city: str | None, country: str | None, locale: Locale | str,
                   starts: datetime | None) -> str:
    """The zone an event form means: what was typed, resolved; or, left empty, the venue's."""
    # The offsets in the labels are those of the meeting's first day (a wall-clock time here;
    # a few hours off changes no offset but on the night clocks change).
    at = (starts or datetime.now(UTC)).replace(tzinfo=UTC)
    zone = resolve_zone(typed, locale, at, country)
    return zone or suggested_zone(city, country, locale, at)
