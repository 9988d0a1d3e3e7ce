"""Exports as they really come (tests/data/README.md says what each sample is based on):
localised Webex reports, Excel-quoted cells, Zoom's Usage report and waiting room, both Teams
layouts, and dates read the way that falls inside the meeting."""

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from events.attendance.formats import ExportError, MeetingWindow, read_export
from events.models import ExportFormat

DATA = Path(__file__).parent / "data"
BOGOTA = ZoneInfo("America/Bogota")
NAIROBI = ZoneInfo("Africa/Nairobi")
PARIS = ZoneInfo("Europe/Paris")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")

# The 34th ISO/CASCO Plenary, 1–2 May 2019 in Nairobi, and the Webex prep meeting of 29 March.
PLENARY = MeetingWindow(datetime(2019, 5, 1, 6, 0, tzinfo=UTC),
                        datetime(2019, 5, 2, 14, 0, tzinfo=UTC), NAIROBI)
PREP = MeetingWindow(datetime(2019, 3, 29, 14, 30, tzinfo=UTC),
                     datetime(2019, 3, 29, 17, 30, tzinfo=UTC), BOGOTA)
WORKSHOP_2027 = MeetingWindow(datetime(2027, 4, 26, 13, 0, tzinfo=UTC),
                              datetime(2027, 4, 27, 22, 0, tzinfo=UTC), BOGOTA)


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():  # messages are translated
        yield


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def problems(data: bytes, zone: ZoneInfo = BOGOTA, **kwargs) -> list[str]:
    with pytest.raises(ExportError) as caught:
        read_export(data, zone, **kwargs)
    return caught.value.problems


def test_a_portuguese_webex_report_with_excel_quoted_times_is_read():
    export = read_export(sample("webex-relatorio-participantes-pt-2019.csv"), SAO_PAULO,
                         window=PREP)
    assert export.format is ExportFormat.WEBEX
    joao, lucia = export.attendees
    assert (joao.name, joao.email, joao.lines) == (
        "João Conceição", "joao.conceicao@abnt.example", [2, 3])
    assert joao.minutes == 74 + 46
    # ="29/03/2019 10:56:18" in São Paulo (UTC−3): the quotes are Excel's, the date day first.
    assert joao.joined_at == datetime(2019, 3, 29, 13, 56, 18, tzinfo=UTC)
    assert lucia.name == "Lúcia Gonçalves"


def test_a_spanish_webex_report_joins_given_and_family_names_and_reads_a_m_p_m():
    export = read_export(sample("webex-informe-asistentes-es-2019.csv"), BOGOTA, window=PREP)
    maria, nusta = export.attendees
    assert maria.name == "María José Núñez" and maria.email == "mjnunez@icontec.example"
    assert maria.left_at == datetime(2019, 3, 29, 17, 0, 2, tzinfo=UTC)  # 12:00:02 p. m.
    assert nusta.name == "Ñusta Quispe Mamani" and nusta.minutes == 72


def test_a_french_webex_report_takes_nom_as_the_family_name():
    export = read_export(sample("webex-rapport-participants-fr-2019.csv"), PARIS, window=PREP)
    assert [a.name for a in export.attendees] == ["Hélène Lefèvre-Côté", "Aïssatou Ndiaye"]
    # 15:57 in Paris on 29 March 2019 (still winter time, UTC+1).
    assert export.attendees[0].joined_at == datetime(2019, 3, 29, 14, 57, 2, tzinfo=UTC)


def test_zoom_usage_report_reads_the_participants_not_the_host_and_skips_the_waiting_room():
    export = read_export(sample("zoom-usage-report-copant-prep-2019.csv"), BOGOTA, window=PREP)
    assert export.format is ExportFormat.ZOOM
    assert [(a.name, a.email) for a in export.attendees] == [
        ("Coordinación COPANT", "coordinator@copant.example"),
        ("María José Núñez", "mjnunez@icontec.example"),
        ("João Conceição (João C.)", "joao.conceicao@abnt.example"),
        ("Óscar Peña", "opena@inen.example"),
    ]
    maria = export.attendees[1]
    assert maria.lines == [4] and maria.minutes == 119  # two minutes waiting: not attendance
    assert maria.joined_at == datetime(2019, 3, 29, 14, 59, 41, tzinfo=UTC)
    assert export.attendees[3].minutes == 35 + 76
    assert export.skipped == [3, 8]  # the guest who never left the waiting room is nobody


def test_a_spanish_zoom_report_is_read_with_its_waiting_room_left_out():
    export = read_export(sample("zoom-participantes-es-2019.csv"), BOGOTA, window=PREP)
    assert export.format is ExportFormat.ZOOM and export.skipped == [2]
    maria, nusta, room = export.attendees
    assert (maria.name, maria.minutes) == ("María José Núñez", 119)
    assert maria.joined_at == datetime(2019, 3, 29, 14, 59, 41, tzinfo=UTC)  # 29/03, day first
    assert nusta.email == "nquispe@ibnorca.example"
    assert room.name == "Sala INDOCAL" and room.email is None


def test_zoom_unique_users_view_is_refused_with_what_to_untick():
    (problem,) = problems(sample("zoom-unique-users-copant-prep-2019.csv"))
    assert "unique users" in problem and 'untick "Show unique users"' in problem


