// Offers the reader's own time zone on the agenda. The zone form works without this script;
// this only fills in the zone the browser knows, as a one-click link.
(function () {
  "use strict";
  var link = document.querySelector("[data-your-zone]");
  if (!link || !window.Intl || !Intl.DateTimeFormat) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === link.getAttribute("data-current")) { return; }
  var url = new URL(window.location.href);
  url.searchParams.set("tz", zone);
  url.hash = "";
  link.href = url.toString();
  link.querySelector("span").textContent = zone;
  link.hidden = false;
}());
