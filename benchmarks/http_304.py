"""A 304 answer to a conditional request for a feed, against a trivial endpoint, in the same
run, through a real gunicorn.

    .venv/bin/python -m benchmarks.http_304 [--requests 1000] [--port 5201]

The feed is the series of 1,000 sessions (see dataset.py); the client already has it and
sends its ETag (If-None-Match). The trivial endpoint is /healthz (one `SELECT 1`). Both go
through the same gunicorn worker, one request at a time on a fresh connection each (the sync
worker closes connections), alternating so both see the same load. The 304 costs the
series lookup and the feed's state (two small queries), never the feed itself.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.dataset import SERIES, bench_app, build, database_url

ROOT = Path(__file__).resolve().parent.parent


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "bench.plenaria.test",
                                                 **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            sys.exit("gunicorn stopped; see its output above")
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--port", type=int, default=5201)
    options = parser.parse_args()
    build(bench_app())
    environment = {**os.environ, "DATABASE_URL": database_url().replace("+psycopg", ""),
                   "SECRET_KEY": "benchmark", "SERVER_NAME": "bench.plenaria.test"}
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", "1", "--bind",
         f"127.0.0.1:{options.port}", "--log-level", "warning", "app:create_app()"],
        cwd=ROOT, env=environment)
    try:
        wait_until_up(options.port, server)
        feed = f"/series/{SERIES}/calendar.ics"
        status, headers, body = get(options.port, feed)
        assert status == 200, status
        etag = headers["ETag"]
        conditional = {"If-None-Match": etag}
        assert get(options.port, feed, conditional)[0] == 304
        full, not_modified, trivial = [], [], []
        for number in range(options.requests):
            for path, extra, samples in ((feed, conditional, not_modified),
                                         ("/healthz", {}, trivial)):
                started = time.perf_counter()
                status, _headers, _body = get(options.port, path, extra)
                samples.append(time.perf_counter() - started)
                assert status in (200, 304), status
            if number % 50 == 0:  # now and then the whole feed, for scale
                started = time.perf_counter()
                get(options.port, feed)
                full.append(time.perf_counter() - started)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    def ms(samples: list[float]) -> str:
        return f"median {statistics.median(samples) * 1000:7.2f} ms, " \
               f"p95 {sorted(samples)[int(len(samples) * 0.95)] * 1000:7.2f} ms"

    print(f"feed: {len(body):,} bytes, 1,000 sessions; {options.requests} requests each")
    print(f"304 (If-None-Match):      {ms(not_modified)}")
    print(f"/healthz (trivial):       {ms(trivial)}")
    print(f"full feed (200):          {ms(full)}  ({len(full)} requests)")
    ratio = statistics.median(not_modified) / statistics.median(trivial)
    print(f"ratio 304 / trivial:      {ratio:.2f}")


if __name__ == "__main__":
    main()
