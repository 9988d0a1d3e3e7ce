"""Every form of the URL map gets generated posts — huge, empty, whitespace, NUL, invalid
UTF-8, wrong types, fields missing or repeated — from the secretariat (who may do all that
organisers do) with a valid CSRF token. No answer may be a 5xx.

The forms are found from the URL map, so a new form is covered by being added. Values of a
path (a meeting, an organisation, a registration, a session, an agenda item) come from the
demo. Bounded: a few examples per form, so the whole run stays near a minute.
"""

from __future__ import annotations

import io
import re
import urllib.parse
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from events.demo.upcoming import WORKSHOP_UID
from events.extensions import db
from events.models import (
    AgendaItem,
    AttendanceReviewItem,
    DeadlineKind,
    Event,
    Registration,
    Session,
)
from tests.conftest import csrf_token_from

EXAMPLES_PER_FORM = 4
# Path values of the forms beyond a meeting's: the demo's committee and its first group and
# nomination, the badges' background page, an identity provider that is not configured
# (unknown ids answer 404, which the fuzz test accepts: it looks for 5xx).
OTHER_VALUES = {"committee": "ISO/CASCO", "subgroup": 1, "expert": 1, "document": "badges",
                "name": "nowhere"}
PLENARY, PREP = "casco-plenary-2019", "copant-casco-prep-webex-2019"
# Forms that only exist on another page (confirmation pages, buttons in lists) still take
# these; they are posted to every form beside the names its own page shows.
COMMON_FIELDS = ("confirmed", "reason", "position", "code", "name", "email", "organisation",
                 "person", "session", "role", "target", "kinds", "details", "next", "done",
                 "attendance_type", "mode", "password", "password_again")
_FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.IGNORECASE)
_FILE = re.compile(r'type="file"[^>]*name="([^"]+)"|name="([^"]+)"[^>]*type="file"')
INVALID_UTF8 = b"\xff\xfe\xc3("

