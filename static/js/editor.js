// A small rich-text editor for article bodies: a toolbar over a contenteditable area that
// writes its HTML back to the <textarea class="rich-editor">. The server sanitises what it stores.
(function () {
  "use strict";
  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function label(key, fallback) {
    var box = document.getElementById("editor-i18n");
    return (box && box.dataset[key]) || fallback;
  }
  function setup(textarea) {
    var form = textarea.form;
    var area = document.createElement("div");
    area.className = "editor-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-label", textarea.labels && textarea.labels[0] ? textarea.labels[0].textContent : "");
    area.innerHTML = textarea.value;
    var bar = document.createElement("div");
    bar.className = "editor-bar";
    bar.setAttribute("role", "toolbar");
    var file = document.createElement("input");
    file.type = "file";
    file.accept = "image/png,image/jpeg,image/gif,image/webp";
    file.hidden = true;
    var tools = [
      ["B", label("bold", "In đậm"), function () { document.execCommand("bold"); }],
      ["I", label("italic", "In nghiêng"), function () { document.execCommand("italic"); }],
      ["H2", label("heading", "Tiêu đề mục"), function () { document.execCommand("formatBlock", false, "h2"); }],
      ["• ", label("ul", "Danh sách"), function () { document.execCommand("insertUnorderedList"); }],
      ["1.", label("ol", "Danh sách số"), function () { document.execCommand("insertOrderedList"); }],
      [label("link", "Chèn liên kết"), label("link", "Chèn liên kết"), function () {
        var url = window.prompt(label("linkPrompt", "Địa chỉ liên kết (https://…)"));
        if (url && /^(https?:|mailto:)/i.test(url)) { document.execCommand("createLink", false, url); }
      }],
      [label("image", "Chèn ảnh"), label("image", "Chèn ảnh"), function () { file.click(); }],
      [label("table", "Chèn bảng"), label("table", "Chèn bảng"), function () {
        document.execCommand("insertHTML", false,
          "<table><tbody><tr><td>…</td><td>…</td></tr><tr><td>…</td><td>…</td></tr></tbody></table><p></p>");
      }]
    ];
    tools.forEach(function (t) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "btn secondary editor-btn";
      b.textContent = t[0];
      b.title = t[1];
      b.setAttribute("aria-label", t[1]);
      b.addEventListener("click", function () { area.focus(); t[2](); });
      bar.appendChild(b);
    });
    file.addEventListener("change", function () {
      if (!file.files.length) { return; }
      var data = new FormData();
      data.append("file", file.files[0]);
      var unit = form.querySelector("[name=unit]");
      if (unit) { data.append("unit", unit.value); }
      fetch(form.dataset.uploadUrl, { method: "POST", body: data, headers: { "X-CSRFToken": csrf(form) },
        credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (j) {
          if (j.url) { area.focus(); document.execCommand("insertHTML", false, '<img src="' + j.url + '" alt="">'); }
          else { window.alert(j.error || label("error", "Không tải được ảnh.")); }
        });
      file.value = "";
    });
    textarea.hidden = true;
    textarea.parentNode.insertBefore(bar, textarea);
    textarea.parentNode.insertBefore(area, textarea);
    bar.appendChild(file);
    form.addEventListener("submit", function () { textarea.value = area.innerHTML; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea.rich-editor").forEach(setup);
  });
})();
