"""Index pages: browse by theme, type, level and product group; labels, practices,
glossary, coverage and legislation lists."""

from __future__ import annotations

from . import md
from .criterion import ordered_levels, source_link
from .pages import requirement_lines
from .ui import codes, label, t, text

BROWSE = (
    ("themes", "themes", "theme", "by_theme"),
    ("types", "criterion-types", "type", "by_type"),
    ("levels", "levels", "levels", "by_level"),
    ("product-groups", "product-groups", "product_groups", "by_product_group"),
    ("routes", "dc-routes", "routes", "by_route"),
)


def _matches(record, field: str, code: str) -> bool:
    value = record.data.get(field)
    return code in value if isinstance(value, list) else value == code


def criteria_table(records, lang: str, prefix: str) -> str:
    """A table of criteria linking to their pages (``prefix`` = path to criteria/)."""
    if not records:
        return t("none", lang)
    rows = []
    for r in records:
        d = r.data
        rows.append([
            md.link(text(d["title"], lang), f"{prefix}{r.id}.md"),
            label("criterion-types", d["type"], lang),
            ", ".join(label("levels", lvl, lang) for lvl in ordered_levels(d["levels"])),
            md.inline(text(d["summary"], lang)),
        ])
    return md.table([t("title_col", lang), t("type", lang), t("levels", lang), t("summary", lang)], rows)


def _sorted(records):
    order = {code: i for i, code in enumerate(codes("criterion-types"))}
    return sorted(records, key=lambda r: (order.get(r.data.get("type"), 99), r.id))


def browse_pages(criteria, acts, lang: str, practices=()) -> dict[str, str]:
    """browse/<facet>/index and browse/<facet>/<code> pages."""
    pages = {}
    home = [md.front_matter(title=t("browse", lang)), f"# {t('browse', lang)}", ""]
    for folder, codelist, field, title_key in BROWSE:
        entries = []
        for code in codes(codelist):
            selected = _sorted([r for r in criteria if _matches(r, field, code)])
            entries.append(f"- {md.link(label(codelist, code, lang), code + '.md')} ({len(selected)})")
            body = [md.front_matter(title=label(codelist, code, lang)),
                    f"# {md.inline(label(codelist, code, lang))}", "",
                    f"{len(selected)} {t('count_criteria', lang)}", ""]
            if folder == "product-groups":
                body += _group_actions(selected, code, lang)
                body += [f"## {t('in_this_group', lang)}", ""]
                for ctype in codes("criterion-types"):
                    of_type = [r for r in selected if r.data["type"] == ctype]
                    if of_type:
                        body += [f"### {label('criterion-types', ctype, lang)}", "",
                                 criteria_table(of_type, lang, "../../criteria/"), ""]
                law = requirement_lines(acts, code, lang)
                body += [f"## {t('law_for_group', lang)}", "", "\n".join(law) if law else t("none", lang), ""]
                cases = sorted((p for p in practices if code in p.data["product_groups"]),
                               key=lambda p: (-p.data["year"], p.id))
                if cases:
                    body += [f"## {t('practices_in_group', lang)}", "", "\n".join(
                        f"- {md.link(text(p.data['title'], lang), '../../practices/' + p.id + '.md')} "
                        f"({md.inline(text(p.data['buyer'], lang))}, {p.data['year']})" for p in cases), ""]
            else:
                body += [criteria_table(selected, lang, "../../criteria/"), ""]
            pages[f"browse/{folder}/{code}"] = "\n".join(body)
        index = [md.front_matter(title=t(title_key, lang)), f"# {t(title_key, lang)}", "", "\n".join(entries), ""]
        pages[f"browse/{folder}/index"] = "\n".join(index)
        home += [f"## {t(title_key, lang)}", "", "\n".join(
            e.replace("](", f"]({folder}/", 1) for e in entries), ""]
    pages["browse/index"] = "\n".join(home)
    return pages


def _group_actions(selected, code: str, lang: str) -> list[str]:
    """Buttons of a product-group page: the guided start path, the finder filtered on the
    group and "add all (published) criteria at level …" to the basket."""
    from .start import basket_href, button

    published = [r for r in selected if r.data.get("status") == "published"]
    up = "../../../"  # built as browse/product-groups/<code>/index.html
    buttons = [button(f"{up}start/{code}/", t("pg_guided", lang), primary=True),
               button(f"{up}finder/?pg={code}", t("st_open_finder", lang))]
    for level in codes("levels"):
        ids = [r.id for r in published if level in r.data["levels"]]
        if ids:
            caption = t("pg_add_all", lang).format(level=label("levels", level, lang), n=len(ids))
            buttons.append(button(basket_href(ids, level, code, up), caption))
    return [f"## {t('pg_actions', lang)}", "", '<p class="kb-actions">' + " ".join(buttons) + "</p>", ""]


