"""Roll call, resolutions, votes and minutes as domain functions (no HTTP)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from events.agenda.deadlines import DeadlineState, deadlines_for
from events.agenda.publishing import publish_agenda
from events.decisions import minutes, resolutions, votes
from events.decisions.resolutions import DecisionError
from events.decisions.roll_call import record_correspondence, roll_call
from events.decisions.votes import VoteRefused
from events.extensions import db
from events.models import (
    AgendaItem,
    AttendanceMode,
    BallotChannel,
    CommitteeDecisionRules,
    DeadlineKind,
    DecisionLogEntry,
    DecisionMethod,
    Document,
    MajorityRule,
    ResolutionStatus,
    VoteChoice,
)
from tests.decisions_support import committee_meeting
from tests.factories import make_attendance, make_person


def test_roll_call_counts_the_p_members_present_onsite_and_online(app_ctx):
    plenary = committee_meeting(p_members=5, present=3, remote=1)
    call = roll_call(plenary.event, plenary.sessions[0])
    assert (call.p_present, call.p_total) == (3, 5)
    present = {line.organisation.acronym: line for line in call.p_members if line.present}
    first, _, online = plenary.p_members[:3]
    assert present[first.acronym].onsite and not present[first.acronym].remote
    assert present[online.acronym].remote and not present[online.acronym].onsite
    assert present[first.acronym].head_of_delegation == plenary.heads[first.acronym].full_name
    assert [line.organisation for line in call.o_members] == [plenary.o_member]
    assert [line.organisation for line in call.liaisons] == [plenary.liaison]
    assert call.o_members[0].present and call.liaisons[0].present


def test_attendance_of_one_session_counts_for_that_session_only(app_ctx):
    plenary = committee_meeting(p_members=4, present=1, remote=0)
    late = plenary.p_members[3]
    person = make_person(late, given_name="Ngozi", family_name="Okafor")
    make_attendance(plenary.event, person, session=plenary.sessions[1],
                    mode=AttendanceMode.REMOTE)
    assert roll_call(plenary.event, plenary.sessions[0]).p_present == 1
    second = roll_call(plenary.event, plenary.sessions[1])
    assert second.p_present == 2
    assert second.line_of(late.id).remote == ["Ngozi Okafor"]


def test_an_nsb_that_sent_comments_participates_by_correspondence(app_ctx):
    plenary = committee_meeting(p_members=4, present=2, remote=0)
    absent = plenary.p_members[3]
    record_correspondence(plenary.event, absent, "Comments on CASCO N 1211 attached.", by=None)
    call = roll_call(plenary.event)
    line = call.line_of(absent.id)
    assert line.by_correspondence and not line.present
    assert call.p_by_correspondence == 1 and call.p_present == 2
    assert not call.line_of(plenary.p_members[2].id).by_correspondence


def test_the_roll_call_takes_the_same_queries_for_a_small_and_a_large_committee(
        app_ctx, count_queries):
    small = committee_meeting(p_members=3, present=2)
    large = committee_meeting(p_members=40, present=30, remote=10)
    db.session.commit()
    db.session.expire_all()
    with count_queries() as few:
        assert roll_call(small.event, small.sessions[0]).p_present == 2
    db.session.expire_all()
    with count_queries() as many:
        assert roll_call(large.event, large.sessions[0]).p_present == 30
    # Four, plus reloading the expired event and session.
    assert few.count == many.count <= 6


def test_resolutions_are_numbered_on_adoption_per_committee_and_year(app_ctx):
    plenary = committee_meeting(code="ISO/CASCO")
    first = resolutions.draft(plenary.event, "Roadmap", "CASCO approves the roadmap.", by=None)
    second = resolutions.draft(plenary.event, "Next meeting", "CASCO meets in 2031.", by=None)
    withdrawn = resolutions.draft(plenary.event, "Dropped", "Not needed.", by=None)
    resolutions.withdraw(withdrawn, by=None)
    resolutions.adopt(second, DecisionMethod.CONSENSUS, by=None)
    resolutions.adopt(first, DecisionMethod.CONSENSUS, by=None)
    assert resolutions.label(second) == "CASCO Resolution 1/2030"
    assert resolutions.label(first) == "CASCO Resolution 2/2030"
    assert withdrawn.number is None and withdrawn.status is ResolutionStatus.WITHDRAWN
    # Another committee numbers its own from 1.
    other = committee_meeting(code="ISO/TC 176")
    theirs = resolutions.draft(other.event, "Scope", "TC 176 confirms its scope.", by=None)
    resolutions.adopt(theirs, DecisionMethod.CONSENSUS, by=None)
    assert resolutions.label(theirs) == "TC 176 Resolution 1/2030"
    with pytest.raises(DecisionError):
        resolutions.adopt(first, DecisionMethod.CONSENSUS, by=None)


def test_edits_keep_versions_and_translations_side_by_side(app_ctx):
    plenary = committee_meeting()
    document = Document(committee_id=plenary.committee.id, reference="N 12", title="Roadmap")
    db.session.add(document)
    db.session.flush()
    draft = resolutions.draft(plenary.event, "Roadmap", "approves the roadmap", by=None,
                              document_ids=[document.id])
    resolutions.edit(draft, by=None, texts={"en": "approves the roadmap N 12"})
    resolutions.adopt(draft, DecisionMethod.CONSENSUS, by=None)
    resolutions.edit(draft, by=None, texts={"fr": "approuve la feuille de route N 12"})
    texts = resolutions.current_texts(draft)
    assert list(texts) == ["en", "fr"]
    assert texts["en"].version == 2 and texts["en"].text == "approves the roadmap N 12"
    assert [d.reference for d in draft.documents] == ["N 12"]
    with pytest.raises(DecisionError):
        resolutions.edit(draft, by=None, texts={"en": "something else"})
    actions = db.session.scalars(select(DecisionLogEntry.action).order_by(DecisionLogEntry.id))
    assert list(actions) == ["drafted", "amended", "adopted", "translated"]


def test_a_document_of_another_committee_is_refused(app_ctx):
    plenary = committee_meeting()
    other = committee_meeting()
    foreign = Document(committee_id=other.committee.id, reference="N 1", title="Other")
    db.session.add(foreign)
    db.session.flush()
    with pytest.raises(DecisionError, match="documents of the committee"):
        resolutions.draft(plenary.event, "T", "text", by=None, document_ids=[foreign.id])


def test_a_p_member_not_present_cannot_vote_and_an_o_members_vote_is_refused(app_ctx):
    plenary = committee_meeting(p_members=5, present=3)
    draft = resolutions.draft(plenary.event, "Roadmap", "approves", by=None)
    vote = votes.open_vote(draft, plenary.sessions[0], by=None)
    absent = plenary.p_members[4]
    with pytest.raises(VoteRefused, match="not present"):
        votes.cast(vote, absent, VoteChoice.NO, by=None, channel=BallotChannel.CALLED_OUT)
    with pytest.raises(VoteRefused, match="O-member"):
        votes.cast(vote, plenary.o_member, VoteChoice.NO, by=None,
                   channel=BallotChannel.CALLED_OUT)
    with pytest.raises(VoteRefused, match="liaison"):
        votes.cast(vote, plenary.liaison, VoteChoice.NO, by=None,
                   channel=BallotChannel.CALLED_OUT)
    assert vote.ballots == []


def test_a_simple_majority_of_the_p_members_voting_adopts_and_numbers_it(app_ctx):
    plenary = committee_meeting(p_members=5, present=4, remote=2)
    draft = resolutions.draft(plenary.event, "Roadmap", "approves", by=None)
    vote = votes.open_vote(draft, plenary.sessions[0], by=None)
    choices = [VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSTAIN, VoteChoice.YES]
    for nsb, choice in zip(plenary.p_members, choices, strict=False):
        votes.cast(vote, nsb, choice, by=None, channel=BallotChannel.HEAD_OF_DELEGATION)
    # A change of mind while the vote is open replaces the ballot: one country, one vote.
    votes.cast(vote, plenary.p_members[1], VoteChoice.ABSTAIN, by=None,
               channel=BallotChannel.CALLED_OUT)
    result = votes.close_vote(vote, by=None)
    assert (result.yes, result.no, result.abstain) == (2, 0, 2) and result.carried
    assert draft.status is ResolutionStatus.ADOPTED and draft.method is DecisionMethod.VOTE
    assert draft.number == 1
    with pytest.raises(VoteRefused, match="closed"):
        votes.close_vote(vote, by=None)
    with pytest.raises(VoteRefused, match="closed"):
        votes.cast(vote, plenary.p_members[0], VoteChoice.NO, by=None,
                   channel=BallotChannel.CALLED_OUT)
    ballots = db.session.scalars(select(DecisionLogEntry).where(
        DecisionLogEntry.action == "ballot")).all()
    assert [(b.details["before"], b.details["after"]) for b in ballots][-1] == ("no", "abstain")


def test_a_two_thirds_rule_set_for_the_committee_is_applied(app_ctx):
    plenary = committee_meeting(p_members=3, present=3)
    db.session.add(CommitteeDecisionRules(committee=plenary.committee,
                                          majority=MajorityRule.TWO_THIRDS))
    draft = resolutions.draft(plenary.event, "Scope", "changes the scope", by=None)
    vote = votes.open_vote(draft, None, by=None)
    for nsb, choice in zip(plenary.p_members, [VoteChoice.YES, VoteChoice.NO, VoteChoice.NO],
                           strict=True):
        votes.cast(vote, nsb, choice, by=None, channel=BallotChannel.CALLED_OUT)
    result = votes.close_vote(vote, by=None)
    assert not result.carried and draft.status is ResolutionStatus.DRAFT and draft.number is None


def test_publishing_resolutions_meets_or_misses_the_48_hours_by_its_own_time(app_ctx):
    on_time = committee_meeting()
    late = committee_meeting()
    for plenary, delay in ((on_time, timedelta(hours=47)), (late, timedelta(hours=49))):
        draft = resolutions.draft(plenary.event, "Roadmap", "approves", by=None)
        with pytest.raises(DecisionError, match="nothing to publish"):
            resolutions.publish(plenary.event, by=None)
        resolutions.adopt(draft, DecisionMethod.CONSENSUS, by=None)
        resolutions.publish(plenary.event, by=None, now=plenary.event.ends_at + delay)
    found = deadlines_for([on_time.event, late.event])
    state = {event_id: next(d.state() for d in found[event_id]
                            if d.kind is DeadlineKind.RESOLUTIONS) for event_id in found}
    assert state[on_time.event.id] is DeadlineState.DONE
    assert state[late.event.id] is DeadlineState.DONE_LATE


def test_the_minutes_draft_lists_attendees_agenda_resolutions_and_votes(app_ctx):
    plenary = committee_meeting(p_members=4, present=3, remote=1, timezone="America/Bogota")
    draft = resolutions.draft(plenary.event, "Roadmap", "approves", by=None)
    vote = votes.open_vote(draft, plenary.sessions[0], by=None)
    votes.cast(vote, plenary.p_members[0], VoteChoice.YES, by=None,
               channel=BallotChannel.CALLED_OUT)
    votes.close_vote(vote, by=None)
    record_correspondence(plenary.event, plenary.p_members[3], "Written comments", by=None)
    text = minutes.draft_text(plenary.event)
    assert "3 of 4 P-members were present." in text
    head = plenary.heads[plenary.p_members[0].acronym].full_name
    assert f"head of delegation: {head}" in text
    assert "(online)" in text
    assert "adopted by vote: 1 yes, 0 no, 0 abstentions" in text
    assert plenary.p_members[3].acronym in text.split("Participating by correspondence:")[1]
    with pytest.raises(DecisionError):
        minutes.publish(plenary.event, by=None)
    minutes.save(plenary.event, text + "\nEdited by the secretary.", by=None)
    record = minutes.publish(plenary.event, by=None,
                             now=plenary.event.ends_at + timedelta(weeks=3))
    assert record.minutes_published_at == plenary.event.ends_at + timedelta(weeks=3)
    deadline = next(d for d in deadlines_for([plenary.event])[plenary.event.id]
                    if d.kind is DeadlineKind.MINUTES)
    assert deadline.state(datetime(2031, 1, 1, tzinfo=UTC)) is DeadlineState.DONE


def test_the_minutes_show_the_agenda_as_held_with_its_moves_and_cancellations(app_ctx):
    plenary = committee_meeting(timezone="Europe/Madrid")
    opening, second = plenary.sessions
    db.session.add(AgendaItem(event=plenary.event, session=opening, title="Адопция повестки",
                              position=0))
    publish_agenda(plenary.event, by=None)
    second.cancelled = True
    opening.starts_at += timedelta(hours=1)
    opening.ends_at += timedelta(hours=1)
    publish_agenda(plenary.event, by=None)
    text = minutes.draft_text(plenary.event)
    held = text.split("The agenda as held")[1]
    # 06:00 UTC in May is 08:00 in Madrid (summer time): the first version had it there.
    assert "Opening session" in held and "moved from" in held and "08:00" in held
    assert "Second day" in held and "cancelled" in held
    assert "1 Адопция повестки" in held
