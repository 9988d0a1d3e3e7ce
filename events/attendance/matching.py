"""Recognising the people of an attendance list: by email (any case), then by the NSB's email
domain and the name, then by the name alone. A row nobody fits waits for an organiser."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from events.attendance.formats import normalise_name
from events.extensions import db
from events.models import EmailDomain, Organisation, Person


@dataclass(frozen=True)
class Match:
    person: Person | None
    organisation: Organisation | None  # represented at the meeting, or suggested for review
    rule: str  # "email", "domain and name", "name", or "" when nobody fits


@dataclass
class PeopleIndex:
    """Everyone and every mail domain, loaded once per import (two queries whatever its size)."""

    by_email: dict[str, Person] = field(default_factory=dict)
    by_name: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    by_domain: dict[str, Organisation] = field(default_factory=dict)
    by_acronym: dict[str, Organisation] = field(default_factory=dict)

    @classmethod
    def load(cls) -> PeopleIndex:
        index = cls()
        organisations = {org.id: org for org in db.session.scalars(select(Organisation))}
        for org in organisations.values():
            index.by_acronym[org.acronym.casefold()] = org
            index.by_acronym.setdefault(org.name.casefold(), org)
        for domain, org_id in db.session.execute(
            select(EmailDomain.domain, EmailDomain.organisation_id)
        ):
            index.by_domain[domain] = organisations[org_id]
        for person in db.session.scalars(select(Person)):
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
