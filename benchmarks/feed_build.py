"""Building the feed of a series with 1,000 sessions, against icalendar alone serialising the
same 1,000 events, in the same run. Goal: within 1.5x.

    .venv/bin/python -m benchmarks.feed_build [--rounds 15]

"Ours" is what a request for /series/<slug>/calendar.ics does once routed: the feed's state
(its ETag), the queries, the entries from the published agendas, and the iCalendar bytes.
"icalendar alone" gets the 1,000 events as ready Python values (start and end in their zone,
summary, location, description, UID, URL, SEQUENCE, stamps, status, categories) plus the
three VTIMEZONEs, builds the components and serialises them: the floor any builder on top of
the library pays.
"""

from __future__ import annotations

import argparse
import statistics
import time
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select

from benchmarks.dataset import SERIES, bench_app, build
from events.calendar.feeds import render
from events.calendar.scopes import series_scope
from events.calendar.vtimezone import vtimezone
from events.extensions import db
from events.models import EventSeries


def ours(series: EventSeries) -> bytes:
    scope = series_scope(series)
    scope.state()
    return render(scope.feed())


def library_alone(values: list[dict], zones: list[icalendar.Timezone]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Plenaria//Benchmark//EN")
    calendar.add("version", "2.0")
    for zone in zones:
        calendar.add_component(zone)
    for value in values:
        vevent = icalendar.Event()
        vevent.add("uid", value["uid"])
        vevent.add("dtstamp", value["stamp"])
        vevent.add("last-modified", value["stamp"])
        vevent.add("sequence", value["sequence"])
        vevent.add("summary", value["summary"])
        vevent.add("dtstart", value["start"])
        vevent.add("dtend", value["end"])
        vevent.add("status", value["status"])
        vevent.add("transp", "OPAQUE")
        vevent.add("location", value["location"])
        vevent.add("url", value["url"])
        vevent.add("description", value["description"])
        vevent.add("categories", [value["category"]])
        calendar.add_component(vevent)
    return calendar.to_ical()


def same_events(feed: bytes) -> tuple[list[dict], list[icalendar.Timezone]]:
    """The values of our feed's events, to give icalendar exactly the same work."""
    parsed = icalendar.Calendar.from_ical(feed)
    values = []
    for vevent in parsed.walk("VEVENT"):
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        zone = ZoneInfo(str(vevent["DTSTART"].params["TZID"]))
        values.append({
            "uid": str(vevent["UID"]), "stamp": vevent.decoded("DTSTAMP"),
            "sequence": int(vevent["SEQUENCE"]), "summary": str(vevent["SUMMARY"]),
            "start": start.astimezone(zone), "end": end.astimezone(zone),
            "status": str(vevent["STATUS"]), "location": str(vevent["LOCATION"]),
            "url": str(vevent["URL"]), "description": str(vevent["DESCRIPTION"]),
            "category": str(vevent["CATEGORIES"].cats[0]),
        })
    zones = [vtimezone(str(tz["TZID"]), 2009, 2032) for tz in parsed.walk("VTIMEZONE")]
    return values, zones


def timed(function, rounds: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    app = bench_app()
    build(app)
    with app.test_request_context("/"):
        backend = db.engine.dialect.name
        series = db.session.scalar(select(EventSeries).where(EventSeries.slug == SERIES))
        feed = ours(series)  # warm up: caches of zones, compiled queries
        values, zones = same_events(feed)
        library_alone(values, zones)
        # Alternate the two, so that both see the same machine load.
        ours_times, library_times = [], []
        for _ in range(rounds):
            ours_times.append(timed(lambda: ours(series), 1)[0])
            db.session.expire_all()  # no help from objects already loaded
            library_times.append(timed(lambda: library_alone(values, zones), 1)[0])
    ours_median = statistics.median(ours_times)
    library_median = statistics.median(library_times)
    print(f"database: {backend}")
    print(f"events in the feed: {len(values)}  (bytes: {len(feed):,})")
    print(f"ours, series feed:        median {ours_median * 1000:8.1f} ms over {rounds} rounds")
    print(f"icalendar alone:          median {library_median * 1000:8.1f} ms over {rounds} rounds")
    print(f"ratio ours / icalendar:   {ours_median / library_median:.2f}  (goal: 1.5 or less)")


if __name__ == "__main__":
    main()
