"""Pages of good practices, labels and legal acts, in one language each."""

from __future__ import annotations

from ..config import settings
from ..export.sources import act_reference, text_in
from . import md
from .criterion import history_table, sources_list
from .ui import colon, label, t, text


def _criteria_links(ids, lang, context, prefix="../criteria/") -> str:
    titles = context.criterion_titles
    return "\n".join(f"- {md.link(titles.get(i, {}).get(lang, i), prefix + i + '.md')} (`{i}`)" for i in ids)


def _edit_footer(record, lang) -> list[str]:
    conf = settings()
    return [
        f"[{t('edit_record', lang)}]({conf.edit_url(record.path)}){{ .md-button }} "
        f"[{t('report_problem', lang)}]"
        f"({conf.issue_url('report-error.yml', '[' + record.id + '] ', criterion_id=record.id)}){{ .md-button }}",
        "",
    ]


def _head(record, kind: str, title: str, description: str) -> list[str]:
    """Front matter (title, description, the record's id, kind and file) and the page heading."""
    return [md.front_matter(title=title, description=description, kb_id=record.data["id"], kb_kind=kind,
                            kb_source=record.path),
            f"# {md.inline(title)}", ""]


def _finish(parts: list[str], record, lang: str, context=None) -> str:
    """Sources, change history and the edit/report links, then the page text."""
    d = record.data
    acts = getattr(context, "eu_acts", None)
    parts = parts + [f"## {t('sources', lang)}", "", sources_list(d["sources"], lang, acts), "",
                     f"## {t('history', lang)}", "", history_table(d.get("history"), lang), ""]
    parts += _edit_footer(record, lang)
    return "\n".join(parts).rstrip() + "\n"


def practice(record, lang: str, context) -> str:
    """Page of one good practice."""
    d = record.data
    items = [
        (t("buyer", lang), md.inline(text(d["buyer"], lang))),
        (t("buyer_type", lang), label("buyer-types", d["buyer_type"], lang)),
        (t("region", lang), label("regions", d["region"], lang) + f" ({md.inline(d['country'])})"),
        (t("year", lang), str(d["year"])),
        (
            t("product_groups", lang),
            ", ".join(
                md.link(label("product-groups", g, lang), f"../browse/product-groups/{g}.md")
                for g in d["product_groups"]
            ),
        ),
    ]
    parts = [
        *_head(record, "practice", text(d["title"], lang), text(d["summary"], lang)),
        f"*{md.inline(text(d['summary'], lang))}*", "",
        md.deflist(items), "",
    ]
    for key in ("purchase", "approach"):
        parts += [f"## {t(key, lang)}", "", md.block(text(d[key], lang)), ""]
    if d.get("criteria"):
        parts += [f"## {t('criteria_used', lang)}", "", _criteria_links(d["criteria"], lang, context), ""]
    for key in ("results", "lessons"):
        parts += [f"## {t(key, lang)}", "", md.block(text(d[key], lang)), ""]
    return _finish(parts, record, lang, context)


def label_page(record, lang: str, context) -> str:
    """Page of one label, with the criteria it proves (derived from the criteria)."""
    d = record.data
    items = [
        (t("label_owner", lang), md.inline(d["owner"])),
        (t("label_type", lang), label("label-types", d["type"], lang)),
        (t("label_edition", lang), md.inline(text(d["edition"], lang))),
    ]
    if d.get("valid_from"):
        items.append((t("valid_from", lang), md.inline(d["valid_from"])))
    if d.get("valid_until"):
        items.append((t("valid_until", lang), md.inline(d["valid_until"])))
    items.append((t("product_groups", lang), ", ".join(label("product-groups", g, lang) for g in d["product_groups"])))
    items.append((t("website", lang), f"[{md.inline(d['url'])}]({md.url(d['url'])})"))
    parts = [
        *_head(record, "label", text(d["name"], lang), text(d["summary"], lang)),
        f"*{md.inline(text(d['summary'], lang))}*",
        "",
        md.deflist(items),
        "",
    ]
    for key in ("verifies", "validity", "how_to_check"):
        parts += [f"## {t(key, lang)}", "", md.block(text(d[key], lang)), ""]
    covered = context.criteria_by_label.get(record.id, [])
    parts += [f"## {t('covers', lang)}", ""]
    if covered:
        rows = [[md.link(text(c.data["title"], lang), f"../criteria/{c.id}.md"), f"`{c.id}`",
                 t("covers_" + coverage, lang)] for c, coverage in covered]
        parts += [md.table([t("criterion", lang), t("identifier", lang), t("coverage", lang)], rows), ""]
    else:
        parts += [t("covers_none", lang), ""]
    return _finish(parts, record, lang, context)


def act_title(record, lang: str) -> str:
    """A legal act's reference in ``lang`` ("Directive 2011/65/UE", "Richtlijn 2011/65/EU"), made
    from its official English reference (``act``); the English text when its form is not known
    (rule legislation-act keeps that from happening)."""
    return act_reference(record.data["act"], lang) or record.data["act"]


def legislation_page(record, lang: str, context) -> str:
    """Page of one legal act with its requirements and dates."""
    d = record.data
    parts = [
        *_head(record, "legislation", f"{act_title(record, lang)} — {text(d['title'], lang)}", text(d["title"], lang)),
        md.block(text(d["summary"], lang)),
        "",
        md.deflist(
            [
                (
                    t("product_groups", lang),
                    ", ".join(
                        md.link(label("product-groups", g, lang), f"../browse/product-groups/{g}.md")
                        for g in d["product_groups"]
                    ),
                ),
                (t("official_text", lang),
                 f"[{md.inline(act_title(record, lang))}]({md.url(text_in(d['url'], lang))})"),
                (t("last_reviewed", lang), md.inline(d["last_reviewed"])),
            ]
        ),
        "",
        f"## {t('requirement', lang)}",
        "",
    ]
    for req in sorted(d["requirements"], key=lambda r: r["applies_from"]):
        groups = req.get("product_groups")
        scope = f" — {', '.join(label('product-groups', g, lang) for g in groups)}" if groups else ""
        parts += [f"### {md.inline(text(req['reference'], lang))}{scope}", "",
                  f"*{t('applies_from', lang)} {md.inline(req['applies_from'])}*", "",
                  md.block(text(req["text"], lang)), ""]
    parts += [f"## {t('sources', lang)}", "", sources_list(d["sources"], lang, getattr(context, "eu_acts", None)), ""]
    parts += _edit_footer(record, lang)
    return "\n".join(parts).rstrip() + "\n"


def requirement_lines(acts, group: str, lang: str) -> list[str]:
    """Bullet lines: the legal requirements of ``acts`` that apply to ``group``."""
    lines = []
    for act in acts:
        for req in sorted(act.data["requirements"], key=lambda r: r["applies_from"]):
            groups = req.get("product_groups") or act.data["product_groups"]
            if group not in groups:
                continue
            first = md.block(text(req["text"], lang)).split("\n\n")[0].replace("\n", " ")
            # The act's name is the link to its page (a trailing "→" link said nothing out of
            # its line: six links named "arrow" in a screen reader's list of links).
            lines.append(f"- **{md.link(act_title(act, lang), f'../../legislation/{act.id}.md')}** "
                         f"({md.inline(text(req['reference'], lang))}, {t('applies_from', lang)} "
                         f"{md.inline(req['applies_from'])}){colon(lang)} {first}")
    return lines
