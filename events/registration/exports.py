"""The organisers' export of registrations as CSV and XLSX, safe to open in a spreadsheet.

A name typed as `=HYPERLINK(...)` must stay text: in CSV such cells get a leading apostrophe
(the OWASP advice), in XLSX every cell is written as a string, never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime

from flask_babel import gettext as _
from openpyxl import Workbook

from events.models import AttendanceType, DelegateRole, Registration, RegistrationStatus
from events.models.base import LabelledEnum
from events.spreadsheets import safe_cell
from events.text import strip_control_characters

# UTF-8 with a BOM: spreadsheet programs then read accents right.
BOM = "\ufeff".encode()


def headers() -> list[str]:
    return [_("Family name"), _("Given name"), _("Email"), _("Organisation"), _("Country"),
            _("Role"), _("Attendance"), _("Status"), _("Waiting list position"),
            _("Arrival"), _("Departure"), _("Dietary needs"), _("Accessibility needs"),
            _("Invitation letter"), _("Listed publicly"), _("Registered on")]


def rows(registrations: Iterable[Registration]) -> list[list[str]]:
    def text(value: object) -> str:
        return "" if value is None else str(value)

    return [[
        r.person.family_name, r.person.given_name, text(r.person.email),
        r.organisation.acronym, text(r.organisation.country), r.role.label,
        r.attendance_type.label, r.status.label, text(r.waitlist_position),
        text(r.arrival_date), text(r.departure_date), text(r.dietary_needs),
        text(r.accessibility_needs), _("yes") if r.needs_invitation_letter else _("no"),
        _("yes") if r.consent_to_publish else _("no"), r.created_at.date().isoformat(),
    ] for r in registrations]


# A registration's line as `organiser_list.export_rows` reads it, in the order of `headers`.
ExportValues = tuple[str, str, str | None, str, str | None, DelegateRole, AttendanceType,
                     RegistrationStatus, int | None, date | None, date | None, str | None,
                     str | None, bool, bool, datetime]


def value_rows(values: Iterable[ExportValues]) -> Iterator[list[str]]:
    """`rows` for plain values in the order of `headers` (as `organiser_list.export_rows`
    reads them), one at a time. Labels are translated once per export, not once per cell:
    at 10,000 lines the lookups were most of the time."""
    def text(value: object) -> str:
        return "" if value is None else str(value)

    labels: dict[object, str] = {}

    def label(member: LabelledEnum) -> str:
        if member not in labels:
            labels[member] = member.label
        return labels[member]

    yes, no = _("yes"), _("no")
    for (family, given, email, acronym, country, role, attendance, status, position, arrival,
         departure, dietary, accessibility, letter, listed, created) in values:
        yield [family, given, text(email), acronym, text(country), label(role),
               label(attendance), label(status), text(position), text(arrival),
               text(departure), text(dietary), text(accessibility), yes if letter else no,
               yes if listed else no, created.date().isoformat()]


def csv_chunks(table: Iterable[Sequence[str]], lines_per_chunk: int = 500) -> Iterator[bytes]:
    """The CSV of `to_csv`, written a few hundred lines at a time for a streamed response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for number, row in enumerate(table, start=1):
        writer.writerow([safe_cell(cell) for cell in row])
        if number % lines_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_csv(table: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    writer.writerows([[safe_cell(cell) for cell in row] for row in table])
    return BOM + buffer.getvalue().encode("utf-8")


def to_xlsx(table: Sequence[Sequence[str]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = strip_control_characters(title)[:31]  # the longest name Excel accepts
    sheet.append(headers())
    for row in table:  # openpyxl refuses control characters outright
        sheet.append([strip_control_characters(cell) for cell in row])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
