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
    Event,
    Organisation,
    Registration,
    RegistrationStatus,
    Role,
    User,
    event_organisers,
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


def is_focal_point(user: Any, organisation: Organisation) -> bool:
    if not _signed_in(user):
        return False
    return user.is_secretariat or any(
        grant.role is Role.FOCAL_POINT and grant.organisation_id == organisation.id
        for grant in user.grants
    )


RULES: dict[str, Rule] = {
    "directory.manage": lambda user: is_secretariat(user),
    "event.view": lambda user, event: event.is_public or is_organiser(user, event),
    "event.organise": lambda user, event: is_organiser(user, event),
    "event.create": lambda user: may_create_events(user),
    "organise.dashboard": lambda user: is_any_organiser(user),
    # Online join link and dial-in details: organisers and approved participants only.
    "event.join_details": lambda user, event: event.id in join_details_for(user, [event]),
    "organisation.focal_point": lambda user, organisation: is_focal_point(user, organisation),
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
