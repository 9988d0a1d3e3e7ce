"""The facts of the demo: the ISO/CASCO week of 2019 in Nairobi and the two editions before it.

Event dates, places and the countries taking part come from the COPANT report on the 2019
CASCO week; session times, agenda items, document numbers and every delegate are invented.
Who attended is written as head counts per organisation; the figures the pages show
(participants, NSBs, countries) are computed from the rows these produce.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from events.models import EventKind, EventMode, SessionKind


@dataclass(frozen=True)
class SessionSpec:
    title: str
    day: str  # local date in the event's zone, YYYY-MM-DD
    start: str  # local HH:MM
    end: str
    kind: SessionKind = SessionKind.SESSION
    room: str | None = None
    chairs: str | None = None
    # Agenda items: (title, presenter, [document references]); sub-items as a nested list.
    items: tuple = ()


@dataclass(frozen=True)
class EventSpec:
    slug: str
    title: str
    kind: EventKind
    timezone: str
    day: str
    start: str
    last_day: str
    end: str
    mode: EventMode = EventMode.ONSITE
    join_url: str | None = None
    host: str | None = None
    organisers: tuple[str, ...] = ()
    city: str | None = None
    country: str | None = None
    venue: str | None = None
    series_edition: int | None = None
    in_week: bool = False
    committee: str | None = None
    capacity: int | None = None
    description: str | None = None
    sessions: tuple[SessionSpec, ...] = ()
    # Who took part: organisation acronym -> head count (the first people of its delegation).
    attendance: dict[str, int] = field(default_factory=dict)
    # Delegations that took part remotely in an on-site meeting.
    remote: tuple[str, ...] = ()
    # Approved registrations of people who then did not come (after those who attended).
    no_shows: dict[str, int] = field(default_factory=dict)
    # A remote-meeting export (in tests/data/) the attendance is imported from, instead of
    # being made up from `attendance` (which still gives the registrations).
    attendance_export: str | None = None
    # An online meeting prepares the meeting with this slug.
    prepares: str | None = None


SERIES_SLUG = "iso-casco-plenary"
SERIES_TITLE = "ISO/CASCO Plenary"
WEEK_SLUG = "casco-week-2019"
WEEK_TITLE = "ISO/CASCO week 2019, Nairobi"
COMMITTEE = "ISO/CASCO"
COMMITTEE_NAME = "Committee on conformity assessment"

NAIROBI = "Africa/Nairobi"
KICC = "Kenyatta International Convention Centre"

# Documents referenced from the plenary agenda (numbers invented).
DOCUMENTS = {
    "CASCO N 1201": "Draft agenda of the 34th ISO/CASCO plenary meeting",
    "CASCO N 1202": "Report of the CASCO Secretariat",
    "CASCO N 1203": "Report of the Chair's Policy and Coordination Group (CPC)",
    "CASCO N 1204": "Report of the Strategic Alliance and Regulatory Group (STAR)",
    "CASCO N 1205": "Report of the Technical Interface Group (TIG)",
    "CASCO N 1206": "Status of CASCO working groups",
    "CASCO N 1210": "Proposal on the implementation of KSO 10 (COPANT members)",
    "CASCO N 1211": "CASCO Priority Achievement Plan",
    "CASCO N 1212": "Roadmap for CASCO normative documents",
    "CASCO N 1213": "Improving the participation of developing countries in CASCO",
    "CASCO N 1214": "Liaison report IAF and ILAC",
    "CASCO N 1220": "Draft resolutions of the 34th plenary",
}

PLENARY_2019_SESSIONS = (
    SessionSpec(
        "Opening session", "2019-05-01", "09:00", "10:30", room="Plenary hall",
        chairs="Reinaldo Figueiredo (CASCO Chair)",
        items=(
            ("Opening of the meeting", "CASCO Chair", []),
            ("Welcome by the host, KEBS", "KEBS", []),
            ("Roll call of delegates", "CASCO Secretary", []),
            ("Adoption of the agenda", "CASCO Chair", ["CASCO N 1201"]),
            ("Appointment of the resolutions drafting committee", "CASCO Chair", []),
        ),
    ),
    SessionSpec("Coffee break", "2019-05-01", "10:30", "11:00", SessionKind.BREAK),
    SessionSpec(
        "Reports and strategy", "2019-05-01", "11:00", "12:30", room="Plenary hall",
        chairs="Reinaldo Figueiredo (CASCO Chair)",
        items=(
            ("Report of the CASCO Chair", "CASCO Chair", []),
            ("Report of the CASCO Secretariat", "CASCO Secretary", ["CASCO N 1202"]),
            ("CASCO strategy", None, [], (
                ("Key Strategic Objectives: implementing KSO 10", "COPANT", ["CASCO N 1210"]),
                ("Priority Achievement Plan", "CASCO Secretary", ["CASCO N 1211"]),
            )),
        ),
    ),
    SessionSpec("Lunch", "2019-05-01", "12:30", "14:00", SessionKind.BREAK),
    SessionSpec(
        "Policy groups and working groups", "2019-05-01", "14:00", "17:30",
        room="Plenary hall", chairs="Caroline Outa (CASCO Vice-Chair)",
        items=(
            ("Reports of the policy groups", None, [], (
                ("Chair's Policy and Coordination Group (CPC)", "CPC convenor", ["CASCO N 1203"]),
                ("Strategic Alliance and Regulatory Group (STAR)", "STAR convenor",
                 ["CASCO N 1204"]),
                ("Technical Interface Group (TIG)", "TIG convenor", ["CASCO N 1205"]),
            )),
            ("Reports of the working groups", None, ["CASCO N 1206"], (
                ("WG 30: certification of persons", "WG 30 convenor", []),
                ("WG 31: bodies performing inspection", "WG 31 convenor", []),
            )),
        ),
    ),
    SessionSpec("Welcome reception hosted by KEBS", "2019-05-01", "18:30", "21:00",
                SessionKind.SOCIAL, room="Terrace"),
    SessionSpec(
        "Liaisons and participation", "2019-05-02", "09:00", "12:30", room="Plenary hall",
        chairs="Reinaldo Figueiredo (CASCO Chair)",
        items=(
            ("Liaison reports", None, [], (
                ("IAF and ILAC", "IAF and ILAC representatives", ["CASCO N 1214"]),
                ("IEC conformity assessment board", "IEC representative", []),
            )),
            ("Participation of developing countries in CASCO", "COPANT", ["CASCO N 1213"]),
            ("Roadmap for CASCO normative documents", "CASCO Secretary", ["CASCO N 1212"]),
        ),
    ),
    SessionSpec("Lunch", "2019-05-02", "12:30", "14:00", SessionKind.BREAK),
    SessionSpec(
        "Resolutions and close", "2019-05-02", "14:00", "16:00", room="Plenary hall",
        chairs="Reinaldo Figueiredo (CASCO Chair)",
        items=(
            ("Resolutions", "Resolutions drafting committee", ["CASCO N 1220"]),
            ("Date and place of the next meeting", "CASCO Secretary", []),
            ("Close of the meeting", "CASCO Chair", []),
        ),
    ),
)

COPANT_2019_ATTENDANCE = {
    "IRAM": 2, "ABNT": 2, "ICONTEC": 1, "INEN": 1, "ANSI": 2, "SCC": 2, "UNIT": 1,
    "BNSI": 1, "IBNORCA": 1, "OSN": 1, "BHN": 1, "BSJ": 1, "TTBS": 1,
    "INACAL": 1, "DGN": 1, "INN": 1,
}

EVENTS: tuple[EventSpec, ...] = (
    EventSpec(
        slug="copant-casco-prep-webex-2019",
        title="COPANT preparation meeting for the ISO/CASCO plenary (Webex)",
        kind=EventKind.PREP_SESSION, mode=EventMode.ONLINE, timezone="America/Bogota",
        join_url="https://copant.webex.example/meet/casco-prep-2019",
        day="2019-03-29", start="10:00", last_day="2019-03-29", end="12:00",
        host="COPANT", organisers=("COPANT",), in_week=True,
        prepares="casco-plenary-2019",
        attendance_export="webex-copant-casco-prep-2019.csv",
        description=(
            "Online meeting organised by COPANT's expert, Mario Wittner, with the COPANT "
            "Secretariat: to present the plenary agenda in a general way, to stress the need "
            "for good preparation of its main themes, and to detect the main problems of "
            "remote participation in the meetings of the CASCO working groups."
        ),
        sessions=(SessionSpec("Preparation of the 34th plenary agenda", "2019-03-29", "10:00",
                              "12:00", room="Webex", chairs="Mario Wittner (facilitator)"),),
        attendance={
            "IRAM": 2, "ABNT": 2, "ICONTEC": 2, "INEN": 2, "DGN": 2, "INACAL": 2, "UNIT": 2,
            "ANSI": 2, "INN": 2, "BNSI": 1, "IBNORCA": 1, "INTECO": 1, "NC": 1, "INDOCAL": 1,
            "OSN": 1, "BHN": 1, "OHN": 1, "BSJ": 1, "INTN": 1, "SSB": 1, "TTBS": 1,
            "COPANT": 2,
        },
    ),
    EventSpec(
        slug="copant-ptb-casco-workshop-2019",
        title="COPANT-PTB-CASCO Workshop",
        kind=EventKind.REGIONAL_WORKSHOP, timezone=NAIROBI,
        day="2019-04-29", start="09:00", last_day="2019-04-29", end="17:00",
        host="KEBS", organisers=("COPANT", "PTB"), city="Nairobi", country="KE", venue=KICC,
        in_week=True, capacity=40,
        description=(
            "To present and discuss the main topics of the CASCO plenary agenda; explain ways "
            "to access CASCO's work programme and relevant WG and policy documents; report on "
            "the main working groups; give an overview of the CASCO roadmap and the Priority "
            "Achievement Plan; prepare a proposal for the plenary on the implementation of "
            "KSO 10."
        ),
        sessions=(
            SessionSpec("The CASCO plenary agenda", "2019-04-29", "09:00", "10:30",
                        room="Room 2", chairs="Mario Wittner"),
            SessionSpec("Coffee break", "2019-04-29", "10:30", "11:00", SessionKind.BREAK),
            SessionSpec("Working groups, roadmap and Priority Achievement Plan", "2019-04-29",
                        "11:00", "13:00", room="Room 2"),
            SessionSpec("Lunch", "2019-04-29", "13:00", "14:00", SessionKind.BREAK),
            SessionSpec("Proposal on KSO 10 for the plenary", "2019-04-29", "14:00", "17:00",
                        room="Room 2"),
        ),
        attendance={
            "IRAM": 2, "ABNT": 2, "ICONTEC": 1, "INEN": 1, "ANSI": 1, "SCC": 1, "UNIT": 1,
            "BNSI": 1, "IBNORCA": 1, "OSN": 1, "BHN": 1, "BSJ": 1, "TTBS": 1,
            "COPANT": 2, "PTB": 1, "ISO": 1,
        },
        no_shows={"INN": 1},
    ),
    EventSpec(
        slug="copant-casco-focal-group-2019",
        title="COPANT-CASCO Focal Group meeting",
        kind=EventKind.FOCAL_GROUP, timezone=NAIROBI,
        day="2019-04-30", start="09:00", last_day="2019-04-30", end="13:00",
        host="KEBS", organisers=("COPANT",), city="Nairobi", country="KE", venue=KICC,
        in_week=True, capacity=20,
        description=(
            "Led by Cristian Vázquez (IRAM, Argentina): coordination of COPANT members in the "
            "exchange of the comments of the CASCO national mirror committees, and the proposal "
            "to improve the participation of developing countries in CASCO."
        ),
        sessions=(SessionSpec("Focal group meeting", "2019-04-30", "09:00", "13:00",
                              room="Room 4", chairs="Cristian Vázquez (IRAM)"),),
        attendance={
            "IRAM": 1, "ABNT": 1, "ICONTEC": 1, "INEN": 1, "UNIT": 1, "BSJ": 1, "TTBS": 1,
            "ANSI": 1, "SCC": 1, "COPANT": 1,
        },
    ),
    EventSpec(
        slug="casco-plenary-2019",
        title="34th ISO/CASCO Plenary",
        kind=EventKind.PLENARY, mode=EventMode.HYBRID, timezone=NAIROBI,
        day="2019-05-01", start="09:00", last_day="2019-05-02", end="16:00",
        host="KEBS", organisers=("ISO",), city="Nairobi", country="KE", venue=KICC,
        series_edition=34, in_week=True, committee=COMMITTEE, capacity=250,
        description="The annual meeting of the ISO committee on conformity assessment, "
                    "hosted by the Kenya Bureau of Standards (KEBS).",
        sessions=PLENARY_2019_SESSIONS,
        attendance={
            **COPANT_2019_ATTENDANCE,
            "KEBS": 4, "DIN": 2, "AFNOR": 2, "BSI": 2, "SNV": 1, "SIS": 1, "JISC": 2,
            "SAC": 2, "BIS": 1, "SABS": 2, "SON": 1, "TBS": 2, "UNBS": 2, "RSB": 1, "EOS": 1,
            "SA": 1, "KATS": 1, "UNI": 1, "UNE": 1, "NEN": 1, "DS": 1, "GSA": 1, "ESA": 1,
            "ZABS": 1, "IMANOR": 1, "IAF": 1, "ILAC": 1, "IQNet": 1, "IIOC": 1,
            "TIC Council": 1, "IPC": 1, "ISO": 3, "COPANT": 1,
        },
        remote=("INACAL", "DGN", "INN"),
        no_shows={"SIS": 1, "INTECO": 1},
    ),
    EventSpec(
        slug="market-surveillance-workshop-2019",
        title="Workshop on market surveillance and trade facilitation",
        kind=EventKind.WORKSHOP, timezone=NAIROBI,
        day="2019-05-03", start="09:00", last_day="2019-05-03", end="16:30",
        host="KEBS", organisers=("ISO", "KEBS"), city="Nairobi", country="KE", venue=KICC,
        in_week=True, committee=COMMITTEE, capacity=150,
        description=(
            "Market surveillance protects the health of consumers and the safety of workers "
            "by ensuring product and service quality. What challenges do economies in Africa "
            "and other regions face, what makes an effective market surveillance system, and "
            "how can ISO standards and conformity assessment help?"
        ),
        sessions=(
            SessionSpec("Market surveillance today", "2019-05-03", "09:00", "12:30",
                        room="Plenary hall"),
            SessionSpec("Lunch", "2019-05-03", "12:30", "13:30", SessionKind.BREAK),
            SessionSpec("Conformity assessment and trade facilitation", "2019-05-03", "13:30",
                        "16:30", room="Plenary hall"),
        ),
        attendance={
            "KEBS": 6, "TBS": 2, "UNBS": 2, "RSB": 1, "SON": 1, "GSA": 1, "ESA": 1, "ZABS": 1,
            "EOS": 1, "IMANOR": 1, "SABS": 1, "IRAM": 1, "INEN": 1, "BSJ": 1, "TTBS": 1,
            "ANSI": 1, "ISO": 1,
        },
    ),
    EventSpec(
        slug="casco-plenary-2018",
        title="33rd ISO/CASCO Plenary",
        kind=EventKind.PLENARY, timezone="America/Mexico_City",
        day="2018-05-09", start="09:00", last_day="2018-05-10", end="16:00",
        host="DGN", organisers=("ISO",), city="Mexico City", country="MX",
        series_edition=33, committee=COMMITTEE,
        sessions=(
            SessionSpec("Plenary, first day", "2018-05-09", "09:00", "17:30"),
            SessionSpec("Plenary, second day", "2018-05-10", "09:00", "16:00"),
        ),
        attendance={
            "IRAM": 1, "ABNT": 1, "ICONTEC": 1, "INEN": 1, "ANSI": 1, "SCC": 1, "UNIT": 1,
            "BSJ": 1, "TTBS": 1, "DGN": 3, "INN": 1, "INACAL": 1, "DIN": 1, "AFNOR": 1,
            "BSI": 1, "JISC": 1, "SAC": 1, "KEBS": 1, "SABS": 1, "BIS": 1, "IAF": 1, "ILAC": 1,
            "ISO": 2,
        },
    ),
    EventSpec(
        slug="casco-plenary-2017",
        title="32nd ISO/CASCO Plenary",
        kind=EventKind.PLENARY, timezone="America/Vancouver",
        day="2017-05-10", start="09:00", last_day="2017-05-11", end="16:00",
        host="SCC", organisers=("ISO",), city="Vancouver", country="CA",
        series_edition=32, committee=COMMITTEE,
        sessions=(
            SessionSpec("Plenary, first day", "2017-05-10", "09:00", "17:30"),
            SessionSpec("Plenary, second day", "2017-05-11", "09:00", "16:00"),
        ),
        attendance={
            "IRAM": 1, "ABNT": 1, "ICONTEC": 1, "INEN": 1, "ANSI": 2, "SCC": 3, "UNIT": 1,
            "DGN": 1, "DIN": 1, "AFNOR": 1, "BSI": 1, "JISC": 1, "SAC": 1, "KEBS": 1, "SA": 1,
            "BIS": 1, "IAF": 1, "ILAC": 1, "IQNet": 1, "ISO": 2,
        },
    ),
)

# The Webex details of the prep session (invented), and its facilitator.
PREP_WEBEX = {
    "meeting_number": "2387 114 9025",
    "access_code": "CASCO2019",
    "dial_in_numbers": "Argentina +54 11 5984 0000\nBrazil +55 11 3958 0000\n"
                       "Colombia +57 601 508 0000\nMexico +52 55 4770 0000\n"
                       "United States +1 415 655 0000",
}
PREP_FACILITATOR = ("Mario", "Wittner")

# Problems of remote participation reported after the prep session: (acronym, index in the
# delegation, kinds, what they wrote).
PREP_PROBLEMS = (
    ("INACAL", 0, ("connection", "audio"), "The connection dropped twice; we rejoined by phone."),
    ("INEN", 1, ("time_zone",), "The invitation gave the time in Geneva time only."),
    ("OHN", 0, ("connection",), "Unstable connection in the office."),
    ("SSB", 0, ("language", "document_access"),
     "Documents only in English; the CASCO N documents needed an ISO account."),
    ("BHN", 0, ("platform_access", "language"),
     "Could not install the Webex app; joined from the browser, without interpretation."),
    ("NC", 0, ("audio",), "Joined by phone: poor sound."),
)

# People named in the COPANT report keep their names (and have no e-mail address here).
NAMED_PEOPLE = {
    "COPANT": [("Mario", "Wittner")],
    "IRAM": [("Cristian", "Vázquez")],
    # ILAC's delegate writes her name in Cyrillic (and needs a visa letter for Kenya).
    "ILAC": [("Ирина", "Соколова")],
}
