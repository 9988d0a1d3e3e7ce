"""Redis down is not Plenaria down: sign-in keeps working (limits counted per process) and
/healthz says what is wrong. Real gunicorn, a Redis port nobody listens on, and a
redis-server of the test's own that the test stops (never the machine's shared one)."""

from __future__ import annotations

import json

from events.extensions import db
from tests.factories import PASSWORD, make_user
from tests.servers import Browser, free_port, gunicorn, redis_server


def _env(app, redis_url: str, **more: str) -> dict[str, str]:
    return {"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": redis_url,
            "SECRET_KEY": app.config["SECRET_KEY"], "SIGN_IN_RATE_LIMIT": "10 per minute",
            "SIGN_IN_ACCOUNT_LIMIT": "5 per hour",
            **more}


def _health(base: str) -> tuple[int, dict]:
    status, body = Browser(base).request("/healthz")
    return status, json.loads(body)


def _account(app, email: str) -> None:
    with app.app_context():
        make_user(email=email, name="Айгерим Сейтказы")
        db.session.commit()


def test_with_redis_unreachable_people_still_sign_in_and_limits_still_apply(app):
    _account(app, "aigerim@kazstandard.example")
    dead = f"redis://127.0.0.1:{free_port()}/14"
    with gunicorn(_env(app, dead)) as (base, _process):
        person = Browser(base)
        status, _page = person.submit("/sign-in", {"email": "aigerim@kazstandard.example",
                                                   "password": PASSWORD})
        assert status == 302  # signed in, not a 500

        stranger = Browser(base)
        codes = [stranger.submit("/sign-in", {"email": "aigerim@kazstandard.example",
                                              "password": "guess"})[0] for _ in range(5)]
        assert codes == [200] * 5  # wrong password: the form again
        # The account's limit (5 failures here) is still counted, in the process's memory.
        assert stranger.submit("/sign-in", {"email": "aigerim@kazstandard.example",
                                            "password": "guess"})[0] == 429

        status, report = _health(base)
        assert status == 200
        assert report["status"] == "degraded"
        assert report["checks"]["database"]["status"] == "ok"
        assert report["checks"]["redis"]["status"] == "down"
        assert report["checks"]["redis"]["required"] is False


def test_an_operator_may_declare_redis_required_for_the_health_check(app):
    dead = f"redis://127.0.0.1:{free_port()}/14"
    with gunicorn(_env(app, dead, HEALTHZ_REQUIRE_REDIS="true")) as (base, _process):
        status, report = _health(base)
        assert status == 503
        assert report["status"] == "unavailable"


def test_redis_stopping_under_a_running_server_and_coming_back(app):
    _account(app, "wei@sac.example")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    with redis_server(port) as first_redis, gunicorn(_env(app, url)) as (base, _process):
        assert _health(base)[1]["status"] == "ok"
        assert Browser(base).submit("/sign-in", {"email": "wei@sac.example",
                                                 "password": PASSWORD})[0] == 302

        first_redis.terminate()
        first_redis.wait(timeout=10)
        assert Browser(base).submit("/sign-in", {"email": "wei@sac.example",
                                                 "password": PASSWORD})[0] == 302
        status, report = _health(base)
        assert (status, report["checks"]["redis"]["status"]) == (200, "down")

        with redis_server(port):
            status, report = _health(base)
            assert (status, report["status"]) == (200, "ok")
            assert Browser(base).submit("/sign-in", {"email": "wei@sac.example",
                                                     "password": PASSWORD})[0] == 302


def test_health_check_is_unavailable_when_the_database_is_down(app):
    nowhere = f"postgresql://postgres@127.0.0.1:{free_port()}/test_h14"
    with gunicorn({"DATABASE_URL": nowhere, "SECRET_KEY": "k"}) as (base, _process):
        status, report = _health(base)
        assert status == 503
        assert report["checks"]["database"] == {
            "status": "down", "required": True,
            "detail": "unreachable: no page can be served"}
