/* Small enhancements for every page; each one is optional, the pages work without them.
   - form[data-confirm]: ask in the browser before an action that cannot be undone (without
     this script the server shows a confirmation page instead);
   - form[data-busy], a[data-busy]: while a large import or PDF is being prepared, say so and
     keep the button from being pressed twice;
   - button[data-copy]: copy the text of the field it names (e.g. a calendar address). */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    var question = form.getAttribute("data-confirm");
    if (question && !form.querySelector("input[name=confirmed]")) {
      if (!window.confirm(question)) {
        event.preventDefault();
        return;
      }
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      confirmed.value = "yes";
      form.appendChild(confirmed);
    }
    var busy = form.getAttribute("data-busy");
    if (busy) {
      var button = event.submitter || form.querySelector("[type=submit]");
      if (button) {
        // Disabled after this event, or the browser would leave the button out of the form.
        window.setTimeout(function () {
          button.disabled = true;
          button.setAttribute("data-label", button.textContent);
          button.textContent = busy;
        }, 0);
      }
      form.setAttribute("aria-busy", "true");
      announce(busy);
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("a[data-busy]");
    if (link) {
      // A PDF opens as a download or in a new view: the page stays, so say it is coming and
      // put the link back after a while.
      var label = link.textContent;
      link.classList.add("busy");
      link.textContent = link.getAttribute("data-busy");
      announce(link.getAttribute("data-busy"));
      window.setTimeout(function () { link.textContent = label; link.classList.remove("busy"); }, 6000);
    }
    var copy = event.target instanceof Element && event.target.closest("button[data-copy]");
    if (copy) {
      var field = document.getElementById(copy.getAttribute("data-copy"));
      if (!field) { return; }
      var done = function () { copy.textContent = copy.getAttribute("data-copied"); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      } else {
        field.select();
      }
    }
  });

  // Browsers keep a page in memory for the back button: give it its buttons back.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[data-label]").forEach(function (button) {
      button.disabled = false;
      button.textContent = button.getAttribute("data-label");
      button.removeAttribute("data-label");
    });
    document.querySelectorAll("form[aria-busy]").forEach(function (form) {
      form.removeAttribute("aria-busy");
    });
  });

  function announce(text) {
    var status = document.getElementById("busy-status");
    if (status) { status.textContent = text; }
  }

  document.querySelectorAll("button[data-copy][hidden]").forEach(function (button) {
    if (navigator.clipboard) { button.hidden = false; }
  });
})();
