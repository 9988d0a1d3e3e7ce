"""Editing the draft agenda: sessions, numbered items, documents, order, and a start from the
previous edition. Nothing here is public until the agenda is published (see `publishing`).

Every function checks its input and raises `AgendaError` with messages for the organiser;
the caller commits, so a refused change leaves nothing half-saved.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from events.extensions import db
from events.models import (
    AgendaItem,
    Document,
    Event,
    Session,
    SessionKind,
    agenda_item_documents,
)
from events.plenaries.agenda import number_items
from events.plenaries.document_files import DocumentNotStored, store_upload
from events.plenaries.localtime import LocalTimeError, shift_wall_clock, to_utc, wall_clock
from events.plenaries.publishing import published_agenda

DOCUMENT_EXTENSIONS = frozenset({"pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt",
                                 "pptx", "odp", "txt", "csv", "zip"})


class AgendaError(ValueError):
    """Changes that cannot be made; `problems` are (form field, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _field, message in problems))
        self.problems = problems


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


# --- sessions ----------------------------------------------------------------------------

@dataclass
class SessionDetails:
    """A session as the organiser enters it: times on the wall clock of the event's zone."""

    title: str
    kind: SessionKind
    starts: datetime  # naive, in the event's zone
    ends: datetime
    room: str | None = None
    chairs: str | None = None
    description: str | None = None


def save_session(event: Event, details: SessionDetails,
                 session: Session | None = None) -> Session:
    """Add a session to the draft agenda, or change one."""
    problems: list[tuple[str, str]] = []
    title = (details.title or "").strip()
    if not title:
        problems.append(("title", _("Enter the title of the session.")))
    instants: dict[str, datetime] = {}
    for name, local in (("starts", details.starts), ("ends", details.ends)):
        try:
            instants[name] = to_utc(local, event.timezone)
        except LocalTimeError as error:
            problems.append((name, str(error)))
    if len(instants) == 2 and instants["ends"] <= instants["starts"]:
        problems.append(("ends", _("The session must end after it starts.")))
    if problems:
        raise AgendaError(problems)
    if session is None:
        session = Session(event=event)
        db.session.add(session)
    session.title = title
    session.kind = details.kind
    session.starts_at, session.ends_at = instants["starts"], instants["ends"]
    session.room = _clean(details.room)
    session.chairs = _clean(details.chairs)
    session.description = _clean(details.description)
    db.session.flush()
    return session


def session_details(session: Session) -> SessionDetails:
    """The session as the form shows it (wall-clock times of the event's zone)."""
    zone = session.event.timezone
    return SessionDetails(session.title, session.kind, wall_clock(session.starts_at, zone),
                          wall_clock(session.ends_at, zone), session.room, session.chairs,
                          session.description)


def was_published(session: Session) -> bool:
    agenda = published_agenda(session.event)
    return agenda is not None and agenda.session(session.uid) is not None


def delete_session(session: Session) -> None:
    """Remove a session never published; a published one is cancelled instead, so that
    participants' calendars learn of it."""
    if was_published(session):
        raise AgendaError([("", _("“%(title)s” was published: cancel it instead, so that "
                                  "participants see it cancelled in their calendars.",
                                  title=session.title))])
    for item in session.agenda_items:
        item.session = None  # its items stay on the agenda, not yet scheduled
    db.session.delete(session)
    db.session.flush()


def move_sessions(event: Event, old_zone: str, days: int) -> int:
    """Keep every session at its time of day when the event moves by `days` or its zone is
    corrected from `old_zone`; returns how many sessions moved."""
    sessions = db.session.scalars(select(Session).where(Session.event_id == event.id)).all()
    for session in sessions:
        session.starts_at = shift_wall_clock(session.starts_at, old_zone, event.timezone, days)
        session.ends_at = shift_wall_clock(session.ends_at, old_zone, event.timezone, days)
    return len(sessions)


# --- items -------------------------------------------------------------------------------

