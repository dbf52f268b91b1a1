/* figscan network: zoom, pan, names on hover, search, and a node's papers on click.
   The layout was computed when the report was written (figscan/report/html.py); this file
   only moves the SVG's viewBox and fills the side panel. Node data comes from a JSON block
   and reaches the page only as text (textContent, href), never as HTML. */
(function () {
  "use strict";

  var MIN_SCALE = 1, MAX_SCALE = 24, SEARCH_SCALE = 4, LABELS_FROM_SCALE = 2.5;

  function isTyping(event) {
    var tag = event.target && event.target.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA";
  }

  function setupNetwork() {
    var svg = document.getElementById("network-svg");
    if (!svg) return;
    var data = JSON.parse(document.getElementById("network-data").textContent);
    var box = svg.viewBox.baseVal;
    var whole = {x: box.x, y: box.y, w: box.width, h: box.height};
    var view = {x: whole.x, y: whole.y, w: whole.w, h: whole.h};
    var anchors = Array.prototype.slice.call(svg.querySelectorAll("a[data-node]"));
    var byId = {};
    anchors.forEach(function (a) { byId[a.dataset.node] = a; });
    var tip = document.getElementById("node-tip");
    var panel = document.getElementById("node-panel");
    var search = document.getElementById("network-search");
    var result = document.getElementById("search-result");
    var labelled = false;

    function apply() {
      svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.h);
      svg.style.setProperty("--zoom", String(whole.w / view.w));  /* labels keep their size on screen */
      var zoomedIn = whole.w / view.w >= LABELS_FROM_SCALE;
      if (zoomedIn !== labelled) { svg.classList.toggle("zoomed", zoomedIn); labelled = zoomedIn; }
    }

    function toSvg(clientX, clientY) {
      var rect = svg.getBoundingClientRect();
      return {x: view.x + (clientX - rect.left) / rect.width * view.w,
              y: view.y + (clientY - rect.top) / rect.height * view.h};
    }

    function zoomAt(factor, point) {
      var scale = whole.w / (view.w * factor);
      if (scale < MIN_SCALE) factor = view.w / whole.w;
      if (scale > MAX_SCALE) factor = whole.w / (view.w * MAX_SCALE);
      view.x = point.x - (point.x - view.x) * factor;
      view.y = point.y - (point.y - view.y) * factor;
      view.w *= factor;
      view.h *= factor;
      if (view.w >= whole.w) view = {x: whole.x, y: whole.y, w: whole.w, h: whole.h};
      apply();
    }

    function centreOn(x, y, scale) {
      view.w = whole.w / scale;
      view.h = whole.h / scale;
      view.x = x - view.w / 2;
      view.y = y - view.h / 2;
      apply();
    }

    function centre() { return {x: view.x + view.w / 2, y: view.y + view.h / 2}; }

    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoomAt(event.deltaY < 0 ? 0.8 : 1.25, toSvg(event.clientX, event.clientY));
    }, {passive: false});

    var drag = null;
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      drag = {x: event.clientX, y: event.clientY, view: {x: view.x, y: view.y}, moved: false};
    });
    window.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var rect = svg.getBoundingClientRect();
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
      if (!drag.moved) return;
      view.x = drag.view.x - dx / rect.width * view.w;
      view.y = drag.view.y - dy / rect.height * view.h;
      apply();
    });
    window.addEventListener("pointerup", function () {
      if (drag && drag.moved) {
        svg.addEventListener("click", function swallow(event) { event.preventDefault(); event.stopPropagation(); }, {capture: true, once: true});
      }
      drag = null;
    });

    function describe(node) {
      var facts = [node.kind];
      if (node.flagged) facts.push("watch-listed");
      facts.push(node.papers.length + " paper" + (node.papers.length === 1 ? "" : "s"));
      facts.push("cluster " + node.cluster + (data.clusters[node.cluster] ? " (" + data.clusters[node.cluster] + ")" : ""));
      return facts.join(" · ");
    }

    anchors.forEach(function (a) {
      var node = data.nodes[Number(a.dataset.node)];
      a.addEventListener("mouseenter", function (event) {
        tip.textContent = node.label + " — " + describe(node);
        tip.hidden = false;
        var figure = tip.parentNode.getBoundingClientRect();
        tip.style.left = (event.clientX - figure.left + 12) + "px";
        tip.style.top = (event.clientY - figure.top + 12) + "px";
      });
      a.addEventListener("mouseleave", function () { tip.hidden = true; });
      a.addEventListener("click", function (event) {
        event.preventDefault();
        openPanel(Number(a.dataset.node));
      });
    });

    function openPanel(id) {
      var node = data.nodes[id];
      anchors.forEach(function (a) { a.classList.toggle("selected", a.dataset.node === String(id)); });
      document.getElementById("node-name").textContent = node.label;
      document.getElementById("node-facts").textContent = describe(node);
      var list = document.getElementById("node-papers");
      list.textContent = "";
      node.papers.forEach(function (index) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = data.pages[index][0];
        link.textContent = data.pages[index][1];
        item.appendChild(link);
        list.appendChild(item);
      });
      panel.hidden = false;
    }

    function find(query) {
      var wanted = query.trim().toLowerCase();
      anchors.forEach(function (a) { a.classList.remove("found"); });
      if (!wanted) { result.textContent = ""; return; }
      var exact = [], partial = [];
      data.nodes.forEach(function (node, id) {
        var label = node.label.toLowerCase();
        if (label === wanted) exact.push(id);
        else if (label.indexOf(wanted) >= 0) partial.push(id);
      });
      var found = exact.concat(partial);
      found.forEach(function (id) { byId[id].classList.add("found"); });
      result.textContent = found.length ? found.length + " found" : "nothing found";
      if (found.length) {
        var first = byId[found[0]];
        centreOn(Number(first.dataset.x), Number(first.dataset.y), SEARCH_SCALE);
        openPanel(found[0]);
      }
    }

    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); find(search.value); }
    });
    search.addEventListener("change", function () { find(search.value); });
    document.getElementById("network-tools").addEventListener("submit", function (event) { event.preventDefault(); });
    document.getElementById("zoom-in").addEventListener("click", function () { zoomAt(0.66, centre()); });
    document.getElementById("zoom-out").addEventListener("click", function () { zoomAt(1.5, centre()); });
    document.getElementById("zoom-reset").addEventListener("click", function () {
      view = {x: whole.x, y: whole.y, w: whole.w, h: whole.h};
      apply();
    });
    document.getElementById("node-close").addEventListener("click", function () { panel.hidden = true; });

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "Escape") { panel.hidden = true; return; }
      if (isTyping(event)) return;
      if (event.key === "+" || event.key === "=") zoomAt(0.66, centre());
      else if (event.key === "-") zoomAt(1.5, centre());
      else if (event.key === "0") document.getElementById("zoom-reset").click();
    });
  }

  setupNetwork();
  document.body.dataset.ready = String(Math.round(performance.now()));
})();
