"""What reading an export yields: rows as written, people with their rejoins merged, and the
error that refuses a file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from events.models import ExportFormat

MAX_ROWS = 50_000


class ExportError(Exception):
    """The file cannot be imported; `problems` are sentences, most naming their line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ExportRow:
    """One row of an export, as read (times in UTC)."""

    line: int
    name: str
    email: str | None
    organisation: str | None
    joined_at: datetime | None
    left_at: datetime | None
    seconds: int | None


@dataclass
class ExportAttendee:
    """A person's rows merged: earliest join, latest leave, time added up."""

    lines: list[int]
    name: str
    email: str | None
    organisation: str | None
    joined_at: datetime | None
    left_at: datetime | None
    seconds: int | None

    @property
    def minutes(self) -> int | None:
        return None if self.seconds is None else (self.seconds + 30) // 60

    @property
    def key(self) -> str:
        return self.email or normalise_name(self.name)


@dataclass
class ParsedExport:
    format: ExportFormat
    encoding: str
    rows: list[ExportRow]
    attendees: list[ExportAttendee] = field(default_factory=list)
    # Rows left out on purpose (Zoom's waiting room): their lines, for the summary.
    skipped: list[int] = field(default_factory=list)
    day_first: bool | None = None


def normalise_name(name: str) -> str:
    """Case, accents kept; spaces and case ignored: 'ana  PÉREZ' ~ 'Ana Pérez'."""
    return " ".join(name.split()).casefold()


def merge_rejoins(rows: Iterable[ExportRow]) -> list[ExportAttendee]:
    """One attendee per email (or, without one, per name), in the order first seen."""
    merged: dict[str, ExportAttendee] = {}
    for row in rows:
        key = row.email or normalise_name(row.name)
        found = merged.get(key)
        if found is None:
            merged[key] = ExportAttendee([row.line], row.name, row.email, row.organisation,
                                         row.joined_at, row.left_at, row.seconds)
            continue
        found.lines.append(row.line)
        found.organisation = found.organisation or row.organisation
        if row.joined_at and (found.joined_at is None or row.joined_at < found.joined_at):
            found.joined_at = row.joined_at
        if row.left_at and (found.left_at is None or row.left_at > found.left_at):
            found.left_at = row.left_at
        if row.seconds is not None:
            found.seconds = (found.seconds or 0) + row.seconds
    return list(merged.values())
