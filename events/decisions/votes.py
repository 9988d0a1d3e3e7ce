"""Votes when consensus is not reached: one country, one vote, among the P-members present.

A vote is held in a session; its voters are the P-members present there (on site or online,
by the roll call). O-members and liaisons take part in the meeting but do not vote, and a
P-member that is not present cannot vote. Each P-member votes through its head of delegation,
or the secretary records the votes called out in the room. The committee's majority rule
decides; abstentions are never counted as votes cast. A vote is closed once, and a carried
vote adopts the resolution.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from events.decisions.resolutions import DecisionError, adopt, log
from events.decisions.roll_call import RollCall, roll_call
from events.extensions import db
from events.models import (
    Ballot,
    BallotChannel,
    CommitteeDecisionRules,
    CommitteeStatus,
    DecisionMethod,
    Event,
    MajorityRule,
    Organisation,
    Resolution,
    ResolutionStatus,
    Session,
    User,
    Vote,
    VoteChoice,
    utcnow,
)


class VoteRefused(DecisionError):
    """A ballot or a step of a vote the rules do not allow."""


def majority_rule(committee_id: int) -> MajorityRule:
    rules = db.session.get(CommitteeDecisionRules, committee_id)
    return rules.majority if rules is not None else MajorityRule.SIMPLE


def set_majority_rule(event: Event, rule: MajorityRule, *, by: User | None) -> None:
    """Set the majority rule of the event's committee (votes opened afterwards use it; an
    open vote keeps the rule it was opened with). The caller commits."""
    if event.committee_id is None:
        raise VoteRefused(_("Only a committee's meeting adopts resolutions."))
    rules = db.session.get(CommitteeDecisionRules, event.committee_id)
    if rules is None:
        rules = CommitteeDecisionRules(committee_id=event.committee_id)
        db.session.add(rules)
    before = rules.majority.value if rules.majority else MajorityRule.SIMPLE.value
    rules.majority = rule
    db.session.flush()
    if before != rule.value:
        log(event, "majority_rule", by, before=before, after=rule.value)


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int
    majority: MajorityRule

    @property
    def cast(self) -> int:
        """Votes cast: abstentions are not counted."""
        return self.yes + self.no

    @property
    def carried(self) -> bool:
        if self.cast == 0:
            return False
        if self.majority is MajorityRule.TWO_THIRDS:
            return 3 * self.yes >= 2 * self.cast
        return self.yes > self.no


def tally(vote: Vote) -> Tally:
    counts = {choice: 0 for choice in VoteChoice}
    for ballot in vote.ballots:
        counts[ballot.choice] += 1
    return Tally(counts[VoteChoice.YES], counts[VoteChoice.NO], counts[VoteChoice.ABSTAIN],
                 vote.majority)


def open_vote(resolution: Resolution, session: Session | None, *, by: User | None) -> Vote:
    """Open a vote on a draft, in `session` (None: the whole meeting). The caller commits."""
    if resolution.status is not ResolutionStatus.DRAFT:
        raise VoteRefused(_("Only a draft can be put to the vote."))
    if session is not None and session.event_id != resolution.event_id:
        raise VoteRefused(_("Choose a session of this meeting."))
    if open_vote_on(resolution) is not None:
        raise VoteRefused(_("A vote on this draft is already open."))
    vote = Vote(resolution=resolution, session=session,
                majority=majority_rule(resolution.committee_id),
                opened_by_id=by.id if by else None)
    db.session.add(vote)
    db.session.flush()
    log(resolution.event, "vote_opened", by, resolution, vote=vote.id,
        session=session.id if session else None, majority=vote.majority.value)
    return vote


def open_vote_on(resolution: Resolution) -> Vote | None:
    return db.session.scalar(select(Vote).where(Vote.resolution_id == resolution.id,
                                                Vote.closed_at.is_(None)))


def voters(vote: Vote) -> RollCall:
    """The roll call the vote is held on: its session's (or the whole meeting's)."""
    return roll_call(vote.resolution.event, vote.session)


def refusal(vote: Vote, organisation: Organisation, call: RollCall) -> str | None:
    """Why `organisation` may not vote in `vote` (None: it may)."""
    if not vote.is_open:
        return _("The vote is closed: no vote can be cast or changed.")
    line = call.line_of(organisation.id)
    status = line.status if line else None
    if status is None:
        return _("%(nsb)s is not a member of the committee and does not vote.",
                 nsb=organisation.acronym)
    if status is CommitteeStatus.O:
        return _("%(nsb)s is an O-member: O-members take part but do not vote.",
                 nsb=organisation.acronym)
    if status is not CommitteeStatus.P:
        return _("%(nsb)s is a liaison: liaisons take part but do not vote.",
                 nsb=organisation.acronym)
    if line is None or not line.present:
        return _("%(nsb)s is not present at this session (neither checked in nor online): "
                 "only the P-members present vote.", nsb=organisation.acronym)
    return None


def cast(vote: Vote, organisation: Organisation, choice: VoteChoice, *, by: User | None,
         channel: BallotChannel, call: RollCall | None = None) -> Ballot:
    """Cast (or change, while the vote is open) `organisation`'s one vote. The caller
    commits; a refusal changes nothing."""
    reason = refusal(vote, organisation, call or voters(vote))
    if reason:
        raise VoteRefused(reason)
    ballot = db.session.scalar(select(Ballot).where(Ballot.vote_id == vote.id,
                                                    Ballot.organisation_id == organisation.id))
    before = ballot.choice.value if ballot else None
    if ballot is None:
        ballot = Ballot(vote=vote, organisation=organisation)
        db.session.add(ballot)
    ballot.choice = choice
    ballot.channel = channel
    ballot.cast_by_id = by.id if by else None
    db.session.flush()
    if before != choice.value:
        log(vote.resolution.event, "ballot", by, vote.resolution, vote=vote.id,
            nsb=organisation.acronym, before=before, after=choice.value, channel=channel.value)
    return ballot


def close_vote(vote: Vote, *, by: User | None, now: datetime | None = None) -> Tally:
    """Close the vote, once, and keep its result; a carried vote adopts the resolution with
    its number. The caller commits."""
    if not vote.is_open:
        raise VoteRefused(_("The vote was closed already; a vote is closed once."))
    now = now or utcnow()
    result = tally(vote)
    vote.closed_at = now
    vote.closed_by_id = by.id if by else None
    vote.carried = result.carried
    db.session.flush()
    log(vote.resolution.event, "vote_closed", by, vote.resolution, vote=vote.id,
        yes=result.yes, no=result.no, abstain=result.abstain, carried=result.carried)
    if result.carried:
        adopt(vote.resolution, DecisionMethod.VOTE, by=by, now=now)
    return result


def votes_of(resolutions: list[Resolution]) -> dict[int, list[Vote]]:
    """Each resolution's votes with their ballots and NSBs, in two queries."""
    found: dict[int, list[Vote]] = {r.id: [] for r in resolutions}
    if not resolutions:
        return found
    for vote in db.session.scalars(
            select(Vote).where(Vote.resolution_id.in_(list(found)))
            .options(selectinload(Vote.ballots).selectinload(Ballot.organisation))
            .order_by(Vote.opened_at, Vote.id)):
        found[vote.resolution_id].append(vote)
    return found

