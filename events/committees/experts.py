"""Experts of a subgroup: a focal point nominates, the committee secretary accepts or
declines, a membership ends. Each operation checks everything before it changes anything and
raises `ExpertRefused` with a sentence for the user; the caller commits."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from events.auth.permissions import is_committee_secretary, may_nominate
from events.extensions import db
from events.models import (
    ExpertStatus,
    Organisation,
    Person,
    Subgroup,
    SubgroupExpert,
    User,
    normalise_email,
    utcnow,
)


class ExpertRefused(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _person(email: str, given_name: str, family_name: str,
            organisation: Organisation) -> Person:
    email = normalise_email(email)
    person = db.session.scalar(select(Person).where(Person.email == email))
    if person is None:
        person = Person(email=email, given_name=given_name.strip(),
                        family_name=family_name.strip(), organisation=organisation)
        db.session.add(person)
        db.session.flush()
    return person


def in_play(subgroup: Subgroup, person: Person) -> SubgroupExpert | None:
    """The person's nomination to the group that is waiting or accepted, if any."""
    return db.session.scalar(select(SubgroupExpert).where(
        SubgroupExpert.subgroup_id == subgroup.id, SubgroupExpert.person_id == person.id,
        SubgroupExpert.status.in_((ExpertStatus.NOMINATED, ExpertStatus.ACCEPTED))))


def nominate(subgroup: Subgroup, organisation: Organisation, *, email: str, given_name: str,
             family_name: str, by: User) -> SubgroupExpert:
    """`by`, focal point of `organisation`, puts someone forward as an expert of `subgroup`."""
    if not may_nominate(by, subgroup, organisation):
        raise ExpertRefused(_(
            "%(org)s cannot nominate experts to %(group)s: experts are nominated by the "
            "P-members and the A- and D-liaisons of %(committee)s, through their focal point.",
            org=organisation.acronym, group=subgroup.code,
            committee=subgroup.committee.code), "organisation")
    person = _person(email, given_name, family_name, organisation)
    current = in_play(subgroup, person)
    if current is not None:
        raise ExpertRefused(_(
            "%(name)s is already an expert of %(group)s or waits for the secretary's "
            "decision (%(status)s).", name=person.full_name, group=subgroup.code,
            status=current.status.label), "email")
    expert = SubgroupExpert(subgroup=subgroup, person=person, nominated_by=organisation,
                            nominated_by_user=by, status=ExpertStatus.NOMINATED)
    db.session.add(expert)
    db.session.flush()
    return expert


def _check_secretary(expert: SubgroupExpert, by: User) -> None:
    if not is_committee_secretary(by, expert.subgroup.committee):
        raise ExpertRefused(_("Only the secretary of %(committee)s decides on nominations.",
                              committee=expert.subgroup.committee.code))


def accept(expert: SubgroupExpert, *, by: User, starts_on: date | None = None,
           ends_on: date | None = None, now: datetime | None = None) -> SubgroupExpert:
    """The secretary accepts a nomination: the membership starts (today unless told)."""
    _check_secretary(expert, by)
    if expert.status is not ExpertStatus.NOMINATED:
        raise ExpertRefused(_("This nomination was already decided (%(status)s).",
                              status=expert.status.label))
    now = now or utcnow()
    starts_on = starts_on or now.date()
    if ends_on is not None and ends_on < starts_on:
        raise ExpertRefused(_("The membership cannot end before it starts."), "ends_on")
    expert.status = ExpertStatus.ACCEPTED
    expert.starts_on, expert.ends_on = starts_on, ends_on
    expert.decided_by, expert.decided_at = by, now
    expert.decision_reason = None
    db.session.flush()
    return expert


def decline(expert: SubgroupExpert, reason: str, *, by: User,
            now: datetime | None = None) -> SubgroupExpert:
    """The secretary declines a nomination, saying why (the focal point reads it)."""
    _check_secretary(expert, by)
    if expert.status is not ExpertStatus.NOMINATED:
        raise ExpertRefused(_("This nomination was already decided (%(status)s).",
                              status=expert.status.label))
    reason = reason.strip()
    if not reason:
        raise ExpertRefused(_("Say why the nomination is declined: the focal point reads it."),
                            "reason")
    expert.status = ExpertStatus.DECLINED
    expert.decided_by, expert.decided_at = by, now or utcnow()
    expert.decision_reason = reason
    db.session.flush()
    return expert


def end_membership(expert: SubgroupExpert, ends_on: date, *, by: User) -> SubgroupExpert:
    """The secretary ends an accepted expert's membership on `ends_on`."""
    _check_secretary(expert, by)
    if expert.status is not ExpertStatus.ACCEPTED:
        raise ExpertRefused(_("Only an accepted expert's membership can end."))
    if expert.starts_on is not None and ends_on < expert.starts_on:
        raise ExpertRefused(_("The membership cannot end before it starts."), "ends_on")
    expert.ends_on = ends_on
    db.session.flush()
    return expert
