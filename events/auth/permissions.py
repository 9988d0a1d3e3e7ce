"""Who may do what. Every rule lives here; views declare the one they need with `@requires`.

A rule is a function of the user and the objects the view works on (loaded from the URL by
the converters in `events.routing`). Templates ask the same rules through `can(...)`, so a
button is shown exactly when the view behind it would let the user in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import abort, g, has_request_context
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import selectinload

from events.extensions import db, login_manager
from events.models import (
    ApprovalPolicy,
    Committee,
    CommitteeMembership,
    CommitteeStatus,
    Event,
    EventSeries,
    EventStatus,
    OfficerRole,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    Role,
    RoleGrant,
    Subgroup,
    SubgroupLiaison,
    SubgroupMeeting,
    User,
    event_organisers,
    settings_for,
    utcnow,
)

P = ParamSpec("P")
R = TypeVar("R")
Rule = Callable[..., bool]


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_secretariat(user: Any) -> bool:
    return _signed_in(user) and user.is_secretariat


def _covers(grant: Any, event: Event) -> bool:
    """Whether a grant is about `event`: given for this very event, or for an organisation
    that hosts or organises it. Empty values never match: an event-scoped grant has no
    organisation and a host-less event no host, and `None == None` once let the organiser
    of one event run every host-less one."""
    if grant.event_id is not None and grant.event_id == event.id:
        return True
    if grant.organisation_id is None:
        return False
    return grant.organisation_id == event.host_id or any(
        org.id == grant.organisation_id for org in event.organisers)


def is_organiser(user: Any, event: Event) -> bool:
    """Secretariat, an organiser of this event, or staff of its host or organising bodies."""
    if not _signed_in(user):
        return False
    if user.is_secretariat:
        return True
    return any(grant.role is Role.ORGANISER and _covers(grant, event) for grant in user.grants)


def holds_meeting_role(user: Any, event: Event, role: Role) -> bool:
    """A narrow role for this meeting (door staff, registration manager, visa desk), given
    for the meeting itself or for the organisation that hosts or organises it."""
    return _signed_in(user) and any(
        grant.role is role and _covers(grant, event) for grant in user.grants)


def may_manage_registrations(user: Any, event: Event) -> bool:
    """Organisers, and the meeting's registration managers: registrations, approvals,
    waiting lists and their exports (emails, dietary and accessibility needs)."""
    return is_organiser(user, event) or holds_meeting_role(
        user, event, Role.REGISTRATION_MANAGER)


def may_check_in(user: Any, event: Event) -> bool:
    """Organisers, and door staff, who check people in and see names and NSBs only."""
    return is_organiser(user, event) or holds_meeting_role(user, event, Role.DOOR_STAFF)


def organiser_bodies(user: Any) -> set[int]:
    """The organisations whose hosted and organised events `user` runs."""
    return {grant.organisation_id for grant in user.grants
            if grant.role is Role.ORGANISER and grant.organisation_id is not None}


def is_any_organiser(user: Any) -> bool:
    """Secretariat, or organiser of some event or organisation: has an organiser's desk."""
    return _signed_in(user) and (
        user.is_secretariat or any(grant.role is Role.ORGANISER for grant in user.grants)
    )


def may_create_events(user: Any) -> bool:
    """Secretariat, or organiser for an organisation (an event's own organiser may not)."""
    return _signed_in(user) and (user.is_secretariat or bool(organiser_bodies(user)))


def organised_events(user: Any) -> Select[int]:
    """Ids of the events `user` organises: `is_organiser` as a query, for listings."""
    if user.is_secretariat:
        return select(Event.id)
    bodies = organiser_bodies(user)
    own = [grant.event_id for grant in user.grants
           if grant.role is Role.ORGANISER and grant.event_id is not None]
    organised = select(event_organisers.c.event_id).where(
        event_organisers.c.organisation_id.in_(bodies))
    return select(Event.id).where(or_(
        Event.id.in_(own), Event.host_id.in_(bodies), Event.id.in_(organised)))


def organises_in_series(user: Any, series: EventSeries) -> bool:
    """Whether `user` organises any edition of the series (one query)."""
    if not _signed_in(user):
        return False
    return db.session.scalar(
        select(Event.id).where(Event.series_id == series.id,
                               Event.id.in_(organised_events(user))).limit(1)
    ) is not None


