"""The directory import: `flask --app app orgs import FILE.csv` and the secretariat's upload.

A file is read and checked in full before anything is written; any problem anywhere means
nothing is stored, and every problem is reported with its line. Re-importing a file updates
organisations by acronym and never duplicates them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from events.directory.decoding import NotText, detect_encoding, guess_delimiter
from events.directory.problems import summarise
from events.directory.records import OrganisationRecord, parse_record
from events.extensions import db
from events.models import (
    Committee,
    CommitteeMembership,
    CommitteeStatus,
    EmailDomain,
    Organisation,
    OrganisationKind,
    RegionalMembership,
    RegionalStatus,
)

COLUMNS = ("acronym", "name", "kind", "country", "iso_category", "email_domains", "memberships")
OPTIONAL_COLUMNS = ("website",)
REQUIRED_COLUMNS = ("acronym", "name", "kind")
MAX_ROWS = 20_000


class DirectoryError(Exception):
    """The input cannot be stored; `problems` are sentences, each naming its line or field."""

    def __init__(self, problems: list[str]):
        problems = summarise(problems)  # the first few of each kind, then how many more
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    committees_created: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = _(
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged.",
            created=len(self.created),
            updated=len(self.updated),
            unchanged=len(self.unchanged),
        )
        if self.committees_created:
            text += " " + _("New committees: %(codes)s.",
                            codes=", ".join(self.committees_created))
        return text


@dataclass
class _Item:
    """A record with where it came from ("line 3") and, when editing, the organisation."""

    record: OrganisationRecord
    where: str
    organisation: Organisation | None = None


def read_csv(data: bytes) -> list[_Item]:
    """Parse and check a directory file on its own, without the database."""
    if not data.strip():
        raise DirectoryError([_("The file is empty.")])
    try:
        encoding, bom = detect_encoding(data)
    except NotText:
        raise DirectoryError([_("This is not a text CSV file (it looks like a spreadsheet or "
                                "another binary file). Save it as \"CSV UTF-8\" and try again.")]
                             ) from None
    try:
        text = data[bom:].decode(encoding)
    except UnicodeDecodeError as error:
        # Lines are counted in the encoding's own newline (two bytes in UTF-16).
        line = data[bom:bom + error.start].count("\n".encode(encoding)) + 1
        raise DirectoryError([_("line %(line)d: the file is not UTF-8 text. Save it as "
                                "\"CSV UTF-8\" and try again.", line=line)]) from error

    reader = csv.reader(io.StringIO(text, newline=""),
                        delimiter=guess_delimiter(text.split("\n", 1)[0]))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise DirectoryError([_("line 1: the header row cannot be read.")]) from error
    columns = [name.strip().lower() for name in header]
    problems = _check_header(columns)
    if problems:
        raise DirectoryError(problems)

    items: list[_Item] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            where = _("line %(line)d", line=line)
            if len(row) != len(columns):
                problems.append(_("%(where)s: %(found)d values for %(expected)d columns",
                                  where=where, found=len(row), expected=len(columns)))
                continue
            record = parse_record(dict(zip(columns, row, strict=True)))
            problems.extend(f"{where}: {message}" for _field, message in record.errors)
            items.append(_Item(record, where))
            if len(items) > MAX_ROWS:
                raise DirectoryError([_("The file has more than %(max)d organisations.",
                                        max=MAX_ROWS)])
    except csv.Error as error:
        problems.append(_("line %(line)d: %(problem)s", line=reader.line_num, problem=error))
    if not items and not problems:
        problems.append(_("The file has a header but no organisations."))
    if problems:
        raise DirectoryError(problems)
    return items


def _check_header(columns: list[str]) -> list[str]:
    problems = []
    known = COLUMNS + OPTIONAL_COLUMNS
    for name in columns:
        if name not in known:
            problems.append(_("line 1: unknown column %(name)s; the columns are %(known)s",
                              name=repr(name), known=", ".join(known)))
    for name in sorted({c for c in columns if columns.count(c) > 1}):
        problems.append(_("line 1: the column %(name)s appears twice", name=repr(name)))
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.append(_("line 1: the column %(name)s is missing", name=repr(name)))
    return problems


def import_csv(data: bytes) -> ImportReport:
    """Check the whole file, then store it in one transaction (the caller commits)."""
    items = read_csv(data)
    existing = _existing_by_acronym([item.record.acronym for item in items])
    for item in items:
        item.organisation = existing.get(item.record.acronym.casefold())
    return save(items)


def save_record(record: OrganisationRecord, organisation: Organisation | None) -> Organisation:
    """Store one organisation from the secretariat's form (the caller commits)."""
    if record.errors:
        raise DirectoryError([message for _field, message in record.errors])
    item = _Item(record, _("this organisation"), organisation)
    save([item])
    assert item.organisation is not None  # save() gives every item its organisation
    return item.organisation


