"""The printed documents of an event, each built from the same domain queries as its page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from events.agenda.outline import sessions_by_day
from events.agenda.publishing import published_agenda
from events.attendance import checkin
from events.attendance.meeting_days import may_certify, within_meeting
from events.attendance.stats import attendance_report
from events.extensions import db
from events.geo import country_name
from events.models import (
    Attendance,
    Certificate,
    DelegateRole,
    Event,
    InvitationLetterRequest,
    Organisation,
    OrganisationKind,
    Person,
    Registration,
    RegistrationStatus,
    User,
)
from events.prep.problems import problem_summary
from events.registration import queries as registration_queries
from events.registration.queries import ListedOrganisation, Participant
from events.reports.pdf import PdfDocument, build_document
from events.reports.pdf_context import pdf_context


def agenda_document(event: Event) -> PdfDocument:
    """The agenda booklet of the latest published version (never the organisers' draft):
    sessions by day in the event's zone, numbered items, documents, cancellations shown."""
    agenda = published_agenda(event)
    context = pdf_context(
        event, _("Agenda – %(event)s", event=event.title),
        agenda=agenda,
        days=sessions_by_day(agenda.sessions, event.timezone) if agenda else [],
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


def nameplates_document(event: Event) -> PdfDocument | None:
    """Table tents of the approved delegations; None when there is none."""
    plates = nameplates(event)
    if not plates:
        return None
    context = pdf_context(event, _("Nameplates – %(event)s", event=event.title),
                          plates=plates)
    return build_document("pdf/nameplates.html", f"{event.slug}-nameplates.pdf",
                          tagged=False, **context)


@dataclass(frozen=True)
class Attendee:
    person: Person
    organisation: Organisation | None


def attendees(event: Event, person_id: int | None = None) -> list[Attendee]:
    """People who attended (on site or remotely) during the meeting's dates, each once, by
    family name; nobody before the meeting has begun."""
    if not may_certify(event):
        return []
    query = (
        select(Attendance)
        .where(Attendance.event_id == event.id)
        .options(selectinload(Attendance.person), selectinload(Attendance.organisation))
    )
    if person_id is not None:
        query = query.where(Attendance.person_id == person_id)
    seen: dict[int, Attendee] = {}
    for attendance in db.session.scalars(query):
        if not within_meeting(event, attendance):
            continue  # checked in outside the meeting's days: recorded, not certified
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
    """The certificate with `code`; none for a meeting that has not begun (a certificate
    issued before it is not evidence of anything)."""
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.code == code)
        .options(selectinload(Certificate.person), selectinload(Certificate.event))
    )
    if certificate is None or not may_certify(certificate.event):
        return None
    return certificate


@dataclass(frozen=True)
class Delegation:
    organisation: ListedOrganisation
    participants: list[Participant]


@dataclass(frozen=True)
class CountryGroup:
    country: str  # the name in the reader's language; empty for international organisations
    delegations: list[Delegation]


def participant_groups(registrations: list[Participant]) -> list[CountryGroup]:
    """Group a list of participants by country, then organisation (heads of delegation
    first), countries alphabetically and international organisations last."""
    by_org: dict[int, Delegation] = {}
    for registration in registrations:
        org = registration.organisation
        by_org.setdefault(org.id, Delegation(org, [])).participants.append(registration)
    countries: dict[str, list[Delegation]] = {}
    for delegation in by_org.values():
        delegation.participants.sort(key=lambda r: (not r.is_head_of_delegation,
                                                    r.person.sort_key))
        code = delegation.organisation.country if delegation.organisation.is_nsb else None
        countries.setdefault(country_name(code) if code else "", []).append(delegation)
    return [
        CountryGroup(country, sorted(delegations, key=lambda d: d.organisation.acronym.casefold()))
        for country, delegations in sorted(countries.items(),
                                           key=lambda item: (item[0] == "", item[0].casefold()))
    ]


def participants_document(event: Event, viewer: User | None = None) -> PdfDocument:
    """The list of participants as `viewer` may see it (nobody: the public list), following
    each person's consent and the event's publication modes, like its page."""
    visible = registration_queries.participants(event, viewer)
    groups = participant_groups(visible)
    context = pdf_context(
        event, _("List of participants – %(event)s", event=event.title),
        groups=groups, count=len(visible),
        nsbs=len({r.organisation_id for r in visible if r.organisation.is_nsb}),
        countries=len({r.organisation.country for r in visible if r.organisation.is_nsb}),
    )
    return build_document("pdf/participants.html", f"{event.slug}-participants.pdf",
                          **context)


