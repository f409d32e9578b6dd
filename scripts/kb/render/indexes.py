"""Index pages: browse by theme, type, level and product group; labels, practices,
glossary, coverage and legislation lists."""

from __future__ import annotations

from . import md
from .criterion import ordered_levels, sources_list
from .pages import act_title, requirement_lines
from .paging import Page, first_pages, paginate, sections
from .ui import codes, colon, label, t, text

# "Add all criteria at level …" buttons carry every identifier in their address: above this many,
# the button would weigh more than the list itself (tens of KB at 5,000 criteria) and the basket
# would fetch hundreds of parts; the page points to the finder and the guided path instead.
BASKET_ALL_MAX = 150
# Good practices listed on a product-group page (newest first); a group with more gets its own
# list, browse/product-groups/<code>/practices, split like any other list.
GROUP_PRACTICES_SHOWN = 20

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


def _heading(marks: str, name: str, anchor: str, continued: bool, lang: str) -> str:
    """A section heading of a split list; a section that began on an earlier page says so."""
    if continued:
        return f"{marks} {md.inline(t('pager_continued', lang).format(name=name))} {{ #{anchor}-continued }}"
    return f"{marks} {md.inline(name)} {{ #{anchor} }}"


def _jump_line(items, key, codelist: str, page: Page, lang: str, page_size: int | None) -> list[str]:
    """On a split list: links to the page (and heading) where each section begins."""
    if not page.split:
        return []
    starts = first_pages(items, key, page_size)
    links = []
    for code, number in starts.items():
        target = f"#{code}" if number == page.number else f"{page.href(number)}#{code}"
        where = t("pager_on_page", lang).format(page=number)
        links.append(f"{md.link(label(codelist, code, lang), target)} ({where})")
    return [f"{t('pager_jump', lang)}{colon(lang)} " + " · ".join(links), ""]


def _list_head(title: str, page: Page, total: int, lang: str) -> list[str]:
    """Front matter, heading and count of one page of a criteria list."""
    title = page.title(title, lang)
    return [md.front_matter(title=title), f"# {md.inline(title)}", "", f"{total} {t('count_criteria', lang)}", ""]


def browse_pages(criteria, acts, lang: str, practices=(), page_size: int | None = None) -> dict[str, str]:
    """browse/<facet>/index and browse/<facet>/<code> pages (long lists split, see paging)."""
    pages = {}
    home = [md.front_matter(title=t("browse", lang)), f"# {t('browse', lang)}", ""]
    for folder, codelist, field, title_key in BROWSE:
        entries = []
        for code in codes(codelist):
            selected = _sorted([r for r in criteria if _matches(r, field, code)])
            entries.append(f"- {md.link(label(codelist, code, lang), code + '.md')} ({len(selected)})")
            name = label(codelist, code, lang)
            if folder == "product-groups":
                cases = sorted((p for p in practices if code in p.data["product_groups"]),
                               key=lambda p: (-p.data["year"], p.id))
                render = _group_page(selected, code, name, acts, cases, lang, page_size)
                if len(cases) > GROUP_PRACTICES_SHOWN:
                    pages.update(paginate(f"browse/product-groups/{code}/practices", cases,
                                          _group_practices(code, name, lang), page_size))
            else:
                def render(chunk, page, selected=selected, name=name):
                    return "\n".join([*_list_head(name, page, len(selected), lang), *page.pager_lines(lang),
                                      criteria_table(chunk, lang, page.up + "../../criteria/"), "",
                                      *page.pager_lines(lang, end=True)]).rstrip() + "\n"
            pages.update(paginate(f"browse/{folder}/{code}", selected, render, page_size))
        index = [md.front_matter(title=t(title_key, lang)), f"# {t(title_key, lang)}", "", "\n".join(entries), ""]
        pages[f"browse/{folder}/index"] = "\n".join(index)
        home += [f"## {t(title_key, lang)}", "", "\n".join(
            e.replace("](", f"]({folder}/", 1) for e in entries), ""]
    pages["browse/index"] = "\n".join(home)
    return pages


def _practice_lines(cases, lang: str, prefix: str) -> str:
    return "\n".join(f"- {md.link(text(p.data['title'], lang), prefix + p.id + '.md')} "
                     f"({md.inline(text(p.data['buyer'], lang))}, {p.data['year']})" for p in cases)


def _group_practices(code: str, name: str, lang: str):
    """The renderer of browse/product-groups/<code>/practices: every good practice of a group."""
    def render(chunk, page: Page) -> str:
        title = page.title(t("pg_practices_title", lang).format(group=name), lang)
        return "\n".join([md.front_matter(title=title), f"# {md.inline(title)}", "",
                          md.link(name, f"{page.up}../{code}.md"), "",
                          *page.pager_lines(lang, "pager_items_practices"),
                          _practice_lines(chunk, lang, page.up + "../../../practices/"), "",
                          *page.pager_lines(lang, "pager_items_practices", end=True)]).rstrip() + "\n"

    return render


