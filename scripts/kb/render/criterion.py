"""The page of one criterion, in one language."""

from __future__ import annotations

import re
from functools import lru_cache

from ..codelists import load_codelists
from ..config import settings
from ..export.sources import act_name, sources_of, text_in
from ..text import fold
from ..textrules import PLACEHOLDER, literal
from ..translations import status as translation_status
from . import md
from .ui import codes, colon, label, t, text


def parameter_value(value, lang: str) -> str:
    """A parameter value as text in ``lang``."""
    if isinstance(value, dict):
        return str(value.get(lang, ""))
    return str(value)


def to_complete(param) -> bool:
    """True for a parameter whose value the contracting authority fills in."""
    return isinstance(param, dict) and param.get("to_complete") is True


def fill(template: str, parameters: dict, level: str, lang: str) -> str:
    """Replace every {{name}} by the value of the parameter at ``level``
    (a parameter to complete shows "valeur à compléter / in te vullen waarde")."""

    def replace(match: re.Match) -> str:
        param = parameters.get(match.group(1)) or {}
        if to_complete(param):
            return t("to_complete", lang)
        values = param.get("values") or {}
        # Literal: a value is not Markdown (the kit's writer fills values after parsing too).
        return literal(parameter_value(values[level], lang)) if level in values else match.group(0)

    return PLACEHOLDER.sub(replace, template)


def _to_complete_notes(params: dict, lang: str) -> list[str]:
    """A box listing the parameters to complete, each with where to find the value."""
    items = [f"- **{md.inline(text(p.get('label'), lang))}**{colon(lang)} {md.inline(text(p.get('note'), lang))}"
             for p in params.values() if to_complete(p)]
    if not items:
        return []
    body = t("to_complete_intro", lang) + "\n\n" + "\n".join(items)
    return [md.admonition("warning", t("to_complete_title", lang), body), ""]


def ordered_levels(levels) -> list[str]:
    """Levels of a record in the order of the levels codelist (cumulative: essential first)."""
    return [lvl for lvl in codes("levels") if lvl in (levels or [])]


def _header(record, lang: str) -> list[str]:
    data = record.data
    status = data.get("status", "published")
    out = []
    if status == "draft":
        out.append(md.admonition("warning", t("draft_title", lang), t("draft_warning", lang)))
    if status == "deprecated" and data.get("replaced_by"):
        target = data["replaced_by"]
        out.append(md.admonition("danger", t("deprecated_title", lang),
                                 f"{t('deprecated_warning', lang)} [{target}]({target}.md)"))
    state = translation_status(record)
    if state.stale_language == lang:
        out.append(md.admonition("warning", t("translation_stale_title", lang), t("translation_stale", lang)))
    levels = ordered_levels(data.get("levels"))
    level_text = ", ".join(
        f"{label('levels', lvl, lang)} ({t('eu_gpp_' + _eu(lvl), lang)})" for lvl in levels
    )
    items = [
        (t("identifier", lang), f"`{data['id']}` · {t('version', lang)} {md.inline(data.get('version', ''))}"),
        (t("type", lang), md.link(label("criterion-types", data["type"], lang), f"../browse/types/{data['type']}.md")),
        (t("theme", lang), md.link(label("themes", data["theme"], lang), f"../browse/themes/{data['theme']}.md")),
        (t("levels", lang), level_text),
        (
            t("product_groups", lang),
            ", ".join(
                md.link(label("product-groups", g, lang), f"../browse/product-groups/{g}.md")
                for g in data["product_groups"]
            ),
        ),
        (t("impact_areas", lang), ", ".join(label("impact-areas", a, lang) for a in data["impact_areas"])),
    ]
    if data.get("routes"):
        items.append((t("routes", lang), ", ".join(
            md.link(label("dc-routes", r, lang), f"../browse/routes/{r}.md") for r in data["routes"])))
    items += [
        (t("last_reviewed", lang), md.inline(data.get("last_reviewed", ""))),
    ]
    out.append(md.deflist(items))
    return out


def _eu(level: str) -> str:
    code = load_codelists()["levels"].get(level)
    return code.eu_gpp if code and code.eu_gpp else "beyond"


