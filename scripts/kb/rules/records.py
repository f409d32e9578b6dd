"""Rules on the structure of one record: file name, folder, levels, history…"""

from __future__ import annotations

from ..export.sources import act_name, act_reference
from .base import Finding, is_id, rule, strings

# Where each criterion type belongs in a Belgian tender document.
PLACEMENTS_BY_TYPE = {
    "exclusion": {"exclusion-grounds"},
    "selection": {"selection-criteria"},
    "technical-specification": {"technical-specifications", "lots-and-variants"},
    "award": {"award-criteria"},
    "contract-performance": {"execution-conditions"},
}


@rule("id-filename", "record", "The id equals the file name without .yaml.")
def check_id_filename(record, ctx):
    value = record.data.get("id")
    if is_id(value) and value != record.stem:
        yield Finding(record, ("id",), f"id {value!r} differs from the file name {record.stem!r}",
                      f"rename the file to {value}.yaml or change the id (ids of published records never change)")


@rule("folder", "record", "The file lives in the folder of its kind (criteria: criteria/<theme>/).")
def check_folder(record, ctx):
    folder = record.path.rsplit("/", 1)[0] if "/" in record.path else ""
    expected = record.kind.folder_for(record.data)
    if folder != expected:
        path = (record.kind.nested_by,) if record.kind.nested_by else ("id",)
        yield Finding(record, path, f"file is in {folder}/ but belongs in {expected}/",
                      f"move the file to {expected}/{record.stem}.yaml")


@rule("levels", "record", "Every parameter and award weight has a value for exactly the levels listed.")
def check_levels(record, ctx):
    if record.kind.name != "criterion":
        return
    levels = record.data.get("levels")
    if not isinstance(levels, list):
        return
    wanted = set(v for v in levels if isinstance(v, str))
    params = record.data.get("parameters")
    blocks = []
    if isinstance(params, dict):
        blocks += [
            (("parameters", name, "values"), p.get("values")) for name, p in params.items() if isinstance(p, dict)
        ]
    award = record.data.get("award")
    if isinstance(award, dict):
        blocks.append((("award", "weights"), award.get("weights")))
    for path, values in blocks:
        if not isinstance(values, dict):
            continue
        missing = sorted(wanted - set(values), key=levels.index)
        extra = sorted(set(values) - wanted)
        if missing:
            yield Finding(record, path, f"no value for level(s) {', '.join(missing)}",
                          "give one value for each level listed under levels")
        if extra:
            yield Finding(record, path, f"value for level(s) {', '.join(extra)} not listed under levels",
                          "add the level to levels, or remove the value")


@rule("history", "record", "History is dated in order and its last entry carries the current version.")
def check_history(record, ctx):
    history = record.data.get("history")
    if not isinstance(history, list) or not history:
        return
    entries = [h for h in history if isinstance(h, dict)]
    dates = [h.get("date") for h in entries if isinstance(h.get("date"), str)]
    if dates != sorted(dates):
        yield Finding(record, ("history",), "history entries are not in date order", "list changes oldest first")
    version = record.data.get("version")
    last = entries[-1].get("version") if entries else None
    if isinstance(version, str) and isinstance(last, str) and version != last:
        yield Finding(record, ("version",), f"version {version} differs from the last history entry ({last})",
                      "add a history entry for this version, or correct the version")
    reviewed = record.data.get("last_reviewed")
    if isinstance(reviewed, str) and dates and reviewed < dates[-1]:
        yield Finding(
            record,
            ("last_reviewed",),
            f"last_reviewed {reviewed} is older than the last change ({dates[-1]})",
            "a change implies a review: update last_reviewed",
        )


@rule("eforms", "record", "eForms codes are consistent: env-imp with BT-774 codes, soc-obj with BT-775 codes.")
def check_eforms(record, ctx):
    eforms = record.data.get("eforms")
    if not isinstance(eforms, dict):
        return
    strategic = set(strings(eforms.get("strategic_procurement")))
    pairs = (("env-imp", "environmental_impact"), ("soc-obj", "social_objective"))
    for code, field in pairs:
        has = bool(eforms.get(field))
        if code in strategic and not has:
            yield Finding(record, ("eforms", field), f"BT-06 says {code} but {field} is empty",
                          f"add at least one {field} code, or remove {code}")
        if has and code not in strategic:
            yield Finding(record, ("eforms", "strategic_procurement"), f"{field} is set but BT-06 lacks {code}",
                          f"add {code} to strategic_procurement")
    if eforms.get("gpp_criteria") and "env-imp" not in strategic:
        yield Finding(record, ("eforms", "gpp_criteria"), "gpp_criteria is only meaningful with env-imp", "")


