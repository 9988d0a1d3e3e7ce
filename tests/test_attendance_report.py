"""Participation statistics and the attendance report (HTML with SVG charts, JSON, CSV)."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape

from sqlalchemy import select

from events.attendance.stats import (
    attendance_report,
    by_organisation,
    continuity,
    funnel,
    participation_by_day,
    participation_by_session,
    series_report,
)
from events.extensions import db
from events.models import (
    Attendance,
    AttendanceMode,
    DelegateRole,
    Event,
    EventKind,
    EventSeries,
    MeetingWeek,
    Organisation,
    OrganisationKind,
    Role,
)
from tests.conftest import sign_in
from tests.factories import (
    make_attendance,
    make_event,
    make_org,
    make_person,
    make_registration,
    make_session,
    make_user,
)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def event_named(slug: str) -> Event:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def test_figures_per_session_day_and_organisation(app_ctx):
    kebs, iram = make_org("KEBS", country="KE"), make_org("IRAM", country="AR")
    iaf = make_org("IAF", kind=OrganisationKind.LIAISON, country=None)
    event = make_event(hours=30)
    opening, closing = make_session(event, title="Opening"), make_session(
        event, title="Closing", start=event.starts_at + timedelta(hours=24))
    head = make_person(kebs, given_name="Caroline", family_name="Outa")
    delegate, remote, liaison = make_person(kebs), make_person(iram), make_person(iaf)
    make_registration(event, head, role=DelegateRole.HEAD_OF_DELEGATION)
    for person in (delegate, remote, liaison):
        make_registration(event, person)
    for person in (head, delegate, liaison):
        make_attendance(event, person, session=opening)
    make_attendance(event, head, session=closing)
    make_attendance(event, remote, session=closing, mode=AttendanceMode.REMOTE)
    make_attendance(event, delegate, day=event.starts_at.date())

    sessions = {s.session.title: s.figures for s in participation_by_session(event)}
    assert (sessions["Opening"].participants, sessions["Opening"].nsbs) == (3, 1)
    assert (sessions["Closing"].participants, sessions["Closing"].countries,
            sessions["Closing"].remote) == (2, 2, 1)
    assert [(d.day, d.figures.participants) for d in participation_by_day(event)] == [
        (event.starts_at.date(), 1)]
    lines = {line.acronym: line for line in by_organisation(event)}
    assert (lines["KEBS"].registered, lines["KEBS"].attended, lines["KEBS"].onsite) == (2, 2, 2)
    assert lines["KEBS"].head_of_delegation == "Caroline Outa"
    assert (lines["IRAM"].attended, lines["IRAM"].remote) == (1, 1)
    assert not lines["IAF"].is_nsb
    report = attendance_report(event)
    assert (report.figures.participants, report.figures.nsbs, report.figures.onsite,
            report.figures.remote) == (4, 2, 3, 1)
    regions = {r.region: (r.participants, r.nsbs) for r in report.regions}
    assert regions == {"africa": (2, 1), "latin_america_caribbean": (1, 1), None: (1, 0)}


def build_series(editions: int, people_per_edition: int, nsbs: list):
    """A series of plenaries; NSB i attends from edition i % 3 onwards."""
    series = EventSeries(slug=f"series-{editions}", title="Test plenary")
    db.session.add(series)
    events = []
    for number in range(editions):
        event = make_event(start=datetime(2030 + number, 5, 1, 6, tzinfo=UTC), series=series,
                           edition=number + 1, city=f"City {number}")
        for index in range(people_per_edition):
            org = nsbs[index % len(nsbs)]
            if number >= nsbs.index(org) % 3:
                make_attendance(event, make_person(org))
        events.append(event)
    db.session.commit()
    return series, events


def test_continuity_counts_first_timers_and_returning_nsbs(app_ctx):
    nsbs = [make_org(f"N{i}", country=c) for i, c in enumerate(["KE", "CO", "CH", "AR"])]
    _series, events = build_series(3, 8, nsbs)
    found = continuity(events[1])
    assert [e.year for e in found.editions] == [2030, 2031]
    assert found.first_timers == ["N1"] and found.returning == ["N0", "N3"]
    assert found.every_edition == ["N0", "N3"]
    last = continuity(events[2])
    assert last.first_timers == ["N2"] and last.every_edition == ["N0", "N3"]
    assert last.per_edition == [(2, 2), (3, 1), (4, 1)]
    line = next(line for line in last.lines if line.acronym == "N1")
    assert line.attended == [False, True, True] and line.editions_attended == 2


def test_series_statistics_take_the_same_number_of_queries_whatever_the_size(
        app_ctx, count_queries):
    nsbs = [make_org(f"S{i}", country="KE") for i in range(6)]
    small, _ = build_series(2, 5, nsbs)
    large, _ = build_series(8, 40, nsbs)
    db.session.expire_all()
    with count_queries() as few:
        series_report(db.session.get(EventSeries, small.id))
    db.session.expire_all()
    with count_queries() as many:
        report = series_report(db.session.get(EventSeries, large.id))
    assert few.count == many.count <= 5
    assert len(report.editions) == 8 and len(report.continuity.lines) == 6


def test_the_event_report_takes_a_fixed_number_of_queries(app, client, demo, count_queries):
    with app.app_context():
        make_user(Role.SECRETARIAT, email="sec@example.org")
        db.session.commit()
    sign_in(client, "sec@example.org")
    # The same kind of event (outside the series, in the week) with 20 or 32 participants.
    with count_queries() as small:
        assert client.get("/events/copant-ptb-casco-workshop-2019/reports/attendance"
                          ).status_code == 200
    with count_queries() as large:
        assert client.get("/events/copant-casco-prep-webex-2019/reports/attendance"
                          ).status_code == 200
    assert small.count == large.count <= 20


def nsbs_at(slug: str) -> set[str]:
    """Counted the plain way, row by row, to check the aggregate queries against."""
    event = event_named(slug)
    rows = db.session.scalars(select(Attendance).where(Attendance.event_id == event.id))
    return {r.organisation.acronym for r in rows if r.organisation and r.organisation.is_nsb}


def test_the_funnel_of_the_demo_week(app_ctx, demo):
    found = funnel(event_named("casco-plenary-2019"))
    assert [s.kind for s in found.stages] == [EventKind.PREP_SESSION,
                                              EventKind.REGIONAL_WORKSHOP, EventKind.PLENARY]
    prep = nsbs_at("copant-casco-prep-webex-2019")
    workshop = nsbs_at("copant-ptb-casco-workshop-2019")
    plenary = nsbs_at("casco-plenary-2019")
    assert [s.nsbs for s in found.stages] == [len(prep), len(workshop), len(plenary)] \
        == [21, 13, 41]
    assert found.stages[1].carried == len(workshop & prep)
    assert found.stages[1].new == sorted(workshop - prep) and "SCC" in found.stages[1].new
    assert found.stages[2].carried == len(plenary & prep)
    assert found.stages[2].new == sorted(plenary - prep - workshop)
    assert found.reached["IRAM"] == [True, True, True]
    assert found.reached["NC"] == [True, False, False]


def test_the_demo_continuity_third_time_after_vancouver_and_mexico(app_ctx, demo):
    found = continuity(event_named("copant-ptb-casco-workshop-2019"))
    assert [e.year for e in found.earlier] == [2017, 2018]
    assert {"IRAM", "ABNT", "ICONTEC", "INEN", "UNIT"} <= set(found.every_edition)
    assert {"BHN", "BNSI", "OSN", "IBNORCA"} <= set(found.first_timers)
    assert found.editions[-1].this_meeting


def test_the_demo_prep_session_report_page(app, client, demo):
    sign_in(client, "coordinator@copant.example", "plenaria-demo-2019")
    response = client.get("/events/copant-casco-prep-webex-2019/reports/attendance")
    page = text_of(response)
    assert "32 participants representing 21 NSBs from 21 countries. All remote." in page
    assert "10 NSBs took part for the first time" in page
    assert "Also at every earlier edition (Vancouver 2017, Mexico City 2018)" in page
    assert "From preparation to plenary" in page
    html = response.get_data(as_text=True)
    assert html.count("<svg") >= 4 and "<script" not in html  # charts drawn on the server
    assert 'role="img"' in html


def test_json_and_csv_carry_the_stable_figures(app, client, demo):
    sign_in(client, "coordinator@copant.example", "plenaria-demo-2019")
    data = client.get("/events/copant-casco-prep-webex-2019/reports/attendance.json").json
    assert {k: data[k] for k in ("participants", "nsbs", "countries", "onsite", "remote")} == {
        "participants": 32, "nsbs": 21, "countries": 21, "onsite": 0, "remote": 32}
    inen = next(line for line in data["by_nsb"] if line["acronym"] == "INEN")
    assert {k: inen[k] for k in ("acronym", "country", "registered", "attended")} == {
        "acronym": "INEN", "country": "EC", "registered": 2, "attended": 2}
    assert len(data["by_nsb"]) == 21
    assert data["funnel"]["stages"][0]["nsbs"] == 21
    response = client.get("/events/copant-casco-prep-webex-2019/reports/attendance.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[-1]["acronym"] == "TOTAL" and rows[-1]["attended"] == "32"
    assert {r["acronym"] for r in rows} >= {"IRAM", "COPANT"}


def test_csv_cells_cannot_run_as_formulas(app, client):
    with app.app_context():
        evil = make_org("=HYPERLINK(\"x\")", country="KE", name="@SUM(A1)")
        event = make_event("evil-2030")
        make_attendance(event, make_person(evil))
        make_user(Role.ORGANISER, event=event, email="org@example.org")
        db.session.commit()
    sign_in(client, "org@example.org")
    body = client.get("/events/evil-2030/reports/attendance.csv").get_data(as_text=True)
    row = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))[1]
    assert row[0] == "'=HYPERLINK(\"x\")" and row[1] == "'@SUM(A1)"


def test_who_may_see_the_report(app, client, demo):
    url = "/events/casco-plenary-2019/reports/attendance"
    assert client.get(url).status_code == 302  # anonymous: sign in first
    assert client.get(url + ".json").status_code == 302
    with app.app_context():
        iram = db.session.scalar(select(Organisation).where(Organisation.acronym == "IRAM"))
        ssb = db.session.scalar(select(Organisation).where(Organisation.acronym == "SSB"))
        make_user(Role.DELEGATE, email="delegate@example.org")
        make_user(Role.FOCAL_POINT, organisation=iram, email="fp@iram.example")
        make_user(Role.FOCAL_POINT, organisation=ssb, email="fp@ssb.example")
        db.session.commit()
    delegate = app.test_client()
    sign_in(delegate, "delegate@example.org")
    assert delegate.get(url).status_code == 403
    focal = app.test_client()
    sign_in(focal, "fp@iram.example")
    data = focal.get(url + ".json").json
    assert data["participants"] > 0
    assert all("head_of_delegation" not in line for line in data["by_nsb"])
    assert "Head of delegation" not in focal.get(url).get_data(as_text=True)
    outsider = app.test_client()  # SSB took no part in the plenary
    sign_in(outsider, "fp@ssb.example")
    assert outsider.get(url).status_code == 403
    organiser = app.test_client()
    sign_in(organiser, "organiser@kebs.example", "plenaria-demo-2019")
    data = organiser.get(url + ".json").json
    kebs = next(line for line in data["by_nsb"] if line["acronym"] == "KEBS")
    assert kebs["head_of_delegation"]


def test_an_event_outside_any_week_or_series_has_no_continuity_or_funnel(app_ctx):
    event = make_event(meeting_week=MeetingWeek(slug="w", title="W"))
    report = attendance_report(event)
    assert report.continuity is None and report.funnel is None
    assert report.figures.participants == 0


def test_the_series_report_shows_each_editions_figures_and_continuity(app, client, demo,
                                                                      count_queries):
    assert client.get("/series/iso-casco-plenary/reports/attendance").status_code == 302
    sign_in(client, "focal-point@iram.example", "plenaria-demo-2019")
    series_page = client.get("/series/iso-casco-plenary/").get_data(as_text=True)
    assert 'href="/series/iso-casco-plenary/reports/attendance"' in series_page
    with count_queries() as log:
        page = client.get("/series/iso-casco-plenary/reports/attendance")
    assert page.status_code == 200 and log.count <= 14
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)))
    assert "34th ISO/CASCO Plenary" in text and "32nd ISO/CASCO Plenary" in text
    assert "Continuity: ISO/CASCO Plenary" in text
    assert "IRAM" in text and "BHN" in text  # a returning NSB and a first-timer


def test_the_series_report_is_not_for_every_delegate(app, client, demo):
    with app.app_context():
        make_user(email="someone@example.org")
        db.session.commit()
    sign_in(client, "someone@example.org")
    assert client.get("/series/iso-casco-plenary/reports/attendance").status_code == 403
    assert "Participation across editions" not in client.get(
        "/series/iso-casco-plenary/").get_data(as_text=True)
