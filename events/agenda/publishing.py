"""Published versions of an agenda and what changed between them.

Organisers edit sessions and items freely; nobody else sees those edits until they publish.
Publishing freezes the agenda into an `AgendaVersion` (plain data: what the public page, the
calendar feeds, the changes page and a PDF booklet render), numbers it, and compares it with
the version before: each session keeps its UID, and its calendar SEQUENCE goes up whenever
anything about it changed. A session that was published never disappears: removed from the
draft, it stays in every later version as cancelled, so calendars show it cancelled instead
of keeping a stale copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from events.agenda.outline import AgendaNode, outline_by_session
from events.extensions import db
from events.models import (
    AgendaItem,
    AgendaVersion,
    Event,
    Session,
    SessionKind,
    User,
    utcnow,
)
from events.models.base import LabelledEnum


@dataclass(frozen=True)
class PublishedDocument:
    id: int
    reference: str
    title: str
    url: str | None = None
    file_name: str | None = None  # set when the document is a file uploaded here


@dataclass(frozen=True)
class PublishedItem:
    number: str
    title: str
    presenter: str | None = None
    documents: tuple[PublishedDocument, ...] = ()
    children: tuple[PublishedItem, ...] = ()

    def walk(self) -> Iterable[tuple[int, PublishedItem]]:
        """The item and its sub-items, depth first, with their depth (0 for this item)."""
        yield 0, self
        for child in self.children:
            for depth, item in child.walk():
                yield depth + 1, item


@dataclass(frozen=True)
class PublishedSession:
    uid: str
    title: str
    kind: SessionKind
    starts_at: datetime
    ends_at: datetime
    room: str | None = None
    chairs: str | None = None
    description: str | None = None
    cancelled: bool = False
    items: tuple[PublishedItem, ...] = ()
    # Calendar bookkeeping: SEQUENCE and LAST-MODIFIED of this session's VEVENT.
    sequence: int = 0
    modified_at: datetime | None = None

    def content(self) -> tuple[Any, ...]:
        """Everything a participant sees of the session (bookkeeping left out)."""
        return (self.title, self.kind, self.starts_at, self.ends_at, self.room, self.chairs,
                self.description, self.cancelled, self.items)

    @property
    def is_break(self) -> bool:
        return self.kind is SessionKind.BREAK


@dataclass(frozen=True)
class PublishedAgenda:
    number: int
    published_at: datetime
    sessions: tuple[PublishedSession, ...]  # in time order
    unscheduled: tuple[PublishedItem, ...] = ()
    note: str | None = None

    def session(self, uid: str) -> PublishedSession | None:
        return next((s for s in self.sessions if s.uid == uid), None)

    @property
    def documents(self) -> dict[int, PublishedDocument]:
        found: dict[int, PublishedDocument] = {}
        roots = [item for s in self.sessions for item in s.items] + list(self.unscheduled)
        for root in roots:
            for _depth, item in root.walk():
                found.update((document.id, document) for document in item.documents)
        return found


class AgendaChangeKind(LabelledEnum):
    ADDED = "added"
    MOVED = "moved"
    RETITLED = "retitled"
    ROOM_CHANGED = "room_changed"
    ITEMS_CHANGED = "items_changed"
    DETAILS_CHANGED = "details_changed"
    CANCELLED = "cancelled"
    RESTORED = "restored"


@dataclass(frozen=True)
class SessionChange:
    """One thing that changed about a session between two published versions."""

    kind: AgendaChangeKind
    uid: str | None  # None: the items not yet scheduled in any session
    title: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    old_title: str | None = None
    old_starts_at: datetime | None = None
    old_ends_at: datetime | None = None
    room: str | None = None
    old_room: str | None = None


class NothingToPublish(ValueError):
    """The draft is the same as the latest published version."""


# --- reading and writing versions as JSON ------------------------------------------------

def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _item_to_json(item: PublishedItem) -> dict[str, Any]:
    return {
        "number": item.number, "title": item.title, "presenter": item.presenter,
        "documents": [{"id": d.id, "reference": d.reference, "title": d.title, "url": d.url,
                       "file_name": d.file_name} for d in item.documents],
        "children": [_item_to_json(child) for child in item.children],
    }


def _item_from_json(data: dict[str, Any]) -> PublishedItem:
    return PublishedItem(
        number=data["number"], title=data["title"], presenter=data["presenter"],
        documents=tuple(PublishedDocument(**d) for d in data["documents"]),
        children=tuple(_item_from_json(child) for child in data["children"]),
    )


def agenda_to_json(sessions: Sequence[PublishedSession],
                   unscheduled: Sequence[PublishedItem]) -> dict[str, Any]:
    return {
        "sessions": [{
            "uid": s.uid, "title": s.title, "kind": s.kind.value,
            "starts_at": s.starts_at.isoformat(), "ends_at": s.ends_at.isoformat(),
            "room": s.room, "chairs": s.chairs, "description": s.description,
            "cancelled": s.cancelled, "items": [_item_to_json(i) for i in s.items],
            "sequence": s.sequence,
            "modified_at": s.modified_at.isoformat() if s.modified_at else None,
        } for s in sessions],
        "unscheduled": [_item_to_json(i) for i in unscheduled],
    }


def agenda_from_version(version: AgendaVersion) -> PublishedAgenda:
    content = version.content
    sessions = tuple(PublishedSession(
        uid=s["uid"], title=s["title"], kind=SessionKind(s["kind"]),
        starts_at=datetime.fromisoformat(s["starts_at"]),
        ends_at=datetime.fromisoformat(s["ends_at"]),
        room=s["room"], chairs=s["chairs"], description=s["description"],
        cancelled=s["cancelled"], items=tuple(_item_from_json(i) for i in s["items"]),
        sequence=s["sequence"], modified_at=_instant(s["modified_at"]),
    ) for s in content["sessions"])
    return PublishedAgenda(
        number=version.number, published_at=version.published_at, sessions=sessions,
        unscheduled=tuple(_item_from_json(i) for i in content["unscheduled"]),
        note=version.note,
    )


def change_to_json(change: SessionChange) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": change.kind.value}
    for name in ("uid", "title", "old_title", "room", "old_room"):
        data[name] = getattr(change, name)
    for name in ("starts_at", "ends_at", "old_starts_at", "old_ends_at"):
        value = getattr(change, name)
        data[name] = value.isoformat() if value else None
    return data


def changes_from_version(version: AgendaVersion) -> list[SessionChange]:
    return [SessionChange(
        kind=AgendaChangeKind(c["kind"]), uid=c["uid"], title=c["title"],
        starts_at=_instant(c["starts_at"]), ends_at=_instant(c["ends_at"]),
        old_title=c["old_title"], old_starts_at=_instant(c["old_starts_at"]),
        old_ends_at=_instant(c["old_ends_at"]), room=c["room"], old_room=c["old_room"],
    ) for c in version.changes]


# --- queries -----------------------------------------------------------------------------

def latest_versions(event_ids: Iterable[int]) -> dict[int, AgendaVersion]:
    """The latest published version of each event that has one, in one query."""
    ids = list(event_ids)
    if not ids:
        return {}
    newest = (
        select(AgendaVersion.event_id, func.max(AgendaVersion.number).label("number"))
        .where(AgendaVersion.event_id.in_(ids))
        .group_by(AgendaVersion.event_id)
        .subquery()
    )
    versions = db.session.scalars(
        select(AgendaVersion).join(newest, (AgendaVersion.event_id == newest.c.event_id)
                                   & (AgendaVersion.number == newest.c.number))
    )
    return {version.event_id: version for version in versions}


def latest_version(event: Event) -> AgendaVersion | None:
    return latest_versions([event.id]).get(event.id)


def published_agenda(event: Event) -> PublishedAgenda | None:
    """What the public sees of the event's agenda: its latest published version, if any."""
    version = latest_version(event)
    return agenda_from_version(version) if version else None