def _group_page(selected, code: str, name: str, acts, cases, lang: str, page_size: int | None):
    """The renderer of the pages of browse/product-groups/<code>: the buttons, the criteria by
    type (split), then the law and the good practices of the group, on the first page."""
    def type_of(r):
        return r.data["type"]

    def render(chunk, page: Page) -> str:
        body = _list_head(name, page, len(selected), lang)
        if page.number == 1:
            body += _group_actions(selected, code, lang)
        body += [f"## {t('in_this_group', lang)}", "", *_jump_line(selected, type_of, "criterion-types", page, lang,
                                                                    page_size), *page.pager_lines(lang)]
        for ctype, rows, continued in sections(selected, page, type_of):
            body += [_heading("###", label("criterion-types", ctype, lang), ctype, continued, lang), "",
                     criteria_table(rows, lang, page.up + "../../criteria/"), ""]
        body += [*page.pager_lines(lang, end=True)]
        if page.number > 1:
            body += [md.link(t("pg_rest_on_first", lang), page.href(1)), ""]
            return "\n".join(body).rstrip() + "\n"
        law = requirement_lines(acts, code, lang)
        body += [f"## {t('law_for_group', lang)}", "", "\n".join(law) if law else t("none", lang), ""]
        if cases:
            body += [f"## {t('practices_in_group', lang)} {{ #practices }}", "",
                     _practice_lines(cases[:GROUP_PRACTICES_SHOWN], lang, "../../practices/"), ""]
            if len(cases) > GROUP_PRACTICES_SHOWN:
                body += [md.link(t("pg_all_practices", lang).format(n=len(cases)), f"{code}/practices.md"), ""]
        return "\n".join(body).rstrip() + "\n"

    return render


def _group_actions(selected, code: str, lang: str) -> list[str]:
    """Buttons of a product-group page: the guided start path, the finder filtered on the
    group and "add all (published) criteria at level …" to the basket (up to BASKET_ALL_MAX)."""
    from .start import basket_href, button

    published = [r for r in selected if r.data.get("status") == "published"]
    up = "../../../"  # built as browse/product-groups/<code>/index.html
    buttons = [button(f"{up}start/{code}/", t("pg_guided", lang), primary=True),
               button(f"{up}finder/?pg={code}", t("st_open_finder", lang))]
    too_many = []
    for level in codes("levels"):
        ids = [r.id for r in published if level in r.data["levels"]]
        if len(ids) > BASKET_ALL_MAX:
            too_many.append(f"{label('levels', level, lang)}{colon(lang)} {len(ids)}")
        elif ids:
            caption = t("pg_add_all", lang).format(level=label("levels", level, lang), n=len(ids))
            buttons.append(button(basket_href(ids, level, code, up), caption))
    lines = [f"## {t('pg_actions', lang)}", "", '<p class="kb-actions">' + " ".join(buttons) + "</p>", ""]
    if too_many:
        lines += [t("pg_too_many", lang).format(counts=", ".join(too_many)), ""]
    return lines


def all_criteria_pages(criteria, lang: str, page_size: int | None = None) -> dict[str, str]:
    """criteria/index (and criteria/page-k): every criterion, by theme then type and identifier.

    One list in one order, split into pages; each page keeps the theme headings of its rows
    ("Circulaire (suite)" where a theme began on an earlier page) and links to the page where
    each theme begins, so a buyer can go straight to a theme without JavaScript.
    """
    ordered = [r for theme in codes("themes") for r in _sorted([r for r in criteria if r.data.get("theme") == theme])]

    def theme_of(r):
        return r.data["theme"]

    def render(chunk, page: Page) -> str:
        body = _list_head(t("all_criteria", lang), page, len(criteria), lang)
        body += [*_jump_line(ordered, theme_of, "themes", page, lang, page_size), *page.pager_lines(lang)]
        for theme, rows, continued in sections(ordered, page, theme_of):
            body += [_heading("##", label("themes", theme, lang), theme, continued, lang), "",
                     criteria_table(rows, lang, page.up), ""]
        if not ordered:
            body += [t("none", lang), ""]
        body += [*page.pager_lines(lang, end=True)]
        return "\n".join(body).rstrip() + "\n"

    return paginate("criteria/index", ordered, render, page_size)


