/* figscan report: the help panel and keyboard navigation of paper pages, without a server.
   The index's sorting and filtering are in index.js, the network's drawing in network.js.
   Reads everything from the page's DOM (never from strings turned into HTML), so text from
   PDFs stays text. Works from file:// under a CSP that allows only the report's own files. */
(function () {
  "use strict";

  function isTyping(event) {
    var tag = event.target && event.target.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (event.target && event.target.isContentEditable);
  }

  function hasModifier(event) {
    return event.ctrlKey || event.metaKey || event.altKey;
  }

  function setupHelp() {
    var toggle = document.querySelector(".help-toggle");
    var panel = document.getElementById("keys");
    if (!toggle || !panel) return function () {};
    function flip() {
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", String(!panel.hidden));
    }
    toggle.addEventListener("click", flip);
    return flip;
  }

  /* --- paper page: previous, next, back to the list --- */

  function setupPaper(toggleHelp) {
    setupReview();
    document.addEventListener("keydown", function (event) {
      if (hasModifier(event) || isTyping(event)) return;
      var target = null;
      if (event.key === "j" || event.key === "ArrowRight") target = document.getElementById("next");
      else if (event.key === "k" || event.key === "ArrowLeft") target = document.getElementById("prev");
      else if (event.key === "u") target = document.querySelector("header.top a.brand");
      else if (event.key === "?") toggleHelp();
      if (target) { event.preventDefault(); window.location.href = target.href; }
    });
  }

  function setupOther(toggleHelp) {
    document.addEventListener("keydown", function (event) {
      if (!hasModifier(event) && !isTyping(event) && event.key === "?") toggleHelp();
    });
  }

  /* --- review: decisions stored through `figscan review`; read-only when opened from disk --- */

  var REVIEW_API = "/_review/api/";

  function servedForReview() {
    return window.location.protocol === "http:" && window.location.hostname === "127.0.0.1";
  }

  function reviewApi(path, body, token) {
    var options = {credentials: "same-origin", headers: {"Accept": "application/json"}};
    if (body) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.headers["X-Figscan-Token"] = token;
      options.body = JSON.stringify(body);
    }
    return fetch(REVIEW_API + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.error || ("the server answered " + response.status));
        return data;
      });
    });
  }

  function each(selector, root, callback) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), callback);
  }

  function setStatusBadge(element, status) {
    element.textContent = status;
    element.className = element.className.replace(/\breview-(to-review|cleared|escalated)\b/g, "").trim() +
      " review-" + status.replace(/ /g, "-");
  }

  function showReview(section, data) {
    var review = data.review;
    var byId = {};
    review.evidence.forEach(function (entry) { byId[entry.evidence.id] = entry; });
    each('[data-review="status"]', document, function (el) { setStatusBadge(el, review.status); });
    each('[data-review="paper-new"]', section, function (el) { el.hidden = !review.new; });
    each('[data-review="decided"]', section, function (el) {
      el.textContent = review.decided_at ? "decided " + review.decided_at.slice(0, 16).replace("T", " ") + " UTC" +
        (review.reviewer ? " by " + review.reviewer : "") : "";
    });
    each('[data-review="note"]', section, function (el) { el.textContent = review.note; el.hidden = !review.note; });
    each('[data-review-form="paper"]', section, function (form) {
      form.elements.decision.value = review.status;
      form.elements.note.value = review.note;
    });
    each("tr[data-evidence]", section, function (row) {
      var entry = byId[row.dataset.evidence];
      if (!entry) return;
      row.className = "decision-" + entry.decision;
      row.querySelector('[data-review="decision"]').textContent = entry.text;
      row.querySelector('[data-review="new"]').hidden = !entry.new;
      row.querySelector('input[name="note"]').value = entry.reason;
    });
    each("[data-mark]", document, function (el) {
      var entry = byId[el.dataset.mark];
      if (!entry) return;
      el.textContent = entry.text;
      el.hidden = !entry.text;
      var holder = el.closest("tr") || el;
      holder.className = holder.className.replace(/\bdecision-\w+\b/g, "").trim() + " decision-" + entry.decision;
    });
    each(".paper-head .score", document, function (el) { el.textContent = "score " + data.score_text; });
    each(".paper-head .level", document, function (el) {
      el.textContent = data.level;
      el.className = "level level-" + data.level;
    });
    each("#why table.reasons tbody", document, function (body) {  /* the score's reasons without dismissed items */
      while (body.firstChild) body.removeChild(body.firstChild);
      data.reasons.forEach(function (reason) {
        var row = body.insertRow();
        [reason.points, reason.reason, reason.evidence].forEach(function (text, column) {
          var cell = row.insertCell();
          cell.textContent = text;
          if (column === 0) cell.className = "num";
        });
      });
    });
  }

  function setupReview() {
    var section = document.getElementById("review");
    if (!section || !servedForReview()) return;
    var sha = section.dataset.sha256;
    var message = section.querySelector(".review-message");
    var token = null;

    function say(text, failed) {
      if (!message) return;
      message.textContent = text;
      message.classList.toggle("failed", !!failed);
    }

    function decide(evidenceId, decision, note) {
      say("saving…");
      reviewApi("decide", {sha256: sha, evidence_id: evidenceId, decision: decision, note: note}, token)
        .then(function (data) { showReview(section, data); say("saved"); })
        .catch(function (error) { say("not saved: " + error.message, true); });
    }

    reviewApi("paper?sha256=" + encodeURIComponent(sha)).then(function (data) {
      token = data.token;
      showReview(section, data);
      each(".review-only", document, function (el) { el.hidden = false; });
      section.classList.add("reviewing");
      each('[data-review-form="paper"]', section, function (form) {
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          decide("paper", form.elements.decision.value, form.elements.note.value);
        });
      });
      var statusKeys = {c: "cleared", e: "escalated", r: "to review"};
      document.addEventListener("keydown", function (event) {
        if (hasModifier(event) || isTyping(event) || !statusKeys[event.key]) return;
        var form = section.querySelector('[data-review-form="paper"]');
        event.preventDefault();
        decide("paper", statusKeys[event.key], form.elements.note.value);
      });
      each('[data-review-form="evidence"]', section, function (form) {
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          var decision = event.submitter ? event.submitter.value : "confirmed";
          var note = form.elements.note.value.trim();
          if (decision === "dismissed" && !note) {
            say("a dismissal needs a reason", true);
            form.elements.note.focus();
            return;
          }
          decide(form.closest("tr").dataset.evidence, decision, note);
        });
      });
    }).catch(function () { /* not served by figscan review: the page stays read-only */ });
  }

  function setupIndexReview() {
    var table = document.getElementById("papers");
    if (!table || !servedForReview()) return;
    reviewApi("papers").then(function (data) {
      document.dispatchEvent(new CustomEvent("figscan:review-states", {detail: data.papers}));  /* index.js: rows not shown yet */
      each("tbody tr", table, function (row) {
        var badge = row.querySelector("[data-review-paper]");
        var state = badge && data.papers[badge.dataset.reviewPaper];
        if (!state) return;
        setStatusBadge(badge, state.status);
        var fresh = row.querySelector("[data-review-new]");
        fresh.textContent = state.new ? "new" : state.new_evidence + " new";
        fresh.hidden = !state.new && !state.new_evidence;
      });
    }).catch(function () { /* opened from disk or another server: the statuses as last written */ });
  }

  setupIndexReview();  /* on the index; the paper page's review starts in setupPaper */

  var toggleHelp = setupHelp();
  var page = document.body.dataset.page;
  if (page === "paper") setupPaper(toggleHelp);
  else setupOther(toggleHelp);
})();
