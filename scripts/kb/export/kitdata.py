"""The kit data: what the one kit writer (kit-writer.js) needs to assemble any tender kit.

Published as ``kit-data.json`` and, split per criterion, under ``kit/`` (kb.export.opendata
writes both); read by ``kb export kit`` through kb.export.kitjs. Texts are already parsed into
blocks, per level and per language.
"""

from __future__ import annotations

import re

from .. import __version__
from ..rules.register import register_index
from ..text import fold
from . import model, strings
from .blocks import blocks_to_json
from .strings import LANGS

KIT_DATA_FORMAT = 1


def kit_data(repo, build_date: str | None = None, kb_version: str = __version__, memo=None) -> dict:
    """What the browser needs to assemble any tender kit (see kit-writer.js).

    For every published criterion (``criteria``) and, apart, every draft or
    deprecated one (``unpublished``: a basket that holds one prints it under its
    marking, as ``kb export kit --ids`` does): level-independent parts once (title,
    evidence, legal basis, sources, codes) and, per level it applies at, the
    filled clause, the award weight and the scoring method, all pre-parsed
    into blocks. Criteria are listed in document order, so the browser only
    filters and groups. Also: section order, levels, product groups, eForms
    labels and the FR/NL fixed strings.

    ``memo`` (a live preview's kb.render.memo.GenerationMemo) reuses the part of each
    criterion whose record and context are unchanged.
    """
    codelists = model.repo_codelists(repo)
    names = model.label_names(repo)
    register = register_index(repo.of_kind("provision"))
    acts = model.eu_acts(repo)
    records = model.usable_records(repo, "criterion")
    records.sort(key=lambda r: model.sort_key(r.data, codelists))
    parts = memo.kit if memo is not None else None
    if parts is not None:
        parts.start((codelists, names, register, acts))
    entries = []
    for rank, record in enumerate(records):
        if parts is None:
            entry = _criterion_kit_data(record, codelists, names, register, acts)
        else:  # a copy: the rank below must not change the remembered part
            entry = dict(parts.get(record.id, record,
                                   lambda r=record: _criterion_kit_data(r, codelists, names, register, acts)))
        entry["rank"] = rank  # place in document order among all criteria, for merging both lists
        entries.append(entry)
    if parts is not None:
        parts.finish()
    return {
        "format": KIT_DATA_FORMAT,
        "version": kb_version,
        "build_date": build_date,
        "licence": strings.licence_metadata(),
        "langs": list(LANGS),
        "language_tags": dict(strings.LANGUAGE_TAGS),
        "strings": {lang: dict(strings.STRINGS[lang]) for lang in LANGS},
        "sections": [{"type": t, "heading": model.section_heading(codelists, t)} for t in model.type_order(codelists)],
        "levels": [{"code": c, "label": model.labels(codelists, "levels", c),
                    "slug": {lang: _slug(model.label(codelists, "levels", c, lang)) for lang in LANGS}}
                   for c in codelists["levels"].codes_list()],
        "product_groups": [{"code": c.code, "label": model.labels(codelists, "product-groups", c.code),
                            "cpv": list(c.cpv)} for c in codelists["product-groups"].codes],
        "eforms_fields": [
            {"key": key, "term": term,
             "codes": [{"code": c, "label": model.labels(codelists, list_id, c)}
                       for c in sorted(codelists[list_id].codes_list(),
                                       key=lambda c, lid=list_id: model.code_rank(codelists, lid, c))]}
            for key, term, list_id in model.EFORMS_FIELDS
        ],
        "cpv_labels": _cpv_labels(codelists),
        "criteria": [e for e in entries if e["status"] == "published"],
        "unpublished": [e for e in entries if e["status"] != "published"],
    }


def _slug(label: str) -> str:
    """A label as a file-name part: "Avancé" -> "avance" (kit file names, in each language)."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(label)))


def _cpv_labels(codelists) -> dict:
    codelist = codelists.get("cpv")
    return {c.code: {lang: c.label[lang] for lang in LANGS} for c in codelist.codes} if codelist else {}


def _criterion_kit_data(record, codelists, names, register=None, acts=None) -> dict:
    levels = {}
    item = None
    for level in record.get("levels", []):
        item = model.build_item(record, level, codelists, LANGS, names, register, acts)
        levels[level] = {
            "clause": {lang: blocks_to_json(item.clause[lang]) for lang in LANGS},
            "weight": item.weight,
            "scoring": {lang: blocks_to_json(item.scoring[lang]) for lang in item.scoring},
        }
    shared = model.item_to_json(item)  # level-independent parts are the same at every level
    for key in ("clause", "weight", "scoring"):
        shared.pop(key)
    shared["levels"] = levels
    # What the buyer may change (basket, `kb export kit --set`): label, values per level, editable.
    shared["parameters"] = {
        name: {"label": parameter.get("label") or {lang: name for lang in LANGS},
               "values": parameter.get("values") or {}, "editable": parameter["editable"]}
        for name, parameter in (record.get("parameters") or {}).items() if parameter.get("editable")
    }
    return shared