def practices_index(practices, lang: str, page_size: int | None = None) -> dict[str, str]:
    """practices/index (and practices/page-k): every good practice, newest first.

    On one page the table has filters by buyer type and product group (a small script; without
    it the whole table shows). A split list has no filter (it would see one page only): its
    pages link to the product-group pages, which list the group's practices.
    """
    from html import escape

    def options(codelist, used):
        return "".join(f'<option value="{c}">{escape(label(codelist, c, lang))}</option>'
                       for c in codes(codelist) if c in used)

    used_types = {p.data["buyer_type"] for p in practices}
    used_groups = {g for p in practices for g in p.data["product_groups"]}
    ordered = sorted(practices, key=lambda p: (-p.data["year"], p.id))
    headers = "".join(f"<th scope=\"col\">{escape(h)}</th>" for h in (
        t("good_practices", lang), t("buyer", lang), t("buyer_type", lang), t("region", lang), t("year", lang),
        t("product_groups", lang)))

    def render(chunk, page: Page) -> str:
        rows = []
        for p in chunk:
            d = p.data
            rows.append(
                f'<tr data-buyer-type="{d["buyer_type"]}" data-pg="{" ".join(d["product_groups"])}">'
                f'<td><a href="{page.built_up}{p.id}/">{escape(text(d["title"], lang))}</a></td>'
                f'<td>{escape(text(d["buyer"], lang))}</td>'
                f'<td>{escape(label("buyer-types", d["buyer_type"], lang))}</td>'
                f'<td>{escape(label("regions", d["region"], lang))}</td><td>{d["year"]}</td>'
                f'<td>{escape(", ".join(label("product-groups", g, lang) for g in d["product_groups"]))}</td></tr>')
        title = page.title(t("good_practices", lang), lang)
        body = [md.front_matter(title=title, description=t("practices_intro", lang)),
                f"# {title}", "", t("practices_intro", lang), ""]
        if page.split:
            groups = [md.link(label("product-groups", g, lang), f"{page.up}../browse/product-groups/{g}.md#practices")
                      for g in codes("product-groups") if g in used_groups]
            body += [f"{t('practices_by_group', lang)}{colon(lang)} " + " · ".join(groups), "",
                     *page.pager_lines(lang, "pager_items_practices")]
        else:
            body += [
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
            ]
        # Six columns do not fit a phone: the table scrolls inside its box, never the page
        # (WCAG 1.4.10); the theme wraps only tables without a class this way.
        body += ['<div class="kb-table-scroll">'
                 f'<table class="kb-practices"><thead><tr>{headers}</tr></thead><tbody>', *rows,
                 "</tbody></table></div>", "", *page.pager_lines(lang, "pager_items_practices", end=True)]
        return "\n".join(body).rstrip() + "\n"

    return paginate("practices/index", ordered, render, page_size)


def labels_index(labels, lang: str) -> str:
    """labels/index: every label with owner and edition."""
    rows = [
        [
            md.link(text(r.data["name"], lang), r.id + ".md"),
            md.inline(r.data["owner"]),
            md.inline(text(r.data["edition"], lang)),
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


def label_matrix(labels, criteria, lang: str, page_size: int | None = None) -> dict[str, str]:
    """labels/matrix (and labels/matrix/page-k): which label proves which criterion (fully /
    partly / not), one row per criterion that cites a label."""
    cited = [c for c in criteria if c.data.get("labels")]
    symbols = {"full": "●", "partial": "◐"}

    def render(chunk, page: Page) -> str:
        headers = [t("criterion", lang)] + [md.link(text(r.data["name"], lang), page.up + r.id + ".md")
                                            for r in labels]
        rows = []
        for c in chunk:
            coverage = {ref["label"]: ref["coverage"] for ref in c.data["labels"]}
            cells = []
            for r in labels:
                cov = coverage.get(r.id)
                cells.append(f'<span title="{t("covers_" + cov, lang)}">{symbols[cov]}</span>' if cov
                             else f'<span class="kb-sr-only">{t("covers_not", lang)}</span>')
            rows.append([md.link(text(c.data["title"], lang), f"{page.up}../criteria/{c.id}.md")] + cells)
        title = page.title(t("matrix", lang), lang)
        return "\n".join([md.front_matter(title=title), f"# {title}", "", t("matrix_intro", lang), "",
                          *page.pager_lines(lang), md.table(headers, rows) if rows else t("none", lang), "",
                          *page.pager_lines(lang, end=True)]).rstrip() + "\n"

    return paginate("labels/matrix", cited, render, page_size)


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
        sources_list([d["source"]], lang, getattr(context, "eu_acts", None)),
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
    rows = [[md.link(act_title(a, lang), a.id + ".md"), md.inline(text(a.data["title"], lang)),
             ", ".join(label("product-groups", g, lang) for g in a.data["product_groups"])] for a in acts]
    return "\n".join([md.front_matter(title=t("legislation", lang)), f"# {t('legislation', lang)}", "",
                      t("legislation_intro", lang), "",
                      md.table([t("act", lang), t("act_subject", lang), t("product_groups", lang)], rows) if rows
                      else t("none", lang), ""])
