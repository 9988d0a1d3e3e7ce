"""Directives deadlines of committee meetings, computed from the meeting's dates and kind.

ISO/IEC Directives, as applied by ISO: the committee's draft agenda goes out 16 weeks before
its meeting (8 weeks before a virtual one); documents for decision 6 weeks before; resolutions
within 48 hours after; minutes with the list of attendees within 4 weeks after. A working
group's agenda goes out 6 weeks before (4 before a virtual meeting). Due dates are never
stored: they move with the meeting. What is stored is whether each one is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from events.agenda.publishing import first_publications
from events.extensions import db
from events.models import (
    DeadlineCompletion,
    DeadlineKind,
    Event,
    EventKind,
    User,
    utcnow,
)
from events.models.base import LabelledEnum

DUE_SOON = timedelta(days=14)


@dataclass(frozen=True)
class DeadlineRule:
    kind: DeadlineKind
    # Negative: before the meeting starts; positive: after it ends.
    offset: timedelta
    offset_if_virtual: timedelta
    rule: str  # the Directives' wording, shown beside the due date

    def due_at(self, event: Event) -> datetime:
        offset = self.offset_if_virtual if event.is_online else self.offset
        anchor = event.starts_at if offset < timedelta(0) else event.ends_at
        return anchor + offset


COMMITTEE_MEETING = (
    DeadlineRule(DeadlineKind.DRAFT_AGENDA, timedelta(weeks=-16), timedelta(weeks=-8),
                 _l("16 weeks before the meeting; 8 weeks before a virtual meeting")),
    DeadlineRule(DeadlineKind.DOCUMENTS_FOR_DECISION, timedelta(weeks=-6), timedelta(weeks=-6),
                 _l("6 weeks before the meeting")),
    DeadlineRule(DeadlineKind.RESOLUTIONS, timedelta(hours=48), timedelta(hours=48),
                 _l("48 hours after the meeting")),
    DeadlineRule(DeadlineKind.MINUTES, timedelta(weeks=4), timedelta(weeks=4),
                 _l("4 weeks after the meeting")),
)
WORKING_GROUP_MEETING = (
    DeadlineRule(DeadlineKind.WG_AGENDA, timedelta(weeks=-6), timedelta(weeks=-4),
                 _l("6 weeks before the meeting; 4 weeks before a virtual meeting")),
)
# Publishing the agenda here counts as circulating it.
_DONE_BY_PUBLISHING = {DeadlineKind.DRAFT_AGENDA, DeadlineKind.WG_AGENDA}


def rules_for(event: Event) -> tuple[DeadlineRule, ...]:
    """A committee's plenary meeting and its working groups' meetings have deadlines;
    workshops and meetings without a committee have none."""
    if event.committee_id is None:
        return ()
    if event.kind is EventKind.PLENARY:
        return COMMITTEE_MEETING
    if event.kind is EventKind.WORKING_GROUP:
        return WORKING_GROUP_MEETING
    return ()


class DeadlineState(LabelledEnum):
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Deadline:
    event: Event
    rule: DeadlineRule
    due_at: datetime
    done_at: datetime | None = None
    # Done because the agenda was published here, not marked by hand.
    done_by_publishing: bool = False
    # The deadline's calendar SEQUENCE: it goes up when the deadline is marked or unmarked,
    # and when publishing the agenda makes it done.
    revision: int = 0
    modified_at: datetime | None = None

    @property
    def kind(self) -> DeadlineKind:
        return self.rule.kind

    def state(self, now: datetime | None = None) -> DeadlineState:
        now = now or utcnow()
        if self.done_at is not None:
            return DeadlineState.DONE if self.done_at <= self.due_at else DeadlineState.DONE_LATE
        if now > self.due_at:
            return DeadlineState.OVERDUE
        if self.due_at - now <= DUE_SOON:
            return DeadlineState.DUE_SOON
        return DeadlineState.UPCOMING


def deadlines_for(events: Sequence[Event]) -> dict[int, list[Deadline]]:
    """Each event's deadlines with their done state, in two queries whatever the number."""
    with_rules = [event for event in events if rules_for(event)]
    ids = [event.id for event in with_rules]
    completions: dict[tuple[int, DeadlineKind], DeadlineCompletion] = {}
    published: dict[int, datetime] = {}
    if ids:
        completions = {(c.event_id, c.kind): c for c in db.session.scalars(
            select(DeadlineCompletion).where(DeadlineCompletion.event_id.in_(ids)))}
        published = first_publications(ids)
    found: dict[int, list[Deadline]] = {event.id: [] for event in events}
    for event in with_rules:
        for rule in rules_for(event):
            completion = completions.get((event.id, rule.kind))
            done_at = completion.done_at if completion else None
            # Twice the marks, plus one once publishing made it done: never goes down, as a
            # published version is never taken back and every mark adds two.
            revision = 2 * completion.revision if completion else 0
            modified_at = completion.updated_at if completion else None
            by_publishing = False
            if done_at is None and rule.kind in _DONE_BY_PUBLISHING and event.id in published:
                done_at, by_publishing = published[event.id], True
                revision += 1
                modified_at = max(filter(None, (modified_at, done_at)))
            found[event.id].append(Deadline(event, rule, rule.due_at(event), done_at,
                                            by_publishing, revision, modified_at))
    return found


def mark(event: Event, kind: DeadlineKind, *, done: bool, by: User | None,
         now: datetime | None = None) -> DeadlineCompletion:
    """Mark a deadline done (or not done after all). The caller commits."""
    if kind not in {rule.kind for rule in rules_for(event)}:
        raise ValueError(f"{event.slug} has no {kind.value} deadline")
    completion = db.session.scalar(select(DeadlineCompletion).where(
        DeadlineCompletion.event_id == event.id, DeadlineCompletion.kind == kind))
    if completion is None:
        completion = DeadlineCompletion(event_id=event.id, kind=kind, revision=0)
        db.session.add(completion)
    completion.done_at = (now or utcnow()) if done else None
    completion.done_by = by if done else None
    completion.revision = (completion.revision or 0) + 1
    db.session.flush()
    return completion
