/*
 * Site search on the per-language index written by kb/render/search.py (its docstring
 * explains the index): the manifest data/search-<lang>.json is fetched on the first use of
 * the search box, then only the shards data/search-<lang>/<two letters>.json of the words
 * typed. Words are looked up, not stemmed, here: each shard maps the words seen at build
 * time (accent-folded) to their Snowball stem; an unknown word matches the known words
 * that start with it. Synonyms from the glossary were added to the pages at build time.
 * Ranking: pages matching every word first, then by title, summary and body matches and
 * the rarity of the words, then shorter titles; results in the page's language only. The engine below is the
 * same algorithm as search.search in Python (tests/test_search_parity.py compares them
 * under Node), in integers only. No eval, no inline script (Content-Security-Policy).
 */
(function () {
  "use strict";

  var FIELD_WEIGHT = [0, 2, 4, 8];  /* body 1, summary 2, title 3 */
  var MATCH_EXACT = 4, MATCH_PREFIX = 3, MATCH_SHORTENED = 1;
  var WORD_MATCHED = 10000, MIN_WORD = 2, MIN_PREFIX = 3, MAX_SHORTEN = 2, KEY_CHARS = 2;
  var has = Object.prototype.hasOwnProperty;

  /* KB.fold (kb-common.js, loaded first); under Node the tests require() it. */
  var fold = (typeof KB === "object" && KB.fold) || require("./kb-common.js").fold;

  function queryWords(manifest, text) {
    var stop = manifest.stopSet || (manifest.stopSet = toSet(manifest.stop));
    var words = [];
    var found = fold(text).match(/[a-z0-9]+/g) || [];
    for (var i = 0; i < found.length; i++) {
      var w = found[i];
      if (w.length >= MIN_WORD && !has.call(stop, w) && words.indexOf(w) < 0) words.push(w);
    }
    return words;
  }

  function toSet(list) {
    var set = Object.create(null);
    for (var i = 0; i < list.length; i++) set[list[i]] = true;
    return set;
  }

  /* {stem: match weight} of one query word in its shard. */
  function candidates(shard, word) {
    var out = Object.create(null);
    if (!shard) return out;
    var forms = shard.f, any = false;
    if (has.call(forms, word)) { out[forms[word]] = MATCH_EXACT; any = true; }
    if (word.length >= MIN_PREFIX) {
      var weight = MATCH_PREFIX, prefix = word;
      for (var round = 0; round <= MAX_SHORTEN; round++) {
        var found = false;
        for (var form in forms) {
          if (!has.call(forms, form) || form === word || form.lastIndexOf(prefix, 0) !== 0) continue;
          found = true;
          var stem = forms[form];
          if (!(out[stem] >= weight)) { out[stem] = weight; any = true; }
        }
        if (found || any || prefix.length <= MIN_PREFIX) break;
        weight = MATCH_SHORTENED;
        prefix = prefix.slice(0, -1);
      }
    }
    return out;
  }

  /* Ranked [[page number, score]] of a query; shardOf(key) gives a loaded shard or null. */
  function search(manifest, shardOf, text) {
    var shardSet = manifest.shardSet || (manifest.shardSet = toSet(manifest.shards));
    var words = queryWords(manifest, text);
    var scores = Object.create(null), numbers = [];
    for (var w = 0; w < words.length; w++) {
      var key = words[w].slice(0, KEY_CHARS);
      var shard = has.call(shardSet, key) ? shardOf(key) : null;
      var cands = candidates(shard, words[w]);
      var best = Object.create(null), seen = [];
      for (var stem in cands) {
        var postings = shard.s[stem], idf = postings[0], number = 0;
        for (var p = 1; p < postings.length; p++) {
          var value = postings[p];
          number += Math.floor(value / 4);
          var score = FIELD_WEIGHT[value % 4] * cands[stem] * idf;
          if (best[number] === undefined) { seen.push(number); best[number] = score; }
          else if (best[number] < score) best[number] = score;
        }
      }
      for (var s = 0; s < seen.length; s++) {
        var n = seen[s];
        if (scores[n] === undefined) { numbers.push(n); scores[n] = 0; }
        scores[n] += WORD_MATCHED + best[n];
      }
    }
    /* Title lengths in code points, as Python's len(). */
    var lengths = manifest.titleLengths ||
      (manifest.titleLengths = manifest.docs.map(function (d) { return Array.from(d[1]).length; }));
    var hits = numbers.map(function (n) { return [n, scores[n]]; });
    hits.sort(function (a, b) { return b[1] - a[1] || lengths[a[0]] - lengths[b[0]] || a[0] - b[0]; });
    return hits;
  }

  function neededShards(manifest, text) {
    var shardSet = manifest.shardSet || (manifest.shardSet = toSet(manifest.shards));
    return queryWords(manifest, text).map(function (w) { return w.slice(0, KEY_CHARS); })
      .filter(function (key, i, keys) { return has.call(shardSet, key) && keys.indexOf(key) === i; });
  }

  var engine = { fold: fold, queryWords: queryWords, candidates: candidates, search: search,
                 neededShards: neededShards };
  if (typeof module === "object" && module.exports) module.exports = engine;
  if (typeof document === "undefined") return;

  /* ---------------------------------------------------------------- the search dialog */

  var MAX = 30;
  var box = document.querySelector("[data-kb-search]");
  if (!box) return;
  var lang = box.dataset.kbLang;
  var input = box.querySelector(".md-search__input");
  var list = box.querySelector(".md-search-result__list");
  var meta = box.querySelector(".md-search-result__meta");
  var toggle = document.getElementById("__search");
  var manifest = null;
  var loading = null;
  var shards = Object.create(null);   /* key -> shard, or a promise while it loads */

  function load() {
    if (!loading) {
      loading = fetch(box.dataset.kbIndex, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { manifest = data; return data; });
    }
    return loading;
  }

  function shardUrl(key) {
    return box.dataset.kbIndex.replace(/\.json$/, "/" + key + ".json");
  }

  function fetchShard(key) {
    if (!shards[key]) {
      shards[key] = fetch(shardUrl(key), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { f: {}, s: {} }; })
        .catch(function () { return { f: {}, s: {} }; })
        .then(function (shard) { shards[key] = shard; return shard; });
    }
    return shards[key];
  }

  function loaded(key) {
    var shard = shards[key];
    return shard && typeof shard.then !== "function" ? shard : null;
  }

  function url(doc) {
    return box.dataset.kbRoot.replace(/\/?$/, "/") + (lang === "nl" ? "nl/" : "") + doc[0];
  }

  /* Render the current query, after fetching the shards it needs (each once). */
  function update() {
    var missing = neededShards(manifest, input.value).filter(function (key) { return !loaded(key); });
    if (missing.length) {
      Promise.all(missing.map(fetchShard)).then(update);
      return;
    }
    render(input.value);
  }

  /* Results are built off the page and put in with one change: the browser then lays out
     and paints the list once per keystroke (it counts on a slow phone). */
  function render(query) {
    if (!queryWords(manifest, query).length) {
      list.replaceChildren();
      meta.textContent = KB.text(query.trim() ? "search.none" : "search.type");
      return;
    }
    var hits = search(manifest, loaded, query);
    var items = document.createDocumentFragment();
    hits.slice(0, MAX).forEach(function (hit) {
      var doc = manifest.docs[hit[0]];
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.href = url(doc);
      var article = document.createElement("article");
      article.className = "md-search-result__article";
      var h = document.createElement("h3");
      h.textContent = doc[1];
      article.appendChild(h);
      a.appendChild(article);
      li.appendChild(a);
      items.appendChild(li);
    });
    list.replaceChildren(items);
    var n = hits.length;
    meta.textContent = (n === 0 ? KB.text("search.none") : KB.count("search.found", n)) + (n > MAX ? KB.text("search.more", { n: MAX }) : "");
  }

  /* The theme's search script is not mounted (see overrides/partials/search.html), so this
     one opens the dialog: on a wide screen the search box sits in the header and is reached
     with Tab or a click, without the magnifier button that checks the toggle. */
  function setOpen(open) {
    if (!toggle || toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
  }

  meta.textContent = KB.text("search.type");
  input.addEventListener("focus", function () { load(); setOpen(true); });
  input.addEventListener("input", function () { setOpen(true); load().then(update); });
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
