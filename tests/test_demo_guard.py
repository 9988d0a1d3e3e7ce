"""`demo load` refreshes its own demo and nothing else: a database in real use is refused
(nothing changed), `--force` puts the demo's rows back but never changes an account."""

from __future__ import annotations

from sqlalchemy import select

from events.auth.accounts import find_user
from events.extensions import db
from events.models import Event, Organisation
from tests.factories import make_user

PLENARY = "casco-plenary-2019"


def _event() -> Event:
    return db.session.scalar(select(Event).where(Event.slug == PLENARY))


def test_edited_demo_data_is_not_overwritten_without_force(app, demo):
    with app.app_context():
        event = _event()
        demo_title, demo_capacity = event.title, event.capacity
        event.title, event.capacity = "34.ª Plenaria de ISO/CASCO — Nairobi", 140
        kebs = db.session.scalar(select(Organisation).where(Organisation.acronym == "KEBS"))
        kebs.name = "Kenya Bureau of Standards (Ofisi ya Viwango)"
        db.session.commit()

    refused = app.test_cli_runner().invoke(args=["demo", "load"])
    assert refused.exit_code == 1
    assert "nothing was changed" in refused.output
    assert "meetings row(s) edited since the demo was loaded" in refused.output
    assert "organisations row(s) edited" in refused.output
    with app.app_context():
        assert (_event().title, _event().capacity) == ("34.ª Plenaria de ISO/CASCO — Nairobi", 140)

    forced = app.test_cli_runner().invoke(args=["demo", "load", "--force"])
    assert forced.exit_code == 0, forced.output
    with app.app_context():
        assert (_event().title, _event().capacity) == (demo_title, demo_capacity)


def test_real_accounts_are_refused_and_never_changed_even_with_force(app, demo):
    with app.app_context():
        make_user(email="samira@ianor.example", name="سميرة بن علي")
        secretariat = find_user("secretariat@plenaria.example")
        secretariat.set_password("the secretariat's own passphrase")
        db.session.commit()

    refused = app.test_cli_runner().invoke(args=["demo", "load"])
    assert refused.exit_code == 1
    assert "accounts row(s) that are not the demo's" in refused.output

    forced = app.test_cli_runner().invoke(args=["demo", "load", "--force"])
    assert forced.exit_code == 0, forced.output
    with app.app_context():
        secretariat = find_user("secretariat@plenaria.example")
        assert secretariat.check_password("the secretariat's own passphrase")
        assert not secretariat.check_password("plenaria-demo-2019")
        assert find_user("samira@ianor.example").person.full_name == "سميرة بن علي"


def test_the_untouched_demo_loads_again(app, demo):
    again = app.test_cli_runner().invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert "secretariat@plenaria.example" in again.output
