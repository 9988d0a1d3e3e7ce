"""The organisers' list of a meeting's registrations and its exports, read for a meeting of
any size: filtered, counted, sorted and cut into pages by the database, then only the page's
50 registrations loaded as objects. Every function here costs the same number of queries at
100 and at 10,000 registrations (`tests/test_scale_lists.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from events.extensions import db
from events.listing import Listing, contains, rank_by, search_words, sql_page
from events.models import (
    DelegateRole,
    Event,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    SessionChoice,
    SessionChoiceStatus,
)
from events.registration.exports import ExportValues
from events.textfold import fold

# Pending first (they wait for a decision), then approved, then the waiting list in its order.
_STATUS_ORDER = case(
    (Registration.status == RegistrationStatus.PENDING, 0),
    (Registration.status == RegistrationStatus.APPROVED, 1),
    (Registration.status == RegistrationStatus.WAITLISTED, 2),
    else_=3,
)


def matching_organisation_ids(words: list[str]) -> dict[str, list[int]]:
    """For each folded word, the organisations whose acronym or name contains it. The
    directory (a few hundred rows) is read in one query whatever the size of the meeting."""
    found: dict[str, list[int]] = {word: [] for word in words}
    if not words:
        return found
    for org_id, acronym, name in db.session.execute(
            select(Organisation.id, Organisation.acronym, Organisation.name)):
        text = f"{fold(acronym)} {fold(name)}"
        for word in words:
            if word in text:
                found[word].append(org_id)
    return found


def search_conditions(query: str, organisation_column: Any, *, with_email: bool = True
                      ) -> list[Any]:
    """SQL conditions for a typed search: every word in the person's name, their email
    address (when `with_email`) or their organisation (acronym or name). Needs `Person` in
    the query."""
    words = search_words(query)
    organisations = matching_organisation_ids(words)
    conditions = []
    for word in words:
        either = [contains(Person.sort_name, word),
                  organisation_column.in_(organisations[word])]
        if with_email:
            either.append(contains(func.coalesce(Person.email, ""), word))
        conditions.append(or_(*either))
    return conditions


def _columns() -> dict[str, list[Any]]:
    # Built per request: the role and status columns sort by their translated labels.
    acronym = func.lower(Organisation.acronym)
    return {
        "name": [Person.sort_name],
        "organisation": [acronym, Person.sort_name],
        "country": [func.coalesce(Organisation.country, ""), acronym, Person.sort_name],
        "role": [rank_by(Registration.role, {r: r.label for r in DelegateRole}),
                 Person.sort_name],
        "status": [rank_by(Registration.status, {s: s.label for s in RegistrationStatus}),
                   func.coalesce(Registration.waitlist_position, 0), Person.sort_name],
    }


def registrations_page(event: Event, query: str = "", status: str | None = None, *,
                       sort: str | None = None, order: str | None = None,
                       page: str | None = None) -> Listing[Registration]:
    """One page of the event's registrations matching `query` (name, email or organisation)
    and `status`, sorted by a column or, by default, pending first, then approved, then the
    waiting list in its order."""
    ids = (select(Registration.id)
           .join(Person, Registration.person_id == Person.id)
           .join(Organisation, Registration.organisation_id == Organisation.id)
           .where(Registration.event_id == event.id,
                  *search_conditions(query, Registration.organisation_id)))
    if status in {s.value for s in RegistrationStatus}:
        ids = ids.where(Registration.status == RegistrationStatus(status))
    default = [_STATUS_ORDER, func.coalesce(Registration.waitlist_position, 0),
               func.lower(Organisation.acronym), Person.sort_name]
    listing = sql_page(ids, _columns(), default, sort=sort, order=order, page=page)
    return _with_objects(listing)


def _with_objects(listing: Listing[int]) -> Listing[Registration]:
    """The page's registrations as objects, with what their row shows (a fixed number of
    queries for 50 rows), in the page's order."""
    if not listing.rows:
        return Listing([], listing.total, listing.number, listing.pages, listing.per_page,
                       listing.sort, listing.descending)
    loaded = {r.id: r for r in db.session.scalars(
        select(Registration).where(Registration.id.in_(listing.rows))
        .options(joinedload(Registration.person), joinedload(Registration.organisation),
                 joinedload(Registration.event), selectinload(Registration.session_choices)
                 .selectinload(SessionChoice.session)))}
    rows = [loaded[i] for i in listing.rows if i in loaded]
    return Listing(rows, listing.total, listing.number, listing.pages, listing.per_page,
                   listing.sort, listing.descending)


def status_counts(event: Event) -> dict[str, int]:
    """Registrations of the event per status value (one query)."""
    return {status.value: count for status, count in db.session.execute(
        select(Registration.status, func.count()).where(Registration.event_id == event.id)
        .group_by(Registration.status))}


def waiting_list(event: Event) -> list[Registration]:
    """The event's waiting list in its order, with person and organisation (one query)."""
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status == RegistrationStatus.WAITLISTED)
        .options(joinedload(Registration.person), joinedload(Registration.organisation))
        .order_by(Registration.waitlist_position, Registration.id)))


def seated(event: Event) -> dict[int, int]:
    """Confirmed seats per session of the event (one query)."""
    return {session_id: count for session_id, count in db.session.execute(
        select(SessionChoice.session_id, func.count())
        .join(Registration, SessionChoice.registration_id == Registration.id)
        .where(Registration.event_id == event.id,
               SessionChoice.status == SessionChoiceStatus.CONFIRMED)
        .group_by(SessionChoice.session_id))}


def export_count(event: Event) -> int:
    """How many lines `export_rows` gives (for the audit log), in one count."""
    return db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == event.id)) or 0


def export_rows(event: Event) -> Iterator[ExportValues]:
    """The export's rows (see `exports.headers`), read as plain values in one query and
    yielded as they come, so that a 10,000-line export neither builds 10,000 objects nor
    holds them all: pending first, then approved, then the waiting list, by organisation
    and name."""
    query = (
        select(Person.family_name, Person.given_name, Person.email, Organisation.acronym,
               Organisation.country, Registration.role, Registration.attendance_type,
               Registration.status, Registration.waitlist_position, Registration.arrival_date,
               Registration.departure_date, Registration.dietary_needs,
               Registration.accessibility_needs, Registration.needs_invitation_letter,
               Registration.consent_to_publish, Registration.created_at)
        .join(Person, Registration.person_id == Person.id)
        .join(Organisation, Registration.organisation_id == Organisation.id)
        .where(Registration.event_id == event.id)
        .order_by(_STATUS_ORDER, Registration.waitlist_position,
                  func.lower(Organisation.acronym), Person.sort_name, Registration.id)
        .execution_options(yield_per=500))
    for row in db.session.execute(query):
        # Sixteen columns: more than SQLAlchemy's typed rows spell out.
        yield cast(ExportValues, tuple(row))
