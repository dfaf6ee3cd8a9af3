// The publicity body's editor: a toolbar over the Markdown textarea (headings, bold, italic,
// lists, quote, link, image). The image button uploads to the portal and inserts the image.
// Without JavaScript the textarea still works and images are uploaded on the item page.
(function () {
  "use strict";
  var LABELS = {
    "zh-hans": {h: "标题", b: "加粗", i: "斜体", ul: "列表", ol: "编号", q: "引用", a: "链接",
      img: "插入图片", url: "链接地址：", uploading: "正在上传图片…", saveFirst: "请先保存草稿，再插入图片。",
      failed: "图片上传失败：", bar: "正文格式"},
    en: {h: "Heading", b: "Bold", i: "Italic", ul: "List", ol: "Numbered", q: "Quote", a: "Link",
      img: "Insert image", url: "Link address:", uploading: "Uploading the image…",
      saveFirst: "Save the draft first, then insert images.", failed: "The image was not uploaded: ",
      bar: "Body formatting"}
  };
  function t(key) {
    var lang = (document.documentElement.lang || "zh-hans").toLowerCase();
    return (LABELS[lang] || LABELS["zh-hans"])[key];
  }
  function wrap(area, before, after, placeholder) {
    var start = area.selectionStart, end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || placeholder || "";
    area.setRangeText(before + chosen + after, start, end, "end");
    area.focus();
    area.dispatchEvent(new Event("input", {bubbles: true}));
  }
  function linePrefix(area, prefix) {
    var start = area.value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    area.setRangeText(prefix, start, start, "end");
    area.focus();
  }
  function insert(area, text) {
    var at = area.selectionEnd;
    area.setRangeText("\n\n" + text + "\n\n", at, at, "end");
    area.focus();
  }
  function setUp(area) {
    var context = document.getElementById("editor-context");
    var uploadUrl = context ? context.getAttribute("data-image-upload-url") : "";
    var bar = document.createElement("div");
    bar.className = "btn-toolbar gap-1 mb-2";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", t("bar"));
    bar.setAttribute("aria-controls", area.id);
    var status = document.createElement("p");
    status.className = "small mb-1";
    status.setAttribute("role", "status");
    var file = document.createElement("input");
    file.type = "file";
    file.accept = ".jpg,.jpeg,.png";
    file.hidden = true;
    file.setAttribute("aria-hidden", "true");
    var actions = [
      ["h", function () { linePrefix(area, "## "); }],
      ["b", function () { wrap(area, "**", "**", t("b")); }],
      ["i", function () { wrap(area, "*", "*", t("i")); }],
      ["ul", function () { linePrefix(area, "- "); }],
      ["ol", function () { linePrefix(area, "1. "); }],
      ["q", function () { linePrefix(area, "> "); }],
      ["a", function () {
        var url = window.prompt(t("url"), "https://");
        if (url) { wrap(area, "[", "](" + url + ")", url); }
      }],
      ["img", function () {
        if (!uploadUrl) { status.textContent = t("saveFirst"); return; }
        file.click();
      }]
    ];
    actions.forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.textContent = t(action[0]);
      button.setAttribute("data-editor-action", action[0]);
      button.addEventListener("click", action[1]);
      bar.appendChild(button);
    });
    file.addEventListener("change", function () {
      if (!file.files.length) { return; }
      var data = new FormData();
      data.append("upload", file.files[0]);
      var token = document.querySelector("input[name=csrfmiddlewaretoken]");
      status.textContent = t("uploading");
      fetch(uploadUrl, {method: "POST", body: data, credentials: "same-origin",
        headers: {"Accept": "application/json", "X-CSRFToken": token ? token.value : ""}})
        .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
        .then(function (result) {
          if (result[0]) { insert(area, result[1].markdown); status.textContent = ""; }
          else { status.textContent = t("failed") + (result[1].errors || []).join(" "); }
        })
        .catch(function () { status.textContent = t("failed"); })
        .finally(function () { file.value = ""; });
    });
    area.parentNode.insertBefore(bar, area);
    area.parentNode.insertBefore(status, area);
    area.parentNode.insertBefore(file, area);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-markdown-editor]").forEach(setUp);
  });
})();
