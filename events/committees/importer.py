"""Imports of a committee's subgroups, officers, experts and liaisons from CSV.

As the directory import does: the whole file is read and checked before anything is written;
any problem anywhere means nothing is stored, and every problem names its line. Re-importing
updates rows by their natural key (a group's code, an officer's role and email, an expert's
group and email, a liaison's code) and never duplicates them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import partial
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from events.committees.experts import in_play
from events.extensions import db
from events.models import (
    Committee,
    CommitteeLiaison,
    CommitteeMembership,
    CommitteeOfficer,
    CommitteeStatus,
    ExpertStatus,
    LiaisonDirection,
    OfficerRole,
    Organisation,
    OrganisationKind,
    Person,
    Subgroup,
    SubgroupExpert,
    SubgroupKind,
    normalise_email,
    utcnow,
)

MAX_ROWS = 5_000


class ImportKind(StrEnum):
    SUBGROUPS = "subgroups"
    OFFICERS = "officers"
    EXPERTS = "experts"
    LIAISONS = "liaisons"


KIND_LABELS = {
    ImportKind.SUBGROUPS: _l("Subgroups"),
    ImportKind.OFFICERS: _l("Officers"),
    ImportKind.EXPERTS: _l("Experts"),
    ImportKind.LIAISONS: _l("Liaisons"),
}

# Columns of each kind of file: (required, optional).
COLUMNS: dict[ImportKind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    ImportKind.SUBGROUPS: (("code", "kind", "title"),
                           ("scope", "joint_with", "led_by", "convenor_email",
                            "convenor_given_name", "convenor_family_name", "secretary_email",
                            "secretary_given_name", "secretary_family_name")),
    ImportKind.OFFICERS: (("role", "email", "given_name", "family_name"),
                          ("starts_on", "ends_on")),
    ImportKind.EXPERTS: (("group", "email", "given_name", "family_name", "nominated_by"),
                         ("starts_on", "ends_on")),
    ImportKind.LIAISONS: (("type", "code", "relation"), ("name",)),
}

EXAMPLES = {
    ImportKind.SUBGROUPS: "code,kind,title,joint_with,led_by,convenor_email,"
                          "convenor_given_name,convenor_family_name\n"
                          "WG 64,working_group,Revision of ISO/IEC 17021,,,"
                          "li.na@sac.example,娜,李\n"
                          "JWG 62,joint_working_group,ISO/TS 23406,ISO/TC 85,ISO/CASCO,,,",
    ImportKind.OFFICERS: "role,email,given_name,family_name,starts_on,ends_on\n"
                         "chair,a.mwangi@kebs.example,Achieng,Mwangi,2025-01-01,2026-12-31",
    ImportKind.EXPERTS: "group,email,given_name,family_name,nominated_by,starts_on\n"
                        "WG 64,o.petrova@din.example,Ольга,Петрова,DIN,2026-03-01",
    ImportKind.LIAISONS: "type,code,name,relation\n"
                         "committee,ISO/TC 176,Quality management and quality assurance,to\n"
                         "organisation,IAF,International Accreditation Forum,A",
}


class CommitteeImportError(Exception):
    """The file cannot be stored; `problems` are sentences, each naming its line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0

    def summary(self) -> str:
        return _("%(created)d added, %(updated)d updated.", created=self.created,
                 updated=self.updated)


@dataclass
class _Row:
    where: str
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def problem(self, message: str) -> None:
        self.problems.append(f"{self.where}: {message}")