def version_history(event: Event) -> list[AgendaVersion]:
    """Every published version, newest first."""
    return list(db.session.scalars(
        select(AgendaVersion).where(AgendaVersion.event_id == event.id)
        .order_by(AgendaVersion.number.desc())
    ))


def first_publications(event_ids: Iterable[int]) -> dict[int, datetime]:
    """When each event's agenda was first published, in one query."""
    ids = list(event_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(AgendaVersion.event_id, func.min(AgendaVersion.published_at))
        .where(AgendaVersion.event_id.in_(ids)).group_by(AgendaVersion.event_id)
    )
    return {event_id: published_at for event_id, published_at in rows}


# --- the draft, frozen -------------------------------------------------------------------

def _published_item(node: AgendaNode) -> PublishedItem:
    item = node.item
    return PublishedItem(
        number=node.number, title=item.title, presenter=item.presenter,
        documents=tuple(PublishedDocument(
            id=d.id, reference=d.reference, title=d.title, url=d.url, file_name=d.file_name,
        ) for d in item.documents),
        children=tuple(_published_item(child) for child in node.children),
    )


@dataclass
class Draft:
    """The agenda as organisers have it now, in the shape of a published version."""

    sessions: list[PublishedSession] = field(default_factory=list)
    unscheduled: list[PublishedItem] = field(default_factory=list)


