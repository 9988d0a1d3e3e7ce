"""A feed is built once per state for every client: one that sends no ETag gets the bytes
another client caused to be built (kept in Redis when configured, in memory otherwise), and a
published change gives a new feed at once. Personal feeds are never kept."""

from __future__ import annotations

import os

import pytest
import redis
from flask import Flask

from app import create_app
from events import rendered_cache
from events.calendar import scopes
from events.extensions import db
from tests.calendar_support import read_feed
from tests.test_feeds import publish, session_titled, three_zone_series

# As for the shared sign-in limits (tests/test_rate_limit_shared.py); only the keys of
# rendered feeds (`plenaria:rendered:*`) are touched.
REDIS_URL = (os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL")
             or "redis://127.0.0.1:6379/15")


def _no_building(monkeypatch) -> None:
    def fail(self):
        raise AssertionError("the feed was built")

    monkeypatch.setattr(scopes.EventsScope, "feed", fail)


def test_a_client_without_an_etag_gets_the_feed_already_built(app, client, monkeypatch,
                                                             count_queries):
    with app.app_context():
        three_zone_series()
    with count_queries() as built:
        first = client.get("/series/tc-series/calendar.ics")
    _no_building(monkeypatch)
    with count_queries() as kept:
        again = client.get("/series/tc-series/calendar.ics")
    assert again.status_code == 200 and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert kept.count == 2 < built.count  # the series and the feed's state only
    monkeypatch.undo()
    with app.app_context():
        session_titled("Apertura").title = "Apertura oficial"
        publish("bogota")
    changed = read_feed(client.get("/series/tc-series/calendar.ics").data)
    assert changed.titled("Apertura oficial")


def test_the_feed_follows_the_readers_language_in_the_cache(app, client):
    with app.app_context():
        three_zone_series()
    english = client.get("/events/zurich/calendar.ics")
    spanish = client.get("/events/zurich/calendar.ics", headers={"Accept-Language": "es"})
    assert english.headers["ETag"] != spanish.headers["ETag"]
    assert client.get("/events/zurich/calendar.ics").data == english.data


@pytest.fixture
def second_server(app: Flask) -> Flask:
    """Another app on the same database, both keeping feeds in the same Redis."""
    connection = redis.Redis.from_url(REDIS_URL)
    for key in connection.scan_iter("plenaria:rendered:*"):
        connection.delete(key)
    other = create_app({**{k: app.config[k] for k in (
        "TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SERVER_NAME")},
        "MAIL_SERVER": None, "REDIS_URL": REDIS_URL})
    other.instance_path = app.instance_path
    app.extensions[rendered_cache._EXTENSION] = rendered_cache.RedisStore(REDIS_URL)
    yield other
    app.extensions.pop(rendered_cache._EXTENSION)
    with other.app_context():
        db.engine.dispose()


def test_two_servers_share_built_feeds_through_redis(app, client, second_server, monkeypatch):
    with app.app_context():
        three_zone_series()
    first = client.get("/series/tc-series/calendar.ics")
    _no_building(monkeypatch)
    from_the_other = second_server.test_client().get("/series/tc-series/calendar.ics")
    assert from_the_other.status_code == 200 and from_the_other.data == first.data


def test_a_cache_that_fails_costs_a_build_not_an_error(app, client):
    with app.app_context():
        three_zone_series()
    app.extensions[rendered_cache._EXTENSION] = rendered_cache.RedisStore(
        "redis://127.0.0.1:9/0")  # nothing listens there
    try:
        response = client.get("/events/nairobi/calendar.ics")
    finally:
        app.extensions.pop(rendered_cache._EXTENSION)
    assert response.status_code == 200 and read_feed(response.data).titled("Opening")
