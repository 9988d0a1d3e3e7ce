"""Importing a remote-meeting export into an event: `flask --app app attendance import` and the
organisers' upload share this.

All or nothing: the file is read and checked in full before anything is written. Matched people
get one attendance row each (origin: the file and its lines); people already recorded are left
as they are; rows nobody fits wait in the review queue. The same file imported again is
recognised by its content and adds nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from events.attendance.formats import (
    ExportAttendee,
    ExportError,
    MeetingWindow,
    decode,
    normalise_name,
    read_export,
)
from events.attendance.header_check import check_header
from events.attendance.matching import PeopleIndex
from events.extensions import db
from events.models import (
    Attendance,
    AttendanceImport,
    AttendanceMode,
    AttendanceOrigin,
    AttendanceReviewItem,
    Event,
    ExportFormat,
    Organisation,
    ReviewStatus,
    Session,
    User,
)

__all__ = ["ExportError", "ImportResult", "import_attendance", "origin_of"]


@dataclass
class ImportResult:
    filename: str
    format: ExportFormat | None = None
    encoding: str = ""
    rows: int = 0
    attendees: int = 0
    added: int = 0
    already_recorded: int = 0
    queued: int = 0
    waiting_room: int = 0
    same_file: bool = False

    def summary(self) -> str:
        if self.same_file:
            return _("%(file)s was already imported into this meeting: nothing added.",
                     file=self.filename)
        return _(
            "%(format)s export (%(encoding)s), %(rows)s, %(people)s: %(added)d added, "
            "%(known)d already recorded, %(queued)d waiting for review.",
            format=self.format.label if self.format else "",
            encoding=self.encoding,
            rows=ngettext("%(num)d row", "%(num)d rows", self.rows),
            people=ngettext("%(num)d person", "%(num)d people", self.attendees),
            added=self.added, known=self.already_recorded, queued=self.queued,
        ) + self._waiting_room_note()

    def _waiting_room_note(self) -> str:
        if not self.waiting_room:
            return ""
        return " " + ngettext("%(num)d row of the waiting room was left out.",
                              "%(num)d rows of the waiting room were left out.",
                              self.waiting_room)


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def origin_of(filename: str, lines: list[int]) -> str:
    """'webex.csv, lines 4, 9' (fits the column: long lists end with '+N more')."""
    label = ngettext("line", "lines", len(lines))
    shown = [str(line) for line in lines]
    text = f"{filename}, {label} {', '.join(shown)}"
    while len(text) > 255 and len(shown) > 1:
        shown.pop()
        more = ngettext("+%(num)d more", "+%(num)d more", len(lines) - len(shown))
        text = f"{filename[:180]}, {label} {', '.join(shown)} {more}"
    return text[:255]


def import_attendance(
    event: Event,
    data: bytes,
    filename: str,
    *,
    fmt: ExportFormat | None = None,
    session: Session | None = None,
    zone: ZoneInfo | None = None,
    user: User | None = None,
    day_first: bool | None = None,
) -> ImportResult:
    """Read `data` and record who attended `event` (or one of its sessions). The caller
    commits; on `ExportError` nothing has been added to the session.

    The file's times must fall within the meeting (or the session); `day_first` answers the
    question a file whose dates read both ways inside the meeting raises."""
    digest = checksum(data)
    result = ImportResult(filename=filename)
    if db.session.scalar(select(AttendanceImport.id).where(
        AttendanceImport.event_id == event.id, AttendanceImport.checksum == digest
    )) is not None:
        result.same_file = True
        return result
    check_header(decode(data)[0])  # ambiguous or oversized headers are refused first
    window = MeetingWindow(session.starts_at, session.ends_at, event.zone) if session \
        else MeetingWindow(event.starts_at, event.ends_at, event.zone)
    parsed = read_export(data, zone or event.zone, fmt, window=window, day_first=day_first)
    result.format, result.encoding = parsed.format, parsed.encoding
    result.waiting_room = len(parsed.skipped)
    result.rows, result.attendees = len(parsed.rows), len(parsed.attendees)

    record = AttendanceImport(
        event_id=event.id, session_id=session.id if session else None, filename=filename[:255],
        checksum=digest, format=parsed.format, encoding=parsed.encoding, rows=len(parsed.rows),
        imported_by=user,
    )
    db.session.add(record)
    db.session.flush()

    # Only the people the file may name: a 2,000-row file reads its candidates, not the
    # whole people table.
    index = PeopleIndex.load((attendee.name, attendee.email) for attendee in parsed.attendees)
    recorded = _recorded_people(event, session)
    queued = _pending_keys(event, session)
    added: dict[int, tuple[Attendance, list[int]]] = {}
    for attendee in parsed.attendees:
        match = index.match(attendee.name, attendee.email, attendee.organisation)
        if match.person is None:
            key = attendee.email or normalise_name(attendee.name)
            if key not in queued:
                queued.add(key)
                db.session.add(_review_item(record, event, session, attendee, match.organisation))
                result.queued += 1
            continue
        person_id = match.person.id
        if person_id in added:  # the same person under two names or addresses
            attendance, lines = added[person_id]
            lines.extend(attendee.lines)
            _widen(attendance, attendee)
            attendance.origin_detail = origin_of(filename, sorted(lines))
            continue
        if person_id in recorded:
            result.already_recorded += 1
            continue
        attendance = Attendance(
            person_id=person_id, event_id=event.id,
            session_id=session.id if session else None,
            organisation=match.organisation, mode=AttendanceMode.REMOTE,
            origin=AttendanceOrigin.IMPORT, origin_detail=origin_of(filename, attendee.lines),
            attendance_import=record, recorded_by=user,
            joined_at=attendee.joined_at, left_at=attendee.left_at, minutes=attendee.minutes,
        )
        db.session.add(attendance)
        added[person_id] = (attendance, list(attendee.lines))
        result.added += 1
    db.session.flush()
    return result


def _widen(attendance: Attendance, attendee: ExportAttendee) -> None:
    if attendee.joined_at and (attendance.joined_at is None
                               or attendee.joined_at < attendance.joined_at):
        attendance.joined_at = attendee.joined_at
    if attendee.left_at and (attendance.left_at is None or attendee.left_at > attendance.left_at):
        attendance.left_at = attendee.left_at
    if attendee.minutes is not None:
        attendance.minutes = (attendance.minutes or 0) + attendee.minutes


def _recorded_people(event: Event, session: Session | None) -> set[int]:
    query = select(Attendance.person_id).where(Attendance.event_id == event.id)
    if session is None:
        query = query.where(Attendance.session_id.is_(None), Attendance.day.is_(None))
    else:
        query = query.where(Attendance.session_id == session.id)
    return set(db.session.scalars(query))


def _pending_keys(event: Event, session: Session | None) -> set[str]:
    """Rows already waiting (from an earlier file): not queued twice."""
    rows = db.session.execute(
        select(AttendanceReviewItem.email, AttendanceReviewItem.name).where(
            AttendanceReviewItem.event_id == event.id,
            AttendanceReviewItem.status == ReviewStatus.PENDING,
            AttendanceReviewItem.session_id == session.id if session
            else AttendanceReviewItem.session_id.is_(None),
        )
    )
    return {email or normalise_name(name) for email, name in rows}


def _review_item(record: AttendanceImport, event: Event, session: Session | None,
                 attendee: ExportAttendee,
                 suggested: Organisation | None) -> AttendanceReviewItem:
    return AttendanceReviewItem(
        attendance_import=record, event_id=event.id,
        session_id=session.id if session else None,
        lines=", ".join(str(line) for line in attendee.lines)[:255],
        name=attendee.name[:255], email=attendee.email,
        organisation_text=(attendee.organisation or None),
        suggested_organisation=suggested,
        joined_at=attendee.joined_at, left_at=attendee.left_at, minutes=attendee.minutes,
    )


def imported_data(result: Any) -> dict[str, Any]:
    """An import's result as plain data: for the webhooks' deliveries and the API."""
    return {"file": result.filename, "format": result.format.value if result.format else None,
            "rows": result.rows, "attendees": result.attendees, "added": result.added,
            "already_recorded": result.already_recorded, "queued_for_review": result.queued,
            "same_file": result.same_file}
