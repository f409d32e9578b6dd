"""The content of tender kits, prepared in Python for the one kit writer.

Kits are assembled and written by ``docs/assets/javascripts/kit-writer.js`` (the
basket's module; ``kb export kit`` runs it through ``kitjs``). This module prepares
what it reads, with pure functions and no I/O:

* ``build_item`` turns one criterion at one level into a ``KitItem``: texts parsed
  into blocks, {{placeholders}} filled with the level's values, award weight for the
  level, evidence, legal basis (flagged from the legal register), sources and codes;
  ``item_to_json`` is the form ``opendata.kit_data`` publishes;
* codelist helpers: document order (``sort_key``, ``type_order``), labels, section
  headings;
* the command line's checks: ``check_options`` (level, product group),
  ``check_ids`` (unknown ids with the closest known one), ``parse_langs``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .. import codelists as codelist_mod
from .. import kinds
from . import strings
from .blocks import Block, Run, blocks_to_json, paragraph, parse
from .sources import Source, act_reference, eu_acts, locator, sources_of  # noqa: F401 (re-exported)
from .strings import LANGS

# eForms fields a criterion reports: (record key, business term, codelist id).
EFORMS_FIELDS = (
    ("strategic_procurement", "BT-06", "eforms-strategic-procurement"),
    ("environmental_impact", "BT-774", "eforms-environmental-impact"),
    ("social_objective", "BT-775", "eforms-social-objective"),
    ("gpp_criteria", "BT-805", "eforms-gpp-criteria"),
)
LANG_CHOICES = {"fr": ("fr",), "nl": ("nl",), "fr+nl": ("fr", "nl"), "nl+fr": ("fr", "nl")}


class ExportError(ValueError):
    """Bad export input, with the option it concerns (``where``) and a hint."""

    def __init__(self, where: str, message: str, hint: str = ""):
        super().__init__(f"{where}: {message}" + (f" ({hint})" if hint else ""))
        self.where, self.message, self.hint = where, message, hint


class UnknownIdsError(ExportError):
    """Some requested identifiers are not criteria of the knowledge base."""

    def __init__(self, unknown: list[tuple[int, str, str | None]]):
        self.unknown = unknown  # (1-based position, id, suggestion)
        first = unknown[0]
        hint = f"did you mean {first[2]!r}?" if first[2] else "see `kb export kit --help`"
        names = ", ".join(repr(u[1]) for u in unknown)
        super().__init__(f"--ids[{first[0]}]", f"unknown criterion id(s) {names}", hint)


# --------------------------------------------------------------------------
# Data classes


@dataclass(frozen=True)
class LegalRef:
    """One article of one legal instrument, labelled per language."""

    instrument: str
    label: dict
    article: str
    verified: bool  # from the legal register (register/), never from the criterion
    url: str | None = None
    title: dict | None = None  # article title per language, from the register
    why: dict | None = None  # why the article is still unverified, per language


@dataclass
class KitItem:
    """One criterion at one level, ready to print."""

    id: str
    version: str
    status: str
    type: str
    theme: str
    placement: str
    replaced_by: str | None
    title: dict  # {lang: str}
    clause: dict  # {lang: [Block]}
    weight: int | None
    scoring: dict  # {lang: [Block]}, empty unless an award criterion
    evidence: dict  # {lang: [Block]}: verification, accepted labels, equivalent proof
    legal: list
    sources: list
    cpv: list
    product_groups: list
    eforms: dict  # {record key: [codes]}
    missing: list = field(default_factory=list)  # placeholders without a value


# --------------------------------------------------------------------------
# Codelists and ordering


def repo_codelists(repo) -> dict:
    """The codelists of the repository being exported (not the package's)."""
    return codelist_mod.load_codelists(kinds.SchemaRoot(repo.root).codelist_dir)


def code_rank(codelists: dict, list_id: str, code: str) -> tuple:
    """Position of a code: its ``order`` attribute, else its place in the file."""
    codelist = codelists.get(list_id)
    if codelist is None:
        return (999, code)
    for index, entry in enumerate(codelist.codes):
        if entry.code == code:
            return (entry.order if entry.order is not None else index + 1, "")
    return (999, code)  # unknown codes last, alphabetically


def type_order(codelists: dict) -> list[str]:
    """Criterion types in the order of a Belgian tender document."""
    types = codelists["criterion-types"].codes_list()
    return sorted(types, key=lambda code: code_rank(codelists, "criterion-types", code))


def sort_key(data: dict, codelists: dict) -> tuple:
    """Document order of a criterion: type, placement, theme, id."""
    return (
        code_rank(codelists, "criterion-types", data.get("type", "")),
        code_rank(codelists, "placements", data.get("placement", "")),
        code_rank(codelists, "themes", data.get("theme", "")),
        data.get("id", ""),
    )


def label(codelists: dict, list_id: str, code: str, lang: str) -> str:
    """Label of a code in a language; the code itself when unknown."""
    codelist = codelists.get(list_id)
    return codelist.label(code, lang) if codelist else code


def labels(codelists: dict, list_id: str, code: str, langs=LANGS) -> dict:
    return {lang: label(codelists, list_id, code, lang) for lang in langs}


def _check_code(codelists: dict, list_id: str, code: str, option: str) -> None:
    allowed = codelists[list_id].codes_list()
    if code not in allowed:
        guess = difflib.get_close_matches(code, allowed, n=1)
        hint = f"did you mean {guess[0]!r}?" if guess else "one of: " + ", ".join(allowed)
        raise ExportError(option, f"unknown {list_id.rstrip('s').replace('-', ' ')} {code!r}", hint)


def check_options(codelists: dict, level: str, product_group: str | None = None) -> None:
    """Raise ``ExportError`` for an unknown level or product group."""
    _check_code(codelists, "levels", level, "--level")
    if product_group is not None:
        _check_code(codelists, "product-groups", product_group, "--product-group")


def parse_langs(value: str) -> tuple:
    """``fr``, ``nl`` or ``fr+nl`` as a tuple of languages (French left when both)."""
    if value not in LANG_CHOICES:
        raise ExportError("--lang", f"unknown language choice {value!r}", "use fr, nl or fr+nl")
    return LANG_CHOICES[value]


# --------------------------------------------------------------------------
# Selection


def usable_records(repo, kind: str = "criterion") -> list:
    """Records of a kind without errors: a broken file never reaches an export."""
    bad = repo.bad_files()
    return [r for r in repo.of_kind(kind) if r.path not in bad]


def check_ids(repo, ids) -> None:
    """Raise ``UnknownIdsError`` (with the closest known id for each) when an explicit id
    is not a criterion without errors; the kit writer would only warn."""
    by_id = {r.id for r in usable_records(repo)}
    unknown = []
    for position, ident in enumerate(ids or [], start=1):
        if ident not in by_id:
            guess = difflib.get_close_matches(ident, list(by_id), n=1)
            unknown.append((position, ident, guess[0] if guess else None))
    if unknown:
        raise UnknownIdsError(unknown)


# --------------------------------------------------------------------------
# Items


def parameter_values(data: dict, level: str) -> dict:
    """Placeholder values of a criterion at a level; a parameter to complete by the
    contracting authority gets "[valeur à compléter]" / "[in te vullen waarde]"."""
    values = {}
    for name, parameter in (data.get("parameters") or {}).items():
        if parameter.get("to_complete") is True:
            values[name] = {lang: strings.text(lang, "to_complete") for lang in LANGS}
            continue
        level_values = parameter.get("values") or {}
        if level in level_values:
            values[name] = level_values[level]
    return values


def to_complete_notes(data: dict, lang: str) -> list[Block]:
    """One paragraph per parameter to complete: its label and where to find the value."""
    blocks = []
    for parameter in (data.get("parameters") or {}).values():
        if parameter.get("to_complete") is True:
            label = (parameter.get("label") or {}).get(lang, "")
            lead = Run(strings.text(lang, "to_complete_note", label=label), italic=True)
            note = parse((parameter.get("note") or {}).get(lang, ""))
            runs = note[0].runs if note else ()
            blocks.append(paragraph(lead, " ", *runs))
    return blocks


def _evidence(data: dict, lang: str, label_names: dict) -> list[Block]:
    """Verification text, then accepted labels and equivalent proof (art. 54)."""
    blocks = parse(data.get("verification", {}).get(lang, ""))
    accepted = [ref for ref in data.get("labels") or [] if isinstance(ref, dict)]
    if accepted:
        parts = []
        for ref in accepted:
            name = label_names.get(ref["label"], ref["label"])
            if isinstance(name, dict):  # {fr, nl}: the label's name in the kit's language
                name = name.get(lang) or ref["label"]
            coverage = strings.text(lang, f"coverage.{ref.get('coverage', 'full')}")
            parts.append(f"{name} ({coverage})")
        blocks.append(paragraph(Run(strings.text(lang, "labels_accepted"), bold=True),
                                strings.text(lang, "list_separator").join(parts) + "."))
    equivalent = (data.get("equivalent_proof") or {}).get(lang)
    if equivalent:
        blocks.append(paragraph(Run(strings.text(lang, "equivalent_proof"), bold=True)))
        blocks.extend(parse(equivalent))
    return blocks


def _legal(data: dict, codelists: dict, langs, register: dict | None = None) -> list[LegalRef]:
    refs = []
    instruments = codelists.get("legal-instruments")
    for ref in data.get("legal_basis") or []:
        entry = instruments.get(ref["instrument"]) if instruments else None
        provision = (register or {}).get((ref["instrument"], str(ref["article"])))
        pdata = provision.data if provision is not None else {}
        verification = pdata.get("verification") or {}
        verified = verification.get("status") == "verified"
        title = {lang: pdata["title"][lang] for lang in langs} if pdata.get("title") else None
        why = {lang: verification["why"][lang] for lang in langs} if not verified and verification.get("why") else None
        refs.append(LegalRef(ref["instrument"], labels(codelists, "legal-instruments", ref["instrument"], langs),
                             str(ref["article"]), verified, entry.url if entry else None, title, why))
    return refs


def build_item(record, level: str, codelists: dict, langs=LANGS, label_names: dict | None = None,
               register: dict | None = None, acts: dict | None = None) -> KitItem:
    """One criterion at one level: filled clause, weight, evidence, legal basis, codes."""
    data = record.data
    values = parameter_values(data, level)
    missing: set = set()
    award = data.get("award") or {}
    clause, scoring, evidence = {}, {}, {}
    for lang in langs:
        clause[lang] = parse(data["clause"][lang], values, lang, missing) + to_complete_notes(data, lang)
        if award:
            scoring[lang] = parse(award["scoring"][lang], values, lang, missing)
        evidence[lang] = _evidence(data, lang, label_names or {})
    eforms = {key: list(data.get("eforms", {}).get(key) or []) for key, _bt, _list in EFORMS_FIELDS}
    return KitItem(
        id=record.id, version=data["version"], status=data["status"], type=data["type"],
        theme=data["theme"], placement=data["placement"], replaced_by=data.get("replaced_by"),
        title={lang: data["title"][lang] for lang in langs},
        clause=clause, weight=(award.get("weights") or {}).get(level), scoring=scoring, evidence=evidence,
        legal=_legal(data, codelists, langs, register), sources=sources_of(data, acts, langs),
        cpv=list(data.get("cpv") or []), product_groups=list(data.get("product_groups") or []),
        eforms={k: v for k, v in eforms.items() if v}, missing=sorted(missing),
    )


def label_names(repo) -> dict:
    """Display names of label records, by id: {fr, nl} (a plain string is used for both languages)."""
    names = {}
    for r in repo.of_kind("label"):
        name = r.get("name", r.id)
        names[r.id] = {lang: name.get(lang) or r.id for lang in LANGS} if isinstance(name, dict) \
            else {lang: name for lang in LANGS}
    return names


# --------------------------------------------------------------------------
# Kit


def section_heading(codelists: dict, ctype: str, langs=LANGS) -> dict:
    """Plural section heading of a criterion type; the codelist label for new types."""
    return {lang: strings.STRINGS[lang].get(f"section.{ctype}") or label(codelists, "criterion-types", ctype, lang)
            for lang in langs}


# --------------------------------------------------------------------------
# JSON form (shared with the browser writer)


def item_to_json(item: KitItem) -> dict:
    return {
        "id": item.id, "version": item.version, "status": item.status, "type": item.type,
        "theme": item.theme, "placement": item.placement, "replaced_by": item.replaced_by,
        "title": dict(item.title),
        "clause": {lang: blocks_to_json(b) for lang, b in item.clause.items()},
        "weight": item.weight,
        "scoring": {lang: blocks_to_json(b) for lang, b in item.scoring.items()},
        "evidence": {lang: blocks_to_json(b) for lang, b in item.evidence.items()},
        "legal": [legal_to_json(ref) for ref in item.legal],
        "sources": [source_to_json(s) for s in item.sources],
        "cpv": list(item.cpv),
        "product_groups": list(item.product_groups),
        "eforms": {k: list(v) for k, v in item.eforms.items()},
    }


def legal_to_json(ref: LegalRef) -> dict:
    return {"instrument": ref.instrument, "label": dict(ref.label), "article": ref.article,
            "verified": ref.verified, "url": ref.url,
            "title": dict(ref.title) if ref.title else None, "why": dict(ref.why) if ref.why else None}


def source_to_json(source: Source) -> dict:
    def plain(value):
        return dict(value) if isinstance(value, dict) else value

    out = {"title": plain(source.title), "publisher": plain(source.publisher), "url": plain(source.url),
           "code": plain(source.code), "date": source.date}
    if source.lang:
        out["lang"] = source.lang
    return out