def _clause(record, lang: str) -> list[str]:
    data = record.data
    params = data.get("parameters") or {}
    other = "nl" if lang == "fr" else "fr"
    out = [f"## {t('clause', lang)}", "", t("clause_intro", lang), ""]
    levels = ordered_levels(data.get("levels"))
    texts = {level: (md.block(fill(text(data["clause"], lang), params, level, lang)),
                     md.block(fill(text(data["clause"], other), params, level, other))) for level in levels}
    # Tabs only where the text changes with the level; otherwise one block that says from
    # which level it applies (levels are cumulative).
    same = len(set(texts.values())) == 1
    for level in levels[:1] if same else levels:
        main, alt = texts[level]
        # Inside a tab the block is parsed as Markdown anyway; a `markdown` attribute would
        # stay in the HTML (invalid: the Nu checker reports it).
        body = (
            f'<div class="kb-clause" data-kb-id="{data["id"]}" data-kb-version="{md.inline(data["version"])}" '
            f'data-kb-level="{level}" lang="{lang}">\n\n{main}\n\n</div>\n\n'
            f'<div class="kb-clause-alt" data-kb-level="{level}" lang="{other}" hidden>\n\n{alt}\n\n</div>'
        )
        if same:
            body = body.replace(f'lang="{lang}">', f'lang="{lang}" markdown>', 1).replace(
                "hidden>", "hidden markdown>", 1)
            note = t("applies_from_level", lang).format(level=label("levels", level, lang))
            if len(levels) > 1:
                note += " " + t("same_text_levels", lang).format(
                    levels=", ".join(label("levels", lvl, lang) for lvl in levels))
            out += [f'<p class="kb-applies" data-kb-levels="{" ".join(levels)}">{note}</p>', "", body, ""]
        else:
            out.append(f'=== "{label("levels", level, lang)}"\n\n{md.indent(body)}\n')
    if params:
        levels = ordered_levels(data.get("levels"))
        rows = [
            [md.inline(text(p.get("label"), lang))]
            + [md.inline(t("to_complete", lang) if to_complete(p)
                         else parameter_value(p.get("values", {}).get(lvl, "–"), lang)) for lvl in levels]
            for p in params.values()
        ]
        out += [f"### {t('parameters', lang)}", "",
                md.table([t("parameter", lang)] + [label("levels", lvl, lang) for lvl in levels], rows), ""]
        out += _to_complete_notes(params, lang)
    return out


def _award(record, lang: str) -> list[str]:
    award = record.data.get("award")
    if not isinstance(award, dict):
        return []
    levels = ordered_levels(record.data.get("levels"))
    rows = [[label("levels", lvl, lang), f"{award['weights'].get(lvl, '–')} %"] for lvl in levels]
    params = record.data.get("parameters") or {}
    scoring = text(award["scoring"], lang)
    if "{{" in scoring:  # scoring with placeholders: show it per level
        scoring_md = "\n\n".join(
            f"**{label('levels', lvl, lang)}**\n\n{md.block(fill(scoring, params, lvl, lang))}" for lvl in levels)
    else:
        scoring_md = md.block(scoring)
    return [f"## {t('award', lang)}", "", md.table([t("level", lang), t("suggested_weight", lang)], rows), "",
            f"### {t('scoring', lang)}", "", scoring_md, ""]


def _labels(record, lang: str, names: dict | None = None) -> list[str]:
    data = record.data
    refs = data.get("labels") or []
    names = names or {}
    out = []
    if refs:
        rows = [[md.link(text(names.get(ref["label"]), lang) or ref["label"], f"../labels/{ref['label']}.md"),
                 t("covers_" + ref["coverage"], lang), label_clause(ref.get("clause")),
                 md.inline(text(ref.get("note"), lang)) or "–"]
                for ref in refs]
        out += [f"## {t('labels', lang)}", "", md.table([t("label", lang), t("coverage", lang), t("label_clause", lang),
                                                         t("note", lang)], rows), ""]
    if data.get("equivalent_proof"):
        out += [f"### {t('equivalent_proof', lang)}" if refs else f"## {t('equivalent_proof', lang)}", "",
                md.block(text(data["equivalent_proof"], lang)), ""]
    return out


# Label clauses cite the label's criteria document as it names itself, in English (schema:
# labelRef.clause); French and Dutch pages mark them so that screen readers switch voice (WCAG 3.1.2).
LABEL_CLAUSE_LANG = "en"


def label_clause(clause: str | None) -> str:
    """The label clause of a labels-table row, marked as English; "–" when there is none."""
    if not clause:
        return "–"
    return f'<span lang="{LABEL_CLAUSE_LANG}">{md.inline(clause)}</span>'


