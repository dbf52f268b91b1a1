/* figscan index: sort, filter, page and move between rows, fast at the original analysis's
   scale (700 papers). The rows are in the page (so it reads without script); this file reads
   each row's values once, then filters and sorts arrays and touches only the rows that change,
   showing at most PAGE_SIZE at a time so the browser lays out a page, not the whole table.
   Everything is read from the DOM as text, never turned into HTML. */
(function () {
  "use strict";

  var PAGE_SIZE = 100;

  function isTyping(event) {
    var tag = event.target && event.target.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (event.target && event.target.isContentEditable);
  }

  function setupIndex() {
    var table = document.getElementById("papers");
    if (!table) return;
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var form = document.getElementById("filters");
    var controls = Array.prototype.slice.call(form.querySelectorAll("[data-filter]"));
    var shown = document.getElementById("shown");
    var noRows = document.getElementById("no-rows");
    var pager = document.getElementById("pager");
    var pagerText = document.getElementById("pager-text");
    var more = document.getElementById("show-more");
    var limit = PAGE_SIZE;
    var current = null;

    /* one record per row, read once: sort keys per column, filter fields, search text */
    var records = Array.prototype.map.call(body.rows, function (row, index) {
      var keys = Array.prototype.map.call(row.cells, function (cell, column) {
        var raw = cell.getAttribute("data-sort") || "";
        return headers[column] && headers[column].dataset.type === "number" ? (parseFloat(raw) || 0) : raw.toLowerCase();
      });
      row.tabIndex = -1;
      return {
        row: row, order: index, keys: keys, level: row.dataset.level,
        countries: (row.dataset.countries || "").split(" "),
        entities: (row.dataset.entities || "").split("\n"),
        categories: (row.dataset.categories || "").split("\n"),
        text: (row.textContent + " " + (row.dataset.entities || "") + " " + (row.dataset.search || "")).toLowerCase().replace(/\s+/g, " "),
        visible: !row.hidden
      };
    });
    var ordered = records.slice();
    var matching = ordered;

    function values() {
      var wanted = {};
      controls.forEach(function (control) { wanted[control.dataset.filter] = control.value.trim(); });
      wanted.words = wanted.text ? wanted.text.toLowerCase().split(/\s+/) : [];
      return wanted;
    }

    function matches(record, wanted) {
      if (wanted.level && record.level !== wanted.level) return false;
      if (wanted.country && record.countries.indexOf(wanted.country) < 0) return false;
      if (wanted.entity && record.entities.indexOf(wanted.entity) < 0) return false;
      if (wanted.category && record.categories.indexOf(wanted.category) < 0) return false;
      for (var i = 0; i < wanted.words.length; i++) if (record.text.indexOf(wanted.words[i]) < 0) return false;
      return true;
    }

    /* show the first `limit` matching rows in `ordered` order; hide the rest; move rows only when the order changed */
    function render(reordered) {
      var show = new Set(matching.slice(0, limit));
      if (reordered) {
        var fragment = document.createDocumentFragment();
        ordered.forEach(function (record) { fragment.appendChild(record.row); });
        body.appendChild(fragment);
      }
      records.forEach(function (record) {
        var visible = show.has(record);
        if (visible !== record.visible) { record.row.hidden = !visible; record.visible = visible; }
      });
      shown.textContent = matching.length + " of " + records.length + " shown";
      noRows.hidden = matching.length > 0;
      var listed = Math.min(limit, matching.length);
      pager.hidden = matching.length <= PAGE_SIZE;
      pagerText.textContent = "Rows 1–" + listed + " of " + matching.length + ".";
      more.hidden = listed >= matching.length;
      if (current && current.hidden) select(null);
    }

    function applyFilters() {
      var wanted = values();
      matching = ordered.filter(function (record) { return matches(record, wanted); });
      limit = PAGE_SIZE;
      render(false);
    }

    function sortBy(column, direction) {
      var number = headers[column].dataset.type === "number";
      var sign = direction === "ascending" ? 1 : -1;
      ordered.sort(function (a, b) {
        var x = a.keys[column], y = b.keys[column];
        var byValue = number ? x - y : (x < y ? -1 : x > y ? 1 : 0);
        return sign * byValue || a.order - b.order;
      });
      headers.forEach(function (th, index) {
        if (index === column) th.setAttribute("aria-sort", direction);
        else th.removeAttribute("aria-sort");
      });
      var wanted = values();
      matching = ordered.filter(function (record) { return matches(record, wanted); });
      render(true);
    }

    headers.forEach(function (th, column) {
      th.querySelector("button").addEventListener("click", function () {
        var now = th.getAttribute("aria-sort");
        var first = th.dataset.type === "number" ? "descending" : "ascending";
        sortBy(column, now ? (now === "ascending" ? "descending" : "ascending") : first);
      });
    });

    controls.forEach(function (control) {
      control.addEventListener(control.tagName === "INPUT" ? "input" : "change", applyFilters);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(applyFilters, 0); });
    more.addEventListener("click", function () { limit += PAGE_SIZE; render(false); });

    Array.prototype.forEach.call(document.querySelectorAll(".stat-filter"), function (button) {
      button.addEventListener("click", function () {
        var control = form.querySelector('[data-filter="' + button.dataset.filter + '"]');
        control.value = button.dataset.value;
        if (control.value !== button.dataset.value) control.value = "";
        applyFilters();
        table.scrollIntoView({block: "start"});
      });
    });

    function select(row) {
      if (current) current.classList.remove("current");
      current = row;
      if (row) {
        row.classList.add("current");
        row.focus({preventScroll: true});
        row.scrollIntoView({block: "nearest"});
      }
    }

    function move(step) {
      var visible = matching.slice(0, limit).map(function (record) { return record.row; });
      if (!visible.length) return;
      var at = visible.indexOf(current);
      if (at === visible.length - 1 && step > 0 && !more.hidden) { more.click(); visible = matching.slice(0, limit).map(function (r) { return r.row; }); }
      var next = at < 0 ? (step > 0 ? 0 : visible.length - 1) : Math.min(Math.max(at + step, 0), visible.length - 1);
      select(visible[next]);
    }

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "Escape") {
        form.reset();
        applyFilters();
        if (isTyping(event)) event.target.blur();
        return;
      }
      if (isTyping(event)) return;
      if (event.key === "/") { event.preventDefault(); document.getElementById("filter-text").focus(); }
      else if (event.key === "j" || event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "k" || event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Enter" && current && document.activeElement === current) {
        current.querySelector("td.title a").click();
      }
    });

    applyFilters();
  }

  setupIndex();
  document.body.dataset.ready = String(Math.round(performance.now()));
})();