def test_zoom_unique_users_in_portuguese_get_the_same_advice():
    text = ("Nome (nome original),E-mail do usuário,Duração total (minutos),Convidado\n"
            "João Conceição,joao.conceicao@abnt.example,119,Sim\n")
    (problem,) = problems(text.encode())
    assert 'untick "Show unique users"' in problem


def test_a_zoom_meeting_list_without_participants_says_how_to_export_them():
    text = ("Topic,Meeting ID,User Name,User Email,Department,Group,Has Zoom Rooms,"
            "Creation Time,Start Time,End Time,Duration (Minutes),Participants,Source\n"
            "COPANT prep,812 3456 7890,Coordinación,coordinator@copant.example,,COPANT,No,"
            "03/20/2019 04:10 PM,03/29/2019 09:55 AM,03/29/2019 12:01 PM,127,6,Zoom\n")
    (problem,) = problems(text.encode())
    assert 'tick "Export with meeting data"' in problem


def test_the_old_teams_list_pairs_joined_and_left_rows_into_stays():
    export = read_export(sample("teams-attendance-list-2020-layout-casco-plenary-2019.csv"),
                         NAIROBI, window=PLENARY)
    assert export.format is ExportFormat.TEAMS
    people = {a.name: a for a in export.attendees}
    assert set(people) == {"Wanjiru Kamau", "Иван Петров", "张伟", "محمد الحسيني",
                           "Nguyễn Thị Hương"}
    ivan = people["Иван Петров"]
    assert ivan.lines == [3, 8]  # "Joined before", then back after a break
    assert ivan.minutes == 95 + 111  # 08:55:02–10:30:00 and 10:41:27–12:32:00
    assert ivan.joined_at == datetime(2019, 5, 1, 5, 55, 2, tzinfo=UTC)  # 1 May, not 5 Jan
    # Still connected when the list was downloaded: stays until its last time.
    assert people["Nguyễn Thị Hương"].left_at == datetime(2019, 5, 1, 9, 32, tzinfo=UTC)


def test_teams_dates_written_day_first_are_read_by_the_meetings_dates():
    data = sample("teams-attendance-report-casco-plenary-2019.csv")
    export = read_export(data, NAIROBI, window=PLENARY)
    assert export.day_first is True
    sofia = export.attendees[0]
    assert sofia.name == "Σοφία Παπαδοπούλου"
    assert sofia.joined_at == datetime(2019, 5, 1, 5, 58, 10, tzinfo=UTC)
    assert sofia.left_at == datetime(2019, 5, 2, 9, 0, 30, tzinfo=UTC)


def test_the_same_report_read_for_another_meeting_is_refused_not_stored_on_wrong_days():
    data = sample("teams-attendance-report-casco-plenary-2019.csv")
    (problem,) = problems(data, NAIROBI, window=WORKSHOP_2027)
    assert problem.startswith("The dates in this file fall outside the meeting "
                              "(2027-04-26 – 2027-04-27) whether read day first "
                              "(2019-05-01 – 2019-05-02) or month first")


def test_a_2019_export_is_refused_by_a_2027_meeting():
    (problem,) = problems(sample("webex-copant-casco-prep-2019.csv"), window=WORKSHOP_2027)
    assert problem.startswith("The times in this file (2019-03-29) fall outside the meeting "
                              "(2027-04-26 – 2027-04-27)")


def test_rows_outside_the_meeting_are_named_by_their_line():
    text = ("Name,Attendee Email,Join Time,Leave Time\n"
            "Ana,a@inen.example,03/29/2019 10:00 AM,03/29/2019 11:00 AM\n"
            "Luis,l@inn.example,04/29/2019 10:00 AM,04/29/2019 11:00 AM\n")
    assert problems(text.encode(), window=PREP) == [
        "line 3: the times fall outside the meeting (2019-03-29)"]


def test_a_prep_session_that_runs_late_is_still_within_the_meeting():
    text = ("Name,Attendee Email,Join Time,Leave Time\n"
            "Ana,a@inen.example,03/29/2019 10:00 AM,03/29/2019 08:30 PM\n")
    assert read_export(text.encode(), BOGOTA, window=PREP).attendees[0].minutes == 630


def test_dates_both_readings_fit_are_asked_about_and_the_answer_is_used():
    consultation = MeetingWindow(datetime(2019, 1, 1, tzinfo=UTC),
                                 datetime(2019, 2, 28, tzinfo=UTC), BOGOTA)
    text = ("Name,Attendee Email,Join Time,Leave Time\n"
            "Ana,a@inen.example,02/01/2019 10:00,02/01/2019 11:00\n")
    (problem,) = problems(text.encode(), window=consultation)
    assert "can be read day first (2019-01-02) or month first (2019-02-01)" in problem
    export = read_export(text.encode(), BOGOTA, window=consultation, day_first=True)
    assert export.attendees[0].joined_at.date().isoformat() == "2019-01-02"


def test_a_file_whose_every_row_fails_gets_one_sentence():
    rows = "".join(f"P{n},p{n}@x.example,mañana,tarde\n" for n in range(16))
    (problem,) = problems(("Name,Attendee Email,Join Time,Leave Time\n" + rows).encode())
    assert problem.startswith("None of the 16 rows could be read (the first: line 2: the join "
                              "time 'mañana' is not a date and time")