def _legal(record, lang: str, register: dict | None = None) -> list[str]:
    data = record.data
    lines = []
    for ref in data.get("legal_basis") or []:
        provision = (register or {}).get((ref["instrument"], ref["article"]))
        item = (
            f"{label('legal-instruments', ref['instrument'], lang)}, {t('article', lang)} {md.inline(ref['article'])}"
        )
        if provision is not None:
            item += f" — {md.inline(provision.data['title'][lang])}"
        verification = provision.data["verification"] if provision is not None else {}
        if verification.get("status") != "verified":
            why = (verification.get("why") or {}).get(lang)
            item += f" (*{t('to_verify', lang)}*" + (f"{colon(lang)} {md.inline(why)}" if why else "") + ")"
        lines.append(f"- {item}")
    out = [f"## {t('legal_basis', lang)}", "", "\n".join(lines), "",
           f"**{t('placement', lang)}**{colon(lang)} {label('placements', data['placement'], lang)}", ""]
    baseline = data.get("legal_baseline") or []
    if baseline:
        out += [f"### {t('legal_baseline', lang)}", ""]
        for entry in baseline:
            name = act_name(entry["act"], lang) or str(entry["act"])
            # The act named in the page's language links to its text in that language.
            out.append(f"- [{md.inline(name)}]({md.url(text_in(entry['url'], lang))}) ({t('applies_from', lang)} "
                       f"{md.inline(entry['applies_from'])}){colon(lang)} {md.inline(text(entry['note'], lang))}")
        out.append("")
    return out


def source_link(src, lang: str) -> str:
    """A source's title linked to its address (a ``kb.export.sources.Source``): an EU act in the
    page's language, any other title as read, marked with its language when it is not the page's.

    The mark (``{: lang="en" }``, attr_list) lets screen readers switch voice (WCAG 3.1.2); the
    code comes from the schema-checked ``lang`` field (two lower-case letters), never from text.
    """
    if isinstance(src.title, dict):
        return f"[{md.inline(src.title[lang])}]({md.url(src.url[lang])})"
    marked = src.lang
    attribute = f'{{: lang="{marked}" }}' if marked and marked != lang and re.fullmatch("[a-z]{2}", marked) else ""
    return f"[{md.inline(src.title)}]({md.url(src.url)}){attribute}"


def sources_list(sources: list, lang: str, acts: dict | None = None) -> str:
    """Markdown list of sources with their upstream code, as the kits cite them
    (kb.export.sources.sources_of: an EU act that legislation/ describes, ``acts``, and any other
    EU act whose reference can be read, by its French or Dutch reference and EUR-Lex page)."""
    lines = []
    for src in sources_of({"sources": sources or []}, acts, langs=(lang,)):
        code = src.code[lang] if isinstance(src.code, dict) else src.code
        publisher = src.publisher[lang] if isinstance(src.publisher, dict) else src.publisher
        code = f"**{md.inline(code)}** — " if code else ""
        date = f", {md.inline(src.date)}" if src.date else ""
        lines.append(f"- {code}{source_link(src, lang)}, {md.inline(publisher)}{date}")
    return "\n".join(lines)


def _eforms(record, lang: str) -> list[str]:
    eforms = record.data.get("eforms") or {}
    rows = []
    for field, bt, codelist in (
        ("strategic_procurement", "BT-06", "eforms-strategic-procurement"),
        ("environmental_impact", "BT-774", "eforms-environmental-impact"),
        ("social_objective", "BT-775", "eforms-social-objective"),
        ("gpp_criteria", "BT-805", "eforms-gpp-criteria"),
    ):
        for code in eforms.get(field) or []:
            rows.append([bt, f"`{code}`", label(codelist, code, lang)])
    cpv = ", ".join(f"`{c}`" for c in record.data.get("cpv") or [])
    return [f"## {t('cpv', lang)}", "", cpv, "", f"## {t('eforms', lang)}", "",
            md.table(["BT", "Code", t("label", lang)], rows), ""]


def _links(record, lang: str, context) -> list[str]:
    out = []
    related = record.data.get("related") or []
    titles = context.criterion_titles
    if related:
        out += [f"## {t('related', lang)}", "",
                "\n".join(f"- {md.link(titles.get(r, {}).get(lang, r), r + '.md')} (`{r}`)" for r in related), ""]
    practices = context.practices_by_criterion.get(record.id, [])
    if practices:
        out += [
            f"## {t('practices_using', lang)}",
            "",
            "\n".join(f"- {md.link(text(p.data['title'], lang), '../practices/' + p.id + '.md')}" for p in practices),
            "",
        ]
    terms = glossary_terms(record, lang, context.glossary)
    if terms:
        out += [f"## {t('glossary_terms', lang)}", "",
                ", ".join(f"[{md.inline(name)}](../glossary/index.md#{ident})" for ident, name in terms), ""]
    return out


