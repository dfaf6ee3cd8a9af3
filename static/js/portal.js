/* Jin-Ping-Jia portal: small progressive enhancements (no framework; the pages work without). */
(function () {
  "use strict";
  function setUpPeoplePicker(picker) {
    var search = picker.querySelector("[data-people-search]");
    var count = picker.querySelector("[data-people-count]");
    var items = Array.prototype.slice.call(picker.querySelectorAll("[data-search]"));
    var groups = Array.prototype.slice.call(picker.querySelectorAll("[data-people-group]"));
    var template = picker.getAttribute("data-count-template") || "";
    function update() {
      var query = (search.value || "").trim().toLowerCase();
      var shown = 0;
      items.forEach(function (item) {
        var match = !query || item.getAttribute("data-search").indexOf(query) !== -1;
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-search]:not([hidden])");
      });
      var chosen = picker.querySelectorAll("input[type=checkbox]:checked").length;
      count.textContent = template.replace("%(shown)s", shown).replace("%(chosen)s", chosen);
    }
    search.addEventListener("input", update);
    picker.addEventListener("change", update);
    update();
  }
  // A button with data-confirm asks before its form is sent (irreversible actions).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  // A button with data-print prints the page (the certificate).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-people-picker]").forEach(setUpPeoplePicker);
  });
})();
