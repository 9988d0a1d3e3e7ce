"""Who may do what. Every rule lives here; views declare the one they need with `@requires`.

A rule is a function of the user and the objects the view works on (loaded from the URL by
the converters in `events.routing`). Templates ask the same rules through `can(...)`, so a
button is shown exactly when the view behind it would let the user in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, or_, select

from events.extensions import login_manager
from events.models import (
    ApprovalPolicy,
    Event,
    EventSeries,
    EventStatus,
    Organisation,
    Registration,
    RegistrationStatus,
    Role,
    RoleGrant,
    User,
    event_organisers,
    settings_for,
)

P = ParamSpec("P")
R = TypeVar("R")
Rule = Callable[..., bool]


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_secretariat(user: Any) -> bool:
    return _signed_in(user) and user.is_secretariat


def is_organiser(user: Any, event: Event) -> bool:
    """Secretariat, an organiser of this event, or staff of its host or organising bodies."""
    if not _signed_in(user):
        return False
    if user.is_secretariat:
        return True
    bodies = {event.host_id, *(org.id for org in event.organisers)}
    return any(
        grant.role is Role.ORGANISER
        and (grant.event_id == event.id or (grant.organisation_id in bodies))
        for grant in user.grants
    )


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


def organised_events(user: Any) -> Select[tuple[int]]:
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
    from events.extensions import db

    return db.session.scalar(
        select(Event.id).where(Event.series_id == series.id,
                               Event.id.in_(organised_events(user))).limit(1)
    ) is not None


def join_details_for(user: Any, events: Sequence[Event]) -> set[int]:
    """Rule "event.join_details" for many events at once (one query): the ids of `events`
    whose online join details `user` may see. Load `Event.organisers` beforehand."""
    if not _signed_in(user) or not events:
        return set()
    entitled = {event.id for event in events if is_organiser(user, event)}
    others = [event.id for event in events if event.id not in entitled]
    if others:
        from events.extensions import db

        entitled.update(db.session.scalars(select(Registration.event_id).where(
            Registration.event_id.in_(others),
            Registration.person_id == user.person_id,
            Registration.status == RegistrationStatus.APPROVED,
        )))
    return entitled


def has_approved_registration(user: Any, event: Event) -> bool:
    if not _signed_in(user):
        return False
    from events.extensions import db

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
    from events.extensions import db
    from events.models import Attendance

    return db.session.scalar(
        select(Attendance.id).where(Attendance.event_id == event.id,
                                    Attendance.person_id == user.person_id).limit(1)
    ) is not None


def is_facilitator(user: Any, event: Event) -> bool:
    """The facilitator named on an online prep session (records problems for others)."""
    if not _signed_in(user):
        return False
    from events.extensions import db
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
    from events.extensions import db
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
    """Staff of the host organisation (or organisers of this very event when it has no host):
    the people who issue invitation letters and so may read passport details."""
    if not _signed_in(user):
        return False
    return any(
        grant.role is Role.ORGANISER
        and ((event.host_id is not None and grant.organisation_id == event.host_id)
             or (event.host_id is None and grant.event_id == event.id))
        for grant in user.grants
    )


def is_any_focal_point(user: Any) -> bool:
    return _signed_in(user) and (user.is_secretariat or any(
        grant.role is Role.FOCAL_POINT for grant in user.grants))


def may_decide(user: Any, registration: Registration) -> bool:
    """Organisers decide on any registration; focal points on their organisation's when the
    event leaves approval to focal points."""
    if is_organiser(user, registration.event):
        return True
    return (settings_for(registration.event).approval_policy is ApprovalPolicy.FOCAL_POINT
            and is_focal_point(user, registration.organisation))


def may_cancel(user: Any, registration: Registration) -> bool:
    """The delegate, the focal point of the organisation represented, the organisers."""
    if not _signed_in(user):
        return False
    return (registration.person_id == user.person_id
            or is_focal_point(user, registration.organisation)
            or is_organiser(user, registration.event))


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
    when it has none), else the organisers."""
    from events.extensions import db

    event = registration.event
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
    from events.extensions import db

    bodies = select(event_organisers.c.organisation_id).where(
        event_organisers.c.event_id == event.id)
    by_body = RoleGrant.organisation_id.in_(bodies)
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


RULES: dict[str, Rule] = {
    "directory.manage": lambda user: is_secretariat(user),
    "event.view": lambda user, event: event.is_public or is_organiser(user, event),
    "event.organise": lambda user, event: is_organiser(user, event),
    "event.create": lambda user: may_create_events(user),
    "organise.dashboard": lambda user: is_any_organiser(user),
    # Online join link and dial-in details: organisers and approved participants only.
    "event.join_details": lambda user, event: event.id in join_details_for(user, [event]),
    "organisation.focal_point": lambda user, organisation: is_focal_point(user, organisation),
    # Check-in at the door, attendance imports and their review queue.
    "event.check_in": lambda user, event: is_organiser(user, event),
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
        is_organiser(user, event) or is_any_focal_point(user)),
    "event.participants": may_see_participants,
    "event.invitation_letters": lambda user, event: is_host_organiser(user, event),
    "registration.decide": may_decide,
    "registration.cancel": may_cancel,
    "registration.organise": lambda user, registration: is_organiser(user, registration.event),
    "focal_point.dashboard": lambda user: is_any_focal_point(user),
    # Continuity across a series' editions, by NSB (no names): the organisers of its
    # editions and the NSBs' focal points, who follow their own delegations over the years.
    "series.attendance.report": lambda user, series: (
        is_any_focal_point(user) or organises_in_series(user, series)
    ),
    "account.signed_in": lambda user: _signed_in(user),
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