def save(items: list[_Item]) -> ImportReport:
    problems = _cross_check(items)
    if problems:
        raise DirectoryError(problems)
    report = ImportReport()
    with db.session.no_autoflush:
        before = {id(item): _snapshot(item.organisation) for item in items}
        for item in items:
            _apply_fields(item)
        _apply_domains(items)
        db.session.flush()
        committees = _committees_for(items, report)
        regional_bodies = _regional_bodies_for(items)
        for item in items:
            _apply_memberships(item, committees, regional_bodies)
        db.session.flush()
    for item in items:
        acronym = item.record.acronym
        previous = before[id(item)]
        if previous is None:
            report.created.append(acronym)
        elif previous != _snapshot(item.organisation):
            report.updated.append(acronym)
        else:
            report.unchanged.append(acronym)
    return report


def _existing_by_acronym(acronyms: list[str]) -> dict[str, Organisation]:
    folded = {acronym.casefold() for acronym in acronyms}
    rows = db.session.scalars(
        select(Organisation)
        .where(func.lower(Organisation.acronym).in_(folded))
        .options(
            selectinload(Organisation.email_domains),
            selectinload(Organisation.committee_memberships).selectinload(
                CommitteeMembership.committee
            ),
            selectinload(Organisation.regional_memberships).selectinload(
                RegionalMembership.regional_body
            ),
        )
    )
    return {org.acronym.casefold(): org for org in rows}


def _cross_check(items: list[_Item]) -> list[str]:
    """Checks across records and against the directory: duplicate acronyms, shared mail
    domains, memberships of regional bodies that do not exist."""
    edited_ids = {item.organisation.id for item in items if item.organisation is not None}
    return [*_repeated_acronyms(items), *_acronyms_taken(items, edited_ids),
            *_countries_missing(items), *_mail_domains_shared(items, edited_ids),
            *_unknown_regional_bodies(items)]


def _repeated_acronyms(items: list[_Item]) -> list[str]:
    problems: list[str] = []
    first_seen: dict[str, str] = {}
    for item in items:
        key = item.record.acronym.casefold()
        if key in first_seen:
            problems.append(_("%(where)s: the acronym %(acronym)s is already on %(first)s",
                              where=item.where, acronym=item.record.acronym,
                              first=first_seen[key]))
        else:
            first_seen[key] = item.where
    return problems


def _acronyms_taken(items: list[_Item], edited_ids: set[int]) -> list[str]:
    """A new organisation, or an edit that renames, must not take another one's acronym."""
    acronyms = {item.record.acronym.casefold() for item in items}
    taken = {
        org.acronym.casefold(): org
        for org in db.session.scalars(
            select(Organisation).where(func.lower(Organisation.acronym).in_(acronyms))
        )
    }
    problems: list[str] = []
    for item in items:
        clash = taken.get(item.record.acronym.casefold())
        if clash is not None and clash.id not in edited_ids:
            problems.append(_("%(where)s: another organisation already uses the acronym "
                              "%(acronym)s", where=item.where, acronym=clash.acronym))
    return problems


def _countries_missing(items: list[_Item]) -> list[str]:
    problems: list[str] = []
    for item in items:
        record, org = item.record, item.organisation
        country = record.country if "country" in record.present else (org and org.country)
        if record.kind is OrganisationKind.NSB and not country and "country" not in record.present:
            problems.append(_("%(where)s: a national standards body needs its country (add a "
                              "country column)", where=item.where))
    return problems


def _mail_domains_shared(items: list[_Item], edited_ids: set[int]) -> list[str]:
    """Mail domains: each belongs to one organisation once everything is stored."""
    problems: list[str] = []
    claimed: dict[str, str] = {}
    for item in items:
        for domain in item.record.email_domains or []:
            if domain in claimed and claimed[domain] != item.record.acronym:
                problems.append(_("%(where)s: the mail domain %(domain)s is also given to "
                                  "%(other)s", where=item.where, domain=domain,
                                  other=claimed[domain]))
            claimed.setdefault(domain, item.record.acronym)
    if not claimed:
        return problems
    owners = db.session.execute(
        select(EmailDomain.domain, Organisation.id, Organisation.acronym)
        .join(Organisation)
        .where(EmailDomain.domain.in_(claimed))
    )
    released = {
        (item.organisation.id, domain)
        for item in items
        if item.organisation is not None and item.record.email_domains is not None
        for domain in {d.domain for d in item.organisation.email_domains}
        - set(item.record.email_domains)
    }
    for domain, owner_id, owner_acronym in owners:
        if owner_acronym.casefold() == claimed[domain].casefold():
            continue
        if owner_id in edited_ids and (owner_id, domain) in released:
            continue
        where = next(i.where for i in items if domain in (i.record.email_domains or []))
        problems.append(_("%(where)s: the mail domain %(domain)s belongs to %(other)s",
                          where=where, domain=domain, other=owner_acronym))
    return problems


def _regional_body_kinds(items: list[_Item]) -> dict[str, OrganisationKind]:
    """The kind of each body named in a regional membership, from this very file or else
    from the directory, by casefolded acronym."""
    wanted = {claim.body.casefold() for item in items
              for claim in item.record.memberships or [] if not claim.is_committee}
    known = {
        org.acronym.casefold(): org.kind
        for org in db.session.scalars(
            select(Organisation).where(func.lower(Organisation.acronym).in_(wanted)))
    } if wanted else {}
    return known | {item.record.acronym.casefold(): item.record.kind for item in items}


