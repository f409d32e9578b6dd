/*
 * Site search on the per-language index data/search-<lang>.json (see kb/render/search.py).
 * Every word typed must appear in the page (title, headings or first words); case and
 * accents are ignored ("securite" finds "Sécurité"). Title matches rank first. The index
 * is loaded once, on the first use of the search box.
 */
(function () {
  "use strict";

  var MAX = 30;
  var box = document.querySelector("[data-kb-search]");
  if (!box) return;
  var lang = box.dataset.kbLang;
  var input = box.querySelector(".md-search__input");
  var list = box.querySelector(".md-search-result__list");
  var meta = box.querySelector(".md-search-result__meta");
  var toggle = document.getElementById("__search");
  var T = {
    fr: { none: "Aucun résultat", one: "1 résultat", many: function (n) { return n + " résultats"; },
          type: "Tapez pour rechercher", more: function (n) { return " (les " + n + " premiers sont affichés)"; } },
    nl: { none: "Geen resultaten", one: "1 resultaat", many: function (n) { return n + " resultaten"; },
          type: "Typ om te zoeken", more: function (n) { return " (de eerste " + n + " worden getoond)"; } }
  }[lang] || null;
  var index = null;
  var loading = null;

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function load() {
    if (!loading) {
      loading = fetch(box.dataset.kbIndex, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          index = data.map(function (e) { return { u: e.u, t: e.t, ft: fold(e.t), x: e.x }; });
          return index;
        });
    }
    return loading;
  }

  function url(entry) {
    return box.dataset.kbRoot.replace(/\/?$/, "/") + (lang === "nl" ? "nl/" : "") + entry.u;
  }

  function search(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return null;
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var e = index[i];
      var ok = true;
      var score = 0;
      for (var w = 0; w < words.length; w++) {
        if (e.x.indexOf(words[w]) < 0) { ok = false; break; }
        if (e.ft.indexOf(words[w]) >= 0) score += 10;
      }
      if (ok) hits.push({ e: e, score: score });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.e.t.localeCompare(b.e.t, lang); });
    return hits;
  }

  function render() {
    var hits = search(input.value);
    list.textContent = "";
    if (hits === null) { meta.textContent = T.type; return; }
    hits.slice(0, MAX).forEach(function (hit) {
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.href = url(hit.e);
      var article = document.createElement("article");
      article.className = "md-search-result__article";
      var h = document.createElement("h3");
      h.textContent = hit.e.t;
      article.appendChild(h);
      a.appendChild(article);
      li.appendChild(a);
      list.appendChild(li);
    });
    var n = hits.length;
    meta.textContent = (n === 0 ? T.none : n === 1 ? T.one : T.many(n)) + (n > MAX ? T.more(MAX) : "");
  }

  /* The theme's search script is not mounted (see overrides/partials/search.html), so this
     one opens the dialog: on a wide screen the search box sits in the header and is reached
     with Tab or a click, without the magnifier button that checks the toggle. */
  function setOpen(open) {
    if (!toggle || toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
  }

  if (!T) return;
  meta.textContent = T.type;
  input.addEventListener("focus", function () { load(); setOpen(true); });
  input.addEventListener("input", function () { setOpen(true); load().then(render); });
  /* Leaving the dialog with Tab closes it, so the focus never goes behind its overlay. */
  box.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !box.contains(event.relatedTarget)) setOpen(false);
  });
  box.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      /* Opened with the magnifier button (small screens): move the focus into the box. */
      if (toggle.checked && document.activeElement !== input) {
        load();
        setTimeout(function () { input.focus(); }, 50);
      }
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle && toggle.checked) {
      setOpen(false);
      input.blur();
    }
  });
})();
