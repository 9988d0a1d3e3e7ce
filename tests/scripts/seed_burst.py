"""Build a fresh database (real migrations) with an open workshop and N accounts that have
never signed in (no language yet: their first sign-in writes it). Run as a separate process
by the concurrency and fault tests: `python tests/scripts/seed_burst.py N CAPACITY`, with
DATABASE_URL set. Prints the organisation's id."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flask_migrate import upgrade
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from app import create_app
from events.extensions import db
from events.models import (
    ApprovalPolicy,
    Event,
    EventKind,
    EventStatus,
    Organisation,
    OrganisationKind,
    Person,
    RegistrationSettings,
    User,
)

SLUG = "burst-workshop"
PASSWORD = "correct horse battery"
# Names from many scripts: the burst is also a test of what people are called.
GIVEN = ["Ана", "伟", "فاطمة", "Νίκος", "José", "Thảo", "Ngozi", "דוד", "ソウタ", "Ольга"]


def email_of(number: int) -> str:
    return f"delegate{number}@icontec.example"


def main() -> None:
    people, capacity = int(sys.argv[1]), int(sys.argv[2])
    app = create_app()
    with app.app_context():
        if db.engine.dialect.name == "postgresql":  # a database of the fault tests' own
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        org = Organisation(acronym="ICONTEC", name="Instituto Colombiano de Normas Técnicas",
                           kind=OrganisationKind.NSB, country="CO")
        start = datetime.now(UTC) + timedelta(days=90)
        event = Event(slug=SLUG, title="Taller COPANT", kind=EventKind.WORKSHOP,
                      status=EventStatus.PUBLISHED, timezone="America/Bogota",
                      starts_at=start, ends_at=start + timedelta(hours=8), capacity=capacity)
        db.session.add_all([org, event, RegistrationSettings(
            event=event, approval_policy=ApprovalPolicy.AUTOMATIC)])
        password_hash = generate_password_hash(PASSWORD)  # once: hashing is slow on purpose
        for number in range(people):
            person = Person(given_name=GIVEN[number % len(GIVEN)], family_name=str(number),
                            email=email_of(number), organisation=org)
            db.session.add(User(email=email_of(number), person=person,
                                password_hash=password_hash,
                                email_confirmed_at=datetime.now(UTC)))
        db.session.commit()
        print(org.id)
        db.engine.dispose()


if __name__ == "__main__":
    main()
