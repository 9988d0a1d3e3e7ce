/* Live refresh: an element with data-live-url is replaced every data-every seconds by a fresh
   copy of itself from that address (the server renders the same template as the page). It
   waits while the tab is hidden and tries again later after an error (a dropped connection at
   the venue); without JavaScript the page is as correct, only as old as its last reload. */
(function () {
  "use strict";
  var target = document.querySelector("[data-live-url]");
  if (!target || !window.fetch) { return; }
  var every = Math.max(1, parseInt(target.getAttribute("data-every"), 10) || 15) * 1000;
  var url = target.getAttribute("data-live-url");

  function refresh() {
    if (document.hidden) { return schedule(); }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) { target.innerHTML = html; schedule(); })
      .catch(function () { schedule(); });
  }

  function schedule() { window.setTimeout(refresh, every); }

  schedule();
}());