def regional_body_in_series(user: Any, series: EventSeries) -> bool:
    """Whether `user` organises for a regional body whose members registered for, or took
    part in, an edition of the series (COPANT's coordinator and the ISO/CASCO plenaries its
    NSBs attend): following their members over the years is the regional body's work."""
    if not _signed_in(user):
        return False
    from events.models import Attendance, RegionalMembership

    bodies = organiser_bodies(user)
    if not bodies:
        return False
    members = select(RegionalMembership.member_id).where(
        RegionalMembership.regional_body_id.in_(bodies))
    editions = select(Event.id).where(Event.series_id == series.id)
    for record in (Registration, Attendance):
        if db.session.scalar(select(record.id).where(
                record.event_id.in_(editions),
                record.organisation_id.in_(members)).limit(1)) is not None:
            return True
    return False


def join_details_for(user: Any, events: Sequence[Event]) -> set[int]:
    """Rule "event.join_details" for many events at once (one query): the ids of `events`
    whose online join details `user` may see. Load `Event.organisers` beforehand."""
    if not _signed_in(user) or not events:
        return set()
    entitled = {event.id for event in events if is_organiser(user, event)}
    others = [event.id for event in events if event.id not in entitled]
    if others:
            entitled.update(db.session.scalars(select(Registration.event_id).where(
            Registration.event_id.in_(others),
            Registration.person_id == user.person_id,
            Registration.status == RegistrationStatus.APPROVED,
        )))
    return entitled


def has_approved_registration(user: Any, event: Event) -> bool:
    if not _signed_in(user):
        return False
    return db.session.scalar(
        select(Registration.id).where(
            Registration.event_id == event.id,
            Registration.person_id == user.person_id,
            Registration.status == RegistrationStatus.APPROVED,
        )
    ) is not None


def has_attended(user: Any, event: Event) -> bool:
    if not _signed_in(user):
        return False
    from events.models import Attendance

    return db.session.scalar(
        select(Attendance.id).where(Attendance.event_id == event.id,
                                    Attendance.person_id == user.person_id).limit(1)
    ) is not None


def is_facilitator(user: Any, event: Event) -> bool:
    """The facilitator named on an online prep session (records problems for others)."""
    if not _signed_in(user):
        return False
    from events.models import PrepSessionDetails

    return db.session.scalar(
        select(PrepSessionDetails.id).where(PrepSessionDetails.event_id == event.id,
                                            PrepSessionDetails.facilitator_id == user.person_id)
    ) is not None


def is_focal_point_at(user: Any, event: Event) -> bool:
    """Focal point of an organisation registered for, or present at, the event."""
    if not _signed_in(user):
        return False
    org_ids = {g.organisation_id for g in user.grants if g.role is Role.FOCAL_POINT}
    if not org_ids:
        return False
    from events.models import Attendance

    taking_part = select(Registration.organisation_id).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.APPROVED
    ).union(select(Attendance.organisation_id).where(Attendance.event_id == event.id))
    return bool(org_ids & set(db.session.scalars(taking_part)))


def is_focal_point(user: Any, organisation: Organisation) -> bool:
    if not _signed_in(user):
        return False
    return user.is_secretariat or any(
        grant.role is Role.FOCAL_POINT and grant.organisation_id == organisation.id
        for grant in user.grants
    )


def is_host_organiser(user: Any, event: Event) -> bool:
    """Staff of the host organisation (or organisers of this very event when it has no host),
    and the host's visa desk: the people who issue invitation letters and so may read
    passport details."""
    if not _signed_in(user):
        return False
    return any(
        grant.role in (Role.ORGANISER, Role.VISA_DESK)
        and ((event.host_id is not None and grant.organisation_id == event.host_id)
             or (grant.event_id is not None and grant.event_id == event.id
                 and (event.host_id is None or grant.role is Role.VISA_DESK)))
        for grant in user.grants
    )


def may_see_passports(user: Any) -> bool:
    """Whether `user` may ever read passport details (invitation letters) of some meeting:
    such accounts must sign in with a second factor."""
    return _signed_in(user) and any(
        grant.role in (Role.ORGANISER, Role.VISA_DESK) for grant in user.grants)