def glossary_terms(record, lang: str, glossary) -> list[tuple[str, str]]:
    """Glossary terms (id, term) that appear in the criterion's texts in ``lang``.

    Very short single words ("lot", "offre") would match almost every page, so a term
    counts when it has several words, is an acronym, or is at least six letters long.
    """
    from ..translations import language_texts

    body = " " + fold(" ".join(text for _path, text in language_texts(record.data, lang))) + " "
    found = []
    for ident, names in glossary:
        name = names.get(lang, "")
        folded = _folded_term(name)
        if not folded or not (" " in folded or "-" in folded or name.isupper() or len(folded) >= 6):
            continue
        if folded not in body:  # the regex below starts with a look-behind: slow on long pages
            continue
        if re.search(r"(?<![\w])" + re.escape(folded) + r"(?![\w])", body):
            found.append((ident, name))
    return sorted(found, key=lambda item: fold(item[1]))


@lru_cache(maxsize=1024)
def _folded_term(name: str) -> str:
    """A glossary term folded for matching (the same terms are looked up on every page)."""
    return fold(name)


def history_table(history: list, lang: str) -> str:
    """The change history as a table, newest first."""
    rows = [[md.inline(h["date"]), md.inline(h["version"]), md.inline(text(h["change"], lang))]
            for h in reversed(history or [])]
    return md.table([t("date", lang), t("version", lang), t("change", lang)], rows)


def _footer(record, lang: str) -> list[str]:
    data = record.data
    conf = settings()
    prefix = "" if lang == "fr" else "nl/"
    permalink = f"{conf.site_url}{prefix}criteria/{data['id']}/"
    title = f"[{data['id']}] "
    return [
        f"## {t('history', lang)}",
        "",
        history_table(data.get("history"), lang),
        "",
        f"## {t('cite', lang)}",
        "",
        t("cite_text", lang),
        "",
        f"`{data['id']}` v{md.inline(data['version'])} ({md.inline(data.get('last_reviewed', ''))}) — {permalink}",
        "",
        f"[{t('edit_record', lang)}]({conf.edit_url(record.path)}){{ .md-button }} "
        f"[{t('report_problem', lang)}]({conf.issue_url('report-error.yml', title, criterion_id=data['id'])})"
        "{ .md-button }",
        "",
    ]


def dependencies(record, lang: str, context) -> tuple:
    """What the page of ``record`` in ``lang`` shows of other records, besides the glossary,
    label names and legal register (see ``_links``): a page whose record and dependencies did
    not change renders to the same text (kb.render.memo)."""
    titles = context.criterion_titles
    related = tuple((r, titles.get(r, {}).get(lang)) for r in record.data.get("related") or [])
    practices = tuple((p.id, text(p.data["title"], lang)) for p in context.practices_by_criterion.get(record.id, []))
    return related, practices


def render(record, lang: str, context) -> str:
    """The complete Markdown page of a criterion in ``lang``."""
    data = record.data
    parts = [
        md.front_matter(title=text(data["title"], lang), description=text(data["summary"], lang),
                        kb_id=data["id"], kb_kind="criterion", kb_source=record.path, kb_version=data["version"]),
        f"# {md.inline(text(data['title'], lang))}", "",
        f"*{md.inline(text(data['summary'], lang))}*", "",
    ]
    # The clause comes first; the metadata (the last block of the header) follows it as a
    # compact summary. Notices (draft, deprecated, stale translation) stay above the clause.
    header = _header(record, lang)
    parts += header[:-1] + [""]
    parts += _clause(record, lang)
    parts += [f"## {t('details_title', lang)}", "", '<div class="kb-meta" markdown>', "", header[-1], "", "</div>", ""]
    parts += _award(record, lang)
    for key in ("verification", "follow_up", "rationale", "buyer_notes"):
        parts += [f"## {t(key, lang)}", "", md.block(text(data[key], lang)), ""]
    parts += _labels(record, lang, getattr(context, "label_names", None))
    parts += _legal(record, lang, getattr(context, "register", None))
    acts = getattr(context, "eu_acts", None)
    parts += [f"## {t('sources', lang)}", "", sources_list(data.get("sources"), lang, acts), ""]
    parts += _eforms(record, lang)
    parts += _links(record, lang, context)
    parts += _footer(record, lang)
    return "\n".join(parts).rstrip() + "\n"
