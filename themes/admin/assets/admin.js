// Progressive enhancement for the admin. Every form works without this file.
(function () {
  "use strict";
  // Forms marked data-confirm ask before submitting (deletes, unpublishing).
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
