"""Recognising the people of an attendance list: by email (any case), then by the NSB's email
domain and the name, then by the name alone. A row nobody fits waits for an organiser."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from events.attendance.formats import normalise_name
from events.extensions import db
from events.models import EmailDomain, Organisation, Person
from events.models.people import fold_name


@dataclass(frozen=True)
class Match:
    person: Person | None
    organisation: Organisation | None  # represented at the meeting, or suggested for review
    rule: str  # "email", "domain and name", "name", or "" when nobody fits


@dataclass
class PeopleIndex:
    """The directory with its mail domains, and the people an import may name, loaded once
    per import."""

    by_email: dict[str, Person] = field(default_factory=dict)
    by_name: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    by_domain: dict[str, Organisation] = field(default_factory=dict)
    by_acronym: dict[str, Organisation] = field(default_factory=dict)

    @classmethod
    def load(cls, candidates: Iterable[tuple[str, str | None]] | None = None) -> PeopleIndex:
        """The directory, and the people an export's (name, email) rows may be: those with
        one of its addresses or one of its names (every way of splitting a name into given
        and family names, looked up in the indexed `sort_name`). Without `candidates`,
        everyone."""
        index = cls()
        organisations = {org.id: org for org in db.session.scalars(select(Organisation))}
        for org in organisations.values():
            index.by_acronym[org.acronym.casefold()] = org
            index.by_acronym.setdefault(org.name.casefold(), org)
        for domain, org_id in db.session.execute(
            select(EmailDomain.domain, EmailDomain.organisation_id)
        ):
            index.by_domain[domain] = organisations[org_id]
        for person in _people(candidates):
            if person.email:
                index.by_email[person.email] = person
            index.by_name[normalise_name(person.full_name)].append(person)
        return index

    def add(self, person: Person) -> None:
        if person.email:
            self.by_email[person.email] = person
        self.by_name[normalise_name(person.full_name)].append(person)

    def organisation_of_email(self, email: str | None) -> Organisation | None:
        """The organisation owning the email's domain, or a parent domain of it
        (ana@mail.inen.gob.ec belongs to the owner of inen.gob.ec)."""
        if not email or "@" not in email:
            return None
        parts = email.rsplit("@", 1)[1].lower().split(".")
        for start in range(len(parts) - 1):
            found = self.by_domain.get(".".join(parts[start:]))
            if found is not None:
                return found
        return None

    def organisation_named(self, text: str | None) -> Organisation | None:
        return self.by_acronym.get(text.strip().casefold()) if text else None

    def match(self, name: str, email: str | None, organisation_text: str | None) -> Match:
        named_org = self.organisation_named(organisation_text)
        domain_org = self.organisation_of_email(email)
        if email and email in self.by_email:
            person = self.by_email[email]
            return Match(person, named_org or domain_org or person.organisation, "email")
        namesakes = self.by_name.get(normalise_name(name), []) if name else []
        if domain_org is not None:
            same_org = [p for p in namesakes if p.organisation_id == domain_org.id]
            if len(same_org) == 1:
                return Match(same_org[0], named_org or domain_org, "domain and name")
        if named_org is not None:
            namesakes = [p for p in namesakes if p.organisation_id == named_org.id] or namesakes
        # An email of another domain than the namesake's NSB is somebody else with that name.
        if len(namesakes) == 1 and (domain_org is None or not email
                                    or namesakes[0].organisation_id in (None, domain_org.id)):
            person = namesakes[0]
            return Match(person, named_org or person.organisation or domain_org, "name")
        return Match(None, named_org or domain_org, "")


_CHUNK = 500  # values per IN (...): well under every database's limit on parameters


def _people(candidates: Iterable[tuple[str, str | None]] | None) -> list[Person]:
    if candidates is None:
        return list(db.session.scalars(select(Person)))
    emails: set[str] = set()
    keys: set[str] = set()
    for name, email in candidates:
        if email:
            emails.add(email.strip().lower())
        words = (name or "").split()
        for cut in range(len(words) + 1):
            keys.add(fold_name(" ".join(words[:cut]), " ".join(words[cut:])))
    found: dict[int, Person] = {}
    for column, values in ((Person.email, sorted(emails)), (Person.sort_name, sorted(keys))):
        for start in range(0, len(values), _CHUNK):
            for person in db.session.scalars(
                    select(Person).where(column.in_(values[start:start + _CHUNK]))):
                found[person.id] = person
    return list(found.values())