def all_criteria_page(criteria, lang: str) -> str:
    """criteria/index: every criterion, grouped by theme."""
    body = [md.front_matter(title=t("all_criteria", lang)), f"# {t('all_criteria', lang)}", "",
            f"{len(criteria)} {t('count_criteria', lang)}", ""]
    for theme in codes("themes"):
        selected = _sorted([r for r in criteria if r.data.get("theme") == theme])
        body += [f"## {label('themes', theme, lang)}", "", criteria_table(selected, lang, ""), ""]
    return "\n".join(body)


def practices_index(practices, lang: str) -> str:
    """practices/index: every good practice in one table, newest first, with filters by
    buyer type and product group (a small script; without it the whole table shows)."""
    from html import escape

    def options(codelist, used):
        return "".join(f'<option value="{c}">{escape(label(codelist, c, lang))}</option>'
                       for c in codes(codelist) if c in used)

    used_types = {p.data["buyer_type"] for p in practices}
    used_groups = {g for p in practices for g in p.data["product_groups"]}
    rows = []
    for p in sorted(practices, key=lambda p: (-p.data["year"], p.id)):
        d = p.data
        rows.append(
            f'<tr data-buyer-type="{d["buyer_type"]}" data-pg="{" ".join(d["product_groups"])}">'
            f'<td><a href="{p.id}/">{escape(text(d["title"], lang))}</a></td>'
            f'<td>{escape(text(d["buyer"], lang))}</td>'
            f'<td>{escape(label("buyer-types", d["buyer_type"], lang))}</td>'
            f'<td>{escape(label("regions", d["region"], lang))}</td><td>{d["year"]}</td>'
            f'<td>{escape(", ".join(label("product-groups", g, lang) for g in d["product_groups"]))}</td></tr>')
    headers = "".join(f"<th scope=\"col\">{escape(h)}</th>" for h in (
        t("good_practices", lang), t("buyer", lang), t("buyer_type", lang), t("region", lang), t("year", lang),
        t("product_groups", lang)))
    return "\n".join([
        md.front_matter(title=t("good_practices", lang), description=t("practices_intro", lang)),
        f"# {t('good_practices', lang)}", "", t("practices_intro", lang), "",
        f'<form class="kb-practice-filter" aria-label="{escape(t("filter_practices", lang))}" hidden>',
        f'<p><label for="kb-buyer-type">{escape(t("buyer_type", lang))}</label> '
        f'<select id="kb-buyer-type" name="buyer"><option value="">{escape(t("all", lang))}</option>'
        f'{options("buyer-types", used_types)}</select> '
        f'<label for="kb-practice-pg">{escape(t("product_groups", lang))}</label> '
        f'<select id="kb-practice-pg" name="pg"><option value="">{escape(t("all", lang))}</option>'
        f'{options("product-groups", used_groups)}</select></p>',
        '<p class="kb-results-status" role="status" aria-live="polite"></p>',
        "</form>",
        "",
        f'<table class="kb-practices"><thead><tr>{headers}</tr></thead><tbody>',
        *rows,
        "</tbody></table>",
        "",
    ])


def labels_index(labels, lang: str) -> str:
    """labels/index: every label with owner and edition."""
    rows = [
        [
            md.link(text(r.data["name"], lang), r.id + ".md"),
            md.inline(r.data["owner"]),
            md.inline(r.data["edition"]),
            md.inline(text(r.data["summary"], lang)),
        ]
        for r in labels
    ]
    return "\n".join(
        [
            md.front_matter(title=t("labels_title", lang)),
            f"# {t('labels_title', lang)}",
            "",
            md.link(t("matrix", lang), "matrix.md"),
            "",
            md.table([t("label", lang), t("label_owner", lang), t("label_edition", lang), t("summary", lang)], rows),
            "",
        ]
    )