@dataclass
class ItemDetails:
    title: str
    presenter: str | None = None
    session_id: int | None = None
    parent_id: int | None = None
    document_ids: list[int] = field(default_factory=list)


def event_items(event: Event) -> list[AgendaItem]:
    """Every item of the event, with its documents (two queries)."""
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id)
        .options(selectinload(AgendaItem.documents))
    ))


def _descendants(item: AgendaItem, items: Sequence[AgendaItem]) -> set[int]:
    children: dict[int | None, list[AgendaItem]] = {}
    for other in items:
        children.setdefault(other.parent_id, []).append(other)
    found: set[int] = set()
    stack = [item.id]
    while stack:
        current = stack.pop()
        for child in children.get(current, []):
            found.add(child.id)
            stack.append(child.id)
    return found


def parent_choices(event: Event, item: AgendaItem | None = None) -> list[tuple[int, str]]:
    """Items that may hold `item` as a sub-item (not itself, nor one of its own sub-items),
    labelled with their numbers, in agenda order."""
    items = event_items(event)
    numbers = number_items(items)
    excluded = {item.id, *_descendants(item, items)} if item is not None else set()
    choices = [(i.id, f"{numbers[i.id]} {i.title}") for i in items if i.id not in excluded]
    return sorted(choices, key=lambda c: [int(part) for part in numbers[c[0]].split(".")])


def document_choices(event: Event) -> list[Document]:
    """Documents an item of this event may link: its committee's, and any already linked."""
    linked = select(agenda_item_documents.c.document_id).join(
        AgendaItem, AgendaItem.id == agenda_item_documents.c.agenda_item_id
    ).where(AgendaItem.event_id == event.id)
    condition = Document.id.in_(linked)
    if event.committee_id is not None:
        condition = condition | (Document.committee_id == event.committee_id)
    return list(db.session.scalars(select(Document).where(condition)
                                   .order_by(Document.reference)))


def _next_position(event: Event, parent_id: int | None) -> int:
    last = db.session.scalar(select(func.max(AgendaItem.position)).where(
        AgendaItem.event_id == event.id, AgendaItem.parent_id.is_(parent_id)
        if parent_id is None else AgendaItem.parent_id == parent_id))
    return 0 if last is None else last + 1


def save_item(event: Event, details: ItemDetails, item: AgendaItem | None = None,
              new_document: Document | None = None) -> AgendaItem:
    """Add an item (at the end of its level) or change one. A new parent or session puts it
    at the end of its new level; sub-items keep following their item."""
    problems: list[tuple[str, str]] = []
    title = (details.title or "").strip()
    if not title:
        problems.append(("title", _("Enter the title of the item.")))
    session = None
    if details.session_id is not None:
        session = db.session.get(Session, details.session_id)
        if session is None or session.event_id != event.id:
            problems.append(("session_id", _("Choose a session of this meeting.")))
    parent = None
    if details.parent_id is not None:
        parent = db.session.get(AgendaItem, details.parent_id)
        allowed = {choice for choice, _label in parent_choices(event, item)}
        if parent is None or parent.id not in allowed:
            problems.append(("parent_id", _("An item cannot be a sub-item of itself or of "
                                            "one of its own sub-items.")))
    documents = {d.id: d for d in document_choices(event)}
    chosen = [documents[i] for i in details.document_ids if i in documents]
    if len(chosen) != len(set(details.document_ids)):
        problems.append(("document_ids", _("Choose documents of this meeting's committee.")))
    if problems:
        raise AgendaError(problems)
    if item is None:
        item = AgendaItem(event=event, position=_next_position(event, details.parent_id))
        db.session.add(item)
    else:
        if item.parent_id != details.parent_id:
            item.position = _next_position(event, details.parent_id)
        if item.session_id != details.session_id:
            # Sub-items taken up with their item move with it to the new session.
            items = event_items(event)
            descendants = _descendants(item, items)
            for other in items:
                if other.id in descendants and other.session_id == item.session_id:
                    other.session = session
    item.title = title
    item.presenter = _clean(details.presenter)
    item.session = session
    item.parent = parent
    item.documents = chosen + ([new_document] if new_document is not None else [])
    db.session.flush()
    return item


