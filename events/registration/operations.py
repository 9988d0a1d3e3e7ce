"""Registering, approving, rejecting, cancelling, and running the waiting list.

Each operation runs in one transaction that holds the event's seat lock (see `seats`), checks
everything before it changes anything, and returns the notices to mail once the caller has
committed. A refused request raises `RegistrationRefused` with a message for the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from events.auth.permissions import is_focal_point, is_organiser
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
    utcnow,
)
from events.registration import eligibility, seats
from events.registration.notifications import Notice, NoticeKind
from events.registration.settings import editable_settings, settings_for
from events.timefmt import format_date


class RegistrationRefused(Exception):
    """A request that cannot be carried out; `message` says why, `field` which form field it
    is about (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyRegistered(RegistrationRefused):
    """The person already holds an active registration (e.g. a form sent twice)."""

    def __init__(self, registration: Registration) -> None:
        super().__init__(_("%(name)s is already registered for this meeting (%(status)s).",
                           name=registration.person.full_name,
                           status=registration.status.label))
        self.registration = registration


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

def may_add_after_deadline(user: User, event: Event, organisation: Organisation) -> bool:
    """Focal points (for their organisation) and organisers register people outside the
    registration window."""
    return is_organiser(user, event) or is_focal_point(user, organisation)


def _approved_on_entry(registration: Registration, event: Event) -> bool:
    """Automatic events approve at once; so does an entry made by someone entitled to decide."""
    policy = settings_for(event).approval_policy
    entered_by = registration.registered_by
    if policy is ApprovalPolicy.AUTOMATIC:
        return True
    if entered_by is None:
        return False
    if is_organiser(entered_by, event):
        return True
    return policy is ApprovalPolicy.FOCAL_POINT and is_focal_point(
        entered_by, registration.organisation)


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
        if not seats.session_open_to(role, session.kind):
            raise RegistrationRefused(_(
                "Guests attend social events only; “%(session)s” is not one.",
                session=session.title), "sessions")
    return sessions


def register(event: Event, who: Person | PersonDetails, request: RegistrationRequest, *,
             by: User, now: datetime | None = None) -> Outcome:
    """Register someone for `event` as `by` asks (themselves, or a focal point or organiser
    for them). Gives a place, or a place on the waiting list when the event is full."""
    now = now or utcnow()
    event = seats.begin_seat_transaction(event.id)
    organisation = (db.session.get(Organisation, request.organisation_id)
                    if request.organisation_id is not None else None)
    if organisation is None:
        raise RegistrationRefused(_("Choose the organisation you represent from the list."),
                                  "organisation")
    if isinstance(who, PersonDetails):
        if not may_add_after_deadline(by, event, organisation):
            raise RegistrationRefused(_(
                "Only %(org)s's focal point or the organisers may register other people for "
                "%(org)s.", org=organisation.acronym), "organisation")
        person = find_or_add_person(who.email, who.given_name, who.family_name, organisation)
    else:
        person = db.session.get_one(Person, who.id)
    if person.id != by.person_id and not may_add_after_deadline(by, event, organisation):
        raise RegistrationRefused(_(
            "Only %(org)s's focal point or the organisers may register other people for "
            "%(org)s.", org=organisation.acronym), "organisation")
    _check_window(event, by, organisation, now)
    settings = settings_for(event)
    reason = eligibility.refusal(event, settings, organisation)
    if reason:
        raise RegistrationRefused(reason, "organisation")
    reason = eligibility.role_refusal(organisation, request.role)
    if reason:
        raise RegistrationRefused(reason, "role")
    registration = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.person_id == person.id))
    if registration is not None and registration.is_active:
        raise AlreadyRegistered(registration)
    _check_delegation(event, person, organisation, request.role)
    sessions = _chosen_sessions(event, request.role, request.session_ids)
    # Counted before the new row exists, so that it does not count itself.
    gets_place = not seats.takes_a_place(event, request.role) or seats.has_free_place(event)
    position = None if gets_place else seats.next_waitlist_position(event)

    if registration is None:
        registration = Registration(event=event, person=person)
        db.session.add(registration)
    else:  # registering again after a cancellation or a rejection
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
    registration.registered_by = by if by.person_id != person.id else None
    if request.passport is not None:
        registration.invitation_letter = InvitationLetterRequest(**vars(request.passport))

    kinds: list[NoticeKind]
    if gets_place:
        registration.waitlist_position = None
        if _approved_on_entry(registration, event):
            registration.status = RegistrationStatus.APPROVED
            registration.decided_at = now
            registration.decided_by = registration.registered_by
            kinds = [NoticeKind.APPROVED]
        else:
            registration.status = RegistrationStatus.PENDING
            kinds = [NoticeKind.RECEIVED, NoticeKind.PENDING_APPROVAL]
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_position = position
        kinds = [NoticeKind.WAITLISTED]
    for session in sessions:
        registration.session_choices.append(
            SessionChoice(session=session, status=SessionChoiceStatus.WAITLISTED))
    try:
        db.session.flush()
    except IntegrityError as error:  # the checks above make this a bug, not user input
        db.session.rollback()
        raise RegistrationRefused(_("This registration conflicts with another one. Reload the "
                                    "page and try again.")) from error
    seats.allocate_session_seats(registration)
    return Outcome(registration, [Notice(kind, registration.id)
                                  for kind in (NoticeKind.CREATED, *kinds)])


