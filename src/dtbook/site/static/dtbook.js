/* The book's own script, offline and small.
 * 1. Sidebar toggles: the theme binds its click handlers to the first .primary-toggle and
 *    .secondary-toggle buttons, which are hidden in this layout (pydata-sphinx-theme issue 2451);
 *    clicks on the visible buttons are forwarded to the bound ones.
 * 2. The claims table: filter by verdict, evidence grade, section and text; sort by any column.
 * 3. The primary sidebar is a navigation landmark (the theme leaves the book's title outside any). */
(function () {
  "use strict";
  function forwardToggles() {
    ["primary-toggle", "secondary-toggle"].forEach(function (cls) {
      var all = Array.prototype.slice.call(document.querySelectorAll("." + cls));
      if (all.length < 2) { return; }
      var bound = all[0];
      all.slice(1).forEach(function (button) {
        button.addEventListener("click", function (ev) {
          ev.preventDefault();
          ev.stopImmediatePropagation();
          bound.click();
        }, true);
      });
    });
  }
  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }
  function sortKey(text) {
    var n = parseFloat(text.replace(/^\+/, ""));
    return isNaN(n) || !/^[+-]?\d/.test(text) ? null : n;
  }
  function naturalId(a, b) {
    var pa = a.match(/\d+/g) || [], pb = b.match(/\d+/g) || [];
    for (var i = 0; i < Math.max(pa.length, pb.length); i++) {
      var d = (parseInt(pa[i] || "0", 10)) - (parseInt(pb[i] || "0", 10));
      if (d !== 0) { return d; }
    }
    return a.localeCompare(b);
  }
  function setupTable(tool) {
    var table = tool.querySelector("table.claims-table");
    if (!table) { return; }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var count = tool.querySelector(".claims-count");
    var controls = tool.querySelectorAll("[data-filter]");
    function apply() {
      var want = {};
      controls.forEach(function (c) { want[c.getAttribute("data-filter")] = c.value.trim().toLowerCase(); });
      var shown = 0;
      rows.forEach(function (row) {
        var ok = true;
        ["verdict", "evidence", "section"].forEach(function (k) {
          if (want[k] && row.getAttribute("data-" + k) !== want[k]) { ok = false; }
        });
        if (ok && want.text && row.textContent.toLowerCase().indexOf(want.text) < 0) { ok = false; }
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = shown + " of " + rows.length + " claims"; }
    }
    controls.forEach(function (c) { c.addEventListener("input", apply); c.addEventListener("change", apply); });
    table.querySelectorAll("th[data-sort]").forEach(function (th, index) {
      th.setAttribute("tabindex", "0");
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[data-sort]").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var byId = th.getAttribute("data-sort") === "id" || th.getAttribute("data-sort") === "section";
        rows.sort(function (a, b) {
          var x = cellText(a, index), y = cellText(b, index), r;
          if (byId) { r = naturalId(x, y); } else {
            var nx = sortKey(x), ny = sortKey(y);
            r = (nx !== null && ny !== null) ? nx - ny : x.localeCompare(y);
          }
          return asc ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { sort(); } });
    });
    apply();
  }
  function sidebarLandmark() {
    var sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.getAttribute("role")) {
      sidebar.setAttribute("role", "navigation");
      sidebar.setAttribute("aria-label", "The book");
    }
  }
  function ready() {
    sidebarLandmark();
    forwardToggles();
    document.querySelectorAll(".claims-tool").forEach(setupTable);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