def is_any_focal_point(user: Any) -> bool:
    return _signed_in(user) and (user.is_secretariat or any(
        grant.role is Role.FOCAL_POINT for grant in user.grants))


def may_decide(user: Any, registration: Registration) -> bool:
    """Organisers decide on any registration; focal points on their organisation's when the
    event leaves approval to focal points."""
    if may_manage_registrations(user, registration.event):
        return True
    return (settings_for(registration.event).approval_policy is ApprovalPolicy.FOCAL_POINT
            and is_focal_point(user, registration.organisation))


def may_cancel(user: Any, registration: Registration) -> bool:
    """The delegate, the focal point of the organisation represented, the organisers."""
    if not _signed_in(user):
        return False
    return (registration.person_id == user.person_id
            or is_focal_point(user, registration.organisation)
            or may_manage_registrations(user, registration.event))


def may_see_participants(user: Any, event: Event) -> bool:
    from events.models import ListVisibility

    if not (event.is_public or is_organiser(user, event)):
        return False
    settings = settings_for(event)
    return (settings.public_list is not ListVisibility.HIDDEN
            or is_organiser(user, event)
            or is_any_focal_point(user)
            or (settings.participants_list is not ListVisibility.HIDDEN
                and has_approved_registration(user, event)))


def may_add_after_deadline(user: Any, event: Event, organisation: Organisation) -> bool:
    """Focal points (for their organisation) and organisers register people outside the
    registration window."""
    return is_organiser(user, event) or is_focal_point(user, organisation)


def approved_on_entry(registration: Registration) -> bool:
    """Automatic events approve at once; so does an entry made by someone who may decide on
    it (`may_decide`)."""
    if settings_for(registration.event).approval_policy is ApprovalPolicy.AUTOMATIC:
        return True
    entered_by = registration.registered_by
    return entered_by is not None and may_decide(entered_by, registration)


def approvers(registration: Registration) -> list[User]:
    """Who decides on a pending registration (`may_decide` as a query, for the mail that asks
    them): the organisation's focal points when the event leaves it to them (the organisers
    when it has none), else the organisers. A subgroup's meeting asks its convenor and
    secretary, not the NSB (see `may_decide_registration`)."""
    event = registration.event
    group = meeting_group(event)
    if group is not None:
        leads = [person.user for person in (group.convenor, group.secretary)
                 if person is not None and person.user is not None and person.user.active]
        if leads:
            return leads
    if settings_for(event).approval_policy is ApprovalPolicy.FOCAL_POINT:
        focal_points = list(db.session.scalars(
            select(User).join(RoleGrant).where(
                RoleGrant.role == Role.FOCAL_POINT,
                RoleGrant.organisation_id == registration.organisation_id,
                User.active.is_(True),
            ).order_by(User.email)
        ))
        if focal_points:
            return focal_points
    return event_organiser_accounts(event)


def event_organiser_accounts(event: Event) -> list[User]:
    """The active accounts holding an organiser grant on `event` (`is_organiser` as a query,
    secretariat aside): of the event itself, of its host, or of an organising body."""
    bodies = select(event_organisers.c.organisation_id).where(
        event_organisers.c.event_id == event.id)
    by_body: ColumnElement[bool] = RoleGrant.organisation_id.in_(bodies)
    if event.host_id is not None:
        by_body = or_(by_body, RoleGrant.organisation_id == event.host_id)
    return list(db.session.scalars(
        select(User).join(RoleGrant).where(
            RoleGrant.role == Role.ORGANISER,
            User.active.is_(True),
            or_(RoleGrant.event_id == event.id, by_body),
        ).distinct().order_by(User.email)
    ))


def focal_point_organisation_ids(user: Any) -> set[int]:
    """The organisations `user` is the focal point of, by their grants (the secretariat's
    reach over every NSB is `is_focal_point`'s, not listed here)."""
    if not _signed_in(user):
        return set()
    return {grant.organisation_id for grant in user.grants
            if grant.role is Role.FOCAL_POINT and grant.organisation_id is not None}


