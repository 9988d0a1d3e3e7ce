"""Directives deadlines: computed from the meeting, done or overdue, on the organiser's desk
and in their calendar."""

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

from sqlalchemy import select

from events.agenda.deadlines import DeadlineState, deadlines_for, mark
from events.agenda.publishing import publish_agenda
from events.extensions import db
from events.models import (
    Committee,
    DeadlineKind,
    Event,
    EventKind,
    EventMode,
    Role,
)
from tests.calendar_support import read_feed
from tests.conftest import sign_in, submit
from tests.factories import make_event, make_org, make_session, make_user

START = datetime(2031, 5, 6, 7, tzinfo=UTC)  # 09:00 in Geneva (Europe/Zurich, summer)
END = datetime(2031, 5, 7, 14, tzinfo=UTC)


def committee_event(slug: str = "plenary", start: datetime = START, **values) -> Event:
    committee = db.session.scalar(select(Committee)) or Committee(code="ISO/CASCO",
                                                                  name="CASCO")
    values.setdefault("kind", EventKind.PLENARY)
    return make_event(slug, committee=committee, timezone="Europe/Zurich", start=start,
                      hours=(END - START).total_seconds() / 3600, **values)


def due(event: Event) -> dict[DeadlineKind, datetime]:
    return {d.kind: d.due_at for d in deadlines_for([event])[event.id]}


def test_a_committee_meeting_has_the_directives_deadlines(app_ctx):
    assert due(committee_event()) == {
        DeadlineKind.DRAFT_AGENDA: START - timedelta(weeks=16),
        DeadlineKind.DOCUMENTS_FOR_DECISION: START - timedelta(weeks=6),
        DeadlineKind.RESOLUTIONS: END + timedelta(hours=48),
        DeadlineKind.MINUTES: END + timedelta(weeks=4),
    }
    virtual = due(committee_event("virtual", mode=EventMode.ONLINE))
    assert virtual[DeadlineKind.DRAFT_AGENDA] == START - timedelta(weeks=8)
    assert virtual[DeadlineKind.DOCUMENTS_FOR_DECISION] == START - timedelta(weeks=6)
    hybrid = due(committee_event("hybrid", mode=EventMode.HYBRID))
    assert hybrid[DeadlineKind.DRAFT_AGENDA] == START - timedelta(weeks=16)


def test_a_working_group_has_its_agenda_deadline_and_workshops_have_none(app_ctx):
    assert due(committee_event("wg", kind=EventKind.WORKING_GROUP)) == {
        DeadlineKind.WG_AGENDA: START - timedelta(weeks=6)}
    assert due(committee_event("wg-online", kind=EventKind.WORKING_GROUP,
                               mode=EventMode.ONLINE)) == {
        DeadlineKind.WG_AGENDA: START - timedelta(weeks=4)}
    assert due(committee_event("workshop", kind=EventKind.WORKSHOP)) == {}
    assert due(make_event("no-committee")) == {}


def test_deadlines_follow_the_meeting_when_it_moves(app_ctx):
    event = committee_event()
    event.starts_at += timedelta(weeks=1)
    event.ends_at += timedelta(weeks=1)
    assert due(event)[DeadlineKind.DRAFT_AGENDA] == START - timedelta(weeks=15)


