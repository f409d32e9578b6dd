/*
 * Shared helpers of the site's scripts, as one global object KB (classic script, no
 * modules, no eval: it runs under Content-Security-Policy script-src 'self'). Listed in
 * mkdocs.yml extra_javascript before the scripts that use it.
 *
 * KB.fold is the one accent folding of the browser, the same steps as kb.text.fold in
 * Python (the search and finder indexes are folded there): NFKD (ligatures such as "ﬁ"
 * become "fi", accents split off), lower case, delete every mark (\p{M}), write out the
 * letters below. tests/test_fold_parity.py runs both over the same corpus.
 * KB.text / KB.count give the wording of the site's scripts: every string they show comes
 * from the wording catalogue (scripts/kb/wording.yaml, section ui), which the page carries as
 * JSON in <script type="application/json" id="kb-ui"> in its own language. No literals here.
 * Under Node (the tests), require() returns the same object.
 */
(function (root) {
  "use strict";

  /* ß → ss as in Swiss and capitalised German; œ/æ written out as in French and Dutch. */
  var EXTRA = { "œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ı": "i" };

  function fold(text) {
    return String(text).normalize("NFKD").toLowerCase().replace(/\p{M}/gu, "")
      .replace(/[œæßøłđı]/g, function (c) { return EXTRA[c]; });
  }

  var wording = null;

  /* The page's wording table, parsed once; empty outside a page (Node) or if it is missing. */
  function table() {
    if (wording === null) {
      var node = root.document && root.document.getElementById("kb-ui");
      try { wording = node ? JSON.parse(node.textContent) : {}; } catch { wording = {}; }
    }
    return wording;
  }

  /* The string `key` with its {name} slots filled from `values`; the key itself if unknown
     (a test checks that every key the scripts use is in the catalogue). */
  function text(key, values) {
    var template = table()[key];
    if (typeof template !== "string") return key;
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  /* A count: `key.one` for 1, `key.many` otherwise, with {n} filled. */
  function count(key, n) {
    return text(key + (n === 1 ? ".one" : ".many"), { n: n });
  }

  var KB = root.KB || (root.KB = {});
  KB.fold = fold;
  KB.text = text;
  KB.count = count;
  if (typeof module === "object" && module.exports) module.exports = KB;
})(typeof globalThis !== "undefined" ? globalThis : this);
