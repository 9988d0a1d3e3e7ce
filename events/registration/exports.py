"""The organisers' export of registrations as CSV and XLSX, safe to open in a spreadsheet.

A name typed as `=HYPERLINK(...)` must stay text: in CSV such cells get a leading apostrophe
(the OWASP advice), in XLSX every cell is written as a string, never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask_babel import gettext as _
from openpyxl import Workbook

from events.models import Registration
from events.spreadsheets import safe_cell
from events.text import strip_control_characters


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


def to_csv(table: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    writer.writerows([[safe_cell(cell) for cell in row] for row in table])
    # UTF-8 with a BOM: spreadsheet programs then read accents right.
    return buffer.getvalue().encode("utf-8-sig")


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