def label_matrix(labels, criteria, lang: str) -> str:
    """labels/matrix: which label proves which criterion (fully / partly / not)."""
    cited = [c for c in criteria if c.data.get("labels")]
    symbols = {"full": "●", "partial": "◐"}
    headers = [t("criterion", lang)] + [md.link(text(r.data["name"], lang), r.id + ".md") for r in labels]
    rows = []
    for c in cited:
        coverage = {ref["label"]: ref["coverage"] for ref in c.data["labels"]}
        cells = []
        for r in labels:
            cov = coverage.get(r.id)
            cells.append(f'<span title="{t("covers_" + cov, lang)}">{symbols[cov]}</span>' if cov
                         else f'<span class="kb-sr-only">{t("covers_not", lang)}</span>')
        rows.append([md.link(text(c.data["title"], lang), f"../criteria/{c.id}.md")] + cells)
    return "\n".join(
        [
            md.front_matter(title=t("matrix", lang)),
            f"# {t('matrix', lang)}",
            "",
            t("matrix_intro", lang),
            "",
            md.table(headers, rows) if rows else t("none", lang),
            "",
        ]
    )


def _in_lang(value: str, lang: str) -> str:
    """Inline record text marked as being in ``lang``."""
    return f'<span lang="{lang}">{md.inline(value)}</span>'


def glossary_page(terms, lang: str) -> str:
    """glossary/index: all terms, alphabetical in the page language."""
    other = "nl" if lang == "fr" else "fr"
    body = [md.front_matter(title=t("glossary", lang)), f"# {t('glossary', lang)}", "", t("glossary_intro", lang), ""]
    for term in sorted(terms, key=lambda r: r.data["term"][lang].casefold()):
        d = term.data
        body += [f"## {md.inline(d['term'][lang])} {{ #{term.id} }}", "",
                 # Terms in another language are marked as such (WCAG 3.1.2, language of parts).
                 md.deflist([(t("term_" + other, lang), _in_lang(d["term"][other], other)),
                             (t("term_en", lang), _in_lang(d["term"]["en"], "en"))]), "",
                 md.block(text(d["definition"], lang)), ""]
        if d.get("belgian_usage"):
            body += [f"**{t('belgian_usage', lang)}** — {md.inline(text(d['belgian_usage'], lang))}", ""]
        if d.get("see_also"):
            body += [f"*{t('see_also', lang)}* : " + ", ".join(f"[{s}](#{s})" for s in d["see_also"]), ""]
    return "\n".join(body)


def coverage_page(record, lang: str, context) -> str:
    """coverage/<set>: each upstream code and how it is accounted for."""
    d = record.data
    items = d["items"]
    rows = []
    titles = context.criterion_titles
    for item in items:
        if item.get("criteria"):
            ours = "<br>".join(md.link(titles.get(i, {}).get(lang, i), f"../criteria/{i}.md") + f" (`{i}`)"
                               for i in item["criteria"])
        else:
            ours = f"*{t('not_adopted', lang)}* {md.inline(text(item['not_adopted'], lang))}"
        if item.get("note"):
            ours += f"<br>*{md.inline(text(item['note'], lang))}*"
        rows.append([f"`{md.inline(item['code'])}`", md.inline(text(item["name"], lang)), ours])
    body = [
        md.front_matter(title=text(d["title"], lang)),
        f"# {md.inline(text(d['title'], lang))}",
        "",
        md.block(text(d["summary"], lang)),
        "",
        f"**{len(items)} / {len(items)}** {t('accounted', lang)} (100 %).",
        "",
        md.table([t("upstream_code", lang), t("upstream_name", lang), t("our_criteria", lang)], rows),
        "",
        f"## {t('sources', lang)}",
        "",
        f"- {source_link(d['source'], lang)}, {md.inline(d['source']['publisher'])}",
        "",
    ]
    return "\n".join(body)


def coverage_index(sets, lang: str) -> str:
    """coverage/index: the upstream sets."""
    lines = [f"- {md.link(text(s.data['title'], lang), s.id + '.md')} ({len(s.data['items'])})" for s in sets]
    return "\n".join([md.front_matter(title=t("coverage_title", lang)), f"# {t('coverage_title', lang)}", "",
                      t("coverage_intro", lang), "", "\n".join(lines) or t("none", lang), ""])


def legislation_index(acts, lang: str) -> str:
    """legislation/index: acts with links, by date of the act's first requirement."""
    rows = [[md.link(a.data["act"], a.id + ".md"), md.inline(text(a.data["title"], lang)),
             ", ".join(label("product-groups", g, lang) for g in a.data["product_groups"])] for a in acts]
    return "\n".join([md.front_matter(title=t("legislation", lang)), f"# {t('legislation', lang)}", "",
                      t("legislation_intro", lang), "",
                      md.table([t("act", lang), t("title_col", lang), t("product_groups", lang)], rows) if rows
                      else t("none", lang), ""])
