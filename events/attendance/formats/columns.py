"""Finding the participants' header line and what each of its columns holds, whatever the
meeting tool and the language it wrote the file in."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from events.attendance.formats import plain_csv, teams, webex, zoom
from events.attendance.formats.model import ExportError
from events.attendance.formats.text import Record, key
from events.models import ExportFormat

# Earlier tools' names rank first: a file with "Join Time" and "Start Time" (Zoom's Usage
# report) reads the participant's join time, not the meeting's start.
_ALIASES: dict[str, tuple[str, int]] = {}
for _module in (webex, zoom, teams, plain_csv):
    for _column, _names in _module.ALIASES.items():
        for _name in _names:
            _ALIASES.setdefault(_name, (_column, len(_ALIASES)))

_MODULES = {module.FORMAT: module for module in (webex, zoom, teams, plain_csv)}


@dataclass
class Header:
    record: Record
    columns: dict[str, int]  # our column -> cell index
    format: ExportFormat


def header_columns(cells: list[str]) -> dict[str, int]:
    """Our column names -> their index among `cells`."""
    keys = [key(cell) for cell in cells]
    start = zoom.participant_start(keys)
    best: dict[str, tuple[int, int]] = {}
    for index, name in enumerate(keys[start:], start=start):
        column, rank = _ALIASES.get(name, ("", 0))
        if column and (column not in best or rank < best[column][0]):
            best[column] = (rank, index)
    columns = {column: index for column, (_rank, index) in best.items()}
    _name_columns(keys, columns)
    return columns


def _name_columns(keys: list[str], columns: dict[str, int]) -> None:
    """A display name first; a given and a family name in two columns when it is empty."""
    for first, last in webex.NAME_PAIRS:
        if first in keys and last in keys:
            columns["first"], columns["last"] = keys.index(first), keys.index(last)
            columns["name"] = columns["first"]
            break
    if "display" in columns:
        columns["name"] = columns.pop("display")


def _format_of(keys: set[str], columns: dict[str, int], sections: bool) -> ExportFormat | None:
    if zoom.recognises(keys, columns):
        return ExportFormat.ZOOM
    if teams.is_old_list(columns) or (sections and {"name", "joined", "left"} <= columns.keys()):
        return ExportFormat.TEAMS
    if webex.recognises(keys, columns):
        return ExportFormat.WEBEX
    if plain_csv.recognises(keys, columns):
        return ExportFormat.CSV
    return None


def _not_an_export(records: list[Record]) -> ExportError:
    first = next((r for r in records if not r.blank), records[0])
    return ExportError([_(
        "line %(line)d: these columns are not those of a Webex, Zoom or Teams attendance "
        "export, nor of a plain CSV with name, email and organisation (found: %(found)s). "
        "Export the list of attendees with their join and leave times: in Webex the attendee "
        "report, in Zoom the participant report, in Teams the attendance report.",
        line=first.line, found=", ".join(first.filled) or _("nothing"))])


def detect(records: list[Record]) -> Header:
    """The participants' header (the first that fits; Teams' per-join activities)."""
    sections = teams.has_sections(records)
    candidates: list[Header] = []
    unusable: str | None = None
    for record in records[:400]:
        keys = {key(cell) for cell in record.cells}
        columns = header_columns(record.cells)
        unusable = unusable or zoom.unusable(keys, columns)
        fmt = _format_of(keys, columns, sections)
        # Zoom's unique users have a name and an email but no times: not a participant list.
        if fmt is not None and (fmt is not ExportFormat.ZOOM or "joined" in columns):
            candidates.append(Header(record, columns, fmt))
    if not candidates:
        raise ExportError([unusable]) if unusable else _not_an_export(records)
    if candidates[0].format is ExportFormat.TEAMS and not teams.is_old_list(
            candidates[0].columns):
        return candidates[-1]  # Teams lists people twice: the per-join activities come last
    return candidates[0]


def find_header(records: list[Record], fmt: ExportFormat) -> Header:
    """The header of a format the user named (an error names what was expected)."""
    module = _MODULES[fmt]
    found = None
    for record in records[:400]:
        columns = header_columns(record.cells)
        if set(module.REQUIRED) <= columns.keys() or (
                fmt is ExportFormat.TEAMS and teams.is_old_list(columns)):
            found = Header(record, columns, fmt)
            if fmt is not ExportFormat.TEAMS or teams.is_old_list(columns):
                break
    if found is None:
        first = next((r for r in records if not r.blank), records[0])
        raise ExportError([_(
            "line %(line)d: this is not a %(format)s export: its columns should include "
            "%(expected)s (found: %(found)s).", line=first.line, format=fmt.label,
            expected=module.EXPECTED, found=", ".join(first.filled) or "—")])
    return found
