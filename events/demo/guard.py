"""`demo load` only ever refreshes its own demo: it refuses a database holding anything else.

"Anything else" is found by trying: the demo is loaded inside a savepoint and the tables are
compared before and after. On a database that holds only the demo, loading again changes
nothing (the loader is idempotent), so any row the load would change or delete means someone
edited the demo's data there, and any row the demo would not have written itself (an account,
a meeting or an organisation of real people) means the database is in real use. Either way
the load is rolled back and the operator is told what was found.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import Table, event, select

from events.extensions import db

# Rows are compared by their values as text: types such as JSON are not hashable.
Row = tuple[str, ...]

# Tables whose rows are people's and meetings' own: what "real data" is made of.
NAMED_TABLES = {
    "users": "accounts",
    "people": "people",
    "events": "meetings",
    "organisations": "organisations",
    "registrations": "registrations",
}


@dataclass
class DemoCheck:
    """What a trial load found: tables whose rows the demo would change, and rows it did
    not write itself (only meaningful when the database was not empty)."""

    was_empty: bool
    changed: dict[str, int] = field(default_factory=dict)
    foreign: dict[str, int] = field(default_factory=dict)

    @property
    def only_the_demo(self) -> bool:
        return self.was_empty or not (self.changed or self.foreign)

    def problems(self) -> list[str]:
        lines = [f"{count} {NAMED_TABLES.get(table, table)} row(s) edited since the demo "
                 f"was loaded (table {table}): loading would put them back"
                 for table, count in sorted(self.changed.items())]
        lines += [f"{count} {NAMED_TABLES.get(table, table)} row(s) that are not the demo's "
                  f"(table {table})" for table, count in sorted(self.foreign.items())]
        return lines


def _rows(table: Table) -> set[Row]:
    return {tuple(repr(value) for value in row) for row in db.session.execute(select(table))}


def snapshot() -> dict[str, set[Row]]:
    db.session.flush()
    return {table.name: _rows(table) for table in db.metadata.sorted_tables
            if table.name != "alembic_version"}


def is_empty(tables: dict[str, set[Row]]) -> bool:
    return not any(tables.get(name) for name in NAMED_TABLES)


def check_demo(load: Callable[[date | None, date | None], object]) -> DemoCheck:
    """Load the demo (`load(workshop_day, wg64_day)`) inside a savepoint, compare, and roll
    it back.

    The demo's upcoming workshop moves to the next April once its registration closes, WG 64's
    meeting to the next March; the trial keeps them on the days they have, so that moving them
    is not taken for an edit."""
    before = snapshot()
    if is_empty(before):
        return DemoCheck(was_empty=True)
    workshop_day, wg64_day = _workshop_day(), _wg64_day()
    session = db.session()
    touched = _Touched()
    # Every row the loader reads or writes is one the demo knows as its own.
    event.listen(session, "loaded_as_persistent", touched.record)
    event.listen(session, "pending_to_persistent", touched.record)
    savepoint = session.begin_nested()
    try:
        load(workshop_day, wg64_day)
        after = snapshot()
        known = touched.keys()
    finally:
        savepoint.rollback()
        event.remove(session, "loaded_as_persistent", touched.record)
        event.remove(session, "pending_to_persistent", touched.record)
    check = DemoCheck(was_empty=False)
    for name, rows in before.items():
        gone = len(rows - after.get(name, set()))
        if gone:
            check.changed[name] = gone
    for name, keys in known.items():
        table = db.metadata.tables[name]
        ids = set(db.session.scalars(select(table.c.id)))
        if extra := len(ids - keys):
            check.foreign[name] = extra
    organisations = db.metadata.tables["organisations"]
    acronyms = set(db.session.scalars(select(organisations.c.acronym)))
    if extra := len(acronyms - directory_acronyms()):
        check.foreign["organisations"] = extra
    return check


def _workshop_day() -> date | None:
    from events.demo.upcoming import BOGOTA, WORKSHOP_UID
    from events.models import Event

    workshop = db.session.scalar(select(Event).where(Event.uid == WORKSHOP_UID))
    if workshop is None:
        return None
    return workshop.starts_at.astimezone(ZoneInfo(BOGOTA)).date()


def _wg64_day() -> date | None:
    from events.demo.committee import BERLIN, WG64_MEETING_UID
    from events.models import Event

    meeting = db.session.scalar(select(Event).where(Event.uid == WG64_MEETING_UID))
    if meeting is None:
        return None
    return meeting.starts_at.astimezone(ZoneInfo(BERLIN)).date()


class _Touched:
    """The accounts, people, meetings and registrations a load of the demo went through."""

    def __init__(self) -> None:
        self.instances: list[object] = []

    def record(self, _session: object, instance: object) -> None:
        self.instances.append(instance)

    def keys(self) -> dict[str, set[int]]:
        from events.models import Event, Person, Registration, User

        known = {model.__tablename__: {obj.id for obj in self.instances
                                       if isinstance(obj, model)}
                 for model in (User, Person, Event, Registration)}
        # A demo account's person is the demo's even when the load did not need to read it.
        known["people"] |= {obj.person_id for obj in self.instances if isinstance(obj, User)}
        return known


def directory_acronyms() -> set[str]:
    """The organisations the demo writes: its directory file, and the liaison organisations
    of ISO/CASCO's page that its committee import adds."""
    from events.demo.committee import CASCO_FILES
    from events.demo.loader import DIRECTORY_FILE

    with DIRECTORY_FILE.open(encoding="utf-8", newline="") as handle:
        acronyms = {row["acronym"].strip() for row in csv.DictReader(handle)}
    with (CASCO_FILES / "liaisons.csv").open(encoding="utf-8", newline="") as handle:
        acronyms |= {row["code"].strip() for row in csv.DictReader(handle)
                     if row["type"].strip() == "organisation"}
    return acronyms