def _siblings(item: AgendaItem) -> list[AgendaItem]:
    siblings = db.session.scalars(select(AgendaItem).where(
        AgendaItem.event_id == item.event_id,
        AgendaItem.parent_id.is_(None) if item.parent_id is None
        else AgendaItem.parent_id == item.parent_id,
    )).all()
    return sorted(siblings, key=lambda i: (i.position, i.id))


def _renumber(siblings: Sequence[AgendaItem]) -> None:
    for position, sibling in enumerate(siblings):
        sibling.position = position


def move_item(item: AgendaItem, direction: str) -> None:
    """"up"/"down" among its siblings; "in" makes it the last sub-item of the item above it
    (2 becomes 1.3); "out" puts it right after its parent (2.1 becomes 3)."""
    siblings = _siblings(item)
    index = siblings.index(item)
    if direction in ("up", "down"):
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(siblings):
            siblings[index], siblings[other] = siblings[other], siblings[index]
        _renumber(siblings)
    elif direction == "in":
        if index == 0:
            raise AgendaError([("", _("The first item of a level has no item above it to "
                                      "go under."))])
        new_parent = siblings[index - 1]
        siblings.pop(index)
        _renumber(siblings)
        item.parent = new_parent
        item.position = _next_position(item.event, new_parent.id)
    elif direction == "out":
        parent = item.parent
        if parent is None:
            raise AgendaError([("", _("This item is already at the top level."))])
        siblings.pop(index)
        _renumber(siblings)
        uncles = _siblings(parent)
        uncles.insert(uncles.index(parent) + 1, item)
        item.parent_id = parent.parent_id
        item.parent = parent.parent
        _renumber(uncles)
    else:
        raise ValueError(f"unknown direction {direction!r}")
    db.session.flush()


def delete_item(item: AgendaItem) -> None:
    """Remove an item and its sub-items; the items after it move up."""
    siblings = [s for s in _siblings(item) if s.id != item.id]
    items = event_items(item.event)
    doomed = _descendants(item, items)
    for other in items:
        if other.id in doomed:
            db.session.delete(other)
    db.session.delete(item)
    _renumber(siblings)
    db.session.flush()


# --- documents ---------------------------------------------------------------------------