def may_register_for(user: Any, event: Event, organisation: Organisation) -> bool:
    """Whom a person registering others may register for: organisers for any organisation,
    focal points for their own."""
    return is_organiser(user, event) or organisation.id in focal_point_organisation_ids(user)


def would_still_organise(user: Any, event: Event | None, host_id: int | None,
                         organiser_ids: Sequence[int]) -> bool:
    """Whether `user` keeps the right to run the meeting after giving it this host and these
    organisers: the secretariat always; an organiser of the event itself; otherwise one of
    the bodies they organise for must stay host or organiser."""
    if is_secretariat(user):
        return True
    if event is not None and any(grant.role is Role.ORGANISER and grant.event_id == event.id
                                 for grant in user.grants):
        return True
    chosen = {body for body in (host_id, *organiser_ids) if body is not None}
    return bool(organiser_bodies(user) & chosen)
# Committees, their subgroups and experts ---------------------------------------------------

# Member bodies and these liaisons put experts forward (the Directives' "P-members, A- and
# D-liaisons"); D-liaisons are recorded per group (`SubgroupLiaison`).
NOMINATING_STATUSES = (CommitteeStatus.P, CommitteeStatus.A)


def current_officer_ids(committee: Committee, role: OfficerRole,
                        day: date | None = None) -> set[int]:
    """Ids of the people holding `role` in `committee` on `day` (today)."""
    day = day or utcnow().date()
    return {officer.person_id for officer in committee.officers
            if officer.role is role and officer.holds_office_on(day)}


def is_current_expert(person_id: int | None, subgroup: Subgroup,
                      day: date | None = None) -> bool:
    day = day or utcnow().date()
    return person_id is not None and any(
        expert.person_id == person_id and expert.is_member_on(day)
        for expert in subgroup.experts)


def nominating_organisations(subgroup: Subgroup) -> list[Organisation]:
    """Organisations that may put experts forward for `subgroup`."""
    members = select(CommitteeMembership.organisation_id).where(
        CommitteeMembership.committee_id == subgroup.committee_id,
        CommitteeMembership.status.in_(NOMINATING_STATUSES))
    d_liaisons = select(SubgroupLiaison.organisation_id).where(
        SubgroupLiaison.subgroup_id == subgroup.id)
    return list(db.session.scalars(
        select(Organisation).where(or_(Organisation.id.in_(members),
                                       Organisation.id.in_(d_liaisons)))
        .order_by(Organisation.acronym)))


def _known_meeting_groups() -> dict[int, Subgroup | None]:
    return g.setdefault("meeting_groups", {}) if has_request_context() else {}


def meeting_group(event: Event) -> Subgroup | None:
    """The subgroup holding `event`, if it is a subgroup's meeting. Asked once per event and
    request: lists of registrations ask it for every row (see `preload_meeting_groups`)."""
    known = _known_meeting_groups()
    if event.id not in known:
        link = db.session.get(SubgroupMeeting, event.id)
        known[event.id] = link.subgroup if link is not None else None
    return known[event.id]


def preload_meeting_groups(event_ids: Iterable[int]) -> None:
    """Answer `meeting_group` for many events in one query, for a list that asks the
    registration rules of each of its rows."""
    known = _known_meeting_groups()
    wanted = set(event_ids) - known.keys()
    if not wanted or not has_request_context():
        return
    links = db.session.scalars(select(SubgroupMeeting).where(
        SubgroupMeeting.event_id.in_(wanted)).options(selectinload(SubgroupMeeting.subgroup)))
    found = {link.event_id: link.subgroup for link in links}
    known.update({event_id: found.get(event_id) for event_id in wanted})


def experts_meeting_group(event: Event) -> Subgroup | None:
    """The subgroup whose meeting `event` is, when the group (its convenor) approves who
    comes: every subgroup meeting is, whatever the eligibility rule."""
    return meeting_group(event)



def is_committee_secretary(user: Any, committee: Any) -> bool:
    """The secretariat, or the person holding the committee's office of secretary today."""
    if not _signed_in(user):
        return False
    if user.is_secretariat:
        return True
    return user.person_id in current_officer_ids(committee, OfficerRole.SECRETARY)


