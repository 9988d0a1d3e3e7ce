"""Resolutions of a committee meeting: drafted during the meeting, edited in versions, kept
side by side in the committee's languages, adopted (by consensus or by vote) or withdrawn,
numbered on adoption per committee and year, and published as a set.

Every change is written to the audit trail (`DecisionLogEntry`) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from events.agenda.deadlines import mark, rules_for
from events.extensions import db
from events.models import (
    AgendaItem,
    Committee,
    DeadlineKind,
    DecisionLogEntry,
    DecisionMethod,
    Document,
    DraftingCommitteeMember,
    Event,
    MeetingRecord,
    Person,
    Resolution,
    ResolutionStatus,
    ResolutionText,
    User,
    Vote,
    utcnow,
)
from events.timefmt import in_zone

# ISO works in English, French and Russian; COPANT in Spanish too. English is the text the
# meeting decides on; the others are its translations, shown beside it.
LANGUAGES: dict[str, Any] = {
    "en": _l("English"),
    "fr": _l("French"),
    "ru": _l("Russian"),
    "es": _l("Spanish"),
}
ORIGINAL = "en"

# The audit trail's entries, as the history of a resolution shows them.
ACTIONS: dict[str, Any] = {
    "drafted": _l("Drafted"),
    "amended": _l("Amended (a new version)"),
    "translated": _l("Translation added or corrected"),
    "adopted": _l("Adopted and numbered"),
    "withdrawn": _l("Withdrawn"),
    "vote_opened": _l("Vote opened"),
    "ballot": _l("Vote cast or changed"),
    "vote_closed": _l("Vote closed"),
}


class DecisionError(ValueError):
    """A change the meeting's rules do not allow; the message says why, in the
    secretariat's words."""


def committee_short_name(committee: Committee) -> str:
    """`ISO/CASCO` is called CASCO in its resolutions."""
    return committee.code.rsplit("/", 1)[-1]


def label(resolution: Resolution) -> str:
    """`CASCO Resolution 12/2019`, or the draft's title before adoption."""
    if resolution.number is None:
        return _("Draft: %(title)s", title=resolution.title)
    return _("%(committee)s Resolution %(number)d/%(year)d",
             committee=committee_short_name(resolution.committee),
             number=resolution.number, year=resolution.year)


def log(event: Event, action: str, by: User | None, resolution: Resolution | None = None,
        **details: Any) -> None:
    db.session.add(DecisionLogEntry(event_id=event.id,
                                    resolution_id=resolution.id if resolution else None,
                                    action=action, details=details,
                                    user_id=by.id if by else None))


def current_texts(resolution: Resolution) -> dict[str, ResolutionText]:
    """The latest version in each language, the original first."""
    latest: dict[str, ResolutionText] = {}
    for version in resolution.texts:
        if version.language not in latest or version.version > latest[version.language].version:
            latest[version.language] = version
    return dict(sorted(latest.items(), key=lambda item: (item[0] != ORIGINAL, item[0])))


def _meeting_documents(event: Event, ids: Iterable[int]) -> list[Document]:
    wanted = set(ids)
    if not wanted:
        return []
    found = list(db.session.scalars(select(Document).where(
        Document.id.in_(wanted), Document.committee_id == event.committee_id)))
    if len(found) != len(wanted):
        raise DecisionError(_("Choose documents of the committee."))
    return found


def _meeting_items(event: Event, ids: Iterable[int]) -> list[AgendaItem]:
    wanted = set(ids)
    if not wanted:
        return []
    found = list(db.session.scalars(select(AgendaItem).where(
        AgendaItem.id.in_(wanted), AgendaItem.event_id == event.id)))
    if len(found) != len(wanted):
        raise DecisionError(_("Choose items of this meeting's agenda."))
    return found


def draft(event: Event, title: str, text: str, *, by: User | None,
          agenda_item_ids: Sequence[int] = (), document_ids: Sequence[int] = ()) -> Resolution:
    """A new draft resolution with its first text (in English). The caller commits."""
    if event.committee is None:
        raise DecisionError(_("Only a committee's meeting adopts resolutions."))
    title, text = title.strip(), text.strip()
    if not title or not text:
        raise DecisionError(_("A draft needs a title and a text."))
    resolution = Resolution(event_id=event.id, committee_id=event.committee_id, title=title,
                            status=ResolutionStatus.DRAFT, created_by_id=by.id if by else None)
    resolution.agenda_items = _meeting_items(event, agenda_item_ids)
    resolution.documents = _meeting_documents(event, document_ids)
    resolution.texts.append(ResolutionText(language=ORIGINAL, version=1, text=text,
                                           edited_by_id=by.id if by else None))
    db.session.add(resolution)
    db.session.flush()
    log(event, "drafted", by, resolution, title=title)
    return resolution


