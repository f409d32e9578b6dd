"""The start path for first-time buyers: what are you buying? → before you buy →
level → the recommended set → the basket.

start/index lists the product groups with their counts; start/<group> walks through
the four steps for one group. The recommended set of a group is the criteria whose
record lists the group in ``core_for``; its "add to the basket" buttons are plain links
to basket/?ids=…&level=… (the basket page asks before replacing a non-empty basket).
"""

from __future__ import annotations

from html import escape

from . import md
from .criterion import ordered_levels
from .ui import codes, label, t, text

# "Before you buy": (string key, criterion ids that put the idea into practice).
BEFORE = (
    ("need", ()),
    ("extend", ("circ-extended-use-commitment", "circ-extended-service-agreement", "circ-extended-os-support")),
    ("refurbished", ("circ-refurbished-variant", "circ-refurbishment-quality", "circ-refurbished-warranty")),
    ("service", ("circ-device-as-a-service",)),
    ("social", ("soc-reserved-contract-social-economy", "circ-refurbished-lot-social-economy")),
)
STEPS = ("before", "level", "set", "basket")


def _published(criteria):
    return [c for c in criteria if c.data.get("status") == "published"]


def core_set(criteria, group: str, level: str | None = None) -> list:
    """The recommended criteria of ``group`` (optionally only those that apply at ``level``)."""
    return sorted((c for c in _published(criteria) if group in (c.data.get("core_for") or [])
                   and (level is None or level in c.data["levels"])), key=lambda c: c.id)


def basket_href(ids, level: str, group: str, up: str = "../../") -> str:
    """Relative address of the basket filled with ``ids``, from a built page ``up`` below the
    site root (raw HTML links are not rewritten by MkDocs: ``start/<group>/`` is two folders
    deep, ``browse/product-groups/<group>/`` three)."""
    return f"{up}basket/?ids={','.join(ids)}&amp;level={level}&amp;pg={group}"


def button(href: str, caption: str, primary: bool = False) -> str:
    """An HTML link styled as a button (raw HTML: the address carries a query string)."""
    kind = "md-button md-button--primary" if primary else "md-button"
    return f'<a class="{kind}" href="{href}">{escape(caption)}</a>'


def start_index(criteria, lang: str) -> str:
    """start/index: the question "what are you buying?" with the product groups."""
    published = _published(criteria)
    rows = []
    for group in codes("product-groups"):
        count = sum(1 for c in published if group in c.data["product_groups"])
        if not count:
            continue
        rows.append([md.link(label("product-groups", group, lang), f"{group}.md"), str(count),
                     str(len(core_set(criteria, group)))])
    steps = "\n".join(f"{i}. {t('st_step_' + step, lang)}" for i, step in enumerate(STEPS, 1))
    return "\n".join([
        md.front_matter(title=t("st_title", lang), description=t("st_intro", lang)),
        f"# {t('st_title', lang)}", "", t("st_intro", lang), "", steps, "",
        f"## {t('st_question', lang)}", "",
        md.table([t("st_group_col", lang), t("st_count_col", lang), t("st_core_col", lang)], rows), "",
    ])


def _criterion_links(ids, by_id, lang: str) -> str:
    return ", ".join(md.link(text(by_id[i].data["title"], lang), f"../criteria/{i}.md") for i in ids)


def group_page(criteria, group: str, lang: str) -> str:
    """start/<group>: the four steps for one product group."""
    published = _published(criteria)
    by_id = {c.id: c for c in published}
    name = label("product-groups", group, lang)
    in_group = [c for c in published if group in c.data["product_groups"]]
    parts = [
        md.front_matter(title=f"{name} : {t('st_group_title', lang)}" if lang == "fr"
                        else f"{name}: {t('st_group_title', lang)}", description=t("st_group_intro", lang)),
        f"# {md.inline(name)}{' :' if lang == 'fr' else ':'} {t('st_group_title', lang)}", "",
        t("st_group_intro", lang), "",
        f"[{t('st_title', lang)}](index.md) · "
        f"[{t('st_all_group', lang)} ({len(in_group)})](../browse/product-groups/{group}.md)", "",
        f"## 1. {t('st_step_before', lang)}", "", t("st_before_intro", lang), "",
    ]
    for key, ids in BEFORE:
        present = [i for i in ids if i in by_id]
        present = [i for i in present if group in by_id[i].data["product_groups"]] or present
        if ids and not present:
            continue
        client = any(group in by_id[i].data["product_groups"] for i in present) or group in (
            "desktops", "notebooks", "monitors", "tablets", "smartphones", "refurbished-devices")
        if ids and not client:
            continue
        line = f"- **{t('st_' + key, lang)}**{' :' if lang == 'fr' else ':'} {t('st_' + key + '_text', lang)}"
        if present:
            line += f" {t('st_criteria_for', lang)} {_criterion_links(present, by_id, lang)}."
        parts.append(line)
    parts += ["", f"## 2. {t('st_step_level', lang)}", "", t("st_level_intro", lang), ""]
    # A list rather than a four-column table: it stays readable on a phone without a
    # horizontal scroll area.
    colon = " :" if lang == "fr" else ":"
    for level in codes("levels"):
        eu = {"essential": "eu_gpp_core", "advanced": "eu_gpp_comprehensive"}.get(level, "eu_gpp_beyond")
        parts.append(f"- **{label('levels', level, lang)}** ({t(eu, lang).lstrip('= ')}). "
                     f"*{t('st_market_col', lang)}*{colon} {t(f'st_market_{level}', lang)} "
                     f"*{t('st_effort_col', lang)}*{colon} {t(f'st_effort_{level}', lang)}")
    parts.append("")
    core = core_set(criteria, group)
    parts += [f"## 3. {t('st_step_set', lang)}", "", t("st_set_intro", lang), ""]
    if core:
        # A list (not a table): no horizontal scroll area on phones.
        parts += ["\n".join(
            f"- {md.link(text(c.data['title'], lang), f'../criteria/{c.id}.md')} "
            f"({label('criterion-types', c.data['type'], lang)}; "
            f"{', '.join(label('levels', lvl, lang) for lvl in ordered_levels(c.data['levels']))})"
            for c in core), ""]
    else:
        parts += [t("st_no_core", lang), ""]
    parts += [md.admonition("tip", t("st_proportionality", lang), t("st_proportionality_text", lang)), ""]
    parts += [f"## 4. {t('st_step_basket', lang)}", "", t("st_basket_text", lang), ""]
    buttons = []
    for level in codes("levels"):
        ids = [c.id for c in core_set(criteria, group, level)]
        if ids:
            caption = t("st_add_set", lang).format(n=len(ids), level=label("levels", level, lang))
            buttons.append(button(basket_href(ids, level, group), caption, primary=level == "essential"))
    buttons.append(button(f"../../finder/?pg={group}", t("st_open_finder", lang)))
    parts += ['<p class="kb-actions">' + " ".join(buttons) + "</p>", ""]
    return "\n".join(parts)


def start_pages(criteria, lang: str) -> dict[str, str]:
    """start/index and start/<group> for every product group that has criteria."""
    pages = {"start/index": start_index(criteria, lang)}
    published = _published(criteria)
    for group in codes("product-groups"):
        if any(group in c.data["product_groups"] for c in published):
            pages[f"start/{group}"] = group_page(criteria, group, lang)
    return pages