def leads_subgroup(user: Any, subgroup: Any) -> bool:
    """The group's convenor (or chair) and its secretary."""
    return _signed_in(user) and user.person_id in (subgroup.convenor_id, subgroup.secretary_id)


def nominating_bodies(user: Any, subgroup: Any) -> list[Organisation]:
    """The organisations for which `user` may nominate experts to `subgroup`: those they are
    focal point of that are P-members or A-liaisons of its committee, or D-liaisons of the
    group itself. O-members observe and send no experts; B- and C-liaisons do not either."""
    if not _signed_in(user):
        return []

    mine = {grant.organisation_id for grant in user.grants if grant.role is Role.FOCAL_POINT}
    return [org for org in nominating_organisations(subgroup) if org.id in mine]


def may_nominate(user: Any, subgroup: Any, organisation: Organisation) -> bool:
    return organisation in nominating_bodies(user, subgroup)


def may_see_experts(user: Any, subgroup: Any) -> bool:
    """Who an expert list names stays with the people who work with it: the committee
    secretary, the group's convenor and secretary, its experts, and focal points."""
    if not _signed_in(user):
        return False

    return (is_committee_secretary(user, subgroup.committee) or leads_subgroup(user, subgroup)
            or is_any_focal_point(user) or is_current_expert(user.person_id, subgroup))


def may_attend_group_meeting(person: Person, subgroup: Subgroup, event: Event) -> bool:
    """Experts of the group on the (local) first day of the meeting, its convenor and
    secretary, and the committee's secretary."""
    day = event.starts_at.astimezone(event.zone).date()
    return (person.id in (subgroup.convenor_id, subgroup.secretary_id)
            or person.id in current_officer_ids(subgroup.committee, OfficerRole.SECRETARY, day)
            or is_current_expert(person.id, subgroup, day))


def may_decide_registration(user: Any, registration: Registration) -> bool:
    """A subgroup's meeting open to its experts is approved by its convenor (and the
    organisers, and the committee secretary), never by the NSB's focal point: the expert acts
    for the group. Other meetings follow `may_decide`."""

    subgroup = experts_meeting_group(registration.event)
    if subgroup is None:
        return may_decide(user, registration)
    return (is_organiser(user, registration.event) or leads_subgroup(user, subgroup)
            or is_committee_secretary(user, subgroup.committee))
def token_may_write(user: Any) -> bool:
    """Writes through the API need a token of the write scope; the API never takes a browser
    session, so this is the token of the request (set by `events.api.auth`)."""
    token = g.get("api_token")
    return (_signed_in(user) and token is not None and token.user_id == user.id
            and token.may_write)


