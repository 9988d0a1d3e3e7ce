"""Reading Webex, Zoom, Teams and plain CSV exports: encodings, formats, rejoins, bad files."""

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from events.attendance.formats import ExportError, read_export
from events.models import ExportFormat

DATA = Path(__file__).parent / "data"
BOGOTA = ZoneInfo("America/Bogota")
ZURICH = ZoneInfo("Europe/Zurich")
NAIROBI = ZoneInfo("Africa/Nairobi")


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():  # messages are translated
        yield


def utf16(text: str) -> bytes:
    return b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")


def problems(data: bytes, **kwargs) -> list[str]:
    with pytest.raises(ExportError) as caught:
        read_export(data, kwargs.pop("zone", BOGOTA), **kwargs)
    return caught.value.problems


WEBEX_HEADER = ("Meeting Number\tMeeting Name\tName\tAttendee Email\tJoin Time\tLeave Time\t"
                "Attendance Duration\tConnection Type\n")


def test_the_demo_webex_export_is_utf16_with_rejoins_merged():
    export = read_export((DATA / "webex-copant-casco-prep-2019.csv").read_bytes(), BOGOTA)
    assert export.format is ExportFormat.WEBEX
    assert export.encoding == "UTF-16"
    assert len(export.rows) == 38 and len(export.attendees) == 33
    diego = next(a for a in export.attendees if a.name == "Diego Ávila")
    assert len(diego.lines) == 3
    rows = [r for r in export.rows if r.name == "Diego Ávila"]
    assert diego.joined_at == min(r.joined_at for r in rows)
    assert diego.left_at == max(r.left_at for r in rows)
    assert diego.minutes == sum(r.seconds for r in rows) // 60
    # Bogotá is UTC−5 all year: the meeting began at 15:00 UTC.
    assert min(a.joined_at for a in export.attendees) < datetime(2019, 3, 29, 15, 0, tzinfo=UTC)


def test_webex_rejoins_take_earliest_join_latest_leave_and_summed_minutes():
    text = WEBEX_HEADER + (
        "123\tPrep\tAna Pérez\tana@inen.gob.ec\t03/29/2019 10:00:00 AM\t03/29/2019 10:40:00 AM"
        "\t40 mins\tDesktop app\n"
        "123\tPrep\tLuis Gómez\tluis@inn.cl\t03/29/2019 10:02:00 AM\t03/29/2019 11:58:00 AM"
        "\t116 mins\tDesktop app\n"
        "123\tPrep\tAna Pérez\tANA@inen.gob.ec\t03/29/2019 10:45:00 AM\t03/29/2019 12:00:00 PM"
        "\t75 mins\tMobile app\n"
    )
    export = read_export(utf16(text), BOGOTA)
    ana = export.attendees[0]
    assert ana.lines == [2, 4]
    assert ana.joined_at == datetime(2019, 3, 29, 15, 0, tzinfo=UTC)
    assert ana.left_at == datetime(2019, 3, 29, 17, 0, tzinfo=UTC)
    assert ana.minutes == 115
    assert ana.email == "ana@inen.gob.ec"


def test_webex_utf8_comma_separated_is_read_too():
    text = ("Name,Attendee Email,Join Time,Leave Time,Attendance Duration\n"
            "Ana Pérez,ana@inen.gob.ec,2019-03-29 10:00:00,2019-03-29 11:00:00,60\n")
    export = read_export(text.encode("utf-8"), BOGOTA)
    assert (export.format, export.encoding) == (ExportFormat.WEBEX, "UTF-8")
    assert export.attendees[0].name == "Ana Pérez" and export.attendees[0].minutes == 60


def test_utf16_without_byte_order_mark_is_recognised():
    text = "Name\tAttendee Email\tJoin Time\tLeave Time\nAna\ta@x.org\t" \
           "03/29/2019 10:00 AM\t03/29/2019 11:00 AM\n"
    export = read_export(text.encode("utf-16-le"), BOGOTA)
    assert export.encoding == "UTF-16-LE" and export.attendees[0].minutes == 60


