"""The finder (faceted filters) and the selection basket: pages and their data.

Both pages are static: the filters, counts, URL state and the basket run in the browser
(docs/assets/javascripts/kb-finder.js, kb-basket.js). Without JavaScript the pages link
to the complete list.

The finder's data come in two parts per language, so that a first visit downloads
little at any size of the knowledge base:

- ``data/finder-<lang>.json``, the index fetched on load: one row per published or draft
  criterion, in document order, with no text but the id::

      [id, version, status, pg, theme, type, level, impact, route, label]

  where each facet column (the order of ``columns``) is a sorted list of positions in
  that facet's option list ``facets[param]`` ([[code, label], ...], also the checkboxes).
  That is all the filters and the counts need.
- ``data/finder-<lang>/<n>.json``, the text in shards of ``shard`` rows in the same order
  (shard n holds rows n*shard to n*shard+shard-1): ``[title, summary]`` per row. The
  script fetches the shards of the results it shows, and every shard the first time the
  visitor filters by words (the text filter matches ``match_text``, folded in the
  browser by KB.fold). Index and shards carry the same ``key`` (a digest of both), which
  the script adds to the shard addresses and checks, so that an index and shards of two
  different builds are never mixed.

The basket page fetches no index: only data/kit/<id>.json of the criteria it holds
(export/kitdata.py), which carry their title, version, status and levels.
"""

from __future__ import annotations

import hashlib
import json
from html import escape

from ..text import fold
from . import md
from .criterion import ordered_levels
from .ui import codes, label, t, text

# Facets: (URL parameter, record field, codelist or None for labels)
FACETS = (
    ("pg", "product_groups", "product-groups"),
    ("theme", "theme", "themes"),
    ("type", "type", "criterion-types"),
    ("level", "levels", "levels"),
    ("impact", "impact_areas", "impact-areas"),
    ("route", "routes", "dc-routes"),
    ("label", "labels", None),
)
# Rows per text shard: a first screen of results (kb-finder.js shows them by the same
# number) needs one shard when no filter is set.
SHARD = 50


def s(key: str, lang: str) -> str:
    """A finder/basket string (section page of the wording catalogue, kb/wording.yaml)."""
    return t("f_" + key, lang)


def match_text(ident: str, title: str, summary: str) -> str:
    """What the finder's text filter searches for one criterion: every word typed must
    occur in it (kb-finder.js folds the same three strings with KB.fold)."""
    return fold(f"{ident} {title} {summary}")


def _values(d: dict) -> dict[str, list[str]]:
    """The facet codes of one criterion record, per URL parameter."""
    return {
        "pg": d["product_groups"],
        "theme": [d["theme"]],
        "type": [d["type"]],
        "level": ordered_levels(d["levels"]),
        "impact": d["impact_areas"],
        "route": d.get("routes") or [],
        "label": [ref["label"] for ref in d.get("labels") or []],
    }


def _facets(repo, lang: str) -> dict[str, list[list[str]]]:
    """The options of every facet: [[code, label], ...] in display order."""
    labels = {rec.id: text(rec.data["name"], lang) for rec in repo.of_kind("label")}
    facets = {}
    for param, _field, codelist in FACETS:
        if codelist:
            facets[param] = [[c, label(codelist, c, lang)] for c in codes(codelist)]
        else:
            facets[param] = [[k, v] for k, v in sorted(labels.items(), key=lambda kv: kv[1].casefold())]
    return facets


