"""Registering, approving, rejecting and cancelling, and changing an event's registration
settings. The waiting list is run by `waiting_list`, session seats by `session_seats`.

Each operation runs in one transaction that holds the event's seat lock (see `places`), checks
everything before it changes anything, and returns the notices, which the caller puts in the
outbox (`notifications.deliver`) before it commits. A refused request raises
`RegistrationRefused` with a message for the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from events.auth.permissions import approved_on_entry, may_add_after_deadline
from events.extensions import db
from events.models import (
    ACTIVE_STATUSES,
    ApprovalPolicy,
    AttendanceType,
    DelegateRole,
    Eligibility,
    Event,
    EventStatus,
    InvitationLetterRequest,
    ListVisibility,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    Session,
    SessionChoice,
    SessionChoiceStatus,
    SessionSeats,
    User,
    normalise_email,
    settings_for,
    utcnow,
)
from events.registration import eligibility, places, session_seats, waiting_list
from events.registration.notifications import Notice, NoticeKind
from events.registration.places import locked_registration
from events.registration.refusals import AlreadyRegistered, RegistrationRefused
from events.registration.settings import editable_settings
from events.timefmt import format_date


@dataclass(frozen=True)
class PassportDetails:
    name_in_passport: str
    passport_number: str
    nationality: str
    date_of_birth: date
    passport_expires_on: date


@dataclass
class RegistrationRequest:
    """What the registration form collects."""

    organisation_id: int | None
    role: DelegateRole = DelegateRole.DELEGATE
    attendance_type: AttendanceType = AttendanceType.ONSITE
    consent_to_publish: bool = False
    passport: PassportDetails | None = None
    arrival_date: date | None = None
    departure_date: date | None = None
    dietary_needs: str | None = None
    accessibility_needs: str | None = None
    session_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class PersonDetails:
    """Someone a focal point or organiser registers: found by email, or added (a walk-in at
    the check-in desk may have no email)."""

    email: str | None
    given_name: str
    family_name: str


@dataclass
class Outcome:
    registration: Registration
    notices: list[Notice] = field(default_factory=list)


# Who is acting -------------------------------------------------------------------------------





def find_or_add_person(email: str | None, given_name: str, family_name: str,
                       organisation: Organisation | None) -> Person:
    """The person known by `email`, or a new one (a focal point registering a colleague who
    has no account yet; without an email, always a new one)."""
    email = normalise_email(email) if email else None
    person = (db.session.scalar(select(Person).where(Person.email == email))
              if email else None)
    if person is None:
        person = Person(email=email, given_name=given_name.strip(),
                        family_name=family_name.strip(), organisation=organisation)
        db.session.add(person)
        db.session.flush()
    return person


# Registering ---------------------------------------------------------------------------------

def window_state(event: Event, now: datetime | None = None) -> str:
    """Where the event's registration window stands for delegates: "not_yet", "open",
    "closed" (focal points and organisers may still add people) or "over"."""
    now = now or utcnow()
    if event.status is not EventStatus.PUBLISHED or now >= event.ends_at:
        return "over"
    if event.registration_opens_at is not None and now < event.registration_opens_at:
        return "not_yet"
    if event.registration_closes_at is not None and now >= event.registration_closes_at:
        return "closed"
    return "open"


def _check_window(event: Event, by: User, organisation: Organisation, now: datetime) -> None:
    if event.status is not EventStatus.PUBLISHED:
        raise RegistrationRefused(_("This meeting is not open for registration (%(status)s).",
                                    status=event.status.label))
    if now >= event.ends_at:
        raise RegistrationRefused(_("This meeting is over."))
    if may_add_after_deadline(by, event, organisation):
        return
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens is not None and now < opens:
        raise RegistrationRefused(_("Registration opens on %(day)s.",
                                    day=format_date(opens, event.timezone, "long")))
    if closes is not None and now >= closes:
        raise RegistrationRefused(_(
            "Registration closed on %(day)s. Your NSB's focal point or the organisers can "
            "still register you.", day=format_date(closes, event.timezone, "long")))


def window_refusal(event: Event, by: User, organisations: list[Organisation],
                   now: datetime | None = None) -> str | None:
    """Why `by` cannot register anyone for `event` now, said before the form rather than after
    it is filled in; None when they may for at least one of `organisations`."""
    now = now or utcnow()
    reason = None
    for organisation in organisations:
        try:
            _check_window(event, by, organisation, now)
        except RegistrationRefused as error:
            reason = reason or error.message
        else:
            return None
    return reason


def _check_delegation(event: Event, person: Person, organisation: Organisation,
                      role: DelegateRole) -> None:
    others = select(Registration).where(
        Registration.event_id == event.id,
        Registration.organisation_id == organisation.id,
        Registration.person_id != person.id,
        Registration.status.in_(ACTIVE_STATUSES),
    )
    if role is DelegateRole.HEAD_OF_DELEGATION:
        head = db.session.scalar(others.where(
            Registration.role == DelegateRole.HEAD_OF_DELEGATION))
        if head is not None:
            raise RegistrationRefused(_(
                "%(org)s already has a head of delegation for this meeting: %(name)s. Choose "
                "another role, or ask your focal point to change it.",
                org=organisation.acronym, name=head.person.full_name), "role")
    cap = settings_for(event).delegation_cap
    if cap is not None and role is not DelegateRole.GUEST:
        count = db.session.scalar(
            select(func.count()).select_from(
                others.where(Registration.role != DelegateRole.GUEST).subquery())
        ) or 0
        if count >= cap:
            raise RegistrationRefused(_(
                "%(org)s has already registered %(count)d people, the most each delegation may "
                "send to this meeting.", org=organisation.acronym, count=count), "organisation")


def _chosen_sessions(event: Event, role: DelegateRole, session_ids: list[int]) -> list[Session]:
    if not session_ids:
        return []
    sessions = list(db.session.scalars(
        select(Session).join(SessionSeats).where(
            Session.event_id == event.id, Session.id.in_(set(session_ids)))
    ))
    if len(sessions) != len(set(session_ids)):
        raise RegistrationRefused(_("Choose sessions from the list."), "sessions")
    for session in sessions:
        if not session_seats.session_open_to(role, session.kind):
            raise RegistrationRefused(_(
                "Guests attend social events only; “%(session)s” is not one.",
                session=session.title), "sessions")
    return sessions


def _representing(request: RegistrationRequest) -> Organisation:
    organisation = (db.session.get(Organisation, request.organisation_id)
                    if request.organisation_id is not None else None)
    if organisation is None:
        raise RegistrationRefused(_("Choose the organisation you represent from the list."),
                                  "organisation")
    return organisation


def _registrant(event: Event, who: Person | PersonDetails, organisation: Organisation,
                by: User) -> Person:
    """The person to register: `by` themselves, or someone `by` may register (found by email
    or added)."""
    own_entry = not isinstance(who, PersonDetails) and who.id == by.person_id
    if not own_entry and not may_add_after_deadline(by, event, organisation):
        raise RegistrationRefused(_(
            "Only %(org)s's focal point or the organisers may register other people for "
            "%(org)s.", org=organisation.acronym), "organisation")
    if isinstance(who, PersonDetails):
        return find_or_add_person(who.email, who.given_name, who.family_name, organisation)
    return db.session.get_one(Person, who.id)


def _check_eligibility(event: Event, person: Person, organisation: Organisation,
                       role: DelegateRole) -> None:
    settings = settings_for(event)
    reason = eligibility.refusal(event, settings, organisation)
    if reason:
        raise RegistrationRefused(reason, "organisation")
    reason = eligibility.person_refusal(event, settings, person)
    if reason:
        raise RegistrationRefused(reason)
    reason = eligibility.role_refusal(organisation, role)
    if reason:
        raise RegistrationRefused(reason, "role")


def _fill_in(registration: Registration, request: RegistrationRequest, organisation: Organisation,
             registered_by: User | None) -> None:
    """What the form said, on a new registration or one reused after a cancellation or a
    rejection (whose earlier choices, letter and decision go)."""
    if registration.id is not None:
        registration.session_choices.clear()
        registration.invitation_letter = None
        registration.decided_by = registration.decided_at = None
        registration.decision_reason = None
    registration.organisation = organisation
    registration.role = request.role
    registration.attendance_type = request.attendance_type
    registration.consent_to_publish = request.consent_to_publish
    registration.arrival_date = request.arrival_date
    registration.departure_date = request.departure_date
    registration.dietary_needs = (request.dietary_needs or "").strip() or None
    registration.accessibility_needs = (request.accessibility_needs or "").strip() or None
    registration.needs_invitation_letter = request.passport is not None
    registration.registered_by = registered_by
    if request.passport is not None:
        registration.invitation_letter = InvitationLetterRequest(**vars(request.passport))


def _give_status(registration: Registration, waitlist_position: int | None,
                 now: datetime) -> list[NoticeKind]:
    """A place (approved at once or pending), or the waiting list; the notices it calls for."""
    registration.waitlist_position = waitlist_position
    if waitlist_position is not None:
        registration.status = RegistrationStatus.WAITLISTED
        return [NoticeKind.WAITLISTED]
    if approved_on_entry(registration):
        registration.status = RegistrationStatus.APPROVED
        registration.decided_at = now
        registration.decided_by = registration.registered_by
        return [NoticeKind.APPROVED]
    registration.status = RegistrationStatus.PENDING
    return [NoticeKind.RECEIVED, NoticeKind.PENDING_APPROVAL]


def register(event: Event, who: Person | PersonDetails, request: RegistrationRequest, *,
             by: User, now: datetime | None = None) -> Outcome:
    """Register someone for `event` as `by` asks (themselves, or a focal point or organiser
    for them). Gives a place, or a place on the waiting list when the event is full."""
    now = now or utcnow()
    event = places.begin_seat_transaction(event.id)
    organisation = _representing(request)
    person = _registrant(event, who, organisation, by)
    _check_window(event, by, organisation, now)
    _check_eligibility(event, person, organisation, request.role)
    registration = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.person_id == person.id))
    if registration is not None and registration.is_active:
        raise AlreadyRegistered(registration)
    _check_delegation(event, person, organisation, request.role)
    sessions = _chosen_sessions(event, request.role, request.session_ids)
    # Counted before the new row exists, so that it does not count itself.
    gets_place = not places.takes_a_place(event, request.role) or places.has_free_place(event)
    position = None if gets_place else waiting_list.next_waitlist_position(event)

    if registration is None:
        registration = Registration(event=event, person=person)
        db.session.add(registration)
    _fill_in(registration, request, organisation, by if by.person_id != person.id else None)
    kinds = _give_status(registration, position, now)
    for session in sessions:
        registration.session_choices.append(
            SessionChoice(session=session, status=SessionChoiceStatus.WAITLISTED))
    try:
        db.session.flush()
    except IntegrityError as error:  # the checks above make this a bug, not user input
        db.session.rollback()
        raise RegistrationRefused(_("This registration conflicts with another one. Reload the "
                                    "page and try again.")) from error
    session_seats.allocate_session_seats(registration)
    return Outcome(registration, [Notice(kind, registration.id)
                                  for kind in (NoticeKind.CREATED, *kinds)])


# Deciding ------------------------------------------------------------------------------------



def approve(registration: Registration, *, by: User, now: datetime | None = None) -> Outcome:
    """Confirm a pending registration (its place was held while it waited)."""
    registration = locked_registration(registration.id)
    if registration.status is not RegistrationStatus.PENDING:
        raise RegistrationRefused(_("This registration is no longer waiting for approval "
                                    "(%(status)s).", status=registration.status.label))
    registration.status = RegistrationStatus.APPROVED
    registration.decided_by = by
    registration.decided_at = now or utcnow()
    registration.decision_reason = None
    db.session.flush()
    return Outcome(registration, [Notice(NoticeKind.APPROVED, registration.id)])






def reject(registration: Registration, reason: str, *, by: User,
           now: datetime | None = None) -> Outcome:
    """Turn down a pending (or waitlisted) registration, saying why; its place goes to the
    next person in line."""
    reason = reason.strip()
    if not reason:
        raise RegistrationRefused(_("Say why, so that the delegate knows what to do."), "reason")
    registration = locked_registration(registration.id)
    if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED):
        raise RegistrationRefused(_("This registration is no longer waiting for a decision "
                                    "(%(status)s).", status=registration.status.label))
    waiting_list.leave_waiting_list(registration, RegistrationStatus.REJECTED)
    registration.decided_by = by
    registration.decided_at = now or utcnow()
    registration.decision_reason = reason
    notices = [Notice(NoticeKind.REJECTED, registration.id), *waiting_list.free_place(registration)]
    return Outcome(registration, notices)


def cancel(registration: Registration, *, by: User, reason: str | None = None,
           now: datetime | None = None) -> Outcome:
    """Cancel an active registration; the place goes to the next person in line, who is told."""
    now = now or utcnow()
    registration = locked_registration(registration.id)
    if not registration.is_active:
        raise RegistrationRefused(_("This registration is already %(status)s.",
                                    status=registration.status.label))
    if now >= registration.event.ends_at:
        raise RegistrationRefused(_("This meeting is over: its registrations stay as they "
                                    "were."))
    waiting_list.leave_waiting_list(registration, RegistrationStatus.CANCELLED)
    registration.decided_by = by
    registration.decided_at = now or utcnow()
    registration.decision_reason = (reason or "").strip() or None
    notices = [Notice(NoticeKind.CANCELLED, registration.id),
               *waiting_list.free_place(registration)]
    return Outcome(registration, notices)


# Organisers and the waiting list -----------------------------------------------------------









@dataclass
class SettingsChange:
    """The organiser's registration settings form."""

    capacity: int | None
    eligibility: Eligibility
    regional_body_id: int | None
    approval_policy: ApprovalPolicy
    delegation_cap: int | None
    opens_at: datetime | None
    closes_at: datetime | None
    public_list: ListVisibility
    participants_list: ListVisibility