def test_times_without_offset_are_in_the_meeting_zone_with_summer_time():
    text = ("Name,Attendee Email,Join Time,Leave Time\n"
            "Anna Keller,anna@snv.ch,07/03/2030 09:00:00 AM,07/03/2030 10:00:00 AM\n"
            "Jean Favre,jean@snv.ch,01/15/2030 09:00:00 AM,01/15/2030 10:00:00 AM\n")
    summer, winter = read_export(text.encode(), ZURICH).attendees
    assert summer.joined_at == datetime(2030, 7, 3, 7, 0, tzinfo=UTC)  # CEST, UTC+2
    assert winter.joined_at == datetime(2030, 1, 15, 8, 0, tzinfo=UTC)  # CET, UTC+1


def test_an_offset_written_in_the_file_wins_over_the_zone():
    text = ("Name,Attendee Email,Join Time,Leave Time\n"
            "Ana,a@x.org,03/29/2019 10:00:00 AM GMT-05:00,03/29/2019 11:00:00 AM GMT-05:00\n")
    export = read_export(text.encode(), NAIROBI)
    assert export.attendees[0].joined_at == datetime(2019, 3, 29, 15, 0, tzinfo=UTC)


ZOOM_PREAMBLE = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
    "812 3456 7890,COPANT prep,03/29/2019 09:55:01 AM,03/29/2019 12:01:12 PM,"
    "host@copant.org,126,3\n"
    "\n"
)
ZOOM_PARTICIPANTS = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    "Ana Pérez,ana@inen.gob.ec,03/29/2019 09:58:10 AM,03/29/2019 10:30:00 AM,32,Yes\n"
    "Luis Gómez (Luis G),luis@inn.cl,03/29/2019 10:00:00 AM,03/29/2019 12:00:00 PM,120,Yes\n"
    "Ana Pérez,ana@inen.gob.ec,03/29/2019 10:33:00 AM,03/29/2019 12:00:30 PM,88,Yes\n"
)


@pytest.mark.parametrize("text", [ZOOM_PREAMBLE + ZOOM_PARTICIPANTS, ZOOM_PARTICIPANTS],
                         ids=["with the meeting preamble", "participants only"])
def test_zoom_exports_with_or_without_the_preamble(text):
    export = read_export(text.encode("utf-8-sig"), BOGOTA)
    assert export.format is ExportFormat.ZOOM
    assert [a.name for a in export.attendees] == ["Ana Pérez", "Luis Gómez (Luis G)"]
    ana = export.attendees[0]
    assert ana.minutes == 120 and len(ana.lines) == 2
    offset = 4 if text.startswith("Meeting ID") else 1
    assert ana.lines == [offset + 1, offset + 3]


TEAMS = """1. Summary
Meeting title\tCOPANT preparation meeting
Attended participants\t2
Start time\t3/29/19, 9:58:10 AM
End time\t3/29/19, 12:00:30 PM
Meeting duration\t2h 2m 20s
Average attendance time\t1h 50m 12s

2. Participants
Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole
Ana Pérez\t3/29/19, 9:58:10 AM\t3/29/19, 12:00:30 PM\t1h 55m 20s\tana@inen.gob.ec\tana.p\tPresenter
Luis Gómez\t3/29/19, 10:00:00 AM\t3/29/19, 12:00:00 PM\t2h\tluis@inn.cl\tluis@inn.cl\tAttendee

3. In-Meeting Activities
Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole
Ana Pérez\t3/29/19, 9:58:10 AM\t3/29/19, 10:30:00 AM\t31m 50s\tana@inen.gob.ec\tPresenter
Luis Gómez\t3/29/19, 10:00:00 AM\t3/29/19, 12:00:00 PM\t2h\tluis@inn.cl\tAttendee
Ana Pérez\t3/29/19, 10:36:59 AM\t3/29/19, 12:00:30 PM\t1h 23m 31s\tana@inen.gob.ec\tPresenter
"""


def test_teams_utf16_with_summary_sections_uses_the_per_join_activities():
    export = read_export(utf16(TEAMS), BOGOTA)
    assert export.format is ExportFormat.TEAMS and export.encoding == "UTF-16"
    assert len(export.rows) == 3
    ana, luis = export.attendees
    assert ana.lines == [16, 18]
    assert ana.minutes == 115  # 31m 50s + 1h 23m 31s
    assert luis.minutes == 120
    assert ana.joined_at == datetime(2019, 3, 29, 14, 58, 10, tzinfo=UTC)