def documents_folder_path() -> Path:
    configured = current_app.config.get("DOCUMENTS_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "documents"


def documents_folder() -> Path:
    folder = documents_folder_path()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class NewDocument:
    reference: str
    title: str
    url: str | None = None
    upload: FileStorage | None = None


def add_document(event: Event, new: NewDocument) -> Document:
    """A document for an item: found by its committee reference if the committee already has
    it (then the link or file given replaces the old one), else created. The uploaded file is
    written before the caller commits; `discard_upload` removes it if the commit fails."""
    problems: list[tuple[str, str]] = []
    reference, title = (new.reference or "").strip(), (new.title or "").strip()
    url = _clean(new.url)
    has_file = new.upload is not None and bool(new.upload.filename)
    if not reference:
        problems.append(("document_reference",
                         _("Enter the document's reference, such as CASCO N 1234.")))
    if not title:
        problems.append(("document_title", _("Enter the document's title.")))
    if url and has_file:
        problems.append(("document_file", _("Give a link or a file, not both.")))
    if url and not url.startswith(("https://", "http://")):
        problems.append(("document_url", _("The link should start with https://")))
    extension = ""
    if has_file:
        assert new.upload is not None
        extension = Path(new.upload.filename or "").suffix.lower().lstrip(".")
        if extension not in DOCUMENT_EXTENSIONS:
            problems.append(("document_file", _(
                "Upload a document (%(kinds)s).",
                kinds=", ".join(sorted(DOCUMENT_EXTENSIONS)))))
    if problems:
        raise AgendaError(problems)
    document = None
    if event.committee_id is not None:
        document = db.session.scalar(select(Document).where(
            Document.committee_id == event.committee_id, Document.reference == reference))
    if document is None:
        document = Document(committee_id=event.committee_id, reference=reference)
        db.session.add(document)
    document.title = title
    if has_file:
        assert new.upload is not None
        stored_as = f"{secrets.token_hex(16)}.{extension}"
        try:
            store_upload(new.upload, documents_folder_path(), stored_as)
        except DocumentNotStored as error:
            raise AgendaError([("document_file", str(error))]) from error
        document.stored_as = stored_as
        document.file_name = secure_filename(new.upload.filename or "") or stored_as
        document.url = None
    elif url:
        document.url, document.stored_as, document.file_name = url, None, None
    db.session.flush()
    return document


def discard_upload(document: Document | None) -> None:
    if document is not None and document.stored_as:
        (documents_folder() / document.stored_as).unlink(missing_ok=True)


def document_path(document: Document) -> Path | None:
    return documents_folder() / document.stored_as if document.stored_as else None


# --- a start from the previous edition ---------------------------------------------------

def previous_edition(event: Event) -> Event | None:
    """The edition of the same series held just before `event`."""
    if event.series_id is None:
        return None
    return db.session.scalar(
        select(Event).where(Event.series_id == event.series_id, Event.id != event.id,
                            Event.starts_at < event.starts_at)
        .order_by(Event.starts_at.desc()).limit(1)
    )


def copy_agenda(source: Event, target: Event) -> int:
    """Copy `source`'s sessions and items into `target`'s empty draft: the same days of the
    meeting and times of day (in the target's zone), the same numbering; documents are left
    out, as each meeting has its own. Returns how many sessions were copied."""
    if db.session.scalar(select(func.count()).select_from(Session)
                         .where(Session.event_id == target.id)) or \
            db.session.scalar(select(func.count()).select_from(AgendaItem)
                              .where(AgendaItem.event_id == target.id)):
        raise AgendaError([("", _("The agenda already has sessions or items: copying would "
                                  "mix two agendas. Start from an empty agenda."))])
    days = (wall_clock(target.starts_at, target.timezone).date()
            - wall_clock(source.starts_at, source.timezone).date()).days
    sessions = db.session.scalars(select(Session).where(Session.event_id == source.id)
                                  .order_by(Session.starts_at)).all()
    copies: dict[int, Session] = {}
    for session in sessions:
        copies[session.id] = Session(
            event=target, title=session.title, kind=session.kind, room=session.room,
            chairs=session.chairs, description=session.description,
            starts_at=shift_wall_clock(session.starts_at, source.timezone, target.timezone,
                                       days),
            ends_at=shift_wall_clock(session.ends_at, source.timezone, target.timezone, days),
        )
        db.session.add(copies[session.id])
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.event_id == source.id)
                               .order_by(AgendaItem.parent_id.is_not(None), AgendaItem.id)).all()
    copied: dict[int, AgendaItem] = {}
    pending = list(items)
    while pending:  # parents before their sub-items
        item = pending.pop(0)
        if item.parent_id is not None and item.parent_id not in copied:
            pending.append(item)
            continue
        copied[item.id] = AgendaItem(
            event=target, title=item.title, presenter=item.presenter, position=item.position,
            parent=copied.get(item.parent_id) if item.parent_id else None,
            session=copies.get(item.session_id) if item.session_id else None,
        )
        db.session.add(copied[item.id])
    db.session.flush()
    return len(copies)


def is_linked(event: Event, document_id: int) -> bool:
    """Whether an item of the event's draft links the document."""
    return db.session.scalar(
        select(agenda_item_documents.c.document_id)
        .join(AgendaItem, AgendaItem.id == agenda_item_documents.c.agenda_item_id)
        .where(AgendaItem.event_id == event.id,
               agenda_item_documents.c.document_id == document_id).limit(1)
    ) is not None
