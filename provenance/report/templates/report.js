/* provenance report: filters and sorting for the findings table, card tools.
   Everything is already in the page; this only hides, shows and reorders it.
   It reads the page's own markup and never evaluates document text.
   The script stands right after the findings table, so filters work while the document
   cards are still loading; what needs the cards waits for DOMContentLoaded. */
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }

  function openTarget(id) {
    var element = id ? byId(id) : null;
    for (var node = element; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
  }

  function hashTarget() {
    try { return decodeURIComponent(location.hash.slice(1)); } catch (error) { return ""; }
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[href^='#']") : null;
    if (link) { openTarget(link.getAttribute("href").slice(1)); }
  });
  window.addEventListener("hashchange", function () { openTarget(hashTarget()); });

  /* ------------------------------------------------------------- findings table */
  /* With JavaScript on, the head script marks the page "paged" so that CSS shows only the
     first PAGE rows while the page loads (no layout for thousands of rows nobody sees yet);
     from here on the `hidden` attribute does the paging and the class is dropped. */
  var PAGE = 500;
  var RANK = { error: 3, warning: 2, info: 1 };
  var table = byId("findings-table");
  var form = byId("filters");
  try {
    if (table && form) { initTable(table, form); }
  } finally {
    /* paging by CSS ends here, whatever happened: at worst every row shows */
    document.documentElement.classList.remove("paged");
  }

  function initTable(table, form) {
    var body = table.tBodies[0];
    var items = Array.prototype.map.call(body.rows, function (row, i) {
      return { row: row, i: i, path: null, text: null };
    });
    var controls = {
      rule: byId("f-rule"), severity: byId("f-severity"), path: byId("f-path"), text: byId("f-text")
    };
    var counter = byId("f-count");
    var empty = byId("f-empty");
    var more = byId("f-more");
    var total = items.length;
    var limit = PAGE;
    var timer = 0;
    var pathOf = function (item) {
      if (item.path === null) { item.path = item.row.cells[2].firstChild.textContent; }
      return item.path;
    };
    var textOf = function (item) {
      if (item.text === null) { item.text = item.row.textContent.toLowerCase(); }
      return item.text;
    };
    var number = function (n) { return n.toLocaleString("en"); };

    var apply = function () {
      var rule = controls.rule.value;
      var severity = controls.severity.value;
      var path = controls.path.value.trim().toLowerCase();
      var words = controls.text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var matches = 0;
      var shown = 0;
      for (var i = 0; i < items.length; i++) {
        var item = items[i];
        var data = item.row.dataset;
        var match = (!rule || data.r === rule) &&
          (!severity || data.s === severity) &&
          (!path || pathOf(item).toLowerCase().indexOf(path) !== -1);
        for (var w = 0; match && w < words.length; w++) {
          match = textOf(item).indexOf(words[w]) !== -1;
        }
        if (match) { matches++; }
        var visible = match && shown < limit;
        if (visible) { shown++; }
        if (item.row.hidden === visible) { item.row.hidden = !visible; }
      }
      var of = matches === total ? " findings" : " of " + number(total) + " findings";
      counter.textContent = (shown < matches ? "showing " + number(shown) + " of " + number(matches) : number(matches)) + of;
      empty.hidden = matches !== 0;
      more.hidden = shown >= matches;
    };
    var restart = function () { limit = PAGE; apply(); };
    var later = function () { clearTimeout(timer); timer = setTimeout(restart, 150); };

    controls.rule.addEventListener("change", restart);
    controls.severity.addEventListener("change", restart);
    var now = function (event) {
      if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); restart(); }
    };
    controls.path.addEventListener("input", later);
    controls.text.addEventListener("input", later);
    controls.path.addEventListener("keydown", now);
    controls.text.addEventListener("keydown", now);
    form.addEventListener("submit", function (event) { event.preventDefault(); restart(); });
    form.addEventListener("reset", function () { setTimeout(restart, 0); });
    byId("f-next").addEventListener("click", function () { limit += 2 * PAGE; apply(); });
    byId("f-all").addEventListener("click", function () { limit = Infinity; apply(); });
    apply();
    form.hidden = false;

    /* sorting: click a column head; a second click reverses; ties keep the report's order */
    var keys = {
      rank: function (item) { return -(RANK[item.row.dataset.s] || 0); },
      rule: function (item) { return item.row.dataset.r; },
      path: pathOf,
      message: function (item) { return item.row.cells[3].textContent.toLowerCase(); }
    };
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (head) {
      var key = head.getAttribute("data-sort");
      if (!keys[key]) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = head.textContent;
      head.textContent = "";
      head.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = head.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyOf = keys[key];
        var decorated = items.map(function (item) {
          return { item: item, key: keyOf(item), line: Number(item.row.dataset.l) };
        });
        decorated.sort(function (a, b) {
          var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
          if (order === 0 && key === "path") { order = a.line - b.line; }
          if (order === 0) { order = a.item.i - b.item.i; }
          return ascending ? order : -order;
        });
        var fragment = document.createDocumentFragment();
        items = decorated.map(function (entry) { fragment.appendChild(entry.item.row); return entry.item; });
        body.appendChild(fragment);
        apply();
      });
    });
  }

  /* ------------------------------------------------------------- document cards */
  document.addEventListener("DOMContentLoaded", function () {
    openTarget(hashTarget());
    var tools = byId("card-tools");
    if (!tools) { return; }
    var cards = document.querySelectorAll("details.card");
    byId("open-all").addEventListener("click", function () {
      for (var i = 0; i < cards.length; i++) { if (!cards[i].hidden) { cards[i].open = true; } }
    });
    byId("close-all").addEventListener("click", function () {
      for (var i = 0; i < cards.length; i++) { cards[i].open = false; }
    });
    byId("only-findings").addEventListener("change", function (event) {
      var only = event.target.checked;
      for (var i = 0; i < cards.length; i++) {
        if (cards[i].hasAttribute("data-clean")) { cards[i].hidden = only; }
      }
    });
    tools.hidden = false;
  });
})();
