"""One organisation's directory record, validated the same way from a CSV line or a form."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from events.geo import is_country_code
from events.models import CommitteeStatus, IsoCategory, OrganisationKind, RegionalStatus

ACRONYM_MAX = 40
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_ACRONYM = re.compile(r"^[^\s/;:,][^/;:,]*$")


@dataclass(frozen=True)
class MembershipClaim:
    """`ISO/CASCO:P` or `COPANT:active` as written in a file or a form."""

    body: str
    status: str

    @property
    def is_committee(self) -> bool:
        # Committee references carry the parent body: ISO/CASCO, ISO/TC 176, ISO/IEC JTC 1.
        return "/" in self.body

    def __str__(self) -> str:
        return f"{self.body}:{self.status}"


@dataclass
class OrganisationRecord:
    acronym: str
    name: str
    kind: OrganisationKind
    country: str | None = None
    iso_category: IsoCategory | None = None
    website: str | None = None
    email_domains: list[str] | None = None
    memberships: list[MembershipClaim] | None = None
    # The columns the file (or form) gave: the others are left as they are on update.
    present: frozenset[str] = frozenset()
    # (field, message): the form shows each next to its field, the importer after the line.
    errors: list[tuple[str, str]] = field(default_factory=list)


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


Problem = Callable[[str, str], None]  # (field, message)


def parse_record(values: dict[str, str]) -> OrganisationRecord:
    """Check one record's own fields; cross-record checks (duplicates, unknown bodies) are the
    importer's. Absent keys mean "leave as it is"; errors are sentences for a secretary."""
    errors: list[tuple[str, str]] = []

    def problem(field_name: str, message: str) -> None:
        errors.append((field_name, message))

    # Read in the file's column order, so that problems are listed in it too.
    acronym = _acronym(values, problem)
    name = _name(values, problem)
    kind = _kind(values, problem)
    return OrganisationRecord(
        acronym=acronym,
        name=name,
        kind=kind,
        country=_country(values, kind, problem),
        iso_category=_iso_category(values, kind, problem),
        website=_website(values, problem),
        email_domains=_email_domains(values, problem),
        memberships=_memberships(values, kind, problem),
        present=frozenset(values),
        errors=errors,
    )


def _acronym(values: dict[str, str], problem: Problem) -> str:
    acronym = values.get("acronym", "").strip()
    if not acronym:
        problem("acronym", _("the acronym is empty"))
    elif len(acronym) > ACRONYM_MAX:
        problem("acronym", _("the acronym %(acronym)s is longer than %(max)d characters",
                             acronym=acronym, max=ACRONYM_MAX))
    elif not _ACRONYM.match(acronym):
        problem("acronym", _("the acronym %(acronym)s may not contain / ; : or a comma",
                             acronym=acronym))
    return acronym


def _name(values: dict[str, str], problem: Problem) -> str:
    name = values.get("name", "").strip()
    if not name:
        problem("name", _("the name is empty"))
    elif len(name) > 255:
        problem("name", _("the name is longer than 255 characters"))
    return name


def _kind(values: dict[str, str], problem: Problem) -> OrganisationKind:
    raw_kind = values.get("kind", "").strip().lower()
    try:
        return OrganisationKind(raw_kind)
    except ValueError:
        problem("kind", _("the kind %(kind)s is not one of %(choices)s", kind=repr(raw_kind),
                          choices=", ".join(k.value for k in OrganisationKind)))
        return OrganisationKind.OTHER


def _country(values: dict[str, str], kind: OrganisationKind, problem: Problem) -> str | None:
    if "country" not in values:
        return None
    country = values["country"].strip().upper() or None
    if country is not None and not is_country_code(country):
        problem("country", _("unknown country code %(code)s: use the two-letter ISO 3166 "
                             "code, such as KE for Kenya or CO for Colombia",
                             code=repr(country)))
    if kind is OrganisationKind.NSB and not country:
        problem("country", _("a national standards body needs its country"))
    return country


def _iso_category(values: dict[str, str], kind: OrganisationKind,
                  problem: Problem) -> IsoCategory | None:
    raw_category = values.get("iso_category", "").strip().lower()
    if not raw_category:
        return None
    iso_category = None
    try:
        iso_category = IsoCategory(raw_category)
    except ValueError:
        problem("iso_category", _("the ISO category %(value)s is not one of %(choices)s",
                                  value=repr(raw_category),
                                  choices=", ".join(c.value for c in IsoCategory)))
    if kind is not OrganisationKind.NSB:
        problem("iso_category", _("only a national standards body has an ISO category"))
    return iso_category


def _website(values: dict[str, str], problem: Problem) -> str | None:
    website = values.get("website", "").strip() or None
    if website and (len(website) > 255 or not re.match(r"^https?://[^\s]+$", website)):
        problem("website", _("the website %(url)s should be an address starting with "
                             "https://", url=website))
    return website


def _email_domains(values: dict[str, str], problem: Problem) -> list[str] | None:
    if "email_domains" not in values:
        return None
    email_domains: list[str] = []
    for domain in split_list(values["email_domains"].lower()):
        domain = domain.removeprefix("@")
        if not _DOMAIN.match(domain):
            problem("email_domains", _("%(domain)s is not a mail domain such as kebs.org",
                                       domain=repr(domain)))
        elif domain not in email_domains:
            email_domains.append(domain)
    return email_domains


def _memberships(values: dict[str, str], kind: OrganisationKind,
                 problem: Problem) -> list[MembershipClaim] | None:
    if "memberships" not in values:
        return None
    memberships: list[MembershipClaim] = []
    for text in split_list(values["memberships"]):
        claim, trouble = _parse_membership(text, kind)
        if trouble:
            problem("memberships", trouble)
        elif claim is not None and claim not in memberships:
            memberships.append(claim)
    return memberships


def _parse_membership(
    text: str, kind: OrganisationKind
) -> tuple[MembershipClaim | None, str | None]:
    body, sep, status = text.rpartition(":")
    body, status = body.strip(), status.strip()
    if not sep or not body or not status:
        return None, _("the membership %(text)s should be written BODY:STATUS, such as "
                       "ISO/CASCO:P or COPANT:active", text=repr(text))
    claim = MembershipClaim(body=body, status=status)
    if claim.is_committee:
        valid = [s.value for s in CommitteeStatus]
        if status.upper() not in valid:
            return None, _("the committee status %(status)s in %(text)s is not one of "
                           "%(choices)s", status=repr(status), text=repr(text),
                           choices=", ".join(valid))
        committee_status = CommitteeStatus(status.upper())
        if committee_status.is_liaison and kind is OrganisationKind.NSB:
            return None, _("%(text)s: a national standards body is a P- or O-member, "
                           "not a liaison", text=repr(text))
        if not committee_status.is_liaison and kind is not OrganisationKind.NSB:
            return None, _("%(text)s: only national standards bodies are P- or O-members; "
                           "other organisations are liaisons (A, B or C)", text=repr(text))
        return MembershipClaim(body, committee_status.value), None
    valid = [s.value for s in RegionalStatus]
    if status.lower() not in valid:
        return None, _("the regional membership %(status)s in %(text)s is not one of "
                       "%(choices)s", status=repr(status), text=repr(text),
                       choices=", ".join(valid))
    return MembershipClaim(body, status.lower()), None