def drafting_committee(event: Event) -> list[DraftingCommitteeMember]:
    return sorted(db.session.scalars(
        select(DraftingCommitteeMember).where(DraftingCommitteeMember.event_id == event.id)
        .options(selectinload(DraftingCommitteeMember.person))),
        key=lambda member: member.person.sort_key)


def name_drafter(event: Event, person: Person, *, by: User | None) -> DraftingCommitteeMember:
    """Name `person` to the drafting committee (once). The caller commits."""
    found = db.session.scalar(select(DraftingCommitteeMember).where(
        DraftingCommitteeMember.event_id == event.id,
        DraftingCommitteeMember.person_id == person.id))
    if found is None:
        found = DraftingCommitteeMember(event_id=event.id, person=person,
                                        named_by_id=by.id if by else None)
        db.session.add(found)
        db.session.flush()
        log(event, "drafter_named", by, person=person.id)
    return found


def remove_drafter(event: Event, person_id: int, *, by: User | None) -> None:
    found = db.session.scalar(select(DraftingCommitteeMember).where(
        DraftingCommitteeMember.event_id == event.id,
        DraftingCommitteeMember.person_id == person_id))
    if found is not None:
        db.session.delete(found)
        db.session.flush()
        log(event, "drafter_removed", by, person=person_id)


def _refuse_unless_draft(resolution: Resolution) -> None:
    if resolution.status is not ResolutionStatus.DRAFT:
        raise DecisionError(_("%(resolution)s is no longer a draft: it was %(status)s.",
                              resolution=label(resolution),
                              status=resolution.status.label))


def edit(resolution: Resolution, *, by: User | None, title: str | None = None,
         texts: dict[str, str] | None = None, agenda_item_ids: Sequence[int] | None = None,
         document_ids: Sequence[int] | None = None) -> bool:
    """Amend a draft: a changed text becomes a new version in its language, a translation
    a first version in its own. Adopted resolutions change only in their translations.
    Returns whether anything changed; the caller commits."""
    event = resolution.event
    adopted = resolution.status is ResolutionStatus.ADOPTED
    if resolution.status is ResolutionStatus.WITHDRAWN:
        _refuse_unless_draft(resolution)
    changed: dict[str, Any] = {}
    if not adopted:
        if title is not None and title.strip() and title.strip() != resolution.title:
            changed["title"] = [resolution.title, title.strip()]
            resolution.title = title.strip()
        if agenda_item_ids is not None:
            items = _meeting_items(event, agenda_item_ids)
            if {i.id for i in items} != {i.id for i in resolution.agenda_items}:
                changed["agenda_items"] = sorted(i.id for i in items)
                resolution.agenda_items = items
        if document_ids is not None:
            documents = _meeting_documents(event, document_ids)
            if {d.id for d in documents} != {d.id for d in resolution.documents}:
                changed["documents"] = sorted(d.id for d in documents)
                resolution.documents = documents
    latest = current_texts(resolution)
    for language, text in (texts or {}).items():
        if language not in LANGUAGES:
            raise DecisionError(_("Texts are kept in English, French, Russian or Spanish."))
        text = text.strip()
        before = latest.get(language)
        if not text or (before is not None and before.text == text):
            continue
        if adopted and language == ORIGINAL:
            raise DecisionError(_("The adopted text cannot change; translations can."))
        version = (before.version + 1) if before else 1
        resolution.texts.append(ResolutionText(language=language, version=version, text=text,
                                               edited_by_id=by.id if by else None))
        changed.setdefault("texts", {})[language] = version
    if changed:
        db.session.flush()
        log(event, "amended" if not adopted else "translated", by, resolution, **changed)
    return bool(changed)


def next_number(committee_id: int, year: int) -> int:
    highest = db.session.scalar(select(func.max(Resolution.number)).where(
        Resolution.committee_id == committee_id, Resolution.year == year))
    return (highest or 0) + 1


