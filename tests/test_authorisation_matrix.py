"""Every route by every actor, generated from the URL map: who gets in, who is refused.

A route added without a line in ACCESS fails `test_every_route_declares_who_may_use_it`;
then each cell of the matrix is asked for real, forms with a valid CSRF token and nothing
filled in. A refusal is a 403, a 404 (drafts and other people's things are hidden) or being
sent to sign in; anything else (a page, a file, a redirect, a form shown again with its
errors) means the actor got in. Forms change things, so each is asked on a fresh world.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pytest
from flask import Flask

from events.auth.permissions import RULES, UNGUARDED_ENDPOINTS
from events.extensions import db
from tests.authorisation_world import ACTORS, World, as_actor, build_world
from tests.conftest import _empty_tables

EVERYONE = frozenset(ACTORS)
SIGNED_IN = EVERYONE - {"anonymous"}
ORGANISERS = frozenset({"organiser", "host_staff", "secretariat"})
# The narrow roles of the meeting (events/auth/permissions.py).
DOOR = ORGANISERS | {"door_staff"}
REGISTRATIONS = ORGANISERS | {"registration_manager"}
PASSPORTS = frozenset({"host_staff", "visa_desk"})
STAFF = frozenset({"door_staff", "registration_manager", "visa_desk"})
NOBODY: frozenset[str] = frozenset()


def only(*actors: str) -> frozenset[str]:
    return frozenset(actors)


class Access(NamedTuple):
    allowed: frozenset[str]
    # URL values for this route beyond the world's defaults (e.g. the pending registration).
    values: dict[str, str] = {}


PREP = {"event": "@prep_event"}
PENDING = {"registration": "@pending_registration"}
COMMITTEE = {"committee": "ISO/CASCO"}
RESOLUTION = {"resolution_id": "999"}

ACCESS: dict[str, Access] = {
    # Public pages, feeds and the sign-in pages.
    "static": Access(EVERYONE, {"filename": "css/plenaria.css"}),
    "healthz": Access(EVERYONE),
    "meetings.home": Access(EVERYONE),
    "meetings.event_page": Access(EVERYONE),
    "meetings.agenda": Access(EVERYONE),
    "meetings.agenda_changes": Access(EVERYONE),
    "meetings.series_page": Access(EVERYONE),
    # No document in the world: nobody gets a file that does not exist.
    "meetings.document": Access(NOBODY, {"document_id": "1", "name": "n1234.pdf"}),
    "reports.agenda_pdf": Access(EVERYONE),
    "calendar.event_feed": Access(EVERYONE),
    "calendar.session_feed": Access(EVERYONE),
    "calendar.series_feed": Access(EVERYONE),
    "calendar.organisation_feed": Access(EVERYONE),
    # A signed personal link works without signing in (calendar apps cannot sign in).
    "calendar.personal_feed": Access(EVERYONE, {"user_id": "@participant_id",
                                                "token": "@feed_token", "feed": "meetings"}),
    "directory.index": Access(EVERYONE),
    "directory.organisation": Access(EVERYONE),
    "reports.verify_form": Access(EVERYONE),
    "reports.verify_certificate": Access(NOBODY, {"code": "NOT-A-CODE"}),
    "auth.sign_in": Access(EVERYONE),
    "auth.sign_up": Access(EVERYONE),
    "auth.forgot_password": Access(EVERYONE),
    # A forged link is answered 400 "not valid" to everyone.
    "auth.confirm": Access(EVERYONE, {"token": "forged"}),
    "auth.reset": Access(EVERYONE, {"token": "forged"}),
    # One's own account.
    "auth.sign_out": Access(SIGNED_IN),
    "auth.resend_confirmation": Access(SIGNED_IN),
    "calendar.account": Access(SIGNED_IN),
    "calendar.reset": Access(SIGNED_IN),
    "account_security.security": Access(SIGNED_IN),
    "account_security.password": Access(SIGNED_IN),
    "account_security.sign_out_everywhere": Access(SIGNED_IN),
    "two_factor.setup": Access(SIGNED_IN),
    "two_factor.enable": Access(SIGNED_IN),
    "two_factor.disable": Access(SIGNED_IN),
    # Only after a right password (nobody in the world has one pending): else to sign in.
    "two_factor.challenge": Access(NOBODY),
    "privacy.my_data": Access(SIGNED_IN),
    "privacy.download": Access(SIGNED_IN),
    "privacy.delete": Access(SIGNED_IN),
    "registration.my_meetings": Access(SIGNED_IN),
    "registration.register": Access(SIGNED_IN),
    # The world's meetings have not begun (the suite's clock is in 2026): certificates exist
    # only for attendance within a meeting's dates, so there is none for anyone to get.
    "reports.my_certificate": Access(NOBODY),
    "reports.my_invitation_letter": Access(only("participant")),
    "reports.my_badge": Access(only("participant")),
    "attendance.ticket": Access(only("participant")),
    # By default the list is for registered participants, focal points and organisers.
    "registration.participants": Access(SIGNED_IN - {"delegate", "other_organiser"} - STAFF),
    "reports.participants_pdf": Access(SIGNED_IN - {"delegate", "other_organiser"} - STAFF),
    # Focal points.
    "registration.focal_point": Access(only("focal_point", "secretariat")),
    "registration.delegates": Access(only("focal_point", "secretariat")),
    "registration.register_other": Access(REGISTRATIONS | {"focal_point"}),
    "registration.cancel": Access(REGISTRATIONS | {"participant", "focal_point"}),
    "registration.approve": Access(REGISTRATIONS, PENDING),
    "registration.reject": Access(REGISTRATIONS, PENDING),
    # Organisers of the meeting.
    "manage.desk": Access(ORGANISERS | {"other_organiser"}),
    "manage.new_event": Access(only("host_staff", "secretariat")),
    "manage.hub": Access(ORGANISERS),
    "manage.edit_event": Access(ORGANISERS),
    "manage.mark_deadline": Access(ORGANISERS, {"kind": "draft_agenda"}),
    "agenda_editor.index": Access(ORGANISERS),
    "agenda_editor.copy_previous": Access(ORGANISERS),
    "agenda_editor.new_item": Access(ORGANISERS),
    "agenda_editor.edit_item": Access(ORGANISERS),
    "agenda_editor.move_item": Access(ORGANISERS),
    "agenda_editor.delete_item": Access(ORGANISERS),
    "agenda_editor.publish": Access(ORGANISERS),
    "agenda_editor.new_session": Access(ORGANISERS),
    "agenda_editor.edit_session": Access(ORGANISERS),
    "agenda_editor.cancel_session": Access(ORGANISERS),
    "agenda_editor.delete_session": Access(ORGANISERS),
    "registration.manage": Access(REGISTRATIONS),
    "registration.export": Access(REGISTRATIONS, {"fmt": "csv"}),
    "registration.settings": Access(ORGANISERS),
    "registration.move": Access(REGISTRATIONS),
    "registration.move_in_session": Access(REGISTRATIONS),
    "registration.release": Access(REGISTRATIONS),
    "registration.release_session": Access(REGISTRATIONS),
    "reports.badges_pdf": Access(DOOR),
    "reports.nameplates_pdf": Access(ORGANISERS),
    "reports.certificates_pdf": Access(NOBODY),  # (no certificate yet, as above)
    # Passports: the host's staff and visa desk only (the secretariat issues no letters).
    "registration.invitation_letters": Access(PASSPORTS),
    "reports.invitation_letters_pdf": Access(PASSPORTS),
    # Check-in and attendance.
    "attendance.check_in_page": Access(DOOR),
    "attendance.badges": Access(DOOR),
    "attendance.check_in_code": Access(DOOR),
    "attendance.check_in_one": Access(DOOR, {"registration_id": "@registration"}),
    "attendance.check_in_walk_in": Access(DOOR),
    "attendance.overview": Access(ORGANISERS),
    "attendance.record_manually": Access(ORGANISERS),
    "attendance.import_file": Access(ORGANISERS, PREP),
    "attendance.review_queue": Access(ORGANISERS, PREP),
    "attendance.review_link": Access(ORGANISERS, {**PREP, "item_id": "@review_item_id"}),
    "attendance.review_create": Access(ORGANISERS, {**PREP, "item_id": "@review_item_id"}),
    "attendance.review_dismiss": Access(ORGANISERS, {**PREP, "item_id": "@review_item_id"}),
    "attendance.review_accept": Access(ORGANISERS, PREP),
    # Figures by NSB without names: also the focal points of the NSBs taking part.
    "attendance.report": Access(ORGANISERS | {"focal_point"}),
    "attendance.report_json": Access(ORGANISERS | {"focal_point"}),
    "attendance.report_csv_file": Access(ORGANISERS | {"focal_point"}),
    "reports.attendance_pdf": Access(ORGANISERS | {"focal_point"}),
    "attendance.series_report_page": Access(ORGANISERS | {"focal_point"}),
    # Online prep sessions.
    "prep.edit": Access(ORGANISERS, PREP),
    "prep.invite": Access(ORGANISERS, PREP),
    "prep.report_problems": Access(ORGANISERS | {"participant"}, PREP),
    "prep.problem_summary": Access(ORGANISERS, PREP),
    # The audit log.
    "audit.event_log": Access(ORGANISERS),
    "audit.all_log": Access(only("secretariat")),
    # The committees: pages public; the secretary (here the secretariat) manages. Groups,
    # experts and the like that do not exist are nobody's.
    "committees.index": Access(EVERYONE),
    "committees.committee_page": Access(EVERYONE, COMMITTEE),
    "committees.subgroup_page": Access(NOBODY, {**COMMITTEE, "subgroup": "999"}),
    "committees.nominations": Access(only("secretariat"), COMMITTEE),
    "committees.import_lists": Access(only("secretariat"), COMMITTEE),
    "committees.nominate": Access(NOBODY, {**COMMITTEE, "subgroup": "999"}),
    "committees.group_registrations": Access(NOBODY, {**COMMITTEE, "subgroup": "999"}),
    "committees.hold_meeting": Access(NOBODY, {**COMMITTEE, "subgroup": "999"}),
    "committees.accept": Access(NOBODY, {**COMMITTEE, "expert": "999"}),
    "committees.decline": Access(NOBODY, {**COMMITTEE, "expert": "999"}),
    "committees.end_membership": Access(NOBODY, {**COMMITTEE, "expert": "999"}),
    # The plenary's decisions: the organisers run them; the published record is public;
    # a resolution that does not exist is nobody's.
    "decisions.roll_call_page": Access(ORGANISERS),
    "decisions.roll_call_live": Access(ORGANISERS),
    "decisions.roll_call_pdf": Access(ORGANISERS),
    "decisions.add_correspondence": Access(ORGANISERS),
    "decisions.name_drafter": Access(ORGANISERS),
    "decisions.remove_drafter": Access(ORGANISERS, {"person_id": "999"}),
    "decisions.resolutions_page": Access(ORGANISERS),
    "decisions.resolution_page": Access(NOBODY, RESOLUTION),
    "decisions.adopt": Access(NOBODY, RESOLUTION),
    "decisions.withdraw": Access(NOBODY, RESOLUTION),
    "decisions.open_vote": Access(NOBODY, RESOLUTION),
    "decisions.close_vote": Access(NOBODY, RESOLUTION),
    "decisions.record_vote": Access(NOBODY, RESOLUTION),
    "decisions.vote_page": Access(NOBODY, RESOLUTION),
    "decisions.ballot": Access(NOBODY, RESOLUTION),
    "decisions.publish_resolutions": Access(ORGANISERS),
    "decisions.minutes_page": Access(ORGANISERS),
    "decisions.publish_minutes": Access(ORGANISERS),
    # No minutes are written in the world, and nothing is published: no file for anyone.
    "decisions.minutes_pdf": Access(NOBODY),
    "decisions.set_majority_rule": Access(only("secretariat")),
    "decisions.published": Access(EVERYONE),
    "decisions.published_feed": Access(NOBODY),
    "decisions.published_pdf": Access(NOBODY),
    # Mail delivery and big documents made in the background: the organisers.
    "outbox.delivery_page": Access(ORGANISERS),
    "outbox.resend_failed": Access(ORGANISERS),
    "outbox.resend": Access(NOBODY, {"mail_id": "999"}),
    "jobs.document_page": Access(ORGANISERS, {"document": "badges"}),
    "jobs.job_file": Access(NOBODY, {"job_id": "999"}),
    # Checking people in outside the meeting's days, with a reason: the organisers.
    "attendance.check_in_outside_days": Access(ORGANISERS),
    # Sign-in through an identity provider none is configured for: nobody.
    "sso.start": Access(NOBODY, {"name": "nowhere"}),
    "sso.callback": Access(NOBODY, {"name": "nowhere"}),
    # One's own API tokens and webhooks.
    "api_tokens.tokens": Access(SIGNED_IN),
    "api_tokens.create": Access(SIGNED_IN),
    "api_tokens.revoke": Access(NOBODY, {"token_id": "999"}),
    "webhook_pages.index": Access(SIGNED_IN),
    "webhook_pages.create": Access(SIGNED_IN),
    "webhook_pages.remove": Access(NOBODY, {"webhook_id": "999"}),
    # The JSON API ignores the browser's session: its public reads answer everyone, the
    # rest want a personal token (tests/test_api.py asks them with tokens of each role).
    "api-docs.openapi_json": Access(EVERYONE),
    "api-docs.openapi_swagger_ui": Access(EVERYONE),
    "api.meetings": Access(EVERYONE),
    "api.meeting": Access(EVERYONE, {"slug": "plenary-2030"}),
    "api.agenda": Access(EVERYONE, {"slug": "plenary-2030"}),
    "api.attendance": Access(NOBODY, {"slug": "plenary-2030"}),
    "api.organisations": Access(EVERYONE),
    "api.organisation": Access(EVERYONE, {"acronym": "INEN"}),
    "api.meeting_registrations": Access(NOBODY, {"slug": "plenary-2030"}),
    "api.organisation_registrations": Access(NOBODY, {"acronym": "INEN"}),
    "api.register_delegate": Access(NOBODY, {"slug": "plenary-2030"}),
    "api.approve": Access(NOBODY, {"registration_id": "@pending_registration"}),
    "api.reject": Access(NOBODY, {"registration_id": "@pending_registration"}),
    "api.import_attendance_file": Access(NOBODY, {"slug": "plenary-2030"}),
    "api.my_webhooks": Access(NOBODY),
    "api.subscribe": Access(NOBODY),
    "api.unsubscribe": Access(NOBODY, {"webhook_id": "1"}),
    "api.deliveries": Access(NOBODY, {"webhook_id": "1"}),
    # The directory.
    "directory.create": Access(only("secretariat")),
    "directory.edit": Access(only("secretariat")),
    "directory.import_file": Access(only("secretariat")),
}

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _routes(app: Flask) -> dict[str, tuple[str, list[str]]]:
    """endpoint -> (rule, methods) of the app's URL map."""
    routes = {}
    for rule in app.url_map.iter_rules():
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        routes[rule.endpoint] = (rule.rule, methods)
    return routes


