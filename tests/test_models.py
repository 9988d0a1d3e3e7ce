"""Invariants hold in the database itself, not only in code."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from events.extensions import db
from events.models import (
    AttendanceMode,
    CommitteeMembership,
    Event,
    Organisation,
    OrganisationKind,
    RoleGrant,
)
from tests.factories import (
    make_attendance,
    make_event,
    make_org,
    make_person,
    make_registration,
    make_session,
    make_user,
)


def test_acronym_is_unique(app_ctx):
    make_org("KEBS")
    db.session.commit()
    db.session.add(Organisation(acronym="KEBS", name="Another", kind=OrganisationKind.NSB,
                                country="KE"))
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_a_national_standards_body_needs_a_country(app_ctx):
    db.session.add(Organisation(acronym="X", name="X", kind=OrganisationKind.NSB))
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_only_an_nsb_has_an_iso_category(app_ctx):
    with pytest.raises(IntegrityError):
        db.session.execute(text(
            "INSERT INTO organisations (kind, acronym, name, iso_category, created_at, "
            "updated_at) VALUES ('liaison', 'IAF', 'IAF', 'member', CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP)"))


def test_an_event_ends_after_it_starts(app_ctx):
    event = make_event()
    db.session.commit()
    event.ends_at = event.starts_at - timedelta(hours=1)
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_a_session_ends_after_it_starts(app_ctx):
    event = make_event()
    with pytest.raises(IntegrityError):
        make_session(event, minutes=0)


def test_one_registration_per_person_and_event(app_ctx):
    org = make_org()
    person = make_person(org)
    event = make_event()
    make_registration(event, person)
    db.session.commit()
    with pytest.raises(IntegrityError):
        make_registration(event, person)


def test_one_attendance_per_person_and_event_and_per_session(app_ctx):
    org = make_org()
    person = make_person(org)
    event = make_event()
    session = make_session(event)
    make_attendance(event, person)
    make_attendance(event, person, session=session, mode=AttendanceMode.REMOTE)
    db.session.commit()
    with pytest.raises(IntegrityError):
        make_attendance(event, person, session=session)
    db.session.rollback()
    with pytest.raises(IntegrityError):
        make_attendance(event, person)


def test_a_secretariat_grant_is_global(app_ctx):
    user = make_user()
    org = make_org()
    db.session.add(RoleGrant(user=user, role="secretariat", organisation=org))
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_a_membership_status_outside_the_list_is_refused_by_the_database(app_ctx):
    org = make_org()
    db.session.execute(text("INSERT INTO committees (code, name) VALUES ('ISO/TC 1', 'x')"))
    committee_id = db.session.scalar(text("SELECT id FROM committees"))
    with pytest.raises(IntegrityError):
        db.session.execute(text(
            "INSERT INTO committee_memberships (committee_id, organisation_id, status) "
            "VALUES (:c, :o, 'Z')"), {"c": committee_id, "o": org.id})
    db.session.rollback()
    assert db.session.scalars(select(CommitteeMembership)).all() == []


@pytest.mark.parametrize("zone, wall, utc_hour", [
    ("Africa/Nairobi", datetime(2019, 5, 1, 9, 0), 6),
    ("America/Bogota", datetime(2019, 3, 29, 10, 0), 15),
    # Geneva is on Europe/Zurich: 09:00 is 08:00 UTC in winter and 07:00 UTC in summer.
    ("Europe/Zurich", datetime(2019, 3, 30, 9, 0), 8),
    ("Europe/Zurich", datetime(2019, 4, 1, 9, 0), 7),
])
def test_instants_are_stored_in_utc_and_come_back_aware(app_ctx, zone, wall, utc_hour):
    start = wall.replace(tzinfo=ZoneInfo(zone))
    event = make_event(start=start, timezone=zone)
    db.session.commit()
    event_id = event.id
    db.session.expire_all()
    stored = db.session.get(Event, event_id)
    assert stored.starts_at.tzinfo is not None
    assert stored.starts_at.utcoffset() == timedelta(0)
    assert stored.starts_at.hour == utc_hour
    assert stored.starts_at == start


def test_a_naive_datetime_is_refused(app_ctx):
    with pytest.raises(StatementError, match="naive datetime"):
        make_event(start=datetime(2019, 5, 1, 9, 0))


def test_created_at_is_set_per_row_not_at_import(app_ctx):
    first = make_org()
    db.session.commit()
    before = datetime.now(UTC)
    second = make_org()
    db.session.commit()
    assert first.created_at <= before <= second.created_at
