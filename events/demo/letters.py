"""Visa invitation letters of the demo plenary: delegates whose passports carry names in
Chinese, Arabic and Cyrillic, so that the letters show every script printing right."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from events.extensions import db
from events.models import Event, InvitationLetterRequest, Person, Registration

# (event, organisation, nationality, invented passport number, date of birth, expiry)
LETTERS = (
    ("casco-plenary-2019", "SAC", "CN", "E12345678", date(1979, 8, 14), date(2027, 3, 1)),
    ("casco-plenary-2019", "EOS", "EG", "A23456789", date(1984, 2, 3), date(2026, 11, 20)),
    ("casco-plenary-2019", "ILAC", "RU", "751234567", date(1981, 6, 30), date(2028, 1, 15)),
)


def load_invitation_letters(events: dict[str, Event],
                            people: dict[str, list[Person]]) -> None:
    """The head of each named delegation asks for a letter (idempotent)."""
    for slug, acronym, nationality, number, born, expires in LETTERS:
        person = people[acronym][0]
        registration = db.session.scalar(select(Registration).where(
            Registration.event_id == events[slug].id, Registration.person_id == person.id))
        if registration is None:
            continue
        registration.needs_invitation_letter = True
        letter = registration.invitation_letter or InvitationLetterRequest(
            registration=registration)
        letter.name_in_passport = person.full_name
        letter.passport_number, letter.nationality = number, nationality
        letter.date_of_birth, letter.passport_expires_on = born, expires
        db.session.add(letter)
    db.session.flush()
