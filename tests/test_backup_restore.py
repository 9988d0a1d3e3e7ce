"""Backup and restore, as on a fresh machine: a restored copy serves the same pages and
feeds (same ETags, same UIDs), its documents, and the links signed with the secret key.

Real processes throughout: `flask` commands and gunicorn, on SQLite files of the test's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.servers import ROOT, free_port, gunicorn

FEEDS = ("/events/casco-plenary-2019/calendar.ics", "/series/iso-casco-plenary/calendar.ics",
         "/orgs/KEBS/calendar.ics")
PAGES = ("/", "/events/casco-plenary-2019/", "/events/casco-plenary-2019/agenda",
         "/series/iso-casco-plenary/", "/orgs/KEBS")
_TOKEN = re.compile(r'value="[\w.-]{40,}"')  # CSRF tokens differ from one answer to the next


def flask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True)


def _answers(base: str) -> dict[str, tuple[int, str | None, str]]:
    seen = {}
    for path in FEEDS + PAGES:
        with urllib.request.urlopen(base + path, timeout=60) as answer:  # follows redirects
            body = answer.read().decode()
            seen[path] = (answer.status, answer.headers.get("ETag"), body)
    return seen


def _uids(feed: str) -> list[str]:
    return sorted(re.findall(r"^UID:(.+?)\r?$", feed, re.MULTILINE))


def test_a_restored_copy_serves_the_same_pages_feeds_and_documents(tmp_path: Path):
    first = {"DATABASE_URL": f"sqlite:///{tmp_path / 'first.sqlite'}",
             "SECRET_KEY": "the original secret key",
             "DOCUMENTS_FOLDER": str(tmp_path / "first-documents")}
    assert flask(first, "db", "upgrade").returncode == 0
    loaded = flask(first, "demo", "load")
    assert loaded.returncode == 0, loaded.stderr
    (tmp_path / "first-documents").mkdir(exist_ok=True)
    (tmp_path / "first-documents" / "n1330.pdf").write_bytes(b"%PDF-1.4 Informe")
    archive = tmp_path / "plenaria-backup.tar.gz"
    made = flask(first, "backup", "create", str(archive))
    assert made.returncode == 0, made.stderr
    assert "1 document file(s)" in made.stdout

    # The fresh machine: another database file, documents folder and key file.
    key_file = tmp_path / "fresh-instance" / "secret_key"
    fresh = {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite'}",
             "SECRET_KEY": "a placeholder until the key is restored",
             "DOCUMENTS_FOLDER": str(tmp_path / "fresh-documents")}
    restored = flask(fresh, "backup", "restore", str(archive),
                     "--secret-key-file", str(key_file))
    assert restored.returncode == 0, restored.stderr
    assert key_file.read_text() == "the original secret key"
    assert (tmp_path / "fresh-documents" / "n1330.pdf").read_bytes() == b"%PDF-1.4 Informe"
    fresh["SECRET_KEY"] = key_file.read_text()

    again = flask(fresh, "backup", "restore", str(archive), "--secret-key-file", str(key_file))
    assert again.returncode != 0
    assert "the target database is not empty" in again.stderr

    port = free_port()  # one address for both: feeds carry the pages' URLs
    with gunicorn(first, port=port) as (base, _p):
        before = _answers(base)
    with gunicorn(fresh, port=port) as (base, _p):
        after = _answers(base)
    for path in FEEDS:
        assert after[path][:2] == before[path][:2], path  # same status and ETag
        assert _uids(after[path][2]) == _uids(before[path][2]) != []
    for path in PAGES:
        assert after[path][0] == before[path][0] == 200
        assert _TOKEN.sub("", after[path][2]) == _TOKEN.sub("", before[path][2]), path


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_restored(tmp_path: Path):
    bogus = tmp_path / "backup.tar.gz"
    bogus.write_bytes(b"not an archive")
    fresh = {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite'}", "SECRET_KEY": "x",
             "DOCUMENTS_FOLDER": str(tmp_path / "docs")}
    refused = flask(fresh, "backup", "restore", str(bogus),
                    "--secret-key-file", str(tmp_path / "key"))
    assert refused.returncode != 0
    assert "is not a Plenaria backup" in refused.stderr
    assert "Nothing was restored" in refused.stderr
    assert not (tmp_path / "key").exists()
