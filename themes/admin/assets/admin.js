// Progressive enhancement for the admin. Every form works without this file.
(function () {
  "use strict";
  // Forms marked data-confirm ask before submitting (deletes, unpublishing);
  // so do submit buttons marked data-confirm, for that button only.
  document.addEventListener("submit", function (e) {
    var button = e.submitter;
    var msg = (button && button.getAttribute("data-confirm")) ||
      e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });

  // A slug suggested from the title while the slug is empty or still the
  // suggestion (the server makes the same one when the field is left empty;
  // it stays the authority).
  function slugify(text) {
    var s = text.normalize ? text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "") : text;
    s = s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return s.slice(0, 80).replace(/-+$/, "");
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-slug-from]"), function (slug) {
    var source = document.getElementById(slug.getAttribute("data-slug-from"));
    if (!source) return;
    var suggested = slug.value === "";
    slug.addEventListener("input", function () { suggested = slug.value === ""; });
    source.addEventListener("input", function () {
      if (suggested) slug.placeholder = slugify(source.value);
    });
    if (suggested) slug.placeholder = slugify(source.value);
  });

  // Live Markdown preview: the server renders (same renderer as saving; raw
  // HTML comes back escaped), a moment after typing stops.
  Array.prototype.forEach.call(document.querySelectorAll("textarea[data-preview]"), function (area) {
    var target = document.getElementById(area.getAttribute("data-preview-target"));
    var form = area.form;
    if (!target || !form || !window.fetch) return;
    var timer = null;
    var csrf = form.querySelector("input[name=csrf]");
    area.addEventListener("input", function () {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var body = new URLSearchParams();
        body.set("csrf", csrf ? csrf.value : "");
        body.set("body", area.value);
        window.fetch(area.getAttribute("data-preview"), {
          method: "POST", credentials: "same-origin", body: body
        }).then(function (res) {
          return res.ok ? res.text() : null;
        }).then(function (html) {
          if (html !== null) target.innerHTML = html;
        }).catch(function () { /* the Preview button still works */ });
      }, 600);
    });
  });
})();
