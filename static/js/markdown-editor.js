// The publicity body's editor: a toolbar over the Markdown textarea (headings, bold, italic,
// lists, quote, link, image), the item's images to insert, and a live preview rendered by the
// portal (the same rendering and sanitising as on saving), so that nobody needs to read
// Markdown. The image button uploads to the portal and inserts the image.
// Without JavaScript the textarea still works and images are uploaded on the item page.
(function () {
  "use strict";
  var LABELS = {
    "zh-hans": {h: "标题", b: "加粗", i: "斜体", ul: "列表", ol: "编号", q: "引用", a: "链接",
      img: "插入图片", url: "链接地址：", uploading: "正在上传图片…", saveFirst: "请先保存草稿，再插入图片。",
      failed: "图片上传失败：", bar: "正文格式", preview: "预览（保存后的样子）",
      insertImage: "插入：", previewFailed: "暂时无法预览。"},
    en: {h: "Heading", b: "Bold", i: "Italic", ul: "List", ol: "Numbered", q: "Quote", a: "Link",
      img: "Insert image", url: "Link address:", uploading: "Uploading the image…",
      saveFirst: "Save the draft first, then insert images.", failed: "The image was not uploaded: ",
      bar: "Body formatting", preview: "Preview (as it will read)", insertImage: "Insert: ",
      previewFailed: "The preview is not available right now."}
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
    area.dispatchEvent(new Event("input", {bubbles: true}));
  }
  function insert(area, text) {
    var at = area.selectionEnd;
    area.setRangeText("\n\n" + text + "\n\n", at, at, "end");
    area.focus();
    area.dispatchEvent(new Event("input", {bubbles: true}));
  }
  function csrf() {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    return token ? token.value : "";
  }
  // The preview: the portal renders the body (sanitised HTML) a moment after typing stops.
  function setUpPreview(area, url) {
    var section = document.createElement("section");
    section.className = "card card-body mt-2 editor-preview";
    section.setAttribute("aria-labelledby", area.id + "-preview-heading");
    var heading = document.createElement("h2");
    heading.className = "h6 text-body-secondary";
    heading.id = area.id + "-preview-heading";
    heading.textContent = t("preview");
    var content = document.createElement("div");
    content.className = "publicity-body";
    content.setAttribute("data-testid", "body-preview");
    section.appendChild(heading);
    section.appendChild(content);
    area.parentNode.appendChild(section);
    var timer = null, asked = 0;
    function render() {
      var mine = ++asked;
      var data = new FormData();
      data.append("body", area.value);
      fetch(url, {method: "POST", body: data, credentials: "same-origin",
        headers: {"X-CSRFToken": csrf()}})
        .then(function (response) { return response.text().then(function (text) { return [response.ok, text]; }); })
        .then(function (result) {
          if (mine !== asked) { return; }  // a newer preview is on its way
          if (result[0]) { content.innerHTML = result[1]; } else { content.textContent = result[1]; }
        })
        .catch(function () { if (mine === asked) { content.textContent = t("previewFailed"); } });
    }
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, 400);
    });
    render();
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
    // The item's images already uploaded (on the item page or before): one button each.
    var images = [];
    var listed = document.getElementById("editor-images");
    try { images = JSON.parse(listed ? listed.textContent : "[]") || []; }
    catch (e) { images = []; }
    images.forEach(function (image) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.textContent = t("insertImage") + (image.alt || image.url);
      button.addEventListener("click", function () { insert(area, image.markdown); });
      bar.appendChild(button);
    });
    area.parentNode.insertBefore(bar, area);
    area.parentNode.insertBefore(status, area);
    area.parentNode.insertBefore(file, area);
    var previewUrl = context ? context.getAttribute("data-preview-url") : "";
    if (previewUrl) { setUpPreview(area, previewUrl); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-markdown-editor]").forEach(setUp);
  });
})();