def read_rows(data: bytes, kind: ImportKind) -> list[_Row]:
    """Decode a UTF-8 CSV file and check its header against `kind`'s columns."""
    if not data.strip():
        raise CommitteeImportError([_("The file is empty.")])
    if b"\x00" in data[:4096]:
        raise CommitteeImportError([_(
            "This is not a text CSV file (it looks like a spreadsheet or another binary "
            "file). Save it as \"CSV UTF-8\" and try again.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CommitteeImportError([_("line %(line)d: the file is not UTF-8 text. Save it as "
                                      "\"CSV UTF-8\" and try again.", line=line)]) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise CommitteeImportError([_("line 1: the header row cannot be read.")]) from error
    required, optional = COLUMNS[kind]
    problems = [_("line 1: unknown column %(name)s; the columns are %(known)s",
                  name=repr(name), known=", ".join(required + optional))
                for name in header if name not in required + optional]
    problems += [_("line 1: the column %(name)s is missing", name=repr(name))
                 for name in required if name not in header]
    problems += [_("line 1: the column %(name)s appears twice", name=repr(name))
                 for name in sorted({c for c in header if header.count(c) > 1})]
    if problems:
        raise CommitteeImportError(problems)
    rows: list[_Row] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            where = _("line %(line)d", line=reader.line_num)
            if len(cells) != len(header):
                problems.append(_("%(where)s: %(found)d values for %(expected)d columns",
                                  where=where, found=len(cells), expected=len(header)))
                continue
            rows.append(_Row(where, dict(zip(header, cells, strict=True))))
            if len(rows) > MAX_ROWS:
                raise CommitteeImportError([_("The file has more than %(max)d lines.",
                                              max=MAX_ROWS)])
    except csv.Error as error:
        problems.append(_("line %(line)d: %(problem)s", line=reader.line_num, problem=error))
    if not rows and not problems:
        problems.append(_("The file has a header but no lines."))
    if problems:
        raise CommitteeImportError(problems)
    return rows


def _choice(row: _Row, column: str, enum_cls: Any) -> Any:
    value = row.get(column)
    try:
        return enum_cls(value)
    except ValueError:
        row.problem(_("%(column)s %(value)s is not one of %(choices)s", column=column,
                      value=repr(value), choices=", ".join(m.value for m in enum_cls)))
        return None


def _date(row: _Row, column: str) -> date | None:
    value = row.get(column)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        row.problem(_("%(column)s %(value)s is not a date written like 2026-03-31",
                      column=column, value=repr(value)))
        return None


def _email(row: _Row, column: str) -> str | None:
    value = row.get(column)
    if not value:
        return None
    if "@" not in value or " " in value or value.startswith("@") or value.endswith("@"):
        row.problem(_("%(column)s %(value)s is not an email address", column=column,
                      value=repr(value)))
        return None
    return normalise_email(value)


@dataclass(frozen=True)
class _PersonRef:
    email: str
    given_name: str
    family_name: str


def _person_ref(row: _Row, prefix: str, *, required: bool) -> _PersonRef | None:
    email = _email(row, f"{prefix}email")
    given, family = row.get(f"{prefix}given_name"), row.get(f"{prefix}family_name")
    if email is None:
        if required and not row.get(f"{prefix}email"):
            row.problem(_("%(column)s is empty", column=f"{prefix}email"))
        elif given or family:
            row.problem(_("%(column)s is empty: a person is named by their email",
                          column=f"{prefix}email"))
        return None
    if not family and _known_person(email) is None:
        row.problem(_("%(email)s is not known yet: give their %(column)s too", email=email,
                      column=f"{prefix}family_name"))
    return _PersonRef(email, given, family)


def _known_person(email: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.email == email))


def _store_person(ref: _PersonRef, organisation: Organisation | None = None) -> Person:
    person = _known_person(ref.email)
    if person is None:
        person = Person(email=ref.email, given_name=ref.given_name,
                        family_name=ref.family_name, organisation=organisation)
        db.session.add(person)
        db.session.flush()
    elif ref.family_name:
        person.given_name, person.family_name = ref.given_name, ref.family_name
    return person


def _organisation(row: _Row, column: str) -> Organisation | None:
    acronym = row.get(column)
    found = db.session.scalar(select(Organisation).where(Organisation.acronym == acronym))
    if found is None:
        row.problem(_("%(column)s %(value)s is not in the directory", column=column,
                      value=repr(acronym)))
    return found


def _duplicates(rows: list[_Row], key: Callable[[_Row], Any], label: str) -> None:
    seen: dict[Any, str] = {}
    for row in rows:
        value = key(row)
        if value in seen:
            row.problem(_("%(what)s is also on %(other)s", what=label, other=seen[value]))
        else:
            seen[value] = row.where


