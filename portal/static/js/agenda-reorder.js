// Drag and drop for the agenda, on top of the move-up/move-down buttons that work without it.
// A row can be dropped among the rows with the same parent; the server renumbers the agenda.
(function () {
  "use strict";
  var table = document.querySelector("table[data-reorder]");
  if (!table || !window.fetch) { return; }
  var dragged = null;

  function siblings(row) {
    var parent = row.getAttribute("data-parent");
    return Array.prototype.filter.call(table.tBodies[0].rows, function (other) {
      return other.getAttribute("data-parent") === parent;
    });
  }

  Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
    row.setAttribute("draggable", "true");
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.getAttribute("data-item"));
    });
    row.addEventListener("dragover", function (event) {
      if (dragged && dragged !== row && siblings(dragged).indexOf(row) >= 0) {
        event.preventDefault();
      }
    });
    row.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!dragged || dragged === row) { return; }
      var form = dragged.querySelector("form");
      var data = new FormData(form);
      data.delete("direction");
      data.set("index", String(siblings(dragged).indexOf(row)));
      fetch(form.action, {
        method: "POST",
        body: data,
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function () { window.location.reload(); });
    });
  });
}());