def invitation_letters_document(event: Event,
                                person_id: int | None = None) -> PdfDocument | None:
    """Visa invitation letters on the host's letterhead for approved delegates who asked for
    one (or for one person). Passport details: never cached (see `PdfDocument.private`)."""
    query = (
        select(Registration)
        .join(InvitationLetterRequest, InvitationLetterRequest.registration_id == Registration.id)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.APPROVED)
        .options(selectinload(Registration.person), selectinload(Registration.organisation),
                 selectinload(Registration.invitation_letter))
    )
    if person_id is not None:
        query = query.where(Registration.person_id == person_id)
    registrations = sorted(db.session.scalars(query), key=lambda r: r.person.sort_key)
    if not registrations:
        return None
    context = pdf_context(event, _("Invitation letters – %(event)s", event=event.title),
                          registrations=registrations)
    suffix = f"-{person_id}" if person_id is not None else ""
    return build_document("pdf/invitation_letters.html",
                          f"{event.slug}-invitation-letters{suffix}.pdf", private=True,
                          **context)


def attendance_document(event: Event, with_names: bool = True) -> PdfDocument:
    """The attendance report: the same figures, continuity, funnel and charts as its page,
    with the remote-participation problems of an online meeting."""
    context = pdf_context(
        event, _("Attendance report – %(event)s", event=event.title),
        report=attendance_report(event), with_names=with_names,
        problems=problem_summary(event),
    )
    return build_document("pdf/attendance.html", f"{event.slug}-attendance.pdf", **context)


# The colour band of a badge says the role from across the room; its text says it to everyone.
ROLE_COLOURS = {
    DelegateRole.HEAD_OF_DELEGATION: "#a4262c",
    DelegateRole.DELEGATE: "#1d4e89",
    DelegateRole.EXPERT: "#00707a",
    DelegateRole.OBSERVER: "#5a6572",
    DelegateRole.LIAISON_REPRESENTATIVE: "#5b3a8c",
    DelegateRole.SPEAKER: "#b45309",
    DelegateRole.GUEST: "#1e6b3a",
}
BADGES_PER_SHEET = 8


@dataclass(frozen=True)
class Badge:
    name: str
    organisation: str
    country: str
    role_label: str
    colour: str
    code: str
    qr: str


def badges(event: Event, registration_ids: list[int] | None = None) -> list[Badge]:
    """Badges of approved registrations, by organisation then family name; the QR code holds
    only the signed badge code used at check-in."""
    query = (
        select(Registration)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.APPROVED)
        .options(selectinload(Registration.person), selectinload(Registration.organisation))
    )
    if registration_ids is not None:
        query = query.where(Registration.id.in_(registration_ids))
    registrations = sorted(db.session.scalars(query),
                           key=lambda r: (r.organisation.acronym.casefold(), r.person.sort_key))
    secret = checkin.badge_secret()
    result = []
    for registration in registrations:
        code = checkin.badge_code(registration, secret)
        org = registration.organisation
        result.append(Badge(
            name=registration.person.full_name,
            organisation=f"{org.name} ({org.acronym})" if org.is_nsb else org.acronym,
            country=country_name(org.country) if org.country else "",
            role_label=registration.role.label,
            colour=ROLE_COLOURS[registration.role],
            code=code,
            qr=checkin.badge_qr_svg(code),
        ))
    return result


def badges_document(event: Event, registration_ids: list[int] | None = None,
                    single: bool = False) -> PdfDocument | None:
    """A4 (or Letter) sheets of 8 badges to cut, or single badges at badge size."""
    found = badges(event, registration_ids)
    if not found:
        return None
    per_sheet = 1 if single else BADGES_PER_SHEET
    sheets = [found[i:i + per_sheet] for i in range(0, len(found), per_sheet)]
    context = pdf_context(event, _("Badges – %(event)s", event=event.title),
                          sheets=sheets, single=single)
    return build_document("pdf/badges.html",
                          f"{event.slug}-badges{'-single' if single else ''}.pdf",
                          tagged=False, **context)


@dataclass(frozen=True)
class DocumentKind:
    """A printable document: how to build it for an event and who may have it."""

    build: Callable[[Event], PdfDocument | None]
    permission: str


DOCUMENTS: dict[str, DocumentKind] = {
    "agenda": DocumentKind(agenda_document, "event.view"),
    "nameplates": DocumentKind(nameplates_document, "event.organise"),
    "certificates": DocumentKind(certificates_document, "event.organise"),
    "attendance": DocumentKind(attendance_document, "event.attendance.report"),
    "participants": DocumentKind(participants_document, "event.participants"),
    "invitation-letters": DocumentKind(invitation_letters_document,
                                       "event.invitation_letters"),
    "badges": DocumentKind(badges_document, "event.check_in"),
}