values = st.one_of(
    st.sampled_from(["", " ", "\t\n", "\x00", "a\x00b", "-1", "0", "1", "9" * 40, "1e309",
                     "NaN", "2019-02-30", "2030-01-01", "25:61", "yes", "on", "null", "[]",
                     "<script>alert(1)</script>", "' OR 1=1 --", "ISO/CASCO:P", "KEBS",
                     "Ольга Петрова", "王伟", "فاطمة الزهراء", "Europe/Madrid", "Mars/Olympus"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=30),
    # Up to 200 kB: under the test client's 500 kB spool, whose temporary file it leaves open.
    st.integers(min_value=2_000, max_value=100_000).map(lambda n: "é" * n),
    st.just(INVALID_UTF8),
)


def _path_values(app: Flask) -> dict[str, dict[str, Any]]:
    """What each path argument is, per kind of meeting the forms are posted about."""
    with app.app_context():
        def event(slug: str | None = None, uid: str | None = None) -> Event:
            return db.session.scalar(select(Event).where(
                Event.slug == slug if slug else Event.uid == uid))

        chosen = {"plenary": event(PLENARY), "prep": event(PREP),
                  "workshop": event(uid=WORKSHOP_UID)}
        found = {}
        for name, meeting in chosen.items():
            session = db.session.scalar(select(Session).where(Session.event_id == meeting.id)
                                        .order_by(Session.id))
            item = db.session.scalar(select(AgendaItem).where(
                AgendaItem.event_id == meeting.id).order_by(AgendaItem.id))
            registration = db.session.scalar(select(Registration).where(
                Registration.event_id == meeting.id).order_by(Registration.id))
            review = db.session.scalar(select(AttendanceReviewItem).where(
                AttendanceReviewItem.event_id == meeting.id))
            found[name] = {
                "event": meeting.slug, "organisation": "KEBS", "token": "not-a-token",
                "kind": DeadlineKind.DRAFT_AGENDA.value,
                "session_uid": session.uid if session else "none",
                "session_id": session.id if session else 1,
                "item_id": review.id if review and name == "prep" else (item.id if item else 1),
                "registration": registration.id if registration else 1,
                "registration_id": registration.id if registration else 1,
            }
        return found


def _meeting_for(endpoint: str) -> str:
    if endpoint.startswith(("prep.", "attendance.review")):
        return "prep"
    if endpoint.startswith("registration."):
        return "workshop"
    return "plenary"


def _forms(app: Flask) -> list[tuple[str, str, bool]]:
    """(endpoint, rule, also answers GET) of every rule that takes a POST; signing out last."""
    # The JSON API takes JSON and a token, no form: schemathesis fuzzes it against its own
    # document (tests/test_api_schema.py).
    rules = [(r.endpoint, r.rule, "GET" in r.methods) for r in app.url_map.iter_rules()
             if "POST" in r.methods and not r.endpoint.startswith("api.")]
    return sorted(rules, key=lambda r: (r[0] == "auth.sign_out", r[0]))


def _encode(fields: dict[str, list[str | bytes]], token: str) -> bytes:
    pairs = [("csrf_token", token)]
    pairs += [(name, value) for name, many in fields.items() for value in many]
    return "&".join(
        urllib.parse.quote(name) + "=" + urllib.parse.quote(
            value if isinstance(value, bytes) else value.encode())
        for name, value in pairs).encode("ascii")


def _post(client: FlaskClient, url: str, fields: dict[str, list[str | bytes]], token: str,
          files: list[str], content: bytes) -> int:
    if files:
        data: dict[str, Any] = {"csrf_token": token}
        for name, many in fields.items():
            data[name] = [v.decode("latin-1") if isinstance(v, bytes) else v for v in many]
        for name in files:
            data[name] = (io.BytesIO(content), "fuzz.csv")
        response = client.post(url, data=data, content_type="multipart/form-data")
    else:
        response = client.post(url, data=_encode(fields, token),
                               content_type="application/x-www-form-urlencoded")
    response.close()  # streamed answers (files) and the request's uploads are let go
    return response.status_code


def _fuzz_one(client: FlaskClient, url: str, names: list[str], files: list[str],
              token: str) -> None:
    # No shrinking: each post renders a page, and the failing post itself is the report.
    @settings(max_examples=EXAMPLES_PER_FORM, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(fields=st.dictionaries(st.sampled_from(names), st.lists(values, max_size=3),
                                  max_size=len(names)),
           content=st.one_of(st.binary(max_size=3000),
                             st.just("name,email\n".encode("utf-16")),
                             st.just(b"acronym,name,kind\n" + b"A,B,nsb\n" * 50)))
    def posts(fields: dict[str, list[str | bytes]], content: bytes) -> None:
        status = _post(client, url, fields, token, files, content)
        assert status < 500, f"{url} answered {status} to {fields!r}"[:2000]

    posts()


def test_no_form_answers_a_generated_post_with_a_server_error(app, demo, client):
    limit = app.config["SIGN_IN_RATE_LIMIT"]
    app.config["SIGN_IN_RATE_LIMIT"] = "100000 per minute"  # one client posting a lot
    try:
        from tests.conftest import sign_in

        sign_in(client, "secretariat@plenaria.example", "plenaria-demo-2019")
        token = csrf_token_from(client.get("/orgs/new").get_data(as_text=True))
        arguments = _path_values(app)
        adapter = app.url_map.bind("plenaria.test")
        covered = []
        for endpoint, _rule, has_page in _forms(app):
            rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
            values = {**OTHER_VALUES, **arguments[_meeting_for(endpoint)]}
            values.update({name: 1 for name in rule.arguments
                           if name.endswith("_id") and name not in values})
            with app.app_context():
                url = adapter.build(endpoint, values, append_unknown=False)
            page = client.get(url).get_data(as_text=True) if has_page else ""
            files = [a or b for a, b in _FILE.findall(page)]
            names = sorted({*_FIELD.findall(page), *COMMON_FIELDS} - {"csrf_token", *files})
            _fuzz_one(client, url, names, files, token)
            covered.append(endpoint)
        assert "directory.edit" in covered and "registration.register" in covered
        assert len(covered) == len(_forms(app))
    finally:
        app.config["SIGN_IN_RATE_LIMIT"] = limit