RULES: dict[str, Rule] = {
    "directory.manage": lambda user: is_secretariat(user),
    "event.view": lambda user, event: event.is_public or is_organiser(user, event),
    "event.organise": lambda user, event: is_organiser(user, event),
    # The delivery of the meeting's mails (addresses, servers' answers) and resending them.
    "event.mail_delivery": lambda user, event: is_organiser(user, event),
    # A job's page and file (e.g. certificates of everyone): the organisers of its meeting.
    "event.background_job": lambda user, event: is_organiser(user, event),
    "event.create": lambda user: may_create_events(user),
    "organise.dashboard": lambda user: is_any_organiser(user),
    # Online join link and dial-in details: organisers and approved participants only.
    "event.join_details": lambda user, event: event.id in join_details_for(user, [event]),
    "organisation.focal_point": lambda user, organisation: is_focal_point(user, organisation),
    # Check-in at the door, attendance imports and their review queue.
    "event.check_in": may_check_in,
    # Recording people outside the meeting's days (with a reason): the organisers' call.
    "event.check_in.outside_days": lambda user, event: is_organiser(user, event),
    "event.attendance.manage": lambda user, event: is_organiser(user, event),
    # Attendance figures by organisation (no names): organisers, and the focal points of the
    # NSBs taking part, who follow their delegation's continuity. Names of heads of
    # delegation stay with organisers ("event.organise").
    "event.attendance.report": lambda user, event: (
        is_organiser(user, event) or is_focal_point_at(user, event)
    ),
    # A delegate's own badge or ticket (its QR code).
    "event.ticket": lambda user, event: has_approved_registration(user, event),
    # After an online meeting: participants record the problems they met; the facilitator
    # and organisers may record them for a participant.
    "prep.report_problems": lambda user, event: (
        is_organiser(user, event) or is_facilitator(user, event)
        or has_approved_registration(user, event) or has_attended(user, event)
    ),
    "prep.record_for_others": lambda user, event: (
        is_organiser(user, event) or is_facilitator(user, event)
    ),
    # Registration.
    # Signing in is asked separately (login_required), so that visitors are sent to sign in.
    "event.register": lambda user, event: event.status is EventStatus.PUBLISHED,
    "event.register_others": lambda user, event: event.is_public and (
        may_manage_registrations(user, event) or is_any_focal_point(user)),
    # Registrations, waiting lists and their exports: organisers and registration managers.
    "event.registrations": may_manage_registrations,
    "event.participants": may_see_participants,
    "event.invitation_letters": lambda user, event: is_host_organiser(user, event),
    "registration.decide": may_decide_registration,
    "registration.cancel": may_cancel,
    "registration.organise": lambda user, registration: may_manage_registrations(
        user, registration.event),
    "focal_point.dashboard": lambda user: is_any_focal_point(user),
    # Continuity across a series' editions, by NSB (no names): the organisers of its
    # editions, the NSBs' focal points, who follow their own delegations over the years, and
    # the regional bodies whose members took part, who follow theirs.
    "series.attendance.report": lambda user, series: (
        is_any_focal_point(user) or organises_in_series(user, series)
        or regional_body_in_series(user, series)
    ),
    "account.signed_in": lambda user: _signed_in(user),
    # Committees: the page is public; the secretary imports and decides on nominations.
    "committee.manage": lambda user, committee: is_committee_secretary(user, committee),
    "subgroup.nominate": lambda user, subgroup: bool(nominating_bodies(user, subgroup)),
    "subgroup.experts": may_see_experts,
    "subgroup.registrations": lambda user, subgroup: (
        leads_subgroup(user, subgroup) or is_committee_secretary(user, subgroup.committee)),
    # The audit log: a meeting's for its organisers, all of it for the secretariat.
    "event.audit": lambda user, event: is_organiser(user, event),
    "audit.all": lambda user: is_secretariat(user),
    # The JSON API: each endpoint also asks the rule of the page doing the same job above.
    "api.write": token_may_write,
    # Webhooks: organisers for their meeting, focal points for their NSB's registrations.
    "webhook.event": lambda user, event: is_organiser(user, event),
    "webhook.organisation": lambda user, organisation: is_focal_point(user, organisation),
}


# Routes without `@requires`, and why: open to everyone (public pages, sign-in, links that
# carry their own signature), or to any signed-in person about their own account
# (`login_required`). The authorisation tests fail for a route in neither place.
UNGUARDED_ENDPOINTS: dict[str, str] = {
    "static": "public files",
    "healthz": "load balancers",
    "meetings.home": "public: published meetings",
    "meetings.series_page": "public: published editions",
    "directory.index": "public directory",
    "directory.organisation": "public directory",
    "calendar.series_feed": "public: published editions",
    "calendar.organisation_feed": "public: published meetings",
    "calendar.personal_feed": "its signed, revocable link",
    "reports.verify_form": "public: anyone may verify a certificate",
    "reports.verify_certificate": "public: anyone may verify a certificate",
    "auth.sign_in": "signing in",
    "auth.sign_up": "signing up",
    "auth.forgot_password": "signing in",
    "auth.confirm": "its signed link",
    "auth.reset": "its signed, single-use link",
    "auth.sign_out": "own account",
    "auth.resend_confirmation": "own account",
    "calendar.account": "own account",
    "calendar.reset": "own account",
    "two_factor.challenge": "signing in: only after a right password",
    "two_factor.setup": "own account",
    "two_factor.enable": "own account",
    "two_factor.disable": "own account",
    "account_security.security": "own account",
    "privacy.my_data": "own account",
    "privacy.download": "own account: only the signed-in person's data",
    "privacy.delete": "own account",
    "account_security.password": "own account",
    "account_security.sign_out_everywhere": "own account",
    "reports.my_certificate": "own account: only the signed-in person's certificate",
    "reports.my_invitation_letter": "own account: only the signed-in person's letter",
    "committees.index": "public: the committees",
    "committees.committee_page": "public: a committee as ISO's page shows it",
    "committees.subgroup_page": "public: a group (its experts' names by `subgroup.experts`)",
    "sso.start": "signing in, through an identity provider",
    "sso.callback": "signing in: the provider's answer, checked by Authlib",
    "api-docs.openapi_json": "public: the API's document",
    "api-docs.openapi_swagger_ui": "public: the API's page",
    # The JSON API authenticates each request by a personal token (events.api.auth) and asks
    # the rules above for its owner, endpoint by endpoint (tests/test_api.py).
    **{f"api.{name}": "the JSON API: a personal token, asked against the rules above"
       for name in ("meetings", "meeting", "agenda", "attendance", "organisations",
                    "organisation", "meeting_registrations", "organisation_registrations",
                    "register_delegate", "approve", "reject", "import_attendance_file",
                    "my_webhooks", "subscribe", "unsubscribe", "deliveries")},
}


