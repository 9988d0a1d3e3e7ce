"""The printed documents of an event, each built from the same domain queries as its page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from events.extensions import db
from events.geo import country_name
from events.models import (
    Attendance,
    Certificate,
    DelegateRole,
    Event,
    Organisation,
    OrganisationKind,
    Person,
    Registration,
    RegistrationStatus,
)
from events.plenaries import queries
from events.plenaries.agenda import outline_by_session, sessions_by_day
from events.reports.context import pdf_context
from events.reports.pdf import PdfDocument, build_document


def agenda_document(event: Event) -> PdfDocument:
    """The agenda booklet: sessions by day in the event's zone, numbered items, documents."""
    sessions = queries.agenda_sessions(event)
    context = pdf_context(
        event, _("Agenda – %(event)s", event=event.title),
        days=sessions_by_day(sessions, event.timezone),
        outline=outline_by_session(queries.agenda_items(event)),
    )
    return build_document("pdf/agenda.html", f"{event.slug}-agenda.pdf", **context)


@dataclass(frozen=True)
class Nameplate:
    name: str  # the country (NSBs) or the organisation (liaisons)
    acronym: str
    sort_key: tuple[int, str]


def nameplates(event: Event) -> list[Nameplate]:
    """One plate per delegation with an approved registration, in seating order: countries
    alphabetically by their English name (ISO practice), then liaisons and others."""
    organisations = db.session.scalars(
        select(Organisation)
        .join(Registration, Registration.organisation_id == Organisation.id)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.APPROVED,
            Registration.role != DelegateRole.GUEST,
        )
        .distinct()
    )
    plates = []
    for org in organisations:
        if org.kind is OrganisationKind.NSB and org.country:
            english = country_name(org.country, "en")
            plates.append(Nameplate(english, org.acronym, (0, english.casefold())))
        else:
            plates.append(Nameplate(org.name, org.acronym, (1, org.acronym.casefold())))
    return sorted(plates, key=lambda plate: plate.sort_key)


def nameplates_document(event: Event) -> PdfDocument:
    context = pdf_context(event, _("Nameplates – %(event)s", event=event.title),
                          plates=nameplates(event))
    return build_document("pdf/nameplates.html", f"{event.slug}-nameplates.pdf",
                          tagged=False, **context)


@dataclass(frozen=True)
class Attendee:
    person: Person
    organisation: Organisation | None


def attendees(event: Event, person_id: int | None = None) -> list[Attendee]:
    """People who attended (on site or remotely), each once, by family name."""
    query = (
        select(Attendance)
        .where(Attendance.event_id == event.id)
        .options(selectinload(Attendance.person), selectinload(Attendance.organisation))
    )
    if person_id is not None:
        query = query.where(Attendance.person_id == person_id)
    seen: dict[int, Attendee] = {}
    for attendance in db.session.scalars(query):
        if attendance.person_id not in seen or seen[attendance.person_id].organisation is None:
            seen[attendance.person_id] = Attendee(attendance.person, attendance.organisation)
    return sorted(seen.values(), key=lambda a: a.person.sort_key)


def issue_certificates(event: Event, people: list[Attendee]) -> dict[int, Certificate]:
    """The certificate of each attendee, created on first issue (its code never changes)."""
    existing = {
        c.person_id: c
        for c in db.session.scalars(select(Certificate).where(
            Certificate.event_id == event.id,
            Certificate.person_id.in_([a.person.id for a in people])))
    }
    for attendee in people:
        if attendee.person.id not in existing:
            certificate = Certificate(event=event, person=attendee.person)
            db.session.add(certificate)
            existing[attendee.person.id] = certificate
    db.session.flush()
    return existing


def certificates_document(event: Event, person_id: int | None = None) -> PdfDocument | None:
    """Certificates of attendance for everyone who attended, or for one person; None when
    nobody (or that person did not) attend: no certificate without attendance."""
    people = attendees(event, person_id)
    if not people:
        return None
    certificates = issue_certificates(event, people)
    context = pdf_context(event, _("Certificates of attendance – %(event)s", event=event.title),
                          attendees=people, certificates=certificates)
    suffix = f"-{people[0].person.id}" if person_id is not None else ""
    return build_document("pdf/certificates.html", f"{event.slug}-certificates{suffix}.pdf",
                          **context)


def find_certificate(code: str) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(Certificate.code == code)
        .options(selectinload(Certificate.person), selectinload(Certificate.event))
    )


@dataclass(frozen=True)
class DocumentKind:
    """A printable document: how to build it for an event and who may have it."""

    build: Callable[[Event], PdfDocument | None]
    permission: str


DOCUMENTS: dict[str, DocumentKind] = {
    "agenda": DocumentKind(agenda_document, "event.view"),
    "nameplates": DocumentKind(nameplates_document, "event.organise"),
    "certificates": DocumentKind(certificates_document, "event.organise"),
}