def change_settings(event: Event, change: SettingsChange) -> list[Notice]:
    """Save an event's registration settings. More places (or none to limit them) go to the
    waiting list at once; fewer places than already taken are refused."""
    event = places.begin_seat_transaction(event.id)
    taken = places.places_taken(event)
    if change.capacity is not None and change.capacity < taken:
        raise RegistrationRefused(_(
            "%(taken)d places are already taken; the capacity cannot be lower. Cancel "
            "registrations first if the room is smaller.", taken=taken), "capacity")
    if change.eligibility is Eligibility.REGIONAL_BODY and change.regional_body_id is None:
        raise RegistrationRefused(_("Choose the regional body whose members may register."),
                                  "regional_body")
    if change.opens_at and change.closes_at and change.closes_at <= change.opens_at:
        raise RegistrationRefused(_("Registration must close after it opens."), "closes_at")
    settings = editable_settings(event)
    settings.eligibility = change.eligibility
    settings.regional_body_id = (change.regional_body_id
                                 if change.eligibility is Eligibility.REGIONAL_BODY else None)
    settings.approval_policy = change.approval_policy
    settings.delegation_cap = change.delegation_cap
    settings.public_list = change.public_list
    settings.participants_list = change.participants_list
    event.capacity = change.capacity
    event.registration_opens_at = change.opens_at
    event.registration_closes_at = change.closes_at
    db.session.flush()
    return waiting_list.promote_waiting_list(event)
