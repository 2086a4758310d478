// "/" anywhere but in a text field jumps to the search box at the top of every page.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    var box = document.getElementById("site-search");
    if (typing || !box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
