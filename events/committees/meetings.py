"""A subgroup's meetings: an event of the committee becomes the meeting of one of its groups,
open to the group's experts (who then register person by person, approved by the convenor)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from events.extensions import db
from events.models import (
    Eligibility,
    Event,
    EventKind,
    Subgroup,
    SubgroupMeeting,
)
from events.registration.settings import editable_settings


class MeetingRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def candidate_meetings(subgroup: Subgroup) -> list[Event]:
    """Working group meetings of the group's committee that no group holds yet."""
    held = select(SubgroupMeeting.event_id)
    return list(db.session.scalars(
        select(Event).where(Event.committee_id == subgroup.committee_id,
                            Event.kind == EventKind.WORKING_GROUP, Event.id.not_in(held))
        .order_by(Event.starts_at.desc())))


def hold_meeting(subgroup: Subgroup, event: Event | None) -> SubgroupMeeting:
    """Make `event` the meeting of `subgroup`, open to its experts (the caller commits)."""
    if event is None or event not in candidate_meetings(subgroup):
        raise MeetingRefused(_(
            "Choose a working group meeting of %(committee)s that no group holds yet.",
            committee=subgroup.committee.code))
    link = SubgroupMeeting(event=event, subgroup=subgroup)
    db.session.add(link)
    editable_settings(event).eligibility = Eligibility.GROUP_EXPERTS
    db.session.flush()
    return link