def _compact(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def data(repo, lang: str) -> tuple[dict, list[dict]]:
    """The finder index of one language and its text shards (see the module docstring)."""
    facets = _facets(repo, lang)
    position = {param: {code: i for i, (code, _name) in enumerate(options)} for param, options in facets.items()}
    columns = [param for param, _field, _codelist in FACETS]
    rows, texts = [], []
    for rec in repo.of_kind("criterion"):
        d = rec.data
        if d.get("status") == "deprecated":
            continue
        values = _values(d)
        # A code missing from its list (an unknown label) cannot be filtered on: left out.
        rows.append([rec.id, d["version"], d["status"]] + [
            sorted(position[param][code] for code in values[param] if code in position[param])
            for param in columns])
        texts.append([text(d["title"], lang), text(d["summary"], lang)])
    key = hashlib.sha256(_compact([facets, rows, texts])).hexdigest()[:12]
    index = {"lang": lang, "key": key, "shard": SHARD, "columns": columns, "facets": facets, "criteria": rows}
    shards = [{"key": key, "text": texts[at:at + SHARD]} for at in range(0, len(texts), SHARD)]
    return index, shards


def index(repo, lang: str) -> dict:
    """The finder index of one language (fetched on load: no titles, no summaries)."""
    return data(repo, lang)[0]


def data_files(repo) -> dict[str, bytes]:
    """Every finder file under docs/, keyed by path: data/finder-<lang>.json and the text
    shards data/finder-<lang>/<n>.json, as compact, deterministic JSON."""
    files = {}
    for lang in ("fr", "nl"):
        found, shards = data(repo, lang)
        files[f"data/finder-{lang}.json"] = _compact(found)
        files.update({f"data/finder-{lang}/{n}.json": _compact(shard) for n, shard in enumerate(shards)})
    return files


def _facet_names(lang: str) -> dict:
    return {"pg": t("product_groups", lang), "theme": t("theme", lang), "type": t("type", lang),
            "level": t("levels", lang), "impact": t("impact_areas", lang), "route": t("routes", lang),
            "label": t("labels_title", lang)}


def finder_page(repo, lang: str) -> str:
    """finder/index: the form; options are filled from the index by the script.

    Reading order: the text box, a link that skips to the results, the facets in a
    collapsible panel (closed, so the results are in the first screen; a drawer on
    phones), then the result count (a polite live region, kept in view) and the results.
    """
    root = "../" if lang == "fr" else "../../"
    names = _facet_names(lang)
    fieldsets = "\n".join(
        f'<fieldset class="kb-facet" data-facet="{param}"><legend>{names[param]}</legend></fieldset>'
        for param, _f, _c in FACETS)
    return "\n".join([
        md.front_matter(title=s("finder", lang), description=s("finder_intro", lang)),
        f"# {s('finder', lang)}", "", s("finder_intro", lang), "",
        f'<form class="kb-finder" role="search" aria-label="{s("filters", lang)}" '
        f'data-index="{root}data/finder-{lang}.json" data-text="{root}data/finder-{lang}/" '
        f'data-root="{root}" data-lang="{lang}" hidden>',
        f'<p class="kb-search"><label for="kb-q">{s("search", lang)}</label>'
        f'<input id="kb-q" name="q" type="search" autocomplete="off" spellcheck="false"></p>',
        f'<p class="kb-finder-links"><a class="kb-skip-results" href="#kb-results-title">{s("skip_results", lang)}</a> '
        f'<a class="kb-basket-link" href="../basket/"></a></p>',
        '<details class="kb-filter-panel">',
        f'<summary>{s("filters_panel", lang)} <span class="kb-active-filters"></span> '
        f'<span class="kb-filter-hint">({s("filters_hint", lang)})</span></summary>',
        '<div class="kb-filter-body">',
        f'<p class="kb-drawer-head"><button type="button" class="kb-button kb-close-filters">'
        f'{s("close_filters", lang)}</button></p>',
        '<div class="kb-facets">', fieldsets, "</div>",
        f'<p class="kb-filter-actions"><button type="reset" class="kb-button">{s("reset", lang)}</button> '
        f'<button type="button" class="kb-button kb-primary kb-show-results">{s("show_results", lang)}</button></p>',
        "</div>",
        "</details>",
        "</form>",
        f'<h2 id="kb-results-title" class="kb-results-title" tabindex="-1" hidden>{s("results", lang)}</h2>',
        '<p id="kb-results-status" class="kb-results-status" role="status" aria-live="polite"></p>',
        '<ul id="kb-results" class="kb-results" aria-labelledby="kb-results-title"></ul>',
        f'<noscript><p>{s("noscript", lang)} <a href="../criteria/">{t("all_criteria", lang)}</a></p></noscript>',
        "",
    ])


def basket_page(lang: str) -> str:
    """basket/index: the selection, its options and the download button."""
    root = "../" if lang == "fr" else "../../"
    level_options = "".join(f'<option value="{c}">{label("levels", c, lang)}</option>' for c in codes("levels"))
    # The kit lists the CPV codes of the group bought; by default the group all criteria share.
    group_options = f'<option value="">{s("kit_group_auto", lang)}</option>' + "".join(
        f'<option value="{c}">{label("product-groups", c, lang)}</option>' for c in codes("product-groups"))
    langs = [("fr", s("lang_fr", lang)), ("nl", s("lang_nl", lang)), ("fr+nl", s("lang_both", lang))]
    if lang == "nl":
        langs = [langs[1], langs[0], ("fr+nl", s("lang_both", lang))]
    lang_inputs = "".join(
        f'<label><input type="radio" name="kit-lang" value="{v}"{" checked" if i == 0 else ""}> {n}</label> '
        for i, (v, n) in enumerate(langs))
    formats = [("docx", "Word (.docx)"), ("odt", "OpenDocument (.odt)"), ("md", "Markdown (.md)")]
    format_inputs = "".join(
        f'<label><input type="radio" name="kit-format" value="{v}"{" checked" if i == 0 else ""}> {n}</label> '
        for i, (v, n) in enumerate(formats))
    return "\n".join(
        [
            md.front_matter(title=s("basket", lang), description=s("basket_intro", lang)),
            f"# {s('basket', lang)}",
            "",
            s("basket_intro", lang),
            "",
            f'<form class="kb-basket" '
            f'data-imported="{escape(s("imported", lang))}" data-imported-group="{escape(s("imported_group", lang))}" '
            f'data-removed="{escape(s("removed", lang))}" '
            f'data-root="{root}" data-lang="{lang}" hidden>',
            f'<div id="kb-import" class="kb-import" role="group" aria-labelledby="kb-import-text" hidden>'
            f'<p id="kb-import-text" data-template="{escape(s("import_text", lang))}"></p><p>'
            f'<button type="button" class="kb-button kb-primary" data-import="replace">'
            f'{s("import_replace", lang)}</button> '
            f'<button type="button" class="kb-button" data-import="merge">{s("import_merge", lang)}</button> '
            f'<button type="button" class="kb-button" data-import="keep">{s("import_keep", lang)}</button></p></div>',
            f'<p><label for="kit-level">{s("level", lang)}</label> <select id="kit-level" name="kit-level">'
            f"{level_options}</select></p>",
            f'<p><label for="kit-group">{s("kit_group", lang)}</label> <select id="kit-group" name="kit-group">'
            f"{group_options}</select></p>",
            f"<fieldset><legend>{s('language', lang)}</legend>{lang_inputs}</fieldset>",
            f"<fieldset><legend>{s('format', lang)}</legend>{format_inputs}</fieldset>",
            f'<h2 id="kb-selected" tabindex="-1">{s("selected", lang)}</h2>',
            '<ul id="kb-basket-items" class="kb-results" aria-labelledby="kb-selected"></ul>',
            f'<p id="kb-basket-empty">{s("empty_basket", lang)}</p>',
            f'<p><button type="submit" class="kb-button kb-primary">{s("download", lang)}</button></p>',
            '<p id="kb-basket-status" class="kb-status" role="status" aria-live="polite"></p>',
            "</form>",
            f'<noscript><p>{s("noscript", lang)} <a href="../criteria/">{t("all_criteria", lang)}</a></p></noscript>',
            f'<script type="module" src="{root}assets/javascripts/kb-basket.js"></script>',
            "",
        ]
    )
