// The log form's contact search, from the keyboard: ↓ and ↑ move a highlight through the
// matches, Enter ticks the highlighted person and stays in the search box, Escape clears the
// search. Enter here never submits the form. Without this script the form still works: the
// server answers a search sent by Enter with the matches and saves nothing.
(function () {
  "use strict";
  var search = document.getElementById("id_q");
  if (!search || !search.form) return;
  var active = -1;
  // Enter pressed before the matches of what was typed arrived: tick when they do.
  var pickOnArrival = false;

  function list() { return document.getElementById("contact-options"); }
  function boxes() {
    var options = list();
    return options ? Array.prototype.slice.call(options.querySelectorAll("input[type=checkbox]")) : [];
  }

  function highlight(index) {
    var all = boxes();
    active = index < 0 || !all.length ? -1 : Math.min(index, all.length - 1);
    all.forEach(function (box, i) { box.parentElement.classList.toggle("is-active", i === active); });
    if (active < 0) {
      search.removeAttribute("aria-activedescendant");
      return;
    }
    search.setAttribute("aria-activedescendant", all[active].id);
    all[active].parentElement.scrollIntoView({ block: "nearest" });
  }

  function pick() {
    var box = boxes()[active];
    if (!box) return;
    // Picked by hand now: it stays ticked whatever is searched next.
    box.removeAttribute("data-picked");
    if (!box.checked) {
      box.checked = true;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
    // Typing the next name replaces this one.
    search.select();
  }

  function isCurrent() {
    var options = list();
    return options && options.dataset.query === search.value.trim();
  }

  search.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight(event.key === "ArrowDown" ? active + 1 : Math.max(active - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (isCurrent()) pick();
      else pickOnArrival = true;
    } else if (event.key === "Escape" && search.value) {
      event.preventDefault();
      // Done searching: what the search ticked stays ticked.
      boxes().forEach(function (box) { box.removeAttribute("data-picked"); });
      search.value = "";
      pickOnArrival = false;
      search.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });

  // New matches: highlight the first one that is not ticked yet, so Enter ticks it.
  document.body.addEventListener("htmx:afterSettle", function () {
    var all = boxes();
    var first = all.findIndex(function (box) { return !box.checked || box.hasAttribute("data-picked"); });
    highlight(search.value.trim() ? first : -1);
    if (pickOnArrival && isCurrent()) {
      pickOnArrival = false;
      pick();
    }
  });

  // Ticking or unticking by hand makes a search's pick the user's own.
  search.form.addEventListener("change", function (event) {
    if (event.target.name === "contacts") event.target.removeAttribute("data-picked");
  });

  // The search is a way to find people, not part of what is logged.
  search.form.addEventListener("formdata", function (event) { event.formData.delete("q"); });

  var keys = document.querySelector("#contacts-help .keys-help");
  if (keys) keys.hidden = false;
})();
