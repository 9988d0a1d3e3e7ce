// Reads an iCalendar feed on stdin and prints what a calendar client would see, as JSON.
// The time zones come only from the feed's own VTIMEZONE components, as in Thunderbird:
// a TZID without its VTIMEZONE is an error, never a silent fallback to floating time.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const calendar = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString("utf8")));

ICAL.TimezoneService.reset();
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}

function instant(time, property) {
  if (time === null) return null;
  const tzid = property.getParameter("tzid");
  if (tzid && !ICAL.TimezoneService.has(tzid)) {
    throw new Error(`TZID ${tzid} has no VTIMEZONE in the feed`);
  }
  if (time.isDate) return { date: time.toString() };
  return { utc: time.toJSDate().toISOString().replace(".000Z", "Z"), tzid: tzid || null };
}

const text = (component, name) => component.getFirstPropertyValue(name);
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    sequence: event.sequence,
    status: text(vevent, "status"),
    location: event.location,
    description: event.description,
    url: text(vevent, "url"),
    start: instant(event.startDate, vevent.getFirstProperty("dtstart")),
    end: instant(event.endDate, vevent.getFirstProperty("dtend")),
    dtstamp: text(vevent, "dtstamp")?.toString() ?? null,
    last_modified: text(vevent, "last-modified")?.toString() ?? null,
    conferences: vevent.getAllProperties("conference").map((p) => p.getFirstValue()),
  };
});

process.stdout.write(JSON.stringify({
  name: text(calendar, "name") ?? text(calendar, "x-wr-calname"),
  refresh_interval: text(calendar, "refresh-interval")?.toString() ?? null,
  method: text(calendar, "method"),
  default_timezone: text(calendar, "x-wr-timezone"),
  timezones: calendar.getAllSubcomponents("vtimezone").map((tz) => text(tz, "tzid")),
  events,
}));
