// Injected by MapInBrowserIT after the page's own script: measures what the browser laid out and
// writes it as JSON into a pre element (id panuma-check), which `chromium --dump-dom` then prints.
(function () {
  "use strict";
  var out = { errors: window.__panumaErrors || ["the error hook was not installed"] };
  try {
    var best = null;
    var bestArea = -1;
    document.querySelectorAll("g.cell").forEach(function (g) {
      var r = g.querySelector("rect.outline").getBoundingClientRect();
      if (r.width * r.height > bestArea) { bestArea = r.width * r.height; best = g; }
    });
    out.cells = document.querySelectorAll("g.cell").length;
    out.largestShapeCell = best && best.getAttribute("data-cell");
    out.largestShapeRegion = best && best.getAttribute("data-region");
    out.largestShapeArea = bestArea;
    out.totals = {};
    document.querySelectorAll("g.node-total").forEach(function (g) {
      out.totals[g.getAttribute("data-node")] = Number(g.getAttribute("data-bytes"));
    });
    var ths = Array.prototype.slice.call(document.querySelectorAll("#regions thead th"));
    var col = ths.findIndex(function (th) { return th.textContent === "in memory"; });
    ths[col].click();
    ths[col].click();
    var rows = document.querySelectorAll("#regions tbody tr");
    out.rows = rows.length;
    out.sortState = ths[col].getAttribute("aria-sort");
    out.inMemoryColumn = Array.prototype.map.call(rows, function (r) { return Number(r.cells[col].getAttribute("data-v")); });
    out.firstRowRegion = rows[0].getAttribute("data-region");
    best.dispatchEvent(new MouseEvent("mouseenter"));
    out.details = document.getElementById("details").textContent;
    out.litRows = document.querySelectorAll("tr.hl").length;
  } catch (e) {
    out.errors.push("check: " + e);
  }
  var pre = document.createElement("pre");
  pre.id = "panuma-check";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
