"""Scheduled work on the task queue: retention purges, reminders to focal points and of the
ISO/IEC Directives deadlines. Each reminder is mailed once, however often the schedule runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from events import scheduled as schedule
from events.extensions import db
from events.models import (
    ApprovalPolicy,
    Committee,
    InvitationLetterRequest,
    MailStatus,
    OutboxMail,
    RegistrationStatus,
    Role,
    utcnow,
)
from tests.factories import make_event, make_org, make_registration, make_user
from tests.test_mail_language import subject
from tests.test_registration import setup_event, text_of


def test_the_schedule_runs_on_the_queue_at_fixed_times():
    # The queue's clock is UTC (naive, as Huey passes it): 06:00 UTC whether or not Europe
    # is on summer time that day (it changes on 28 March 2027).
    reminders = schedule.daily_reminders.task_class()
    purges = schedule.retention_purges.task_class()
    for day in (27, 28, 29):
        assert reminders.validate_datetime(datetime(2027, 3, day, 6, 0))
        assert not reminders.validate_datetime(datetime(2027, 3, day, 7, 0))
        assert purges.validate_datetime(datetime(2027, 3, day, 2, 15))


def test_focal_points_are_reminded_once_a_day_of_what_waits_for_them(app, smtp_server):
    with app.app_context():
        inen = make_org("INEN", country="EC")
        event = setup_event(ApprovalPolicy.FOCAL_POINT, title="Taller regional COPANT",
                            timezone="America/Bogota")
        fp = make_user(Role.FOCAL_POINT, organisation=inen, email="fp@inen.example")
        fp.language = "es"
        for number, name in enumerate(("Дмитрий Орлов", "陈静", "Ana Vélez")):
            delegate = make_user(email=f"d{number}@inen.example", name=name,
                                 organisation=inen)
            status = RegistrationStatus.APPROVED if number == 2 else RegistrationStatus.PENDING
            make_registration(event, delegate.person, inen, status=status)
        db.session.commit()
        schedule.daily_reminders.call_local()
        schedule.daily_reminders.call_local()  # run twice the same day: mailed once
    (reminder,) = smtp_server.to("fp@inen.example")
    assert subject(reminder) == "Registros en espera de su decisión"
    assert "Taller regional COPANT: 2 registros" in text_of(reminder)
    assert "http://plenaria.test/focal-point" in text_of(reminder)


def test_organisers_are_reminded_of_a_deadline_due_soon_then_overdue(app, smtp_server):
    with app.app_context():
        host = make_org("KEBS")
        committee = Committee(code="ISO/CASCO", name="Conformity assessment")
        # The draft agenda is due 16 weeks before: in ten days.
        start = utcnow() + timedelta(weeks=16, days=10)
        event = make_event("plenary", host=host, committee=committee, start=start,
                           title="36th ISO/CASCO Plenary", timezone="Europe/Zurich")
        make_user(Role.ORGANISER, organisation=host, email="organiser@kebs.example")
        db.session.commit()
        assert schedule.remind_deadlines() == 1
        assert schedule.remind_deadlines() == 0  # once while it is due soon
        assert schedule.remind_deadlines(now=utcnow() + timedelta(days=11)) == 1  # overdue
        assert schedule.remind_deadlines(now=utcnow() + timedelta(days=12)) == 0
        db.session.commit()
        subjects = sorted(m.subject for m in db.session.scalars(select(OutboxMail)))
        assert all(m.event_id == event.id for m in db.session.scalars(select(OutboxMail)))
    assert subjects[0].startswith("Due on ")
    assert subjects[0].endswith(" for 36th ISO/CASCO Plenary: Draft agenda circulated")
    assert subjects[1] == "Overdue for 36th ISO/CASCO Plenary: Draft agenda circulated"
    assert len(smtp_server.to("organiser@kebs.example")) == 2


def test_the_retention_purge_removes_passports_and_old_delivered_mail(app):
    with app.app_context():
        ended = make_event("past", start=datetime(2019, 5, 1, 6, tzinfo=UTC),
                           timezone="Africa/Nairobi")
        delegate = make_user(email="achieng@kebs.example", name="Achieng Otieno")
        registration = make_registration(ended, delegate.person, make_org("KEBS"))
        db.session.add(InvitationLetterRequest(
            registration=registration, name_in_passport="OTIENO Achieng", nationality="KE",
            passport_number="AK1234567", date_of_birth=date(1984, 3, 9),
            passport_expires_on=date(2033, 1, 31)))
        long_ago = utcnow() - timedelta(days=200)
        for status in (MailStatus.SENT, MailStatus.FAILED):
            db.session.add(OutboxMail(kind="approved", recipient="achieng@kebs.example",
                                      subject="Registration confirmed", message="…",
                                      status=status, attempts=1, event_id=ended.id,
                                      sent_at=long_ago if status is MailStatus.SENT else None))
        db.session.commit()
        schedule.retention_purges.call_local()
        assert db.session.scalar(select(InvitationLetterRequest)) is None
        # The failed one stays for the organisers to see and resend.
        assert [m.status for m in db.session.scalars(select(OutboxMail))] == [
            MailStatus.FAILED]
