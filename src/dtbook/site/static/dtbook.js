/* The book's own script, offline and small.
 * 1. Sidebar toggles: the theme binds its click handlers to the first .primary-toggle and
 *    .secondary-toggle buttons, which are hidden in this layout (pydata-sphinx-theme issue 2451);
 *    clicks on the visible buttons are forwarded to the bound ones.
 * 2. The claims table: filter by verdict, evidence grade, section, reading (depends on reading, read
 *    twice) and text; sort by any column (a cell's data-value, the gap's size, wins over its text);
 *    download exactly the rows shown as CSV (UTF-8 with a byte-order mark, for spreadsheets) or JSON,
 *    taken from the book's JSON download with every column (claim address, source addresses).
 * 3. The primary sidebar is a navigation landmark (the theme leaves the book's title outside any).
 * 4. The search page (which alone loads dtbook-claims.js, window.DTBOOK_CLAIMS) lists the claims a
 *    query names above Sphinx's results: the claim whose id is searched first, then the claims
 *    whose sentence prints a searched figure ("44.5"), in the ledger's order. */
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
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell || !cell.hasAttribute("data-value")) { return null; }
    var v = cell.getAttribute("data-value");
    return v === "" ? -Infinity : parseFloat(v);  /* no gap (a statement) sorts below a gap of 0 */
  }
  function csvCell(v) {
    var s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function save(text, name, type) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  function downloadShown(button, rows) {
    var ids = rows.filter(function (row) { return !row.hidden; }).map(function (row) {
      return row.getAttribute("data-id");
    });
    fetch(button.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (all) {
      var byId = {};
      all.forEach(function (r) { byId[r.id] = r; });
      var picked = ids.filter(function (id) { return byId[id]; }).map(function (id) {
        var r = byId[id];
        if (!r.url) {  /* no base URL at build time: the address where the book is read */
          r.url = new URL(button.getAttribute("data-base") + "claims/" + id + ".html", window.location.href).href;
        }
        return r;
      });
      if (button.getAttribute("data-format") === "json") {
        save(JSON.stringify(picked, null, 1) + "\n", "claims_shown.json", "application/json");
        return;
      }
      var cols = Object.keys(all[0] || {});
      var lines = [cols.map(csvCell).join(",")].concat(picked.map(function (r) {
        return cols.map(function (c) { return csvCell(r[c]); }).join(",");
      }));
      save("\ufeff" + lines.join("\r\n") + "\r\n", "claims_shown.csv", "text/csv;charset=utf-8");
    });
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
        if (want.reading && (row.getAttribute("data-reading") || "").indexOf(want.reading) < 0) { ok = false; }
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
          var vx = cellValue(a, index), vy = cellValue(b, index);
          if (byId) { r = naturalId(x, y); } else if (vx !== null && vy !== null) {
            r = vx === vy ? naturalId(cellText(a, 0), cellText(b, 0)) : (vx < vy ? -1 : 1);
          } else {
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
    tool.querySelectorAll("button.claims-download").forEach(function (button) {
      button.addEventListener("click", function () { downloadShown(button, rows); });
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
  function claimHits(claims, query) {
    var terms = query.split(/\s+/).filter(Boolean);
    var hits = [];
    claims.forEach(function (c, order) {
      var score = 0;
      terms.forEach(function (term) {
        var id = term.toUpperCase(), figure = term.replace(/,/g, "").replace(/%$/, "").replace(/^[+-]/, "");
        if (c.id.toUpperCase() === id) { score += 1000; }
        else if (/^S\d/.test(id) && c.id.toUpperCase().indexOf(id) === 0) { score += 100; }
        if (/^\d+(\.\d+)?$/.test(figure) && c.figures.indexOf(figure) >= 0) { score += 10; }
      });
      if (score) { hits.push({ score: score, order: order, claim: c }); }
    });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return hits.map(function (h) { return h.claim; });
  }
  function claimSearch() {
    var claims = window.DTBOOK_CLAIMS, results = document.getElementById("search-results");
    var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
    if (!claims || !results || !query) { return; }
    var hits = claimHits(claims, query);
    var root = document.documentElement.getAttribute("data-content_root") || "";
    var section = document.createElement("section");
    section.className = "claim-search";
    section.setAttribute("aria-label", "Claims");
    var title = document.createElement("h2");
    title.textContent = hits.length ? "Claims (" + hits.length + ")" : "Claims: none with this id or figure";
    section.appendChild(title);
    var list = document.createElement("ul");
    hits.forEach(function (c) {
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = root + c.page;
      link.textContent = c.id + " · " + c.subject;
      item.appendChild(link);
      item.appendChild(document.createTextNode(c.stated ? " · the paper prints " + c.stated + " " : " "));
      var badge = document.createElement("span");  /* the badge of macros.html */
      badge.className = "dt-badge verdict-badge verdict-" + c.verdict;
      badge.textContent = c.verdict;
      item.appendChild(badge);
      list.appendChild(item);
    });
    section.appendChild(list);
    results.parentNode.insertBefore(section, results);
  }
  function ready() {
    claimSearch();
    sidebarLandmark();
    forwardToggles();
    document.querySelectorAll(".claims-tool").forEach(setupTable);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
