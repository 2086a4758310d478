// On a phone a wide table reads better as a stack of rows: give every cell the heading of its
// column (data-label), which the narrow layout shows beside the value. Tables marked
// data-stack="no" (a matrix, a map) keep scrolling inside their frame.
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll(".table-wrap table:not([data-stack=no])").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!headings.length) return;
      table.classList.add("stacks");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (!cell.hasAttribute("data-label") && headings[index]) {
            cell.setAttribute("data-label", headings[index]);
          }
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSwap", function (event) { label(event.target); });
})();