def test_older_teams_lists_are_read_too():
    text = ("Meeting Summary\nTotal Number of Participants\t1\nMeeting Title\tPrep\n\n"
            "Full Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\tParticipant ID (UPN)\n"
            "Ana Pérez\t3/29/2019, 10:00:00 AM\t3/29/2019, 11:00:00 AM\t60m\tana@inen.gob.ec"
            "\tAttendee\tana@inen.gob.ec\n")
    export = read_export(utf16(text), BOGOTA)
    assert export.format is ExportFormat.TEAMS and export.attendees[0].minutes == 60


def test_a_plain_csv_gives_name_email_and_organisation():
    text = ("name,email,organisation\nAna Pérez,ana@inen.gob.ec,INEN\n"
            "Walk-in Person,,IRAM\n")
    export = read_export(text.encode(), BOGOTA)
    assert export.format is ExportFormat.CSV
    assert [(a.name, a.email, a.organisation) for a in export.attendees] == [
        ("Ana Pérez", "ana@inen.gob.ec", "INEN"), ("Walk-in Person", None, "IRAM")]
    assert export.attendees[0].joined_at is None


def test_a_spreadsheet_saved_on_windows_is_read_as_windows_1252():
    text = "name,email,organisation\nAna Pérez,ana@inen.gob.ec,INEN\n"
    export = read_export(text.encode("cp1252"), BOGOTA)
    assert export.encoding == "CP1252" and export.attendees[0].name == "Ana Pérez"


def test_a_named_format_is_checked():
    text = "name,email,organisation\nAna,ana@inen.gob.ec,INEN\n"
    (problem,) = problems(text.encode(), fmt=ExportFormat.ZOOM)
    assert problem.startswith("line 1: this is not a Zoom export")
    assert read_export(text.encode(), BOGOTA, ExportFormat.CSV).format is ExportFormat.CSV


def test_dates_written_day_first_are_recognised_for_the_whole_file():
    text = ("Name,Attendee Email,Join Time,Leave Time\n"
            "Ana,a@x.org,04/05/2019 10:00,04/05/2019 11:00\n"
            "Luis,l@x.org,29/03/2019 10:00,29/03/2019 11:00\n")
    ana, luis = read_export(text.encode(), BOGOTA).attendees
    assert ana.joined_at.month == 5 and luis.joined_at.day == 29


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "The file is empty."),
    (b"\xff\xfe", "The file is empty."),
    (b"PK\x03\x04" + b"\x00" * 40, "looks like a zip archive or an Excel workbook"),
    (b"\x00\x01\x02\x03binary\x00\x00\x05", "not a text export"),
    (b"x,y\n1,2\n", "line 1: these columns are not those of a Webex, Zoom or Teams"),
    (b"name,email,organisation\n", "line 1: the file has a header but no participants"),
], ids=["empty", "only a BOM", "xlsx", "binary", "wrong columns", "header only"])
def test_bad_files_are_refused_with_their_problem(data, expected):
    assert any(expected in problem for problem in problems(data))


def test_broken_dates_name_their_line_and_every_problem_is_listed():
    text = WEBEX_HEADER + (
        "1\tPrep\tAna\tana@x.org\t03/29/2019 10:00:00 AM\t03/29/2019 11:00:00 AM\t60\tApp\n"
        "1\tPrep\tLuis\tluis@x.org\tyesterday\t03/29/2019 11:00:00 AM\t60\tApp\n"
        "1\tPrep\tEva\teva@x.org\t03/29/2019 11:00:00 AM\t03/29/2019 10:00:00 AM\t60\tApp\n"
        "1\tPrep\tJo\tnot-an-address\t03/29/2019 10:00:00 AM\t03/29/2019 11:00:00 AM\t60\tApp\n"
        "1\tPrep\tKim\tkim@x.org\t03/29/2019 10:00:00 AM\t03/29/2019 11:00:00 AM\tlong\tApp\n"
    )
    found = problems(utf16(text))
    assert found == [
        "line 3: the join time 'yesterday' is not a date and time such as "
        "03/29/2019 10:05:00 AM",
        "line 4: the leave time is before the join time",
        "line 5: 'not-an-address' is not an email address",
        "line 6: the duration 'long' is not a number of minutes",
    ]


def test_a_row_with_too_many_values_is_refused():
    text = "name,email,organisation\nAna,a@x.org,INEN,extra\n"
    assert problems(text.encode()) == ["line 2: 4 values for 3 columns"]