# Deciding ------------------------------------------------------------------------------------

def _locked_registration(registration_id: int) -> Registration:
    registration = db.session.get_one(Registration, registration_id)
    seats.begin_seat_transaction(registration.event_id)
    return db.session.get_one(Registration, registration_id)


def approve(registration: Registration, *, by: User, now: datetime | None = None) -> Outcome:
    """Confirm a pending registration (its place was held while it waited)."""
    registration = _locked_registration(registration.id)
    if registration.status is not RegistrationStatus.PENDING:
        raise RegistrationRefused(_("This registration is no longer waiting for approval "
                                    "(%(status)s).", status=registration.status.label))
    registration.status = RegistrationStatus.APPROVED
    registration.decided_by = by
    registration.decided_at = now or utcnow()
    registration.decision_reason = None
    db.session.flush()
    return Outcome(registration, [Notice(NoticeKind.APPROVED, registration.id)])


def _free_place(registration: Registration) -> list[Notice]:
    """After `registration` stopped holding its place and seats: fill them from the waiting
    lists and return the notices for the people promoted."""
    promoted_choices = seats.release_session_seats(registration)
    notices = [Notice(NoticeKind.PROMOTED, c.registration_id, c.session_id)
               for c in promoted_choices]
    return notices + promote_waiting_list(registration.event)


def promote_waiting_list(event: Event, now: datetime | None = None) -> list[Notice]:
    """Give free places to the waiting list, in its order. Needs the event's seat lock."""
    notices: list[Notice] = []
    db.session.flush()
    for registration in seats.waiting_list(event):
        if not seats.has_free_place(event):
            break
        if _approved_on_entry(registration, event):
            seats.leave_waiting_list(registration, RegistrationStatus.APPROVED)
            registration.decided_at = now or utcnow()
        else:
            seats.leave_waiting_list(registration, RegistrationStatus.PENDING)
            notices.append(Notice(NoticeKind.PENDING_APPROVAL, registration.id))
        notices.append(Notice(NoticeKind.PROMOTED, registration.id))
        notices += [Notice(NoticeKind.PROMOTED, c.registration_id, c.session_id)
                    for c in seats.allocate_session_seats(registration)
                    if c.registration_id != registration.id]
    return notices


def reject(registration: Registration, reason: str, *, by: User,
           now: datetime | None = None) -> Outcome:
    """Turn down a pending (or waitlisted) registration, saying why; its place goes to the
    next person in line."""
    reason = reason.strip()
    if not reason:
        raise RegistrationRefused(_("Say why, so that the delegate knows what to do."), "reason")
    registration = _locked_registration(registration.id)
    if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED):
        raise RegistrationRefused(_("This registration is no longer waiting for a decision "
                                    "(%(status)s).", status=registration.status.label))
    seats.leave_waiting_list(registration, RegistrationStatus.REJECTED)
    registration.decided_by = by
    registration.decided_at = now or utcnow()
    registration.decision_reason = reason
    notices = [Notice(NoticeKind.REJECTED, registration.id), *_free_place(registration)]
    return Outcome(registration, notices)


