"""The attendance report as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from events.attendance.stats import AttendanceReport
from events.text import strip_control_characters

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The value as text without control characters, with a leading apostrophe when a
    spreadsheet would run it."""
    text = "" if value is None else strip_control_characters(str(value))
    if text.startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def report_csv(report: AttendanceReport, *, with_names: bool) -> str:
    """One line per organisation, then the totals. Heads of delegation only `with_names`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = ["acronym", "organisation", "kind", "country", "region", "registered",
              "attended", "onsite", "remote"]
    if with_names:
        header.append("head_of_delegation")
    writer.writerow(header)
    for line in report.organisations:
        row = [line.acronym, line.name, line.kind.value, line.country or "",
               line.region or "", line.registered, line.attended, line.onsite, line.remote]
        if with_names:
            row.append(line.head_of_delegation or "")
        writer.writerow([safe_cell(cell) for cell in row])
    figures = report.figures
    total = ["TOTAL", f"{figures.nsbs} NSBs, {figures.countries} countries", "", "", "",
             sum(line.registered for line in report.organisations), figures.participants,
             figures.onsite, figures.remote]
    writer.writerow([safe_cell(cell) for cell in total])
    # A byte-order mark so that Excel opens accents (Cristian Vázquez) correctly.
    return "\ufeff" + out.getvalue()
