"""Messages built from a count use ngettext ("1 participant", "2 participants"; Russian has
three forms), and the registrations CSV names its charset once."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from events.extensions import db
from events.models import Event, Role
from tests.conftest import sign_in
from tests.factories import make_event, make_org, make_person, make_registration, make_user
from tests.test_registration import setup_event

ROOT = Path(__file__).resolve().parents[1]
# A gettext call (not ngettext) and its string literals, in Python and in templates.
GETTEXT = re.compile(r'(?<![\w.])(?:_|_l|gettext|lazy_gettext)\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)')
NUMBER = re.compile(r"%\((\w+)\)d")
# Numbers that are not counts of things: positions, line numbers, limits, versions.
NOT_COUNTS = {"line", "number", "position", "edition", "min", "max", "percent", "first",
              "last", "year"}
# Built from a count before this rule; each is to be turned into ngettext (issue 19, item
# 10). The list may only shrink: a new message with a count fails the test.
NOT_YET_PLURAL = {
    "%(format)s export (%(encoding)s), %(rows)s, %(people)s: %(added)d added, ",
    "The meeting is full (%(capacity)d places): nobody can be added ",
    "%(where)s: %(found)d values for %(expected)d columns",
    "None of the %(count)d rows could be read (the first: %(problem)s). Check that ",
    "%(org)s has already registered %(count)d people, the most each delegation may ",
    "%(taken)d places are already taken; the capacity cannot be lower. Cancel ",
    "The agenda of %(source)s was copied: %(count)d sessions, on the same days of ",
    "%(created)d added, %(updated)d updated.",
    "%(created)d created, %(updated)d updated, %(unchanged)d unchanged.",
    "Showing %(first)d–%(last)d of %(total)d",
    "%(present)d of %(total)d shown are checked in.",
    "%(participants)d participants representing %(nsbs)d NSBs from %(countries)d countries.",
    "%(onsite)d on site, %(remote)d remote.",
    "%(taken)d of %(seats)d seats taken",
    "%(p)d P-members, %(o)d O-members",
    # Merged from the decisions, scale and reliability work, to convert likewise.
    "%(present)d of %(total)d P-members present",
    "%(present)d of %(total)d P-members were present.",
    "%(voted)d of %(present)d P-members present have voted",
    "%(yes)d yes, %(no)d no, %(abstain)d abstentions",
    "%(yes)d yes, %(no)d no, %(abstain)d abstentions. A vote is closed once: no ",
    "Switched off after %(count)d failed deliveries in a row.",
    "Vote closed %(when)s: %(yes)d yes, %(no)d no, %(abstain)d abstentions — %(outcome)s.",
    "adopted by vote: %(yes)d yes, %(no)d no, %(abstain)d abstentions",
    "line %(line)d: the header has %(count)d columns; an attendance export has ",
}


def counted_messages() -> dict[str, str]:
    """Messages with a count placeholder outside ngettext: first literal -> where."""
    found: dict[str, str] = {}
    files = [*(ROOT / "events").rglob("*.py"), *(ROOT / "templates").rglob("*.html"),
             *(ROOT / "templates").rglob("*.txt")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for match in GETTEXT.finditer(text):
            literals = re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))
            counts = set(NUMBER.findall("".join(literals))) - NOT_COUNTS
            if counts:
                line = text.count("\n", 0, match.start()) + 1
                found[literals[0]] = f"{path.relative_to(ROOT)}:{line}"
    return found


def test_no_new_message_is_built_from_a_count_without_ngettext():
    found = counted_messages()
    new = {message: where for message, where in found.items() if message not in NOT_YET_PLURAL}
    assert new == {}, "use ngettext for these"
    # Converted ones leave the list, so it cannot hide a message that is gone.
    assert set(found) >= NOT_YET_PLURAL, NOT_YET_PLURAL - set(found)


def _meeting_with_one_registration(app) -> None:
    with app.app_context():
        kebs = make_org("KEBS", country="KE")
        event = make_event("plenary", host=kebs, capacity=40)
        make_registration(event, make_person(kebs, given_name="Амина", family_name="Оти"))
        make_user(Role.ORGANISER, organisation=kebs, email="org@kebs.example")
        db.session.commit()


def test_places_are_counted_in_each_languages_plural_forms(app, client):
    with app.app_context():
        inen = make_org("INEN", country="EC")
        setup_event(capacity=1)
        make_user(email="maria@inen.example", name="María Núñez", organisation=inen)
        db.session.commit()
    sign_in(client, "maria@inen.example")
    page = client.get("/events/workshop/register?lang=en").get_data(as_text=True)
    assert "1 place." in page and "1 places." not in page
    with app.app_context():
        event = db.session.scalar(select(Event))
        event.capacity = 21
        db.session.commit()
    russian = client.get("/events/workshop/register?lang=ru").get_data(as_text=True)
    assert "21 место." in russian  # 21 takes the singular in Russian, not in English


def test_the_registrations_csv_names_its_charset_once(app, client):
    _meeting_with_one_registration(app)
    sign_in(client, "org@kebs.example")
    response = client.get("/events/plenary/registrations.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
