"""The tender kit model: which criteria, in which order, with which texts.

Pure functions, no I/O: they read a loaded ``Repository`` and return plain
dataclasses that every writer (docx, odt, Markdown, text) renders the same way.

* ``select`` picks the criteria: published ones applying at a level, for a
  product group, or an explicit list of identifiers (any status, with a warning
  for unpublished ones);
* ``build_item`` turns one criterion at one level into a ``KitItem``: texts
  parsed into blocks, {{placeholders}} filled with the level's values, award
  weight for the level, evidence, legal basis, sources and codes;
* ``build_kit`` groups the items into sections in the order of a Belgian
  tender document (the ``order`` of the criterion-types codelist) and adds the
  union of CPV and eForms codes;
* ``kit_to_json`` gives the JSON shape the browser writer (kit-writer.js)
  builds too, so both can be compared in tests.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .. import codelists as codelist_mod
from .. import kinds
from ..rules.register import register_index
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
class Notice:
    """A warning about a selection, worded at print time in the reader's language.

    ``key`` names a ``warn.*`` string of ``strings.STRINGS``; a value is a plain
    string or a ``{lang: text}`` dict (titles and labels). Never a sentence in
    English: the basket shows the same notices in the page's language.
    """

    key: str
    values: dict

    def text(self, lang: str) -> str:
        """The notice in ``lang``, criterion titles between quotes."""
        filled = {name: value.get(lang, "") if isinstance(value, dict) else value
                  for name, value in self.values.items()}
        if "title" in filled:
            filled["title"] = strings.text(lang, "quoted", text=filled["title"])
        if "status" in filled:
            # The status marking starts with a capital in the document, not mid-sentence.
            status = strings.text(lang, filled["status"], replaced_by=filled.get("replaced_by") or "")
            filled["status"] = status[:1].lower() + status[1:]
        return strings.text(lang, self.key, **filled)

    def to_json(self) -> dict:
        """The JSON shape kit-writer.js gives its warnings too."""
        return {"key": self.key, "values": dict(self.values)}


def status_key(status: str, replaced_by: str | None = None) -> str | None:
    """The ``status.*`` string marking an unpublished criterion; None when published."""
    if status == "draft":
        return "status.draft"
    if status == "deprecated":
        return "status.deprecated" if replaced_by else "status.deprecated_plain"
    return None if status == "published" else "status.draft"


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


@dataclass(frozen=True)
class CodeEntry:
    """A classification code the kit lists: CPV or an eForms code."""

    scheme: str  # "CPV" or an eForms business term such as "BT-774"
    code: str
    label: dict | None  # {lang: label}, None when no label is known


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


@dataclass
class Section:
    """The items of one criterion type, under its heading."""

    type: str
    heading: dict
    items: list


@dataclass
class Kit:
    """A whole tender kit for one level and one or two languages."""

    langs: tuple
    level: str
    level_label: dict
    title: dict
    subtitle: dict
    sections: list
    product_groups: list  # codes of the product groups being bought (see purchase_groups)
    groups_label: dict  # {lang: their labels, joined with ", "}
    cpv: list  # their CPV codes (CodeEntry), main codes first
    eforms: list
    warnings: list
    version: str | None = None
    date: str | None = None

    @property
    def items(self) -> list:
        """All items in document order."""
        return [item for section in self.sections for item in section.items]

    @property
    def grid(self) -> list:
        """Award items, for the evaluation grid."""
        return [item for item in self.items if item.type == "award"]

    @property
    def grid_total(self) -> int:
        return sum(item.weight or 0 for item in self.grid)


@dataclass
class Selection:
    """Criteria chosen for a kit, with warnings for the user."""

    criteria: list
    warnings: list
    level: str
    product_group: str | None = None
    explicit: bool = False


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


def select(repo, ids=None, product_group: str | None = None, level: str = "essential") -> Selection:
    """The criteria of a kit, in document order.

    Without ``ids``: published criteria whose ``levels`` include ``level`` and,
    when given, whose ``product_groups`` include ``product_group``. With
    ``ids``: exactly those criteria (any status, with a warning for unpublished
    ones); an id that does not apply at ``level`` is left out with a warning.
    Raises ``ExportError`` for an unknown level or product group and
    ``UnknownIdsError`` for unknown identifiers.
    """
    codelists = repo_codelists(repo)
    check_options(codelists, level, product_group)
    criteria = usable_records(repo)
    warnings: list[Notice] = []
    if ids is None:
        chosen = [
            r for r in criteria
            if r.get("status") == "published" and level in r.get("levels", [])
            and (product_group is None or product_group in r.get("product_groups", []))
        ]
    else:
        chosen = _explicit(criteria, list(ids), level, product_group, warnings, codelists)
    chosen.sort(key=lambda r: sort_key(r.data, codelists))
    return Selection(chosen, warnings, level, product_group, explicit=ids is not None)


def _explicit(criteria, ids, level, product_group, warnings, codelists) -> list:
    by_id = {r.id: r for r in criteria}
    unknown = []
    for position, ident in enumerate(ids, start=1):
        if ident not in by_id:
            guess = difflib.get_close_matches(ident, list(by_id), n=1)
            unknown.append((position, ident, guess[0] if guess else None))
    if unknown:
        raise UnknownIdsError(unknown)
    chosen = []
    for ident in dict.fromkeys(ids):  # keep each id once
        record = by_id[ident]
        status = record.get("status")
        levels = record.get("levels", [])
        title = dict(record.get("title") or {})
        if level not in levels:
            listed = {lang: ", ".join(label(codelists, "levels", code, lang) for code in levels) for lang in LANGS}
            warnings.append(Notice("warn.not_at_level", {"title": title, "level": labels(codelists, "levels", level),
                                                         "levels": listed}))
            continue
        if status != "published":
            warnings.append(Notice("warn.unpublished", {"title": title, "status": status_key(status, record.get(
                "replaced_by")), "replaced_by": record.get("replaced_by")}))
        if product_group and product_group not in record.get("product_groups", []):
            warnings.append(Notice("warn.not_in_group", {
                "title": title, "group": labels(codelists, "product-groups", product_group)}))
        chosen.append(record)
    return chosen


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
        blocks.append(paragraph(Run(strings.text(lang, "labels_accepted"), bold=True), "; ".join(parts) + "."))
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


def _scope(codelists: dict, product_group, explicit: bool, lang: str) -> str:
    if product_group:
        return label(codelists, "product-groups", product_group, lang)
    if explicit:
        return strings.text(lang, "custom_selection")
    return strings.text(lang, "all_groups")


def purchase_groups(items, codelists: dict, product_group: str | None = None) -> list[str]:
    """The product groups being bought: the one chosen, else the groups every item applies
    to (codelist order). Empty when the items share no group (a mixed selection)."""
    if product_group:
        return [product_group]
    if not items:
        return []
    common = set(items[0].product_groups).intersection(*(item.product_groups for item in items[1:]))
    return [code for code in codelists["product-groups"].codes_list() if code in common]


def purchase_cpv(groups, codelists: dict, langs=LANGS) -> list:
    """The CPV codes of the product groups being bought, each group's main code first,
    each code once. Not the union of the criteria's own tags: a notebooks kit must not
    tell the buyer to put printers or servers in the notice."""
    codes = []
    for group in groups:
        entry = codelists["product-groups"].get(group)
        codes.extend(code for code in (entry.cpv if entry else ()) if code not in codes)
    return [CodeEntry("CPV", code, _cpv_label(codelists, code, langs)) for code in codes]


def eforms_codes(items, codelists: dict, langs=LANGS) -> list:
    """eForms codes of the items (field order, then codelist order)."""
    eforms = []
    for key, term, list_id in EFORMS_FIELDS:
        used = {code for item in items for code in item.eforms.get(key, [])}
        for code in sorted(used, key=lambda c: code_rank(codelists, list_id, c)):
            eforms.append(CodeEntry(term, code, labels(codelists, list_id, code, langs)))
    return eforms


def _cpv_label(codelists: dict, code: str, langs) -> dict | None:
    # No CPV vocabulary ships today; a schema/codelists/cpv.yaml would be used.
    codelist = codelists.get("cpv")
    entry = codelist.get(code) if codelist else None
    return {lang: entry.label[lang] for lang in langs} if entry else None


def build_kit(repo, criteria, level: str, langs=("fr",), *, product_group: str | None = None,
              version: str | None = None, date: str | None = None, warnings=()) -> Kit:
    """A tender kit from selected criteria.

    ``criteria`` is a ``Selection`` (its warnings and product group are used)
    or any sequence of criterion records (sorted into document order here).
    ``version`` and ``date`` describe the knowledge-base edition and are only
    printed when given, so a kit never depends on the current time.
    """
    codelists = repo_codelists(repo)
    langs = tuple(langs)
    explicit = True
    warnings = list(warnings)
    if isinstance(criteria, Selection):
        warnings = criteria.warnings + warnings
        product_group = product_group or criteria.product_group
        explicit = criteria.explicit
        criteria = criteria.criteria
    records = sorted(criteria, key=lambda r: sort_key(r.data, codelists))
    names = label_names(repo)
    register = register_index(repo.of_kind("provision"))
    acts = eu_acts(repo)
    items = [build_item(r, level, codelists, langs, names, register, acts) for r in records]
    for item in items:
        for name in item.missing:
            warnings.append(Notice("warn.missing_value", {"title": dict(item.title), "name": name,
                                                          "level": labels(codelists, "levels", level, langs)}))
    sections = []
    for ctype in type_order(codelists):
        in_type = [item for item in items if item.type == ctype]
        if in_type:
            sections.append(Section(ctype, section_heading(codelists, ctype, langs), in_type))
    groups = purchase_groups(items, codelists, product_group)
    level_label = labels(codelists, "levels", level, langs)
    return Kit(
        langs=langs, level=level, level_label=level_label,
        title={lang: strings.text(lang, "kit_title") for lang in langs},
        subtitle={lang: strings.text(lang, "subtitle", scope=_scope(codelists, product_group, explicit, lang),
                                     level=level_label[lang]) for lang in langs},
        sections=sections, product_groups=groups,
        groups_label={lang: ", ".join(label(codelists, "product-groups", g, lang) for g in groups) for lang in langs},
        cpv=purchase_cpv(groups, codelists, langs),
        eforms=eforms_codes(items, codelists, langs), warnings=warnings, version=version, date=date,
    )


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

    return {"title": plain(source.title), "publisher": plain(source.publisher), "url": plain(source.url),
            "code": plain(source.code), "date": source.date}


def code_to_json(entry: CodeEntry) -> dict:
    return {"scheme": entry.scheme, "code": entry.code, "label": dict(entry.label) if entry.label else None}


def kit_to_json(kit: Kit) -> dict:
    """The kit as JSON data: the shape ``assembleKit`` returns in the browser."""
    return {
        "langs": list(kit.langs), "level": kit.level, "level_label": dict(kit.level_label),
        "title": dict(kit.title), "subtitle": dict(kit.subtitle),
        "sections": [{"type": s.type, "heading": dict(s.heading), "items": [item_to_json(i) for i in s.items]}
                     for s in kit.sections],
        "product_groups": list(kit.product_groups), "groups_label": dict(kit.groups_label),
        "cpv": [code_to_json(c) for c in kit.cpv],
        "eforms": [code_to_json(c) for c in kit.eforms],
        "version": kit.version, "date": kit.date,
        "strings": {lang: dict(strings.STRINGS[lang]) for lang in kit.langs},
    }
