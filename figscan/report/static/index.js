/* figscan index: sort, filter, page and move between rows, fast at the original analysis's
   scale (700 papers). The page carries the first PAGE_SIZE rows as HTML (what a reader without
   script sees) and every row as JSON; this file filters and sorts the JSON records and keeps
   only the rows of the current page in the table, building a record's row the first time it is
   shown. Strings reach the page only through textContent and attributes, never as HTML. */
(function () {
  "use strict";

  var PAGE_SIZE = 30;  /* INDEX_PAGE_SIZE in figscan/report/html.py; more come as the reader scrolls */
  var PREBUILD_CHUNK = 50;  /* rows built per idle moment after load, so a filter only moves rows */

  function isTyping(event) {
    var tag = event.target && event.target.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (event.target && event.target.isContentEditable);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function cell(row, sortKey, className) {
    var td = element("td", className);
    td.setAttribute("data-sort", String(sortKey));
    row.appendChild(td);
    return td;
  }

  /* the same cells as templates/index.html writes */
  function buildRow(record) {
    var row = element("tr", "row-" + record.level);
    cell(row, record.keys[0]).appendChild(element("span", "level level-" + record.level, record.level));
    cell(row, record.keys[1], "num").textContent = record.score;
    var title = cell(row, record.title, "title");
    var link = element("a", "", record.title);
    link.href = record.page;
    title.appendChild(link);
    title.appendChild(element("span", "path", record.path));
    var countries = cell(row, record.keys[3]);
    record.countries.forEach(function (c) {
      var abbr = element("abbr", "country", c[0]);
      abbr.title = c[1];
      countries.appendChild(abbr);
      countries.appendChild(document.createTextNode(" "));
    });
    var entities = cell(row, record.keys[4]);
    record.entities.forEach(function (e) {
      var span = element("span", "entity entity-" + e[1], e[0]);
      span.title = e[1];
      entities.appendChild(span);
      entities.appendChild(document.createTextNode(" "));
    });
    if (record.funders.length) entities.appendChild(element("span", "funders", "Funded by " + record.funders.join("; ")));
    var terms = cell(row, record.keys[5]);
    record.top.forEach(function (c) {
      var span = element("span", "category", c[0] + " ");
      span.appendChild(element("small", "", String(c[1])));
      terms.appendChild(span);
      terms.appendChild(document.createTextNode(" "));
    });
    var figures = cell(row, record.keys[6], "figs");
    if (record.thumbnail) {
      var thumbLink = element("a");
      thumbLink.href = record.page + "#flagged";
      var image = element("img", "thumb");
      image.src = record.thumbnail.src;
      image.alt = record.thumbnail.alt;
      image.loading = "lazy";
      thumbLink.appendChild(image);
      figures.appendChild(thumbLink);
    }
    var count = element("span", "fig-count", String(record.flagged));
    count.appendChild(element("small", "", " / " + record.figures));
    figures.appendChild(count);
    var status = cell(row, (record.review ? record.review.status : "") + " " + record.status);
    status.appendChild(element("span", "status status-" + record.status, record.status));
    if (record.review) {  /* as templates/index.html writes it; report.js updates it when served for review */
      var review = element("span", "review-status review-" + record.review.status_class, record.review.status);
      review.setAttribute("data-review-paper", record.review.sha256);
      status.appendChild(review);
      var fresh = element("span", "new", record.review.new ? "new" : record.review.new_evidence + " new");
      fresh.setAttribute("data-review-new", record.review.sha256);
      fresh.hidden = !record.review.new && !record.review.new_evidence;
      status.appendChild(fresh);
    }
    if (record.error) status.appendChild(element("span", "error-reason", record.error));
    if (record.code) {
      var code = element("small", "code", "code " + record.code);
      code.title = "the figscan code that produced this row";
      status.appendChild(code);
    }
    return row;
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

    var records = JSON.parse(document.getElementById("papers-data").textContent);
    records.forEach(function (record, index) {
      record.order = index;
      record.row = body.rows[index] || null;
      /* sort keys in the table's column order (data-sort in the template) */
      record.keys = [record.ranks[0], record.ranks[1], record.title.toLowerCase(),
                     record.countries.map(function (c) { return c[0]; }).join(" ").toLowerCase(),
                     record.ranks[2], record.ranks[3], record.flagged,
                     ((record.review ? record.review.status : "") + " " + record.status).toLowerCase()];
      record.search = [record.title, record.path, record.level, record.status, record.error,
                       record.countries.map(function (c) { return c.join(" "); }).join(" "),
                       record.entities.map(function (e) { return e[0]; }).join(" "),
                       record.funders.join(" "), record.categories.join(" "), record.extra].join(" ").toLowerCase();
    });
    var ordered = records.slice();
    var matching = ordered;
    var inTable = records.filter(function (record) { return record.row; });

    function values() {
      var wanted = {};
      controls.forEach(function (control) { wanted[control.dataset.filter] = control.value.trim(); });
      wanted.words = wanted.text ? wanted.text.toLowerCase().split(/\s+/) : [];
      return wanted;
    }

    function matches(record, wanted) {
      if (wanted.level && record.level !== wanted.level) return false;
      if (wanted.country && !record.countries.some(function (c) { return c[0] === wanted.country; })) return false;
      if (wanted.entity && !record.entities.some(function (e) { return e[0] === wanted.entity; })) return false;
      if (wanted.category && record.categories.indexOf(wanted.category) < 0) return false;
      for (var i = 0; i < wanted.words.length; i++) if (record.search.indexOf(wanted.words[i]) < 0) return false;
      return true;
    }

    /* the table holds exactly the first `limit` matching records, in order; unchanged tables are left alone */
    function render() {
      var page = matching.slice(0, limit);
      var same = page.length === inTable.length && page.every(function (record, i) { return record === inTable[i]; });
      if (!same) {
        var fragment = document.createDocumentFragment();
        page.forEach(function (record) {
          if (!record.row) { record.row = buildRow(record); record.row.tabIndex = -1; }
          fragment.appendChild(record.row);
        });
        body.textContent = "";
        body.appendChild(fragment);
        inTable = page;
      }
      shown.textContent = matching.length + " of " + records.length + " shown";
      noRows.hidden = matching.length > 0;
      pager.hidden = matching.length <= PAGE_SIZE;
      pagerText.textContent = "Rows 1–" + page.length + " of " + matching.length + ".";
      more.hidden = page.length >= matching.length;
      if (current && !current.parentNode) select(null);
    }

    function applyFilters() {
      var wanted = values();
      matching = ordered.filter(function (record) { return matches(record, wanted); });
      limit = PAGE_SIZE;
      render();
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
      render();
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
    more.addEventListener("click", function () { limit += PAGE_SIZE; render(); });
    if (window.IntersectionObserver) {  /* the next rows arrive before the reader reaches the end */
      new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; }) && !more.hidden) more.click();
      }, {rootMargin: "600px 0px"}).observe(pager);
    }

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
      var visible = Array.prototype.slice.call(body.rows);
      if (!visible.length) return;
      var at = visible.indexOf(current);
      if (at === visible.length - 1 && step > 0 && !more.hidden) { more.click(); visible = Array.prototype.slice.call(body.rows); }
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

    inTable.forEach(function (record) { record.row.tabIndex = -1; });
    applyFilters();

    /* `figscan review` sends the live review states (report.js): rows built later carry them too */
    document.addEventListener("figscan:review-states", function (event) {
      records.forEach(function (record) {
        var state = record.review && event.detail[record.review.sha256];
        if (!state) return;
        record.review.status = state.status;
        record.review.status_class = state.status.replace(/ /g, "-");
        record.review.new = state.new;
        record.review.new_evidence = state.new_evidence;
        record.keys[7] = (state.status + " " + record.status).toLowerCase();
        if (record.row && !record.row.parentNode) record.row = null;  /* rebuilt when next shown */
      });
    });

    var unbuilt = records.filter(function (record) { return !record.row; });
    function prebuild(deadline) {
      while (unbuilt.length && (!deadline || deadline.timeRemaining() > 2)) {
        unbuilt.splice(0, PREBUILD_CHUNK).forEach(function (record) {
          if (!record.row) { record.row = buildRow(record); record.row.tabIndex = -1; }
        });
      }
      if (unbuilt.length) idle(prebuild);
    }
    var idle = window.requestIdleCallback || function (callback) { return setTimeout(callback, 50); };
    idle(prebuild);
  }

  setupIndex();
  document.body.dataset.ready = String(Math.round(performance.now()));
})();
