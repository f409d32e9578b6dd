/*
 * Finder and selection basket. No third-party code, no server: the finder runs on the
 * static JSON index of the page language (data/finder-<lang>.json, no text) and the text
 * shards beside it (data/finder-<lang>/<n>.json); see "finder" below.
 *
 * Finder: facet checkboxes (OR inside a facet, AND across facets), a text filter that
 * ignores case and accents, counts per option, and the filter state kept in the URL
 * (?pg=notebooks&level=advanced&q=garantie) so a selection can be shared and survives a
 * reload. Results are drawn 50 at a time ("more" adds 50), so the page stays small with
 * thousands of criteria; their titles and summaries are fetched for the results drawn only.
 *
 * Basket: criterion ids kept in localStorage ("kb-basket"), toggled from the finder or
 * from any criterion page; the basket page builds the tender kit (kb-basket.js with kit-writer.js).
 */
(function () {
  "use strict";

  var STORE = "kb-basket";
  var PAGE = 50;  /* results drawn at a time: one text shard when no filter is set */
  var lang = (document.documentElement.getAttribute("lang") || "fr").slice(0, 2);

  /* ---- basket storage ------------------------------------------------------------ */

  function basket() {
    try {
      var value = JSON.parse(localStorage.getItem(STORE) || "[]");
      return Array.isArray(value) ? value.filter(function (x) { return typeof x === "string"; }) : [];
    } catch {
      return [];
    }
  }

  function saveBasket(ids) {
    try { localStorage.setItem(STORE, JSON.stringify(ids)); } catch { /* private mode: keep in page */ }
    document.dispatchEvent(new CustomEvent("kb-basket-change"));
  }

  function toggle(id) {
    var ids = basket();
    var at = ids.indexOf(id);
    if (at >= 0) { ids.splice(at, 1); } else { ids.push(id); }
    saveBasket(ids);
    return at < 0;
  }

  /* The level last chosen (finder, criterion page, basket): the basket starts with it. */
  var LEVEL = "kb-level";

  function level(value) {
    try {
      if (value) localStorage.setItem(LEVEL, value);
      return localStorage.getItem(LEVEL) || "";
    } catch {
      return value || "";
    }
  }

  /* A basket button says what it does ("add", then "remove"), shown filled while its
     criterion is in the basket. Not a toggle button (aria-pressed): a toggle's name must not
     change with its state (WAI-ARIA Authoring Practices), and "remove, pressed" misleads. */
  function syncButton(button, ids) {
    var inside = ids.indexOf(button.dataset.kbId) >= 0;
    button.dataset.kbInBasket = inside ? "true" : "false";
    button.firstChild.nodeValue = KB.text(inside ? "finder.remove" : "finder.add");
  }

  /* What a basket button did, said by screen readers (a polite status line, created with the
     page's first basket button so that it is in place before it speaks). */
  var said = null;

  function announce(added, title) {
    said.textContent = KB.text(added ? "finder.added" : "finder.removed", { title: title });
  }

  /* One document listener for every basket button and link on the page (a listener per
     button would pile up with every re-render of the results). */
  function syncAll() {
    var ids = basket();
    document.querySelectorAll("button.kb-basket-toggle").forEach(function (b) { syncButton(b, ids); });
    document.querySelectorAll(".kb-basket-link").forEach(function (l) { l.textContent = KB.text("finder.basket", { n: ids.length }); });
  }

  /* `title`: the criterion's title, in the button's name after the visible words (a list of
     results has one button per criterion; the name starts with what is shown: WCAG 2.5.3). */
  function basketButton(id, title) {
    if (!said) {
      said = el("p", { "class": "kb-sr-only", role: "status", id: "kb-basket-said" });
      (document.querySelector(".md-content__inner") || document.body).appendChild(said);
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kb-button kb-basket-toggle";
    button.dataset.kbId = id;
    button.appendChild(document.createTextNode(""));
    button.appendChild(el("span", { "class": "kb-sr-only" }, " (" + title + ")"));
    button.addEventListener("click", function () { announce(toggle(id), title); });
    syncButton(button, basket());
    return button;
  }

  function basketLink(link) {
    link.classList.add("kb-basket-link");
    link.textContent = KB.text("finder.basket", { n: basket().length });
  }

  /* ---- helpers --------------------------------------------------------------------- */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pageUrl(root, id) {
    return root + (lang === "nl" ? "nl/" : "") + "criteria/" + id + "/";
  }

  /* ---- finder ------------------------------------------------------------------------
     The index (data/finder-<lang>.json, kb/render/finder.py) holds one row per criterion,
     [id, version, status, then one list per facet of positions in that facet's options],
     and no text: the titles and summaries are in shards of `shard` rows in the same order
     (data/finder-<lang>/<n>.json), fetched for the results shown and, the first time the
     visitor filters by words, all of them. */

  var ID = 0, VERSION = 1, STATUS = 2, FIRST_FACET = 3;

  function Finder(form, data) {
    var self = this;
    this.form = form;
    this.data = data;
    this.root = form.dataset.root;
    this.textBase = form.dataset.text;
    this.facets = data.columns;
    this.column = {};     /* facet -> its column in a row */
    this.position = {};   /* facet -> {code: position in its options} */
    this.facets.forEach(function (facet, i) {
      self.column[facet] = FIRST_FACET + i;
      self.position[facet] = {};
      data.facets[facet].forEach(function (option, at) { self.position[facet][option[0]] = at; });
    });
    this.shards = [];     /* promise per shard number, once asked for */
    this.texts = [];      /* [title, summary] per row, once its shard is in */
    this.folded = [];     /* what the text filter searches, per row (built on first use) */
    this.allText = null;  /* promise of every shard (the first filter by words) */
    this.matches = [];
    this.ticket = 0;      /* the latest update: an older one that finishes late draws nothing */
    this.limit = PAGE;
    this.status = document.getElementById("kb-results-status");
    this.list = document.getElementById("kb-results");
    this.title = document.getElementById("kb-results-title");
    this.panel = form.querySelector("details.kb-filter-panel");
    this.buildFacets();
    this.readUrl();
    this.setupPanel();
    form.addEventListener("input", function () { self.limit = PAGE; self.update(true); });
    form.addEventListener("change", function () { self.limit = PAGE; self.update(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { self.update(true); }, 0); });
    this.update(false);
  }

  /* The facets panel: a <details> (closed, so the results stay in the first screen); on
     small screens it opens as a full-screen drawer with a close button, Escape closes it
     and the focus comes back to its summary. */
  Finder.prototype.setupPanel = function () {
    var panel = this.panel;
    if (!panel) return;
    var self = this;
    var summary = panel.querySelector("summary");
    var drawer = window.matchMedia("(max-width: 44.984375em)");
    var close = function (focusResults) {
      panel.open = false;
      if (focusResults && self.title) { self.title.focus(); } else { summary.focus(); }
    };
    panel.addEventListener("toggle", function () {
      document.documentElement.classList.toggle("kb-drawer-open", panel.open && drawer.matches);
      if (panel.open && drawer.matches) panel.querySelector(".kb-close-filters").focus();
    });
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && panel.open) { e.preventDefault(); close(false); }
    });
    panel.querySelector(".kb-close-filters").addEventListener("click", function () { close(false); });
    panel.querySelector(".kb-show-results").addEventListener("click", function () { close(true); });
  };

  Finder.prototype.buildFacets = function () {
    var self = this;
    this.facets.forEach(function (facet) {
      var box = self.form.querySelector('fieldset[data-facet="' + facet + '"]');
      if (!box) return;
      self.data.facets[facet].forEach(function (option, i) {
        var id = "kb-" + facet + "-" + i;
        var wrap = el("div", { "class": "kb-option" });
        var input = el("input", { type: "checkbox", id: id, name: facet, value: option[0] });
        var label = el("label", { "for": id }, option[1] + " ");
        label.appendChild(el("span", { "class": "kb-count", "data-code": option[0] }));
        wrap.appendChild(input);
        wrap.appendChild(label);
        box.appendChild(wrap);
      });
    });
  };

  Finder.prototype.state = function () {
    var state = { q: this.form.elements.q.value.trim() };
    var self = this;
    this.facets.forEach(function (facet) {
      state[facet] = Array.prototype.filter.call(self.form.querySelectorAll('input[name="' + facet + '"]'),
        function (input) { return input.checked; }).map(function (input) { return input.value; });
    });
    return state;
  };

  Finder.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    /* Words typed while the index was loading are kept. */
    if (!this.form.elements.q.value) this.form.elements.q.value = params.get("q") || "";
    this.facets.forEach(function (facet) {
      var wanted = (params.get(facet) || "").split(",").filter(Boolean);
      self.form.querySelectorAll('input[name="' + facet + '"]').forEach(function (input) {
        input.checked = wanted.indexOf(input.value) >= 0;
      });
    });
  };

  Finder.prototype.writeUrl = function (state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    this.facets.forEach(function (facet) { if (state[facet].length) params.set(facet, state[facet].join(",")); });
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  };

  /* One text shard (its rows' [title, summary] go into this.texts), fetched once. The
     index's key is in the address (no shard of an older build from the cache) and in the
     shard (the index and the shard come from the same build). */
  Finder.prototype.shard = function (n) {
    var self = this;
    if (!this.shards[n]) {
      this.shards[n] = load(this.textBase + n + ".json?v=" + this.data.key).then(function (shard) {
        if (shard.key !== self.data.key) throw new Error("stale");
        var first = n * self.data.shard;
        shard.text.forEach(function (pair, i) { self.texts[first + i] = pair; });
      });
      this.shards[n].catch(function () { self.shards[n] = null; });  /* tried again next time */
    }
    return this.shards[n];
  };

  /* The text of the rows `rows` (the shards they are in). */
  Finder.prototype.textOf = function (rows) {
    var size = this.data.shard, numbers = [];
    rows.forEach(function (row) {
      var n = Math.floor(row / size);
      if (numbers.indexOf(n) < 0) numbers.push(n);
    });
    return Promise.all(numbers.map(this.shard, this));
  };

  /* Every shard, the first time the visitor filters by words. */
  Finder.prototype.allTexts = function () {
    var self = this;
    if (!this.allText) {
      var rows = this.data.criteria.map(function (row, i) { return i; });
      this.allText = this.textOf(rows).then(function () {
        self.data.criteria.forEach(function (row, i) {
          self.folded[i] = KB.fold(row[ID] + " " + self.texts[i][0] + " " + self.texts[i][1]);
        });
      });
      this.allText.catch(function () { self.allText = null; });
    }
    return this.allText;
  };

  Finder.prototype.failed = function (ticket, error) {
    if (ticket !== this.ticket) return;
    var stale = error && error.message === "stale";
    this.status.textContent = stale ? KB.text("finder.stale") : KB.text("finder.error");
  };

  Finder.prototype.update = function (writeUrl) {
    var self = this;
    var ticket = ++this.ticket;
    var state = this.state();
    var words = KB.fold(state.q).split(/\s+/).filter(Boolean);
    if (writeUrl) this.writeUrl(state);
    if (writeUrl && state.level.length === 1) level(state.level[0]);
    if (words.length && this.folded.length < this.data.criteria.length) {
      this.status.textContent = KB.text("finder.searching");
      this.allTexts().then(function () { if (ticket === self.ticket) self.update(false); },
        function (error) { self.failed(ticket, error); });
      return;
    }
    var facets = this.facets, column = this.column, folded = this.folded;
    var selected = {};
    facets.forEach(function (f) {
      selected[f] = state[f].map(function (code) { return self.position[f][code]; })
        .filter(function (at) { return at !== undefined; });
    });
    var matches = [];
    var counts = {};
    facets.forEach(function (f) { counts[f] = {}; });
    this.data.criteria.forEach(function (row, index) {
      if (words.length && !words.every(function (w) { return folded[index].indexOf(w) >= 0; })) return;
      var failing = facets.filter(function (f) { return !matchesFacet(row[column[f]], selected[f]); });
      if (failing.length === 0) matches.push(index);
      /* An option's count: rows that pass every other facet and carry the option. */
      facets.forEach(function (f) {
        if (failing.length === 0 || (failing.length === 1 && failing[0] === f)) {
          row[column[f]].forEach(function (at) { counts[f][at] = (counts[f][at] || 0) + 1; });
        }
      });
    });
    var form = this.form;
    facets.forEach(function (f) {
      form.querySelectorAll('fieldset[data-facet="' + f + '"] .kb-count').forEach(function (span) {
        span.textContent = "(" + (counts[f][self.position[f][span.dataset.code]] || 0) + ")";
      });
    });
    var active = facets.reduce(function (n, f) { return n + state[f].length; }, 0);
    var badge = form.querySelector(".kb-active-filters");
    if (badge) badge.textContent = active ? "(" + active + ")" : "";
    var show = form.querySelector(".kb-show-results");
    if (show) {
      show.dataset.label = show.dataset.label || show.textContent;
      show.textContent = show.dataset.label + " (" + matches.length + ")";
    }
    this.matches = matches;
    this.status.textContent = KB.count("finder.found", matches.length);
    this.render(ticket, null);
  };

  function matchesFacet(values, selected) {
    if (!selected.length) return true;
    for (var i = 0; i < selected.length; i++) {
      if (values.indexOf(selected[i]) >= 0) return true;
    }
    return false;
  }

  /* Draws the first `limit` matches once their text is in (the list is replaced at once:
     nothing moves while the shards load). `focusAt`: the item to focus after "more". */
  Finder.prototype.render = function (ticket, focusAt) {
    var self = this;
    var shown = this.matches.slice(0, this.limit);
    this.textOf(shown).then(function () {
      if (ticket !== self.ticket) return;
      self.draw(shown);
      var next = focusAt === null ? null : self.list.children[focusAt];
      if (next) next.querySelector("a").focus();
    }, function (error) { self.failed(ticket, error); });
  };

  Finder.prototype.item = function (index) {
    var row = this.data.criteria[index];
    var text = this.texts[index];
    var facets = this.data.facets;
    var li = el("li", { "class": "kb-result", "data-kb-id": row[ID] });
    var heading = el("p", { "class": "kb-result-title" });
    heading.appendChild(el("a", { href: pageUrl(this.root, row[ID]) }, text[0]));
    if (row[STATUS] === "draft") heading.appendChild(el("span", { "class": "kb-badge" }, " " + KB.text("finder.draft")));
    li.appendChild(heading);
    var type = facets.type[row[this.column.type][0]][1];
    var levels = row[this.column.level].map(function (at) { return facets.level[at][1]; }).join(", ");
    li.appendChild(el("p", { "class": "kb-result-meta" }, type + " · " + levels + " · " + row[ID] + " v" + row[VERSION]));
    li.appendChild(el("p", { "class": "kb-result-summary" }, text[1]));
    li.appendChild(basketButton(row[ID], text[0]));
    return li;
  };

  Finder.prototype.draw = function (shown) {
    var self = this;
    var items = document.createDocumentFragment();
    shown.forEach(function (index) { items.appendChild(self.item(index)); });
    if (this.matches.length > this.limit) {
      var more = el("li", { "class": "kb-more" });
      var button = el("button", { type: "button", "class": "kb-button" }, KB.text("finder.more"));
      button.addEventListener("click", function () {
        var first = self.limit;
        self.limit += PAGE;
        self.render(++self.ticket, first);
      });
      more.appendChild(button);
      items.appendChild(more);
    }
    this.list.textContent = "";
    this.list.appendChild(items);
  };

  /* ---- criterion pages: basket toggle under the title ------------------------------------ */

  function criterionPage() {
    var clause = document.querySelector(".kb-clause[data-kb-id]");
    var heading = document.querySelector(".md-content h1");
    if (!clause || !heading) return;
    var bar = el("p", { "class": "kb-basket-bar" });
    var title = Array.prototype.filter.call(heading.childNodes, function (node) {
      return !(node.classList && node.classList.contains("headerlink"));  /* the "¶" permalink */
    }).map(function (node) { return node.textContent; }).join("").trim();
    bar.appendChild(basketButton(clause.dataset.kbId, title));
    bar.appendChild(document.createTextNode(" "));
    var link = el("a", { href: "../../basket/", "class": "kb-basket-link" });
    basketLink(link);
    bar.appendChild(link);
    heading.insertAdjacentElement("afterend", bar);
  }

  function load(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  /* ---- good practices: filter the table by buyer type and product group ----------------- */

  function practiceFilter() {
    var form = document.querySelector("form.kb-practice-filter");
    if (!form) return;
    var rows = document.querySelectorAll("table.kb-practices tbody tr");
    var status = form.querySelector("[role=status]");
    var params = new URLSearchParams(window.location.search);
    form.elements.buyer.value = params.get("buyer") || "";
    form.elements.pg.value = params.get("pg") || "";
    var apply = function (writeUrl) {
      var buyer = form.elements.buyer.value;
      var pg = form.elements.pg.value;
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!buyer || row.dataset.buyerType === buyer) &&
                 (!pg || row.dataset.pg.split(" ").indexOf(pg) >= 0);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = KB.count("finder.practices", shown);
      if (writeUrl) {
        var query = new URLSearchParams();
        if (buyer) query.set("buyer", buyer);
        if (pg) query.set("pg", pg);
        history.replaceState(null, "", window.location.pathname + (query.toString() ? "?" + query : ""));
      }
    };
    form.addEventListener("change", function () { apply(true); });
    form.hidden = false;
    apply(false);
  }

  function start() {
    document.addEventListener("kb-basket-change", syncAll);
    criterionPage();
    practiceFilter();
    var form = document.querySelector("form.kb-finder");
    if (form) {
      /* The form and the results heading are shown before the index arrives (their room is
         kept while hidden, kb.css), and the count line says "loading" where the count will
         be: nothing moves when the results come. */
      form.hidden = false;
      var title = document.getElementById("kb-results-title");
      if (title) title.hidden = false;
      var link = form.querySelector(".kb-basket-link");
      if (link) basketLink(link);
      var status = document.getElementById("kb-results-status");
      status.textContent = KB.text("finder.loading");
      load(form.dataset.index).then(function (data) { new Finder(form, data); },
        function () { status.textContent = KB.text("finder.error"); });
    }
  }

  window.kbBasket = { get: basket, set: saveBasket, toggle: toggle, button: basketButton, load: load,
                      pageUrl: pageUrl, level: level };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
