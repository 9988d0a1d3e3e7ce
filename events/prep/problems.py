"""Problems of remote participation, recorded after an online meeting by each participant
(or by the facilitator for them), and summed up per problem, NSB and country."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from events.extensions import db
from events.models import (
    Attendance,
    Event,
    Organisation,
    Person,
    ProblemKind,
    Registration,
    RegistrationStatus,
    RemoteProblem,
    RemoteProblemReport,
    User,
)


class ProblemError(ValueError):
    """The report cannot be stored; the message is shown as is."""


def record_problems(event: Event, person: Person, kinds: Iterable[ProblemKind],
                    details: str | None, recorded_by: User | None,
                    organisation: Organisation | None = None) -> RemoteProblemReport:
    """Store (or replace) what `person` met during `event`. "Other" needs a description;
    a report with no problem and no text says that all went well."""
    kinds = sorted(set(kinds), key=list(ProblemKind).index)
    details = (details or "").strip() or None
    if ProblemKind.OTHER in kinds and not details:
        raise ProblemError(_("Describe the other problem in a few words."))
    report = db.session.scalar(select(RemoteProblemReport).where(
        RemoteProblemReport.event_id == event.id, RemoteProblemReport.person_id == person.id))
    if report is None:
        report = RemoteProblemReport(event_id=event.id, person=person)
        db.session.add(report)
    report.organisation = organisation or person.organisation
    report.details = details
    report.recorded_by = recorded_by
    report.problems = [RemoteProblem(kind=kind) for kind in kinds]
    db.session.flush()
    return report


def report_of(event: Event, person: Person) -> RemoteProblemReport | None:
    return db.session.scalar(select(RemoteProblemReport).where(
        RemoteProblemReport.event_id == event.id, RemoteProblemReport.person_id == person.id))


@dataclass
class ProblemSummary:
    reports: int = 0
    without_problems: int = 0
    by_kind: Counter[ProblemKind] = field(default_factory=Counter)
    # kind -> NSB acronym -> number of people
    by_nsb: dict[ProblemKind, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_country: dict[ProblemKind, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter))
    comments: list[tuple[str, list[ProblemKind], str]] = field(default_factory=list)

    @property
    def kinds(self) -> list[ProblemKind]:
        """Problems met, most frequent first."""
        return sorted(self.by_kind, key=lambda k: (-self.by_kind[k], list(ProblemKind).index(k)))


def problem_summary(event: Event) -> ProblemSummary:
    """Counts per problem, and per problem the NSBs and countries that met it (one query)."""
    summary = ProblemSummary()
    reports = db.session.scalars(
        select(RemoteProblemReport).where(RemoteProblemReport.event_id == event.id)
        .options(selectinload(RemoteProblemReport.problems),
                 selectinload(RemoteProblemReport.organisation))
        .order_by(RemoteProblemReport.id)
    )
    for report in reports:
        summary.reports += 1
        kinds = report.kinds
        if not kinds:
            summary.without_problems += 1
        org = report.organisation
        for kind in kinds:
            summary.by_kind[kind] += 1
            if org is not None:
                summary.by_nsb[kind][org.acronym] += 1
                if org.country:
                    summary.by_country[kind][org.country] += 1
        if report.details:
            summary.comments.append((org.acronym if org else "", kinds, report.details))
    return summary


def possible_reporters(event: Event) -> list[Person]:
    """Who may have met problems: registered (approved) or recorded as attending."""
    ids = select(Registration.person_id).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.APPROVED
    ).union(select(Attendance.person_id).where(Attendance.event_id == event.id))
    return sorted(db.session.scalars(select(Person).where(Person.id.in_(ids))),
                  key=lambda p: p.sort_key)