def draft_of(event: Event) -> Draft:
    """Freeze the live sessions and items of `event` (three queries)."""
    sessions = db.session.scalars(
        select(Session).where(Session.event_id == event.id).order_by(Session.starts_at, Session.id)
    ).all()
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id)
        .options(selectinload(AgendaItem.documents))
    ).all()
    outline = outline_by_session(items)
    return Draft(
        sessions=[PublishedSession(
            uid=s.uid, title=s.title, kind=s.kind, starts_at=s.starts_at, ends_at=s.ends_at,
            room=s.room, chairs=s.chairs, description=s.description, cancelled=s.cancelled,
            items=tuple(_published_item(node) for node in outline.get(s.id, [])),
        ) for s in sessions],
        unscheduled=[_published_item(node) for node in outline.get(None, [])],
    )


def compose_version(
    previous: PublishedAgenda | None, draft: Draft, now: datetime
) -> tuple[list[PublishedSession], list[SessionChange]]:
    """The sessions of the next version, with their calendar bookkeeping, and the changes
    since `previous`. Published sessions missing from the draft are kept as cancelled."""
    before = {s.uid: s for s in previous.sessions} if previous else {}
    drafted = {s.uid for s in draft.sessions}
    carried = [replace(s, cancelled=True) for s in before.values() if s.uid not in drafted]
    sessions: list[PublishedSession] = []
    changes: list[SessionChange] = []
    for new in sorted([*draft.sessions, *carried], key=lambda s: (s.starts_at, s.uid)):
        old = before.get(new.uid)
        if old is not None and old.content() == new.content():
            sessions.append(replace(new, sequence=old.sequence, modified_at=old.modified_at))
            continue
        sequence = 0 if old is None else old.sequence + 1
        sessions.append(replace(new, sequence=sequence, modified_at=now))
        changes.extend(session_changes(old, new))
    if previous is not None and tuple(draft.unscheduled) != previous.unscheduled:
        changes.append(SessionChange(AgendaChangeKind.ITEMS_CHANGED, None, ""))
    return sessions, changes


def session_changes(old: PublishedSession | None, new: PublishedSession) -> list[SessionChange]:
    """What a participant should be told about one session."""
    def change(kind: AgendaChangeKind, **extra: Any) -> SessionChange:
        return SessionChange(kind, new.uid, new.title, new.starts_at, new.ends_at, **extra)

    if old is None:
        return [] if new.cancelled else [change(AgendaChangeKind.ADDED, room=new.room)]
    if new.cancelled:
        return [] if old.cancelled else [change(AgendaChangeKind.CANCELLED)]
    found = [change(AgendaChangeKind.RESTORED)] if old.cancelled else []
    if (old.starts_at, old.ends_at) != (new.starts_at, new.ends_at):
        found.append(change(AgendaChangeKind.MOVED, old_starts_at=old.starts_at,
                            old_ends_at=old.ends_at))
    if old.title != new.title:
        found.append(change(AgendaChangeKind.RETITLED, old_title=old.title))
    if old.room != new.room:
        found.append(change(AgendaChangeKind.ROOM_CHANGED, room=new.room, old_room=old.room))
    if old.items != new.items:
        found.append(change(AgendaChangeKind.ITEMS_CHANGED))
    if (old.kind, old.chairs, old.description) != (new.kind, new.chairs, new.description):
        found.append(change(AgendaChangeKind.DETAILS_CHANGED))
    return found


def pending_changes(event: Event) -> tuple[int, list[SessionChange]]:
    """(number of the next version, what publishing now would announce)."""
    previous = published_agenda(event)
    _sessions, changes = compose_version(previous, draft_of(event), utcnow())
    if previous is None:
        return 1, changes
    return previous.number + 1, changes


def publish_agenda(event: Event, *, by: User | None = None, note: str | None = None,
                   now: datetime | None = None) -> AgendaVersion:
    """Publish the draft as the next version (the caller commits and then notifies).

    Raises `NothingToPublish` when nothing changed since the latest version (or, the first
    time, when the agenda is still empty). Two organisers
    publishing at the same moment collide on the unique (event, number) at commit.
    """
    now = now or utcnow()
    previous = published_agenda(event)
    draft = draft_of(event)
    sessions, changes = compose_version(previous, draft, now)
    unchanged = not changes if previous else not (draft.sessions or draft.unscheduled)
    if unchanged:
        raise NothingToPublish(event.slug)
    version = AgendaVersion(
        event_id=event.id,
        number=previous.number + 1 if previous else 1,
        published_at=now,
        published_by=by,
        note=(note or "").strip() or None,
        content=agenda_to_json(sessions, draft.unscheduled),
        changes=[change_to_json(change) for change in changes],
    )
    db.session.add(version)
    db.session.flush()
    return version
