// Keeps the quorum box of a running meeting current while the secretariat records presence in
// another window. Without JavaScript the box shows the state when the page was loaded.
(function () {
  "use strict";
  var box = document.querySelector("[data-quorum-live]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-quorum-live");
  function refresh() {
    if (document.hidden) { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && html !== box.innerHTML) { box.innerHTML = html; } })
      .catch(function () { /* keep the last known state */ });
  }
  window.setInterval(refresh, 20000);
})();
