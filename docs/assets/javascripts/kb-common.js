/*
 * Shared helpers of the site's scripts, as one global object KB (classic script, no
 * modules, no eval: it runs under Content-Security-Policy script-src 'self'). Listed in
 * mkdocs.yml extra_javascript before the scripts that use it.
 *
 * KB.fold is the one accent folding of the browser, the same steps as kb.text.fold in
 * Python (the search and finder indexes are folded there): NFKD (ligatures such as "ﬁ"
 * become "fi", accents split off), lower case, delete every mark (\p{M}), write out the
 * letters below. tests/test_fold_parity.py runs both over the same corpus.
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

  var KB = root.KB || (root.KB = {});
  KB.fold = fold;
  if (typeof module === "object" && module.exports) module.exports = KB;
})(typeof globalThis !== "undefined" ? globalThis : this);