def import_file(committee: Committee, kind: ImportKind, data: bytes) -> ImportReport:
    """Check the whole file, then store it (the caller commits)."""
    rows = read_rows(data, kind)
    plan = _CHECKERS[kind](committee, rows)
    problems = [problem for row in rows for problem in row.problems]
    if problems:
        raise CommitteeImportError(problems)
    report = ImportReport()
    for store in plan:
        created = store()
        report.created += created
        report.updated += not created
    db.session.flush()
    return report


Plan = list[Callable[[], bool]]


def _check_subgroups(committee: Committee, rows: list[_Row]) -> Plan:
    _duplicates(rows, lambda row: row.get("code").casefold(), _("this group"))
    plan: Plan = []
    for row in rows:
        code, title = row.get("code"), row.get("title")
        kind = _choice(row, "kind", SubgroupKind)
        if not code:
            row.problem(_("code is empty"))
        if not title:
            row.problem(_("title is empty"))
        joint_with = row.get("joint_with") or None
        if joint_with and kind is not SubgroupKind.JOINT_WORKING_GROUP:
            row.problem(_("joint_with is only for a joint working group "
                          "(kind joint_working_group)"))
        convenor = _person_ref(row, "convenor_", required=False)
        secretary = _person_ref(row, "secretary_", required=False)
        values = dict(kind=kind, title=title, scope=row.get("scope") or None,
                      joint_with=joint_with, led_by=row.get("led_by") or None)

        def store(code: str = code, values: dict = values, convenor: _PersonRef | None = convenor,
                  secretary: _PersonRef | None = secretary) -> bool:
            group = db.session.scalar(select(Subgroup).where(
                Subgroup.committee_id == committee.id, Subgroup.code == code))
            created = group is None
            if group is None:
                group = Subgroup(committee=committee, code=code)
                db.session.add(group)
            for name, value in values.items():
                setattr(group, name, value)
            group.convenor = _store_person(convenor) if convenor else None
            group.secretary = _store_person(secretary) if secretary else None
            return created

        plan.append(store)
    return plan


