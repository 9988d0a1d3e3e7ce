"""Real server processes for the fault tests: gunicorn serving the test database, and a
redis-server of the test's own (never the machine's shared one, which must stay up)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # a 503 from /healthz still means the server is up
    except OSError:
        return False


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 1, extra: tuple[str, ...] = (),
             port: int | None = None) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """gunicorn serving `app:create_app()` with `env` on top of ours; yields its base URL."""
    port = port or free_port()
    full_env = {**os.environ, **env}
    if "MAIL_SERVER" not in env:
        full_env.pop("MAIL_SERVER", None)  # mails go to the log, not to a real relay
    # The log goes to a file: a pipe nobody reads fills up and blocks the server.
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
             f"127.0.0.1:{port}", *extra, "app:create_app()"],
            cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=log, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"gunicorn stopped: {log.read()[-3000:]}")
                if _answers(base + "/healthz"):
                    break
                time.sleep(0.1)
            else:
                raise RuntimeError("gunicorn did not answer")
            yield base, process
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)


class Browser:
    """A client with its own cookies that fills forms as a person does (CSRF token first)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())

    def request(self, path: str, data: dict[str, Any] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body),
                                  timeout=60) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def submit(self, path: str, data: dict[str, Any]) -> tuple[int, str]:
        status, page = self.request(path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert match, f"no form at {path} ({status})"
        return self.request(path, {**data, "csrf_token": match[1]})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 302 is an answer the tests look at, not something to follow


@contextmanager
def redis_server(port: int) -> Iterator[subprocess.Popen[bytes]]:
    """A throw-away redis-server on `port`, no persistence; stopped by its own process id."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed (Debian package redis-server)"
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
