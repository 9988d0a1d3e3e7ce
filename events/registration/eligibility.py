"""Who may register for an event, and why not: each refusal is a sentence a secretary can act on."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from events.auth.permissions import may_attend_group_meeting, meeting_group
from events.extensions import db
from events.models import (
    CommitteeMembership,
    CommitteeStatus,
    DelegateRole,
    Eligibility,
    Event,
    IsoCategory,
    Organisation,
    OrganisationKind,
    Person,
    RegionalMembership,
    RegistrationSettings,
)


def _always_welcome(event: Event) -> set[int]:
    """The host, the organisers and the committee's secretariat attend whatever the rule."""
    ids = [event.host_id, *(org.id for org in event.organisers)]
    if event.committee is not None:
        ids.append(event.committee.secretariat_id)
    return {org_id for org_id in ids if org_id is not None}


def _committee_statuses(event: Event) -> dict[int, CommitteeStatus]:
    if event.committee_id is None:
        return {}
    rows = db.session.execute(
        select(CommitteeMembership.organisation_id, CommitteeMembership.status)
        .where(CommitteeMembership.committee_id == event.committee_id)
    )
    return {organisation_id: status for organisation_id, status in rows}


def _regional_members(body_id: int | None) -> set[int]:
    if body_id is None:
        return set()
    return set(db.session.scalars(
        select(RegionalMembership.member_id).where(RegionalMembership.regional_body_id == body_id)
    ))


def refusal(event: Event, settings: RegistrationSettings, org: Organisation) -> str | None:
    """Why `org` may not send anyone to `event`, or None when it may."""
    if settings.eligibility is Eligibility.OPEN or org.id in _always_welcome(event):
        return None
    if settings.eligibility is Eligibility.GROUP_EXPERTS:  # decided person by person
        return None
    if settings.eligibility is Eligibility.COMMITTEE:
        committee = event.committee
        if committee is None:
            return _("This meeting is for the members of a committee, but no committee is set "
                     "for it. Ask the organisers.")
        if org.is_nsb and org.iso_category is IsoCategory.SUBSCRIBER:
            return _("%(org)s is an ISO subscriber member: subscriber members do not take part "
                     "in committee meetings.", org=org.acronym)
        status = _committee_statuses(event).get(org.id)
        if status is None:
            return _("%(org)s is neither a P- or O-member of %(committee)s nor one of its "
                     "liaison organisations, so it cannot register delegates for this meeting.",
                     org=org.acronym, committee=committee.code)
        return None
    body = settings.regional_body
    if body is None:
        return _("This meeting is for the members of a regional body, but none is set for it. "
                 "Ask the organisers.")
    if org.id == body.id or org.id in _regional_members(body.id):
        return None
    return _("%(org)s is not a member of %(body)s; this meeting is for %(body)s members.",
             org=org.acronym, body=body.acronym)


def person_refusal(event: Event, settings: RegistrationSettings, person: Person) -> str | None:
    """Why `person` may not come to `event`, or None: only a subgroup meeting open to the
    group's experts decides by person (its convenor, secretary and the committee secretary
    always come)."""
    if settings.eligibility is not Eligibility.GROUP_EXPERTS:
        return None
    subgroup = meeting_group(event)
    if subgroup is None:
        return _("This meeting is for the experts of a group, but no group is set for it. "
                 "Ask the organisers.")
    if may_attend_group_meeting(person, subgroup, event):
        return None
    return _("%(name)s is not an expert of %(committee)s %(group)s on the day of the meeting, "
             "and this meeting is for the group's experts, its convenor and the committee "
             "secretary. An NSB's focal point nominates experts; the committee secretary "
             "accepts them.", name=person.full_name, committee=subgroup.committee.code,
             group=subgroup.code)


def eligible_organisations(event: Event, settings: RegistrationSettings) -> list[Organisation]:
    """Organisations that may register people for `event`, for the form's list (two queries)."""
    query = select(Organisation).order_by(Organisation.acronym)
    welcome = _always_welcome(event)
    if settings.eligibility is Eligibility.COMMITTEE:
        statuses = _committee_statuses(event) if event.committee else {}
        candidates = db.session.scalars(
            query.where(Organisation.id.in_(set(statuses) | welcome))
        )
        return [org for org in candidates
                if org.id in welcome or _takes_part_in_committee(org, statuses)]
    if settings.eligibility is Eligibility.REGIONAL_BODY:
        members = _regional_members(settings.regional_body_id)
        if settings.regional_body_id is not None:
            members.add(settings.regional_body_id)
        return list(db.session.scalars(query.where(Organisation.id.in_(members | welcome))))
    return list(db.session.scalars(query))


def _takes_part_in_committee(org: Organisation, statuses: dict[int, CommitteeStatus]) -> bool:
    return org.id in statuses and not (org.is_nsb and org.iso_category is IsoCategory.SUBSCRIBER)


def role_refusal(org: Organisation, role: DelegateRole) -> str | None:
    """Roles that do not fit the organisation represented."""
    if role is DelegateRole.LIAISON_REPRESENTATIVE and org.kind is not OrganisationKind.LIAISON:
        return _("Only people representing a liaison organisation register as liaison "
                 "representatives; %(org)s is not one.", org=org.acronym)
    if role is DelegateRole.HEAD_OF_DELEGATION and org.kind is OrganisationKind.LIAISON:
        return _("A liaison organisation sends representatives, not a head of delegation: "
                 "choose “Liaison representative”.")
    return None