def _check_officers(committee: Committee, rows: list[_Row]) -> Plan:
    _duplicates(rows, lambda row: (row.get("role"), row.get("email").lower(),
                                   row.get("starts_on")), _("this officer and term"))
    plan: Plan = []
    for row in rows:
        role = _choice(row, "role", OfficerRole)
        person = _person_ref(row, "", required=True)
        starts_on, ends_on = _date(row, "starts_on"), _date(row, "ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            row.problem(_("the term ends before it starts"))
        if person is None:  # the row has a problem: nothing is stored
            continue

        def store(role: OfficerRole = role, person: _PersonRef = person,
                  starts_on: date | None = starts_on, ends_on: date | None = ends_on) -> bool:
            stored = _store_person(person)
            officer = db.session.scalar(select(CommitteeOfficer).where(
                CommitteeOfficer.committee_id == committee.id, CommitteeOfficer.role == role,
                CommitteeOfficer.person_id == stored.id,
                CommitteeOfficer.starts_on.is_(None) if starts_on is None
                else CommitteeOfficer.starts_on == starts_on))
            created = officer is None
            if officer is None:
                officer = CommitteeOfficer(committee=committee, role=role, person=stored,
                                           starts_on=starts_on)
                db.session.add(officer)
            officer.ends_on = ends_on
            return created

        plan.append(store)
    return plan


def _check_experts(committee: Committee, rows: list[_Row]) -> Plan:
    groups = {group.code.casefold(): group for group in committee.subgroups}
    _duplicates(rows, lambda row: (row.get("group").casefold(), row.get("email").lower()),
                _("this expert of this group"))
    plan: Plan = []
    for row in rows:
        group = groups.get(row.get("group").casefold())
        if group is None:
            row.problem(_("%(committee)s has no group %(group)s; import the subgroups first",
                          committee=committee.code, group=repr(row.get("group"))))
        person = _person_ref(row, "", required=True)
        nominated_by = _organisation(row, "nominated_by")
        starts_on, ends_on = _date(row, "starts_on"), _date(row, "ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            row.problem(_("the membership ends before it starts"))
        if group is None or person is None or nominated_by is None:
            continue  # the row has a problem: nothing is stored

        def store(group: Subgroup = group, person: _PersonRef = person,
                  nominated_by: Organisation = nominated_by, starts_on: date | None = starts_on,
                  ends_on: date | None = ends_on) -> bool:
            stored = _store_person(person, nominated_by)
            # An imported list is the secretary's record of accepted experts.
            expert = in_play(group, stored)
            created = expert is None
            if expert is None:
                expert = SubgroupExpert(subgroup=group, person=stored)
                db.session.add(expert)
            expert.nominated_by = nominated_by
            expert.status = ExpertStatus.ACCEPTED
            expert.starts_on = starts_on or expert.starts_on or utcnow().date()
            expert.ends_on = ends_on
            db.session.flush()
            return created

        plan.append(store)
    return plan


_LIAISON_TYPES = ("committee", "organisation")
_LIAISON_CATEGORIES = (CommitteeStatus.A, CommitteeStatus.B, CommitteeStatus.C)


def _check_liaisons(committee: Committee, rows: list[_Row]) -> Plan:
    _duplicates(rows, lambda row: (row.get("type"), row.get("code"), row.get("relation")),
                _("this liaison"))
    plan: Plan = []
    for row in rows:
        kind, code, relation = row.get("type"), row.get("code"), row.get("relation")
        name = row.get("name") or None
        if not code:
            row.problem(_("code is empty"))
        if kind == "committee":
            try:
                direction = LiaisonDirection(relation)
            except ValueError:
                row.problem(_("a liaison committee's relation is 'to' (it takes part in our "
                              "work) or 'from' (we take part in its work), not %(value)s",
                              value=repr(relation)))
                continue
            plan.append(partial(_store_liaison_committee, committee, code, name, direction))
        elif kind == "organisation":
            if relation not in {c.value for c in _LIAISON_CATEGORIES}:
                row.problem(_("a liaison organisation's relation is its category A, B or C, "
                              "not %(value)s", value=repr(relation)))
                continue
            known = db.session.scalar(select(Organisation).where(Organisation.acronym == code))
            if known is None and not name:
                row.problem(_("%(code)s is not in the directory: give its name to add it",
                              code=repr(code)))
            elif known is not None and known.is_nsb:
                row.problem(_("%(code)s is a national standards body, not a liaison "
                              "organisation", code=code))
            status = CommitteeStatus(relation)
            plan.append(partial(_store_liaison_organisation, committee, code, name, status))
        else:
            row.problem(_("type %(value)s is not one of %(choices)s", value=repr(kind),
                          choices=", ".join(_LIAISON_TYPES)))
    return plan


def _store_liaison_committee(committee: Committee, code: str, name: str | None,
                             direction: LiaisonDirection) -> bool:
    liaison = db.session.scalar(select(CommitteeLiaison).where(
        CommitteeLiaison.committee_id == committee.id, CommitteeLiaison.other_code == code,
        CommitteeLiaison.direction == direction))
    created = liaison is None
    if liaison is None:
        liaison = CommitteeLiaison(committee=committee, other_code=code, direction=direction)
        db.session.add(liaison)
    liaison.other_name = name or liaison.other_name
    return created


def _store_liaison_organisation(committee: Committee, code: str, name: str | None,
                                status: CommitteeStatus) -> bool:
    org = db.session.scalar(select(Organisation).where(Organisation.acronym == code))
    if org is None:
        org = Organisation(acronym=code, name=name, kind=OrganisationKind.LIAISON)
        db.session.add(org)
        db.session.flush()
    membership = db.session.scalar(select(CommitteeMembership).where(
        CommitteeMembership.committee_id == committee.id,
        CommitteeMembership.organisation_id == org.id))
    created = membership is None
    if membership is None:
        membership = CommitteeMembership(committee=committee, organisation=org, status=status)
        db.session.add(membership)
    membership.status = status
    db.session.flush()
    return created


_CHECKERS: dict[ImportKind, Callable[[Committee, list[_Row]], Plan]] = {
    ImportKind.SUBGROUPS: _check_subgroups,
    ImportKind.OFFICERS: _check_officers,
    ImportKind.EXPERTS: _check_experts,
    ImportKind.LIAISONS: _check_liaisons,
}
