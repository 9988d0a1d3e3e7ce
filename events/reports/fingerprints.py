"""Validators of the big printed documents, read in one aggregate query from the rows they
show, so that a 304 (or a copy from the PDF cache) never builds the HTML, the QR codes or the
PDF. Each fingerprint covers every table the document prints from: a row added, removed or
changed moves a count, a sum of ids or a latest `updated_at`."""

from __future__ import annotations

import hashlib

from flask import current_app, has_request_context, request
from sqlalchemy import case, func, select

from events.extensions import db
from events.models import (
    Attendance,
    AttendanceMode,
    Certificate,
    Event,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
)
from events.reports.pdf import data_fingerprint


def _event_parts(event: Event) -> tuple[object, ...]:
    host = db.session.scalar(select(Organisation.updated_at)
                             .where(Organisation.id == event.host_id)) if event.host_id else None
    return (event.id, event.updated_at, host)


def badges_fingerprint(event: Event, registration_ids: list[int] | None = None,
                       single: bool = False) -> str:
    """The ETag of `badges_document(event, registration_ids, single)`."""
    query = (select(func.count(Registration.id), func.sum(Registration.id),
                    func.max(Registration.updated_at), func.max(Person.updated_at),
                    func.max(Organisation.updated_at))
             .join(Person, Registration.person_id == Person.id)
             .join(Organisation, Registration.organisation_id == Organisation.id)
             .where(Registration.event_id == event.id,
                    Registration.status == RegistrationStatus.APPROVED))
    if registration_ids is not None:
        query = query.where(Registration.id.in_(registration_ids))
    rows = tuple(db.session.execute(query).one())
    # Badge codes are signed with the secret key: a new key prints other codes.
    key = hashlib.sha256(str(current_app.config["SECRET_KEY"]).encode()).hexdigest()
    return data_fingerprint("badges", *_event_parts(event), single,
                            sorted(registration_ids) if registration_ids is not None else None,
                            key, *rows)


def certificates_fingerprint(event: Event, person_id: int | None = None) -> str:
    """The ETag of `certificates_document(event, person_id)`."""
    query = (select(func.count(Attendance.id), func.sum(Attendance.id),
                    func.sum(func.coalesce(Attendance.organisation_id, 0)),
                    func.sum(case((Attendance.mode == AttendanceMode.ONSITE, 1), else_=0)),
                    func.max(Attendance.recorded_at), func.max(Person.updated_at),
                    func.max(Organisation.updated_at))
             .join(Person, Attendance.person_id == Person.id)
             .outerjoin(Organisation, Attendance.organisation_id == Organisation.id)
             .where(Attendance.event_id == event.id))
    issued = select(func.count(Certificate.id)).where(Certificate.event_id == event.id)
    if person_id is not None:
        query = query.where(Attendance.person_id == person_id)
        issued = issued.where(Certificate.person_id == person_id)
    rows = tuple(db.session.execute(query).one())
    # The verification link printed on each certificate is an absolute URL.
    base = request.host_url if has_request_context() else current_app.config.get("BASE_URL")
    return data_fingerprint("certificates", *_event_parts(event), person_id, base,
                            db.session.scalar(issued), *rows)