def _unknown_regional_bodies(items: list[_Item]) -> list[str]:
    """Regional bodies named in memberships: in the directory or in this very file."""
    kinds = _regional_body_kinds(items)
    problems: list[str] = []
    for item in items:
        for claim in item.record.memberships or []:
            if claim.is_committee:
                continue
            kind = kinds.get(claim.body.casefold())
            if kind is None:
                problems.append(_("%(where)s: %(body)s is neither a committee (such as "
                                  "ISO/CASCO) nor a regional body in the directory",
                                  where=item.where, body=claim.body))
            elif kind is not OrganisationKind.REGIONAL_BODY:
                problems.append(_("%(where)s: %(body)s is not a regional body, so it has no "
                                  "members", where=item.where, body=claim.body))
            elif claim.body.casefold() == item.record.acronym.casefold():
                problems.append(_("%(where)s: an organisation cannot be its own member",
                                  where=item.where))
    return problems


def _snapshot(org: Organisation | None) -> tuple | None:
    if org is None:
        return None
    return (
        org.acronym, org.name, org.kind, org.country, org.iso_category, org.website,
        tuple(sorted(d.domain for d in org.email_domains)),
        tuple(sorted((m.committee.code, m.status.value) for m in org.committee_memberships)),
        tuple(sorted((m.regional_body.acronym, m.status.value)
                     for m in org.regional_memberships)),
    )


def _apply_fields(item: _Item) -> None:
    record = item.record
    org = item.organisation
    if org is None:
        org = Organisation(acronym=record.acronym, name=record.name, kind=record.kind)
        db.session.add(org)
        item.organisation = org
    org.acronym = record.acronym
    org.name = record.name
    org.kind = record.kind
    for name in ("country", "iso_category", "website"):
        if name in record.present:
            setattr(org, name, getattr(record, name))
    if record.kind is not OrganisationKind.NSB:
        org.iso_category = None


def _apply_domains(items: list[_Item]) -> None:
    # Removals are flushed before additions, so a domain can move between two organisations
    # of the same file without tripping the unique constraint.
    for item in items:
        wanted = item.record.email_domains
        if wanted is None:
            continue
        org = item.organisation
        assert org is not None
        for domain in [d for d in org.email_domains if d.domain not in wanted]:
            org.email_domains.remove(domain)
    db.session.flush()
    for item in items:
        wanted = item.record.email_domains
        if wanted is None:
            continue
        org = item.organisation
        assert org is not None
        have = {d.domain for d in org.email_domains}
        org.email_domains.extend(EmailDomain(domain=d) for d in wanted if d not in have)


def _committees_for(items: list[_Item], report: ImportReport) -> dict[str, Committee]:
    codes = {
        claim.body
        for item in items
        for claim in item.record.memberships or []
        if claim.is_committee
    }
    if not codes:
        return {}
    committees = {
        c.code.casefold(): c
        for c in db.session.scalars(
            select(Committee).where(func.lower(Committee.code).in_({c.casefold() for c in codes}))
        )
    }
    for code in sorted(codes):
        if code.casefold() not in committees:
            committee = Committee(code=code, name=code)
            db.session.add(committee)
            committees[code.casefold()] = committee
            report.committees_created.append(code)
    return committees


def _regional_bodies_for(items: list[_Item]) -> dict[str, Organisation]:
    bodies = {
        claim.body.casefold()
        for item in items
        for claim in item.record.memberships or []
        if not claim.is_committee
    }
    if not bodies:
        return {}
    return {
        org.acronym.casefold(): org
        for org in db.session.scalars(
            select(Organisation).where(func.lower(Organisation.acronym).in_(bodies))
        )
    }


def _apply_memberships(
    item: _Item, committees: dict[str, Committee], regional_bodies: dict[str, Organisation]
) -> None:
    claims = item.record.memberships
    if claims is None:
        return
    org = item.organisation
    assert org is not None
    _sync_memberships(
        org.committee_memberships,
        {committees[c.body.casefold()]: CommitteeStatus(c.status)
         for c in claims if c.is_committee},
        body_of=lambda membership: membership.committee,
        new=lambda committee, status: CommitteeMembership(committee=committee, status=status))
    _sync_memberships(
        org.regional_memberships,
        {regional_bodies[c.body.casefold()]: RegionalStatus(c.status)
         for c in claims if not c.is_committee},
        body_of=lambda membership: membership.regional_body,
        new=lambda body, status: RegionalMembership(regional_body=body, status=status))


def _sync_memberships(memberships: list[Any], wanted: dict[Any, Any], *,
                      body_of: Callable[[Any], Any], new: Callable[[Any, Any], Any]) -> None:
    """Make `memberships` (of committees, or of regional bodies) exactly `wanted`
    (body -> status): drop those not wanted, update the status of the others, add the new."""
    wanted = dict(wanted)
    for membership in list(memberships):
        status = wanted.pop(body_of(membership), None)
        if status is None:
            memberships.remove(membership)
        else:
            membership.status = status
    memberships.extend(new(body, status) for body, status in wanted.items())
