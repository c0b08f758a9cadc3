// panuma's residency map page: sortable table, and details of what the pointer is over.
(function () {
  "use strict";
  var table = document.getElementById("regions");
  var body = table.tBodies[0];
  var details = document.getElementById("details");
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

  headers.forEach(function (th, col) {
    th.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.getAttribute("data-type") === "num";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-v");
        var y = b.cells[col].getAttribute("data-v");
        var c = numeric ? Number(x) - Number(y) : (x < y ? -1 : x > y ? 1 : 0);
        return ascending ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });

  function light(cellId, on) {
    if (!cellId) { return; }
    var lit = document.querySelectorAll('[data-cell="' + cellId + '"]');
    Array.prototype.forEach.call(lit, function (e) { e.classList.toggle("hl", on); });
  }

  function cellText(cellId) {
    var g = document.querySelector('g.cell[data-cell="' + cellId + '"] > title');
    return g ? g.textContent : "";
  }

  Array.prototype.forEach.call(document.querySelectorAll("g.cell"), function (g) {
    var id = g.getAttribute("data-cell");
    g.addEventListener("mouseenter", function () { light(id, true); details.textContent = cellText(id); });
    g.addEventListener("mouseleave", function () { light(id, false); });
  });

  Array.prototype.forEach.call(body.rows, function (row) {
    row.addEventListener("mouseenter", function () {
      light(row.getAttribute("data-cell"), true);
      var names = headers.map(function (th) { return th.textContent; });
      details.textContent = Array.prototype.map.call(row.cells, function (td, i) {
        return names[i] + ": " + (td.textContent || "0");
      }).join("\n");
    });
    row.addEventListener("mouseleave", function () { light(row.getAttribute("data-cell"), false); });
  });
})();