@rule("placement", "record", "The placement in the tender document fits the criterion type.")
def check_placement(record, ctx):
    ctype, placement = record.data.get("type"), record.data.get("placement")
    allowed = PLACEMENTS_BY_TYPE.get(ctype) if isinstance(ctype, str) else None
    if allowed and isinstance(placement, str) and placement not in allowed:
        yield Finding(record, ("placement",), f"a {ctype} criterion does not go under {placement}",
                      "use " + " or ".join(sorted(allowed)))


@rule("baseline-act", "record",
      "A legal act in legal_baseline is an EU act reference the pages translate, or is written in French and Dutch.")
def check_baseline_act(record, ctx):
    for index, entry in enumerate(record.data.get("legal_baseline") or []):
        act = entry.get("act") if isinstance(entry, dict) else None
        if isinstance(act, str) and act_name(act, "fr") is None:
            yield Finding(record, ("legal_baseline", index, "act"), f"'{act}' would stay in one language on both pages",
                          "write only the act's reference ('Regulation (EU) 2023/1670', 'Directive 2012/19/EU'), "
                          "or give the name in French and Dutch (act: {fr: …, nl: …})")


@rule("legislation-act", "record",
      "A legal act's record starts its act with an EU act reference, which the French and Dutch pages translate.")
def check_legislation_act(record, ctx):
    act = record.data.get("act")
    if record.kind.name == "legislation" and isinstance(act, str) and act_reference(act, "fr") is None:
        yield Finding(record, ("act",), f"'{act[:60]}' would stay in English on the French and Dutch pages",
                      "start with the act's reference as EUR-Lex writes it in English ('Regulation (EU) 2023/1670', "
                      "'Directive 2012/19/EU'); an acronym or amendment may follow")


@rule("equivalent-proof", "record", "A criterion that accepts labels says which equivalent proof to accept.")
def check_equivalent_proof(record, ctx):
    if record.kind.name == "criterion" and record.data.get("labels") and not record.data.get("equivalent_proof"):
        yield Finding(record, ("labels",), "labels are listed but equivalent_proof is missing",
                      "art. 54 of the law of 17 June 2016: say which other proof the buyer accepts", at_key=True)


@rule("gpp-source", "record", "A criterion marked as following EU GPP cites the EU GPP code it follows.")
def check_gpp_source(record, ctx):
    eforms = record.data.get("eforms")
    if not isinstance(eforms, dict) or "eu" not in strings(eforms.get("gpp_criteria")):
        return
    sources = record.data.get("sources")
    codes = [s.get("code", "") for s in sources if isinstance(s, dict)] if isinstance(sources, list) else []
    if not any(isinstance(c, str) and c.startswith("EU GPP") for c in codes):
        yield Finding(record, ("sources",), "gpp_criteria says eu but no source has an 'EU GPP …' code",
                      "add code: \"EU GPP 2021 TS1\" (or the right set and code) to the EU source", at_key=True)


DATA_CENTRE_GROUPS = {"servers-storage", "network-equipment", "data-centres", "cloud-services"}


@rule("routes", "record", "Data-centre routes are given only for server, network, data-centre and cloud criteria.")
def check_routes(record, ctx):
    routes, groups = record.data.get("routes"), record.data.get("product_groups")
    if routes and isinstance(groups, list) and not DATA_CENTRE_GROUPS & set(groups):
        yield Finding(record, ("routes",), "routes apply only to data-centre, server, network or cloud criteria",
                      "remove routes, or add the product group the route concerns", at_key=True)


@rule("core-for", "record", "A criterion is core only for product groups it applies to, and only when published.")
def check_core_for(record, ctx):
    core, groups = record.data.get("core_for"), record.data.get("product_groups")
    if not isinstance(core, list) or not isinstance(groups, list):
        return
    outside = [g for g in core if g not in groups]
    if outside:
        yield Finding(record, ("core_for",), f"core_for lists {', '.join(map(str, outside))}, not in product_groups",
                      "core_for may only name product groups the criterion applies to", at_key=True)
    if record.data.get("status") != "published":
        yield Finding(record, ("core_for",), "a draft or deprecated criterion cannot be in a recommended core set",
                      "remove core_for, or publish the criterion first", at_key=True)
