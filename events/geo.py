"""Countries (ISO 3166 alpha-2) and the world regions used to browse the directory."""

from __future__ import annotations

from functools import cache

import pycountry
from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

# UN M49 regions, with the Americas split the way standards bodies organise themselves
# (COPANT covers Latin America and the Caribbean together with Northern America).
_REGION_MEMBERS: dict[str, str] = {
    "africa": (
        "DZ EG LY MA SD TN EH BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW IO TF "
        "AO CM CF TD CG CD GQ GA ST BW SZ LS NA ZA BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN "
        "SL TG"
    ),
    "latin_america_caribbean": (
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI "
        "BZ CR SV GT HN MX NI PA AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE"
    ),
    "northern_america": "BM CA GL PM US",
    "asia": (
        "KZ KG TJ TM UZ CN HK MO KP JP MN KR TW BN KH ID LA MY MM PH SG TH TL VN AF BD BT IN IR "
        "MV NP PK LK AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE"
    ),
    "europe": (
        "BY BG CZ HU PL MD RO RU SK UA AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB AL AD BA "
        "HR GI GR VA IT MT ME MK PT SM RS SI ES AT BE FR DE LI LU MC NL CH"
    ),
    "oceania": (
        "AU NZ HM NF CX CC FJ NC PG SB VU GU KI MH FM NR MP PW UM AS CK PF NU PN WS TK TO TV WF"
    ),
}

REGION_LABELS = {
    "africa": _l("Africa"),
    "latin_america_caribbean": _l("Latin America and the Caribbean"),
    "northern_america": _l("Northern America"),
    "asia": _l("Asia"),
    "europe": _l("Europe"),
    "oceania": _l("Oceania"),
}

REGION_OF_COUNTRY: dict[str, str] = {
    code: region for region, codes in _REGION_MEMBERS.items() for code in codes.split()
}


def is_country_code(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-2 code ("KE"), in upper case."""
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def region_of(country: str | None) -> str | None:
    return REGION_OF_COUNTRY.get(country) if country else None


def region_label(region: str | None) -> str:
    return str(REGION_LABELS[region]) if region in REGION_LABELS else ""


def country_region(country: str | None) -> str:
    """The translated region of a country, e.g. 'Africa' for KE."""
    return region_label(region_of(country))


def countries_in(region: str) -> list[str]:
    return _REGION_MEMBERS.get(region, "").split()


@cache
def _territories(locale: str) -> dict[str, str]:
    return dict(Locale.parse(locale).territories)


def country_name(code: str | None, locale: str | None = None) -> str:
    """The country's name in the reader's language ("Kenya", "Trinidad y Tobago")."""
    if not code:
        return ""
    locale = locale or str(get_locale() or "en")
    name = _territories(locale).get(code)
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


def country_choices(locale: str | None = None) -> list[tuple[str, str]]:
    """(code, name) for every ISO 3166 country, sorted by name in the reader's language."""
    codes = [country.alpha_2 for country in pycountry.countries]
    return sorted(((code, country_name(code, locale)) for code in codes), key=lambda c: c[1])