def test_done_overdue_and_due_soon(app_ctx):
    event = committee_event()
    states = {d.kind: d.state(START - timedelta(weeks=7))
              for d in deadlines_for([event])[event.id]}
    assert states[DeadlineKind.DRAFT_AGENDA] is DeadlineState.OVERDUE
    assert states[DeadlineKind.DOCUMENTS_FOR_DECISION] is DeadlineState.DUE_SOON
    assert states[DeadlineKind.MINUTES] is DeadlineState.UPCOMING
    mark(event, DeadlineKind.DOCUMENTS_FOR_DECISION, done=True, by=None,
         now=START - timedelta(weeks=7))
    mark(event, DeadlineKind.MINUTES, done=True, by=None, now=END + timedelta(weeks=5))
    # Publishing the agenda here circulates it: done, late.
    make_session(event)
    publish_agenda(event, now=START - timedelta(weeks=12))
    found = {d.kind: d for d in deadlines_for([event])[event.id]}
    assert found[DeadlineKind.DOCUMENTS_FOR_DECISION].state() is DeadlineState.DONE
    assert found[DeadlineKind.MINUTES].state() is DeadlineState.DONE_LATE
    assert found[DeadlineKind.DRAFT_AGENDA].state() is DeadlineState.DONE_LATE
    assert found[DeadlineKind.DRAFT_AGENDA].done_by_publishing


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def organiser(app, client) -> None:
    with app.app_context():
        iso = make_org("ISO", kind="other", country="CH")
        committee_event(host=iso, title="36th Plenary")
        # A past meeting whose minutes were never sent: overdue on the desk.
        committee_event("past", host=iso, title="30th Plenary",
                        start=datetime(2025, 5, 6, 7, tzinfo=UTC))
        make_user(Role.ORGANISER, organisation=iso, email="secretary@iso.example")
        db.session.commit()
    sign_in(client, "secretary@iso.example")


def test_organisers_mark_deadlines_on_the_hub_and_see_them_on_their_desk(app, client):
    organiser(app, client)
    hub = text_of(client.get("/events/plenary/manage"))
    assert "Draft agenda circulated 16 weeks before the meeting" in hub
    assert "Tuesday, 14 January 2031" not in hub  # the date is written the medium way
    assert "14 Jan 2031" in hub  # 16 weeks before 6 May 2031
    response = submit(client, "/events/plenary/manage/deadlines/documents_for_decision",
                      {"done": "1"}, page="/events/plenary/manage", follow_redirects=True)
    assert "Documents for decision circulated" in text_of(response)
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "plenary"))
        found = {d.kind: d for d in deadlines_for([event])[event.id]}
        assert found[DeadlineKind.DOCUMENTS_FOR_DECISION].done_at is not None
    submit(client, "/events/plenary/manage/deadlines/documents_for_decision", {"done": "0"},
           page="/events/plenary/manage")
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == "plenary"))
        found = {d.kind: d for d in deadlines_for([event])[event.id]}
        assert found[DeadlineKind.DOCUMENTS_FOR_DECISION].done_at is None
    desk = text_of(client.get("/organise/"))
    assert "36th Plenary" in desk and "30th Plenary" in desk
    past = desk[desk.index("30th Plenary"):]
    assert "Overdue Minutes with the list of attendees circulated" in past
    unknown = submit(client, "/events/plenary/manage/deadlines/wg_agenda", {"done": "1"},
                     page="/events/plenary/manage")
    assert unknown.status_code == 404  # a plenary has no working group agenda


def test_deadlines_are_in_the_organisers_calendar(app, client):
    organiser(app, client)
    page = client.get("/account/calendar").get_data(as_text=True)
    [link] = re.findall(r'value="http://plenaria\.test(/calendar/[^"]+/deadlines\.ics)"', page)
    first = read_feed(client.get(link).data)
    draft = first.titled("Due: Draft agenda circulated – 36th Plenary")
    assert (draft.start, draft.end) == (date(2031, 1, 14), date(2031, 1, 15))  # all day
    assert "16 weeks before the meeting" in draft.description
    assert draft.url == "http://plenaria.test/events/plenary/manage"
    submit(client, "/events/plenary/manage/deadlines/resolutions", {"done": "1"},
           page="/events/plenary/manage")
    second = read_feed(client.get(link).data)
    done = second.titled("Done: Resolutions circulated – 36th Plenary")
    before = first.titled("Due: Resolutions circulated – 36th Plenary")
    assert done.uid == before.uid and done.sequence > before.sequence
    assert len(second.entries) == 8  # four deadlines of each of the two plenaries
