/*
 * Site behaviour, without any third-party code.
 * - Copy buttons on clause blocks: the clause of the chosen level, as plain text and as
 *   rich text (pastes cleanly into Word and LibreOffice), in the page language or in
 *   French and Dutch together. Announced to screen readers through a live region.
 * - Search results limited to the language of the current page (MkDocs builds one merged
 *   index for both languages).
 * - The language switch keeps the query string (finder filters) and the anchor.
 * - The level chosen with the level tabs of a criterion page is remembered for the basket.
 */
(function () {
  "use strict";

  var lang = (document.documentElement.getAttribute("lang") || "fr").slice(0, 2);

  /* Plain text of a rendered clause: paragraphs separated by a blank line, "- " list items. */
  function plainText(root) {
    var blocks = [];
    Array.prototype.forEach.call(root.children, function (el) {
      var tag = el.tagName.toLowerCase();
      if (tag === "ul" || tag === "ol") {
        var items = [];
        Array.prototype.forEach.call(el.children, function (li, i) {
          items.push((tag === "ol" ? (i + 1) + ". " : "- ") + li.textContent.replace(/\s+/g, " ").trim());
        });
        blocks.push(items.join("\n"));
      } else {
        blocks.push(el.textContent.replace(/\s+/g, " ").trim());
      }
    });
    return blocks.filter(Boolean).join("\n\n");
  }

  function richHtml(parts) {
    return parts.map(function (p) { return '<div lang="' + p.lang + '">' + p.el.innerHTML + "</div>"; }).join("<br>");
  }

  function copy(parts, status) {
    var text = parts.map(function (p) { return plainText(p.el); }).join("\n\n");
    var html = richHtml(parts);
    var done = function () { status.textContent = KB.text("copy.copied"); };
    var fail = function () { status.textContent = KB.text("copy.failed"); };
    status.textContent = "";
    if (navigator.clipboard && window.ClipboardItem) {
      var item = new ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([html], { type: "text/html" })
      });
      navigator.clipboard.write([item]).then(done, function () {
        navigator.clipboard.writeText(text).then(done, fail);
      });
    } else if (navigator.clipboard) {
      navigator.clipboard.writeText(text).then(done, fail);
    } else {
      fail();
    }
  }

  function addCopyButtons() {
    document.querySelectorAll(".kb-clause").forEach(function (clause) {
      if (clause.dataset.kbReady) return;
      clause.dataset.kbReady = "1";
      var alt = clause.parentElement.querySelector('.kb-clause-alt[data-kb-level="' + clause.dataset.kbLevel + '"]');
      var bar = document.createElement("div");
      bar.className = "kb-copy";
      var status = document.createElement("p");
      status.className = "kb-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      var one = document.createElement("button");
      one.type = "button";
      one.textContent = KB.text("copy.copy");
      one.addEventListener("click", function () { copy([{ el: clause, lang: lang }], status); });
      bar.appendChild(one);
      if (alt) {
        var both = document.createElement("button");
        both.type = "button";
        both.textContent = KB.text("copy.both");
        var parts = lang === "fr"
          ? [{ el: clause, lang: "fr" }, { el: alt, lang: "nl" }]
          : [{ el: clause, lang: "nl" }, { el: alt, lang: "fr" }];
        both.addEventListener("click", function () { copy(parts, status); });
        bar.appendChild(both);
      }
      clause.insertAdjacentElement("afterend", bar);
      bar.insertAdjacentElement("afterend", status);
    });
  }

  /* Keep only search results of the page language: Dutch pages live under /nl/. */
  function isDutch(href) {
    var path = new URL(href, document.baseURI).pathname;
    return /(^|\/)nl\//.test(path.slice(siteRoot().length));
  }

  function siteRoot() {
    var home = document.querySelector(".md-header__button.md-logo");
    var path = home ? new URL(home.getAttribute("href"), document.baseURI).pathname : "/";
    return lang === "nl" ? path.replace(/nl\/$/, "") : path;
  }

  function filterResults(list) {
    list.querySelectorAll(".md-search-result__item").forEach(function (item) {
      var link = item.querySelector("a");
      if (!link) return;
      var wrong = isDutch(link.href) !== (lang === "nl");
      item.hidden = wrong;
    });
  }

  function watchSearch() {
    var list = document.querySelector(".md-search-result__list");
    if (!list) return;
    new MutationObserver(function () { filterResults(list); }).observe(list, { childList: true, subtree: true });
  }

  /* The theme's language links point at the same page in the other language; carry the
     query string (the finder's filters, which use language-neutral codes) and the anchor. */
  function keepStateOnLanguageSwitch() {
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (link) {
      var base = link.getAttribute("href").split(/[?#]/)[0];
      var update = function () { link.setAttribute("href", base + window.location.search + window.location.hash); };
      ["focus", "mouseenter", "mousedown", "touchstart", "click"].forEach(function (type) {
        link.addEventListener(type, update, { passive: true });
      });
    });
  }

  /* Level tabs: remember the level of the chosen tab (the basket starts with it). */
  function rememberLevel() {
    document.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches(".tabbed-set > input")) return;
      var set = input.parentElement;
      var inputs = Array.prototype.filter.call(set.children, function (el) { return el.tagName === "INPUT"; });
      var block = set.querySelectorAll(":scope > .tabbed-content > .tabbed-block")[inputs.indexOf(input)];
      var clause = block && block.querySelector(".kb-clause[data-kb-level]");
      if (!clause) return;
      try { localStorage.setItem("kb-level", clause.dataset.kbLevel); } catch { /* private mode */ }
    });
  }

  function start() {
    addCopyButtons();
    watchSearch();
    keepStateOnLanguageSwitch();
    rememberLevel();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
