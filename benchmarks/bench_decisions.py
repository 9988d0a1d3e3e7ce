"""Decisions benchmarks: a plenary of 160 NSBs with 400 people checked in or online.

    .venv/bin/python benchmarks/bench_decisions.py

Counts the queries of the roll-call page and of the votes page at two sizes (20 NSBs with 50
people, 160 NSBs with 400 people): they must be the same. Times the live roll-call refresh
(the fragment the page's script fetches) against `/healthz`, the trivial endpoint, in the same
run and process, and prints the ratio. Uses a fresh SQLite file in a temporary directory, or
BENCH_DATABASE_URL (a PostgreSQL database whose schema it drops and rebuilds).
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event as sa_event
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from events.config import database_url_from_env  # noqa: E402
from events.extensions import db  # noqa: E402

PASSWORD = "benchmark-password"
SIZES = ((20, 50), (160, 400))  # (NSBs, people checked in or online)
RUNS = 30


class QueryCounter:
    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        self.engine, self.count = engine, 0

    def __enter__(self) -> QueryCounter:
        sa_event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc: object) -> None:
        sa_event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if not re.match(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)", statement, re.I):
            self.count += 1


def reset_schema() -> None:
    from flask_migrate import upgrade

    with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(directory=str(ROOT / "migrations"))


def build_plenary(tag: str, nsbs: int, people: int) -> tuple[str, int]:
    """A committee of `nsbs` P-members (the last tenth O-members), `people` delegates present
    (a third online), a head of delegation each, and an open vote with a ballot from half of
    the P-members present. Returns the event's slug and the resolution's id."""
    from events.decisions import resolutions, votes
    from events.models import (
        Attendance,
        AttendanceMode,
        AttendanceOrigin,
        BallotChannel,
        Committee,
        CommitteeMembership,
        CommitteeStatus,
        DelegateRole,
        Event,
        EventKind,
        EventStatus,
        Organisation,
        OrganisationKind,
        Person,
        Registration,
        RegistrationStatus,
        Session,
        VoteChoice,
    )

    committee = Committee(code=f"ISO/TC {tag}", name=f"Committee {tag}")
    start = datetime(2030, 5, 1, 6, tzinfo=UTC)
    event = Event(slug=f"plenary-{tag}", title=f"Plenary {tag}", kind=EventKind.PLENARY,
                  status=EventStatus.PUBLISHED, timezone="Africa/Nairobi", starts_at=start,
                  ends_at=start + timedelta(hours=30), committee=committee)
    session = Session(event=event, title="Opening", starts_at=start,
                      ends_at=start + timedelta(hours=2))
    db.session.add_all([committee, event, session])
    organisations = []
    for index in range(nsbs):
        org = Organisation(kind=OrganisationKind.NSB, acronym=f"{tag}-N{index}",
                           name=f"NSB {index}", country="KE")
        status = CommitteeStatus.O if index >= nsbs * 9 // 10 else CommitteeStatus.P
        db.session.add_all([org, CommitteeMembership(committee=committee, organisation=org,
                                                     status=status)])
        organisations.append(org)
    db.session.flush()
    for index in range(people):
        org = organisations[index % nsbs]
        person = Person(given_name=f"Given{index}", family_name=f"Family {tag}",
                        email=f"p{index}@{tag.lower()}.example", organisation=org)
        role = DelegateRole.HEAD_OF_DELEGATION if index < nsbs else DelegateRole.DELEGATE
        db.session.add_all([
            person,
            Registration(event=event, person=person, organisation=org, role=role,
                         status=RegistrationStatus.APPROVED),
            Attendance(event=event, person=person, organisation=org,
                       mode=AttendanceMode.REMOTE if index % 3 == 0 else AttendanceMode.ONSITE,
                       origin=AttendanceOrigin.IMPORT if index % 3 == 0
                       else AttendanceOrigin.CHECK_IN)])
    db.session.flush()
    draft = resolutions.draft(event, "Scope", "The committee confirms its scope.", by=None)
    vote = votes.open_vote(draft, session, by=None)
    call = votes.voters(vote)
    for line in [line for line in call.p_members if line.present][::2]:
        votes.cast(vote, line.organisation, VoteChoice.YES, by=None,
                   channel=BallotChannel.CALLED_OUT, call=call)
    db.session.commit()
    return event.slug, draft.id


def median_time(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url_from_env(os.environ.get("BENCH_DATABASE_URL")
                                    or f"sqlite:///{tmp}/bench.sqlite")
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark",
                          "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                          "PDF_CACHE_DIR": f"{tmp}/pdf"})
        with app.app_context():
            from events.auth.accounts import create_user
            from events.models import Role

            reset_schema()
            create_user("bench@plenaria.example", "Bench", PASSWORD, Role.SECRETARIAT)
            built = {size: build_plenary(f"B{size[0]}", *size) for size in SIZES}
            db.session.remove()
        client = app.test_client()
        client.post("/sign-in", data={"email": "bench@plenaria.example", "password": PASSWORD})
        print(f"database: {url.split(':', 1)[0]}")
        print(f"{'page':34} " + " ".join(f"{f'{n} NSBs/{p} people':>22}" for n, p in SIZES))
        pages = {
            "roll call (queries)": "/events/{slug}/decisions/roll-call",
            "live refresh (queries)": "/events/{slug}/decisions/roll-call/live",
            "votes page (queries)": "/events/{slug}/decisions/resolutions/{id}/vote",
        }
        with app.app_context():
            engine = db.engine
        for name, pattern in pages.items():
            counts = []
            for size in SIZES:
                slug, resolution_id = built[size]
                path = pattern.format(slug=slug, id=resolution_id)
                assert client.get(path).status_code == 200, path
                with QueryCounter(engine) as counter:
                    client.get(path)
                counts.append(counter.count)
            same = "same" if len(set(counts)) == 1 else "DIFFERENT"
            print(f"{name:34} " + " ".join(f"{c:>22}" for c in counts) + f"  ({same})")
        slug, _ = built[SIZES[-1]]
        health = median_time(lambda: client.get("/healthz"))
        live = median_time(lambda: client.get(f"/events/{slug}/decisions/roll-call/live"))
        print(f"live refresh, {SIZES[-1][0]} NSBs: {live * 1000:.1f} ms; /healthz "
              f"{health * 1000:.1f} ms; ratio {live / health:.1f}x (median of {RUNS})")


if __name__ == "__main__":
    main()
