"""Scheduled work, on the task queue's clock (run by one worker: `flask --app app worker`;
start the others with `--no-periodic`): the retention purges, reminders of the ISO/IEC
Directives deadlines to organisers, and reminders to focal points of registrations waiting
for them. Each reminder is an outbox row with a key, so a rerun never mails twice."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any, cast

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from huey import crontab
from sqlalchemy import CursorResult, delete, exists, select

from events.agenda.deadlines import DeadlineState, deadlines_for
from events.auth.permissions import event_organiser_accounts
from events.extensions import db
from events.i18n import in_language
from events.mail import build_message
from events.models import (
    ApprovalPolicy,
    BackgroundJob,
    Event,
    MailStatus,
    OutboxMail,
    Registration,
    RegistrationStatus,
    Role,
    RoleGrant,
    StoredFile,
    User,
    settings_for,
    utcnow,
)
from events.outbox.writing import queue_mail
from events.registration.privacy import purge_after_meetings
from events.tasks import huey, in_app_context
from events.timefmt import format_date

log = logging.getLogger(__name__)

# Delivered mails are kept this long for the delivery page, then deleted (they hold
# addresses); failed ones are kept until an organiser resends them or the meeting is deleted.
KEEP_SENT_MAILS = timedelta(days=90)
# Files made in the background are kept for download this long.
KEEP_JOB_FILES = timedelta(days=30)


def purge_old_mail_and_files(now: datetime | None = None) -> tuple[int, int]:
    """Delete delivered mails and background files past their keeping time. Caller commits."""
    now = now or utcnow()
    # A DELETE gives a CursorResult (with its rowcount); Session.execute is typed for any
    # statement.
    mails = cast(CursorResult[Any], db.session.execute(
        delete(OutboxMail).where(OutboxMail.status == MailStatus.SENT,
                                 OutboxMail.sent_at < now - KEEP_SENT_MAILS)
        .execution_options(synchronize_session=False))).rowcount or 0
    old_files = select(BackgroundJob.file_id).where(
        BackgroundJob.file_id.is_not(None), BackgroundJob.finished_at < now - KEEP_JOB_FILES)
    files = cast(CursorResult[Any], db.session.execute(
        delete(StoredFile).where(StoredFile.id.in_(old_files))
        .execution_options(synchronize_session=False))).rowcount or 0
    return mails, files


@huey.periodic_task(crontab(minute="15", hour="2"))
@in_app_context
def retention_purges() -> None:
    """Daily: passport details and health needs of meetings that ended, old delivered mails,
    old files."""
    passports, needs = purge_after_meetings(0)
    mails, files = purge_old_mail_and_files()
    db.session.commit()
    log.info("purged %d passport details, %d registrations' health needs, %d delivered mails, "
             "%d files", passports, needs, mails, files)


def remind_focal_points(now: datetime | None = None) -> int:
    """Mail each focal point the number of registrations waiting for their decision, at most
    once a day. Returns how many mails were put in the outbox (the caller commits)."""
    now = now or utcnow()
    waiting: dict[tuple[int, int], int] = defaultdict(int)  # (organisation, event) -> count
    events: dict[int, Event] = {}
    for registration in db.session.scalars(
            select(Registration).join(Event, Event.id == Registration.event_id)
            .where(Registration.status == RegistrationStatus.PENDING, Event.ends_at > now)):
        event = registration.event
        if settings_for(event).approval_policy is ApprovalPolicy.FOCAL_POINT:
            waiting[(registration.organisation_id, event.id)] += 1
            events[event.id] = event
    by_focal_point: dict[User, list[tuple[Event, int]]] = defaultdict(list)
    for (organisation_id, event_id), count in waiting.items():
        for user in db.session.scalars(select(User).join(RoleGrant).where(
                RoleGrant.role == Role.FOCAL_POINT, RoleGrant.organisation_id == organisation_id,
                User.active.is_(True))):
            by_focal_point[user].append((events[event_id], count))
    queued = 0
    day = now.date().isoformat()
    for user, items in by_focal_point.items():
        key = f"focal-point-reminder:{user.id}:{day}"
        if db.session.scalar(select(exists().where(OutboxMail.dedupe_key == key))):
            continue
        with in_language(user.language):
            lines = [_("Registrations are waiting for your decision as focal point:"), ""]
            lines += [ngettext("- %(event)s: %(num)d registration",
                               "- %(event)s: %(num)d registrations", count,
                               event=event.title)
                      for event, count in sorted(items, key=lambda item: item[0].starts_at)]
            lines += ["", _("Decide here: %(url)s",
                            url=url_for("registration.focal_point", _external=True))]
            queued += len(queue_mail(build_message(
                [user.email], _("Registrations waiting for your decision"), "\n".join(lines)),
                kind="focal_point_reminder", dedupe_key=key))
    return queued


def remind_deadlines(now: datetime | None = None) -> int:
    """Mail the organisers of each meeting a deadline of the ISO/IEC Directives that is due
    within two weeks or overdue and not done: once when it comes due soon, once when it is
    overdue. Returns how many mails were put in the outbox (the caller commits)."""
    now = now or utcnow()
    events = list(db.session.scalars(select(Event).where(
        Event.committee_id.is_not(None), Event.ends_at > now - timedelta(weeks=5))))
    queued = 0
    for event_id, deadlines in deadlines_for(events).items():
        for deadline in deadlines:
            state = deadline.state(now)
            if state not in (DeadlineState.DUE_SOON, DeadlineState.OVERDUE):
                continue
            event = deadline.event
            for user in event_organiser_accounts(event):
                key = f"deadline:{event_id}:{deadline.kind.value}:{state.value}:{user.id}"
                if db.session.scalar(select(exists().where(OutboxMail.dedupe_key == key))):
                    continue
                with in_language(user.language):
                    due = format_date(deadline.due_at, event.timezone)
                    subject = (_("Overdue for %(event)s: %(deadline)s",
                                 deadline=deadline.kind.label, event=event.title)
                               if state is DeadlineState.OVERDUE else
                               _("Due on %(date)s for %(event)s: %(deadline)s", date=due,
                                 deadline=deadline.kind.label, event=event.title))
                    body = "\n".join([
                        _("For %(event)s: %(deadline)s, due on %(date)s (%(rule)s).",
                          deadline=deadline.kind.label, event=event.title, date=due,
                          rule=str(deadline.rule.rule)),
                        "",
                        _("Mark it done on the meeting's page: %(url)s",
                          url=url_for("manage.hub", event=event, _external=True)),
                    ])
                    queued += len(queue_mail(build_message([user.email], subject, body),
                                             kind="deadline_reminder", event_id=event_id,
                                             dedupe_key=key))
    return queued


@huey.periodic_task(crontab(minute="0", hour="6"))
@in_app_context
def daily_reminders() -> None:
    """Daily at 06:00 UTC (morning in Africa, Europe; before dawn in the Americas)."""
    focal_points = remind_focal_points()
    deadlines = remind_deadlines()
    db.session.commit()
    log.info("reminders: %d to focal points, %d about deadlines", focal_points, deadlines)
