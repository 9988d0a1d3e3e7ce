"""A person's own data: what Plenaria holds about them (to download), and deleting the
account. Registrations of past meetings stay, anonymised, so that participation figures
(by NSB, country, day) do not change; upcoming ones are cancelled, freeing their places."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, select

from events.audit import log as audit_log
from events.extensions import db
from events.models import (
    Attendance,
    Certificate,
    InvitationLetterRequest,
    Registration,
    User,
    utcnow,
)
from events.registration import operations
from events.registration.notifications import Notice


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def personal_data(user: User) -> dict[str, Any]:
    """Everything about `user` and their person, as plain JSON-ready data."""
    person = user.person
    registrations = db.session.scalars(select(Registration).where(
        Registration.person_id == person.id).order_by(Registration.created_at))
    attendances = db.session.scalars(select(Attendance).where(
        Attendance.person_id == person.id))
    certificates = db.session.scalars(select(Certificate).where(
        Certificate.person_id == person.id))
    return {
        "account": {"email": user.email, "language": user.language,
                    "created_at": _iso(user.created_at),
                    "email_confirmed_at": _iso(user.email_confirmed_at),
                    "two_factor": user.totp_secret is not None,
                    "roles": [{"role": g.role.value,
                               "organisation": g.organisation.acronym if g.organisation else None,
                               "event": g.event.slug if g.event else None}
                              for g in user.grants]},
        "person": {"given_name": person.given_name, "family_name": person.family_name,
                   "email": person.email,
                   "organisation": person.organisation.acronym if person.organisation
                   else None},
        "registrations": [{
            "event": r.event.slug, "organisation": r.organisation.acronym,
            "status": r.status.value, "role": r.role.value,
            "attendance_type": r.attendance_type.value,
            "arrival_date": _iso(r.arrival_date), "departure_date": _iso(r.departure_date),
            "dietary_needs": r.dietary_needs, "accessibility_needs": r.accessibility_needs,
            "consent_to_publish": r.consent_to_publish,
            "invitation_letter": None if r.invitation_letter is None else {
                "name_in_passport": r.invitation_letter.name_in_passport,
                "passport_number": r.invitation_letter.passport_number,
                "nationality": r.invitation_letter.nationality,
                "date_of_birth": _iso(r.invitation_letter.date_of_birth),
                "passport_expires_on": _iso(r.invitation_letter.passport_expires_on)},
            "created_at": _iso(r.created_at),
        } for r in registrations],
        "attendance": [{"event": a.event.slug, "mode": a.mode.value,
                        "origin": a.origin.value} for a in attendances],
        "certificates": [{"event": c.event.slug, "code": c.code} for c in certificates],
    }


def record_download(user: User) -> None:
    audit_log.record("personal_data.downloaded", user.email)


def delete_account(user: User) -> list[Notice]:
    """Delete `user`'s account: upcoming registrations are cancelled (their places go to
    the waiting list: the returned notices tell the people promoted), passports and health
    needs erased, and the person anonymised so that past figures stay right.

    Each cancellation is committed on its own (it holds its meeting's lock); the caller
    commits the rest, then delivers the notices."""
    person = user.person
    now = utcnow()
    notices: list[Notice] = []
    upcoming = [r.id for r in db.session.scalars(select(Registration).where(
        Registration.person_id == person.id)) if r.is_active and r.event.ends_at > now]
    for registration_id in upcoming:
        outcome = operations.cancel(db.session.get_one(Registration, registration_id),
                                    by=user,
                                    reason=_("The participant deleted their account."))
        db.session.commit()
        notices.extend(notice for notice in outcome.notices
                       if notice.registration_id != registration_id)
    for registration in db.session.scalars(select(Registration).where(
            Registration.person_id == person.id)):
        registration.dietary_needs = registration.accessibility_needs = None
        registration.arrival_date = registration.departure_date = None
        registration.consent_to_publish = False
    db.session.execute(delete(InvitationLetterRequest).where(
        InvitationLetterRequest.registration_id.in_(
            select(Registration.id).where(Registration.person_id == person.id))))
    audit_log.record("account.deleted", f"#{person.id}")
    person.given_name = ""
    person.family_name = _("Former participant %(number)d", number=person.id)
    person.email = None
    db.session.delete(user)
    return notices