def _url(app: Flask, endpoint: str, world: World) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {**world.values, **ACCESS[endpoint].values}
    values = {key: world.values[value[1:]] if value.startswith("@") else value
              for key, value in values.items()}
    if endpoint == "calendar.session_feed":
        values["session_uid"] = world.values["session_uid"]
    arguments = {name: values[name] for name in rule.arguments}
    return rule.build(arguments, append_unknown=False)[1]


def _answer(app: Flask, world: World, actor: str, method: str, url: str) -> int | str:
    client = as_actor(app, world, actor)
    if method == "GET":
        response = client.get(url)
    elif method not in ("POST", "PUT", "PATCH"):
        response = client.open(url, method=method)  # DELETE: no form, no token
    else:
        page = client.get("/sign-in" if actor == "anonymous" else "/").get_data(as_text=True)
        response = client.post(url, data={"csrf_token": _CSRF.search(page)[1]})
    response.close()  # files (static, PDFs) are streamed
    if response.status_code in (301, 302, 303) and "/sign-in" in response.location:
        return "sign-in"
    return response.status_code


def _got_in(answer: int | str) -> bool:
    return answer not in ("sign-in", 401, 403, 404)


def _fresh_world(app: Flask) -> World:
    with app.app_context():
        db.session.remove()
        _empty_tables()
    return build_world(app)


