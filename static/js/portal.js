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
  // A button with data-print prints the page (the report's A4 print styles apply).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
  // A button with data-confirm asks before its form is sent (irreversible actions).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  // A posted form shows that it is working: its button is disabled (no second submission) with
  // a spinner, and a status message tells screen readers. It comes back after 15 s in case the
  // answer was a download that left the page where it was.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (event.defaultPrevented || !button || (form.method || "").toLowerCase() !== "post" ||
        form.hasAttribute("data-no-busy") || form.hasAttribute("hx-post")) { return; }
    var english = (document.documentElement.lang || "").indexOf("en") === 0;
    var text = english ? "Working…" : "正在提交…";
    window.setTimeout(function () {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      var spinner = document.createElement("span");
      spinner.className = "spinner-border spinner-border-sm ms-1";
      spinner.setAttribute("aria-hidden", "true");
      button.appendChild(spinner);
      var status = document.createElement("span");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      status.setAttribute("data-busy-status", "");
      form.appendChild(status);
      window.setTimeout(function () { status.textContent = text; }, 50);
      window.setTimeout(function () {
        button.disabled = false;
        button.removeAttribute("aria-busy");
        spinner.remove();
        status.remove();
      }, 15000);
    }, 0);
  });
  // Back to a page kept by the browser: its buttons work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("[aria-busy=true]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.querySelectorAll(".spinner-border").forEach(function (s) { s.remove(); });
    });
    document.querySelectorAll("[data-busy-status]").forEach(function (s) { s.remove(); });
  });
  // A button with data-print prints the page (the certificate).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
  // A form sent back with errors: each field with a message is marked invalid and described by
  // it (whatever the widget: the person search wraps its select), and the first one takes the
  // focus, so that a screen reader reads the field and its error at once.
  function announceErrors() {
    var first = null;
    document.querySelectorAll(".invalid-feedback").forEach(function (message, index) {
      if (!message.textContent.trim()) { return; }
      var wrapper = message.closest("[id^=div_id_], .mb-3");
      var field = wrapper && wrapper.querySelector("select, textarea, input:not([type=hidden]):not([type=search])");
      if (!field) { return; }
      if (!message.id) { message.id = "field-error-" + index; }
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (described.indexOf(message.id) === -1) { described.push(message.id); }
      field.setAttribute("aria-describedby", described.join(" "));
      field.setAttribute("aria-invalid", "true");
      if (!first) { first = field; }
    });
    if (first && !document.activeElement.closest("form")) { first.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-people-picker]").forEach(setUpPeoplePicker);
    announceErrors();
  });
})();