def can(permission: str, user: User | Any | None = None, **targets: Any) -> bool:
    """Whether `user` (default: the signed-in user) holds `permission` on `targets`."""
    rule = RULES[permission]
    return rule(current_user if user is None else user, **targets)


def requires(
    permission: str, *, targets: tuple[str, ...] = (), hide: bool = False
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare the permission a view needs. `targets` names the view arguments the rule is
    about; with `hide`, a refusal answers 404 so a draft event does not reveal it exists."""
    if permission not in RULES:
        raise KeyError(f"unknown permission {permission!r}")

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            objects = {name: kwargs[name] for name in targets}
            if can(permission, **objects):
                return view(*args, **kwargs)
            if hide:
                abort(404)
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            abort(403)

        # Functions take attributes; a Callable's type has no place to say so.
        wrapper.permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator


# --- a plenary's decisions (events/decisions) --------------------------------------------

def head_of_delegation_for(user: Any, event: Event) -> int | None:
    """The organisation `user` heads the delegation of at `event` (approved registration as
    head of delegation), which is whose vote they cast; None otherwise."""
    if not _signed_in(user):
        return None
    from events.extensions import db
    from events.models import DelegateRole

    return db.session.scalar(select(Registration.organisation_id).where(
        Registration.event_id == event.id, Registration.person_id == user.person_id,
        Registration.role == DelegateRole.HEAD_OF_DELEGATION,
        Registration.status == RegistrationStatus.APPROVED))


def is_drafting_member(user: Any, event: Event) -> bool:
    """Named by the organisers to the meeting's resolutions drafting committee."""
    if not _signed_in(user):
        return False
    from events.extensions import db
    from events.models import DraftingCommitteeMember

    return db.session.scalar(select(DraftingCommitteeMember.id).where(
        DraftingCommitteeMember.event_id == event.id,
        DraftingCommitteeMember.person_id == user.person_id)) is not None


def may_read_minutes(user: Any, event: Event) -> bool:
    """Minutes name the attendees: they go to the committee (organisers, the participants,
    the focal points of the NSBs taking part), not to the public."""
    return (is_organiser(user, event) or has_approved_registration(user, event)
            or has_attended(user, event) or is_focal_point_at(user, event))


RULES.update({
    # Roll call, drafting, adopting, opening and closing votes, recording votes called out
    # in the room, minutes: the meeting's organisers (the secretariat among them).
    "decisions.manage": lambda user, event: is_organiser(user, event),
    # Writing and amending drafts: the organisers and the drafting committee they name.
    "decisions.draft": lambda user, event: (
        is_organiser(user, event) or is_drafting_member(user, event)),
    # A head of delegation casts their NSB's one vote (whether it counts is the vote's rule:
    # a P-member present, see events/decisions/votes.py).
    "decisions.cast_vote": lambda user, event: head_of_delegation_for(user, event) is not None,
    "decisions.minutes": may_read_minutes,
    # A committee's majority rule for votes is the committee's, not one meeting's.
    "decisions.majority_rule": lambda user: is_secretariat(user),
})