def test_every_route_declares_who_may_use_it(app):
    """A new route fails here until ACCESS says who may use it (and the matrix checks it)."""
    endpoints = set(_routes(app))
    assert sorted(endpoints - set(ACCESS)) == [], "add these routes to ACCESS"
    assert sorted(set(ACCESS) - endpoints) == [], "these routes are gone: remove them"


def test_every_route_is_guarded_by_a_rule_or_declared_open(app):
    """Each view declares its permission with @requires, or permissions.py says why it is
    open to everyone (public page) or to any signed-in person (their own account)."""
    unguarded = sorted(endpoint for endpoint in _routes(app)
                       if not hasattr(app.view_functions[endpoint], "permission")
                       and endpoint not in UNGUARDED_ENDPOINTS)
    assert unguarded == []
    guarded = {getattr(view, "permission", None) for view in app.view_functions.values()}
    assert guarded - {None} <= set(RULES)


@pytest.mark.parametrize("endpoint", sorted(ACCESS))
def test_route_matrix(app, endpoint):
    if endpoint not in _routes(app):
        pytest.fail(f"{endpoint} is declared but not routed")
    _rule, methods = _routes(app)[endpoint]
    access = ACCESS[endpoint]
    world = _fresh_world(app)
    wrong = []
    for method in methods:
        for actor in ACTORS:
            answer = _answer(app, world, actor, method, _url(app, endpoint, world))
            if _got_in(answer) != (actor in access.allowed):
                wrong.append(f"{method} {actor}: {answer}")
            if method != "GET" and _got_in(answer):
                world = _fresh_world(app)  # the form may have changed things
    assert wrong == [], f"{endpoint}: expected only {sorted(access.allowed)} in"
