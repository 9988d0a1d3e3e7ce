"""`flask --app app demo load` is idempotent; the COPANT report's figures come out of rows."""

from sqlalchemy import func, select

from events.attendance.stats import participation
from events.extensions import db
from events.models import (
    Attendance,
    Event,
    Organisation,
    Person,
    Registration,
    RegistrationStatus,
    Session,
    User,
)

MODELS = (Organisation, Event, Session, Person, Registration, Attendance, User)


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in MODELS}


def test_loading_twice_gives_the_same_database(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "secretariat@plenaria.example" in first.output
    with app.app_context():
        before = counts()
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        assert counts() == before
        assert before["Event"] == 9  # the 2019 week, earlier plenaries, Bogotá, WG 64


def event(slug: str) -> Event:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def test_the_webex_prep_session_had_32_participants_from_21_nsbs(app_ctx, demo):
    figures = participation(event("copant-casco-prep-webex-2019"))
    assert (figures.participants, figures.nsbs, figures.countries) == (32, 21, 21)
    assert figures.remote == 32


def test_the_regional_workshop_had_nsbs_from_13_countries(app_ctx, demo):
    figures = participation(event("copant-ptb-casco-workshop-2019"))
    assert (figures.nsbs, figures.countries) == (13, 13)


def test_the_plenary_mixes_onsite_and_remote_delegations(app_ctx, demo):
    figures = participation(event("casco-plenary-2019"))
    assert figures.remote == 3 and figures.onsite == figures.participants - 3


def test_some_copant_nsbs_came_for_the_third_time(app_ctx, demo):
    plenaries = [event(f"casco-plenary-{year}") for year in (2017, 2018, 2019)]
    attended = {
        p.id: set(db.session.scalars(
            select(Organisation.acronym).join(Attendance, Attendance.organisation_id
                                              == Organisation.id)
            .where(Attendance.event_id == p.id)))
        for p in plenaries
    }
    every_year = set.intersection(*attended.values())
    assert {"IRAM", "ABNT", "ICONTEC", "INEN", "UNIT"} <= every_year
    first_time = attended[plenaries[2].id] - attended[plenaries[0].id] - attended[plenaries[1].id]
    assert {"BHN", "BNSI", "OSN", "IBNORCA"} <= first_time


def test_some_registered_people_did_not_attend(app_ctx, demo):
    plenary = event("casco-plenary-2019")
    registered = db.session.scalar(select(func.count(Registration.id)).where(
        Registration.event_id == plenary.id, Registration.status == RegistrationStatus.APPROVED))
    assert registered == participation(plenary).participants + 2
