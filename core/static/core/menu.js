// Marks the page as having JavaScript (the narrow layout then folds the navigation into a
// Menu button) and wires that button. Without JavaScript the navigation simply wraps.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".menu-toggle");
    if (!button) return;
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    button.addEventListener("click", function () {
      var open = menu.classList.toggle("open");
      button.setAttribute("aria-expanded", String(open));
    });
  });
})();