def cancel(registration: Registration, *, by: User, reason: str | None = None,
           now: datetime | None = None) -> Outcome:
    """Cancel an active registration; the place goes to the next person in line, who is told."""
    now = now or utcnow()
    registration = _locked_registration(registration.id)
    if not registration.is_active:
        raise RegistrationRefused(_("This registration is already %(status)s.",
                                    status=registration.status.label))
    if now >= registration.event.ends_at:
        raise RegistrationRefused(_("This meeting is over: its registrations stay as they "
                                    "were."))
    seats.leave_waiting_list(registration, RegistrationStatus.CANCELLED)
    registration.decided_by = by
    registration.decided_at = now or utcnow()
    registration.decision_reason = (reason or "").strip() or None
    notices = [Notice(NoticeKind.CANCELLED, registration.id), *_free_place(registration)]
    return Outcome(registration, notices)


# Organisers and the waiting list -----------------------------------------------------------

def move_in_waiting_list(registration: Registration, position: int) -> Registration:
    """Put a waitlisted registration at `position` (1 = next in line); others shift."""
    registration = _locked_registration(registration.id)
    if registration.status is not RegistrationStatus.WAITLISTED:
        raise RegistrationRefused(_("This person is not on the waiting list any more."))
    queue = seats.waiting_list(registration.event)
    queue.remove(registration)
    queue.insert(max(0, min(position - 1, len(queue))), registration)
    for index, entry in enumerate(queue, start=1):
        entry.waitlist_position = index
    db.session.flush()
    return registration


def release_waiting_list(event: Event, *, by: User, now: datetime | None = None) -> list[Notice]:
    """Close the waiting list: everyone on it is told no place will be offered."""
    event = seats.begin_seat_transaction(event.id)
    notices: list[Notice] = []
    for registration in seats.waiting_list(event):
        registration.status = RegistrationStatus.CANCELLED
        registration.waitlist_position = None
        registration.decided_by = by
        registration.decided_at = now or utcnow()
        registration.decision_reason = _("The waiting list was closed by the organisers.")
        registration.session_choices.clear()
        notices.append(Notice(NoticeKind.CANCELLED, registration.id))
    db.session.flush()
    return notices


def move_in_session_queue(choice: SessionChoice, position: int) -> SessionChoice:
    """Put a request for a seat at `position` in its session's waiting list (1 = next in
    line); the whole line keeps the organisers' order from then on."""
    registration = _locked_registration(choice.registration_id)
    choice = db.session.get_one(SessionChoice, choice.id)
    queue = seats.session_queue(choice.session_id)
    if choice not in queue:
        raise RegistrationRefused(_(
            "%(name)s is not waiting for a seat in this session any more.",
            name=registration.person.full_name))
    queue.remove(choice)
    queue.insert(max(0, min(position - 1, len(queue))), choice)
    for rank, entry in enumerate(queue, start=1):
        entry.queue_rank = rank
    db.session.flush()
    return choice


def release_session_waiting_list(session: Session) -> list[Notice]:
    """Close a session's waiting list: every request still waiting for a seat is withdrawn,
    and its registrant told; their registrations for the meeting stand. Requests of people
    still on the meeting's own waiting list go too: this session has no seat to offer them."""
    seats.begin_seat_transaction(session.event_id)
    waiting = db.session.scalars(
        select(SessionChoice).where(SessionChoice.session_id == session.id,
                                    SessionChoice.status == SessionChoiceStatus.WAITLISTED)
    ).all()
    notices = [Notice(NoticeKind.SEAT_RELEASED, choice.registration_id, session.id)
               for choice in waiting]
    for choice in waiting:
        db.session.delete(choice)
    db.session.flush()
    return notices


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
    event = seats.begin_seat_transaction(event.id)
    taken = seats.places_taken(event)
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
    return promote_waiting_list(event)
