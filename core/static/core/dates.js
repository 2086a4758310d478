// Rewrite <time data-show="day|moment"> in the reader's own locale, when the browser says
// which. The server's "5 Dec 2026" stays where Intl is missing or the value unreadable.
(function () {
  "use strict";
  if (!window.Intl || !navigator.language) return;
  var formats = {
    day: new Intl.DateTimeFormat(navigator.language, { day: "numeric", month: "short", year: "numeric" }),
    moment: new Intl.DateTimeFormat(navigator.language, {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit"
    })
  };
  function rewrite(root) {
    root.querySelectorAll("time[data-show]").forEach(function (element) {
      var format = formats[element.dataset.show];
      var value = element.getAttribute("datetime");
      // A plain date is a calendar day, not midnight UTC: read it in local time.
      var when = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(value + "T00:00:00") : new Date(value);
      if (format && !isNaN(when)) element.textContent = format.format(when);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { rewrite(document); });
  document.addEventListener("htmx:afterSwap", function (event) { rewrite(event.target); });
})();