def adopt(resolution: Resolution, method: DecisionMethod, *, by: User | None,
          now: datetime | None = None) -> Resolution:
    """Adopt a draft and give it the committee's next number of the meeting's year. The
    caller commits."""
    _refuse_unless_draft(resolution)
    if method is DecisionMethod.CONSENSUS and db.session.scalar(select(Vote.id).where(
            Vote.resolution_id == resolution.id, Vote.closed_at.is_(None))):
        raise DecisionError(_("A vote on this draft is open: close it first."))
    year = in_zone(resolution.event.starts_at, resolution.event.timezone).year
    resolution.year = year
    resolution.number = next_number(resolution.committee_id, year)
    resolution.status = ResolutionStatus.ADOPTED
    resolution.method = method
    resolution.decided_at = now or utcnow()
    db.session.flush()
    log(resolution.event, "adopted", by, resolution, method=method.value,
        number=resolution.number, year=year)
    return resolution


def withdraw(resolution: Resolution, *, by: User | None, now: datetime | None = None) -> None:
    _refuse_unless_draft(resolution)
    if db.session.scalar(select(Vote.id).where(Vote.resolution_id == resolution.id,
                                               Vote.closed_at.is_(None))):
        raise DecisionError(_("A vote on this draft is open: close it first."))
    resolution.status = ResolutionStatus.WITHDRAWN
    resolution.decided_at = now or utcnow()
    db.session.flush()
    log(resolution.event, "withdrawn", by, resolution)


def resolutions_of(event: Event, statuses: Sequence[ResolutionStatus] | None = None
                   ) -> list[Resolution]:
    """The event's resolutions, adopted ones by number then the others by creation, with
    their texts, agenda items, documents and committee loaded (a fixed number of queries)."""
    query = (select(Resolution).where(Resolution.event_id == event.id)
             .options(selectinload(Resolution.texts), selectinload(Resolution.agenda_items),
                      selectinload(Resolution.documents), selectinload(Resolution.committee)))
    if statuses:
        query = query.where(Resolution.status.in_(statuses))
    found = list(db.session.scalars(query))
    return sorted(found, key=lambda r: (r.number is None, r.number or 0, r.created_at, r.id))


def record_of(event: Event, create: bool = False) -> MeetingRecord | None:
    record = db.session.scalar(select(MeetingRecord).where(MeetingRecord.event_id == event.id))
    if record is None and create:
        record = MeetingRecord(event_id=event.id)
        db.session.add(record)
        db.session.flush()
    return record


@dataclass(frozen=True)
class PublishedResolutions:
    published_at: datetime
    resolutions: list[Resolution]


def published_resolutions(event: Event) -> PublishedResolutions | None:
    """The adopted set as published (None before publication)."""
    record = record_of(event)
    if record is None or record.resolutions_published_at is None:
        return None
    return PublishedResolutions(record.resolutions_published_at,
                                resolutions_of(event, [ResolutionStatus.ADOPTED]))


def publish(event: Event, *, by: User | None, now: datetime | None = None) -> MeetingRecord:
    """Publish the adopted resolutions. The Directives' 48-hour deadline is done at the
    publication's own time, so the hub shows it met or missed. Publishing again (after a
    late translation) keeps the first time. The caller commits."""
    if not resolutions_of(event, [ResolutionStatus.ADOPTED]):
        raise DecisionError(_("No resolution has been adopted yet: there is nothing to "
                              "publish."))
    now = now or utcnow()
    record = record_of(event, create=True)
    assert record is not None
    first = record.resolutions_published_at is None
    if first:
        record.resolutions_published_at = now
        mark_deadline(event, DeadlineKind.RESOLUTIONS, by, now)
    log(event, "resolutions_published" if first else "resolutions_republished", by,
        at=now.isoformat())
    db.session.flush()
    return record


def mark_deadline(event: Event, kind: DeadlineKind, by: User | None, now: datetime) -> None:
    """Mark a Directives deadline done at a publication's time, for meetings that have it."""
    if kind in {rule.kind for rule in rules_for(event)}:
        mark(event, kind, done=True, by=by, now=now)


def history(resolution: Resolution) -> list[DecisionLogEntry]:
    return list(db.session.scalars(
        select(DecisionLogEntry).where(DecisionLogEntry.resolution_id == resolution.id)
        .options(selectinload(DecisionLogEntry.user))
        .order_by(DecisionLogEntry.at, DecisionLogEntry.id)))
