"""A registration burst: N delegates press "Register" at once for a workshop with C places,
through gunicorn with 4 workers, on SQLite or PostgreSQL.

    .venv/bin/python benchmarks/registration_burst.py --database sqlite
    .venv/bin/python benchmarks/registration_burst.py --database postgresql \
        --postgres-url postgresql://postgres@127.0.0.1:5432/plenaria_bench_reg

Reports confirmed and waitlisted registrations (from the database), server errors, p50/p95
latency of the burst, and the same for a burst of the trivial endpoint /healthz measured in
the same run, with the ratio of the medians. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "benchmark password"
SLUG = "burst-workshop"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Burst:
    latencies: list[float]
    codes: list[int]

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    @property
    def server_errors(self) -> int:
        return sum(1 for code in self.codes if code >= 500 or code == 0)


def prepare_database(url: str, users: int, capacity: int, env: dict[str, str]) -> None:
    """Fresh schema by the real migrations, then an open workshop and `users` accounts."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from events.config import database_url_from_env

    sa_url = make_url(database_url_from_env(url))
    if sa_url.get_backend_name() == "postgresql":
        admin = create_engine(sa_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                       {"name": sa_url.database})
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{sa_url.database}"'))
        admin.dispose()
        engine = create_engine(sa_url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True)

    os.environ.update(env)
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

    app = create_app()
    with app.app_context():
        org = Organisation(acronym="ICONTEC", name="Instituto Colombiano de Normas Técnicas",
                           kind=OrganisationKind.NSB, country="CO")
        start = datetime.now(UTC) + timedelta(days=90)
        event = Event(slug=SLUG, title="Burst workshop", kind=EventKind.WORKSHOP,
                      status=EventStatus.PUBLISHED, timezone="America/Bogota",
                      starts_at=start, ends_at=start + timedelta(hours=8), capacity=capacity)
        db.session.add_all([org, event, RegistrationSettings(
            event=event, approval_policy=ApprovalPolicy.AUTOMATIC)])
        password_hash = generate_password_hash(PASSWORD)  # once: hashing is slow on purpose
        for n in range(users):
            email = f"delegate{n}@icontec.example"
            person = Person(given_name="Delegate", family_name=str(n), email=email,
                            organisation=org)
            db.session.add(User(email=email, person=person, password_hash=password_hash,
                                email_confirmed_at=datetime.now(UTC)))
        db.session.commit()
        org_id = org.id
        db.engine.dispose()
    env["BENCH_ORG_ID"] = str(org_id)


def count_statuses(env: dict[str, str]) -> dict[str, int]:
    from sqlalchemy import func, select

    from app import create_app
    from events.extensions import db
    from events.models import Registration

    app = create_app()
    with app.app_context():
        rows = db.session.execute(
            select(Registration.status, func.count()).group_by(Registration.status)).all()
        result = {status.value: count for status, count in rows}
        db.engine.dispose()
    return result


class Browser:
    """One delegate's browser: cookies, and no automatic redirects (we time one request)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect)

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except OSError:
            return 0, ""

    def token(self, path: str) -> str:
        status, page = self.request(path)
        match = _CSRF.search(page)
        if not match:
            raise RuntimeError(f"no form at {path} (HTTP {status})")
        return match.group(1)


def burst(calls: list, concurrency: int) -> Burst:  # type: ignore[type-arg]
    """Run every call at the same instant; time each from the start signal."""
    start = threading.Barrier(len(calls))
    latencies = [0.0] * len(calls)
    codes = [0] * len(calls)

    def run(index: int) -> None:
        start.wait()
        began = time.perf_counter()
        codes[index] = calls[index]()
        latencies[index] = time.perf_counter() - began

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(run, range(len(calls))))
    return Burst(latencies, codes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres-url",
                        default="postgresql://postgres@127.0.0.1:5432/plenaria_bench_reg")
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=5150)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="plenaria-bench-"))
    url = (f"sqlite:///{workdir / 'bench.sqlite'}" if args.database == "sqlite"
           else args.postgres_url)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "benchmark-secret",
           # Setting up 500 signed-in browsers from one address is not an attack.
           "SIGN_IN_RATE_LIMIT": "100000 per minute"}
    env.pop("MAIL_SERVER", None)  # mails are written to the log, as in development
    prepare_database(url, args.users, args.capacity, env)

    log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 - closed after the server stops
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--bind",
         f"127.0.0.1:{args.port}", "--backlog", "2048", "--timeout", "120", "app:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                if urllib.request.urlopen(base + "/healthz", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start; see " + str(workdir / "gunicorn.log"))

        browsers = [Browser(base) for _ in range(args.users)]
        tokens: list[str] = []

        def sign_in_and_open_form(n: int) -> str:
            browser = browsers[n]
            token = browser.token("/sign-in")
            status, _ = browser.request("/sign-in", {
                "csrf_token": token, "email": f"delegate{n}@icontec.example",
                "password": PASSWORD})
            if status != 302:
                raise RuntimeError(f"sign-in failed for delegate {n}: HTTP {status}")
            return browser.token(f"/events/{SLUG}/register")

        with ThreadPoolExecutor(max_workers=16) as pool:
            tokens = list(pool.map(sign_in_and_open_form, range(args.users)))

        org_id = env["BENCH_ORG_ID"]
        trivial = burst([lambda b=b: b.request("/healthz")[0] for b in browsers], args.users)
        registrations = burst([
            lambda b=b, t=t: b.request(f"/events/{SLUG}/register", {
                "csrf_token": t, "organisation": org_id, "role": "delegate",
                "attendance_type": "onsite"})[0]
            for b, t in zip(browsers, tokens, strict=True)], args.users)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    os.environ.update(env)
    statuses = count_statuses(env)
    ratio = statistics.median(registrations.latencies) / statistics.median(trivial.latencies)
    result = {
        "database": args.database,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "users": args.users, "capacity": args.capacity, "workers": args.workers,
        "confirmed": statuses.get("approved", 0),
        "waitlisted": statuses.get("waitlisted", 0),
        "server_errors": registrations.server_errors,
        "other_statuses": sorted(set(registrations.codes) - {302}),
        "register_p50_ms": round(statistics.median(registrations.latencies) * 1000),
        "register_p95_ms": round(registrations.percentile(95) * 1000),
        "healthz_p50_ms": round(statistics.median(trivial.latencies) * 1000),
        "healthz_p95_ms": round(trivial.percentile(95) * 1000),
        "healthz_server_errors": trivial.server_errors,
        "median_ratio": round(ratio, 1),
    }
    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / f"registration-burst-{args.database}.json").write_text(json.dumps(result,
                                                                                indent=2))
    print(json.dumps(result, indent=2))
    print(f"| {args.database} | {result['confirmed']} | {result['waitlisted']} | "
          f"{result['server_errors']} | {result['register_p50_ms']} | "
          f"{result['register_p95_ms']} | {result['healthz_p50_ms']} | "
          f"{result['healthz_p95_ms']} | {result['median_ratio']} |")


if __name__ == "__main__":
    main()
