"""Attendance exports whose header cannot be read one way only are refused, nothing stored:
two `name` columns, or thousands of columns."""

from __future__ import annotations

import pytest

from events.attendance.importer import ExportError, import_attendance
from tests.test_attendance_import import EXPORT, attendance_count, setup_meeting

HEADER, ROWS = EXPORT.split("\n", 1)


@pytest.mark.parametrize("text, expected", [
    ("Name,Attendee Email,Name,Join Time,Leave Time,Attendance Duration\n"
     "Ana Pérez,ana.perez@inen.gob.ec,Ольга,03/29/2030 10:00:00 AM,03/29/2030 11:00:00 AM,60\n",
     "line 1: the column 'name' appears twice"),
    (HEADER + "," + ",".join(f"extra {n}" for n in range(10_000)) + "\n" + ROWS,
     "line 1: the header has 10005 columns; an attendance export has at most 100"),
    ("\ufeff" + HEADER.replace(",", "\t") + "\tName\n",  # Webex's tab-separated form
     "the column 'name' appears twice"),
])
def test_an_ambiguous_or_oversized_header_is_refused_and_nothing_stored(app_ctx, text,
                                                                        expected):
    event, *_people = setup_meeting()
    data = text.encode("utf-16") if "\t" in text else text.encode()
    with pytest.raises(ExportError) as error:
        import_attendance(event, data, "export.csv")
    assert expected in str(error.value)
    assert attendance_count() == 0


def test_the_usual_header_still_imports(app_ctx):
    event, *_people = setup_meeting()
    assert import_attendance(event, EXPORT.encode(), "webex.csv").added == 3
