// kit/assemble.js: assembly (kit-writer.js), which criteria, in which order, with which
// warnings and codes; the buyer's values; the kit data joined from its parts; file names.

import { format, paragraph, pick, text, unique } from "./common.js";

/**
 * Build a kit from kit-data.json.
 * @param {object} kitData  parsed kit-data.json
 * @param {string[]|null} ids  criterion ids of a basket, or null for "all published at this level"
 * @param {string} level  essential | advanced | frontrunner
 * @param {string[]} langs  ["fr"], ["nl"] or ["fr", "nl"] (French left)
 * @param {{productGroup?: string, version?: string, date?: string, values?: object}} options
 *   values: {criterionId: {parameterName: raw value}} the buyer changed (see acceptValue)
 * @returns {object} the kit; kit.warnings lists ids left out and why
 */
export function assembleKit(kitData, ids, level, langs, options = {}) {
  const levelEntry = kitData.levels.find((l) => l.code === level);
  if (!levelEntry) throw new Error(`unknown level ${JSON.stringify(level)}`);
  langs = ["fr", "nl"].filter((lang) => langs.includes(lang));
  if (!langs.length) throw new Error("langs must contain fr, nl or both");
  const productGroup = options.productGroup || null;
  const wanted = ids ? new Set(ids) : null;
  const levelLabels = Object.fromEntries(kitData.levels.map((l) => [l.code, l.label]));
  // Warnings per id, given in the basket's order.
  const notes = new Map();
  const note = (id, key, values) => {
    if (!notes.has(id)) notes.set(id, []);
    notes.get(id).push({ key, values });
  };
  const items = [];
  // kitData.criteria (published) and kitData.unpublished (drafts, deprecated) are each in
  // document order (type, placement, theme, id); "rank" merges them. Without ids only
  // published criteria; with ids any status (printed under a marking, with a warning).
  const pool = wanted
    ? kitData.criteria.concat(kitData.unpublished || []).sort((a, b) => a.rank - b.rank)
    : kitData.criteria;
  for (const criterion of pool) {
    if (wanted && !wanted.has(criterion.id)) continue;
    if (!wanted && productGroup && !criterion.product_groups.includes(productGroup)) continue;
    const atLevel = criterion.levels[level];
    const title = criterion.title;
    if (!atLevel) {
      if (wanted) {
        const listed = {};
        for (const lang of ["fr", "nl"]) {
          listed[lang] = Object.keys(criterion.levels).map((code) => (levelLabels[code] || {})[lang] || code).join(", ");
        }
        note(criterion.id, "warn.not_at_level", { title, level: levelEntry.label, levels: listed });
      }
      continue;
    }
    if (criterion.status !== "published") {
      const status = statusKey(criterion.status, criterion.replaced_by);
      note(criterion.id, "warn.unpublished", { title, status, replaced_by: criterion.replaced_by });
    }
    if (wanted && productGroup && !criterion.product_groups.includes(productGroup)) {
      const group = kitData.product_groups.find((g) => g.code === productGroup);
      note(criterion.id, "warn.not_in_group", { title, group: group ? group.label : productGroup });
    }
    const changed = chosenValues(kitData, criterion, level, (options.values || {})[criterion.id], note);
    items.push(makeItem(criterion, atLevel, langs, changed, kitData.strings));
  }
  const warnings = [];
  for (const id of wanted || []) {
    const known = pool.some((c) => c.id === id);
    if (!known) warnings.push({ key: "warn.unknown", values: { id } });
    else warnings.push(...(notes.get(id) || []));
  }
  if (!wanted) for (const found of notes.values()) warnings.push(...found);  // a whole level: refused values
  const strings = pick(kitData.strings, langs);
  const kit = { langs, strings };
  const scope = {};
  for (const lang of langs) {
    if (productGroup) {
      const group = kitData.product_groups.find((g) => g.code === productGroup);
      scope[lang] = group ? group.label[lang] : productGroup;
    } else {
      scope[lang] = text(kit, lang, ids ? "custom_selection" : "all_groups");
    }
  }
  const levelLabel = pick(levelEntry.label, langs);
  const sections = kitData.sections
    .map((s) => ({ type: s.type, heading: pick(s.heading, langs), items: items.filter((i) => i.type === s.type) }))
    .filter((s) => s.items.length);
  const groups = purchaseGroups(kitData, items, productGroup);
  const groupLabels = groups.map((code) => kitData.product_groups.find((g) => g.code === code));
  return {
    langs,
    level,
    level_label: levelLabel,
    title: Object.fromEntries(langs.map((lang) => [lang, text(kit, lang, "kit_title")])),
    subtitle: Object.fromEntries(
      langs.map((lang) => [lang, text(kit, lang, "subtitle", { scope: scope[lang], level: levelLabel[lang] })]),
    ),
    sections,
    product_groups: groups,
    groups_label: Object.fromEntries(
      langs.map((lang) => [lang, groupLabels.map((g, i) => (g ? g.label[lang] : groups[i])).join(", ")]),
    ),
    cpv: purchaseCpv(kitData, groups, langs),
    eforms: eformsCodes(kitData, items, langs),
    version: options.version ?? kitData.version ?? null,
    date: options.date ?? kitData.build_date ?? null,
    strings,
    language_tags: kitData.language_tags,
    warnings,
  };
}

/**
 * The kit-data.json document from its parts (kit/common.json and the kit/<id>.json of the
 * criteria a basket holds; kb.export.opendata.kit_parts writes them): the basket downloads
 * only what its selection needs. An id without a part (null) is left out: assembleKit then
 * reports it as unknown.
 */
export function joinKitData(common, parts) {
  const found = parts.filter(Boolean).sort((a, b) => a.rank - b.rank);
  return {
    ...common,
    criteria: found.filter((c) => c.status === "published"),
    unpublished: found.filter((c) => c.status !== "published"),
  };
}

/**
 * The name of a kit file in the page's language: "clauses-tic-durables-avance-fr-nl.docx",
 * "duurzame-ict-clausules-gevorderd-nl.odt" (the level's name as kit-data.json spells it).
 */
export function fileName(kitData, pageLang, level, langs, ext) {
  const entry = kitData.levels.find((l) => l.code === level);
  const slug = entry && entry.slug ? entry.slug[pageLang] : level;
  return `${format(kitData.strings[pageLang].file_name, { level: slug, langs: langs.join("-") })}.${ext}`;
}

/** The "status.*" string marking an unpublished criterion; null when published */
export function statusKey(status, replacedBy) {
  if (status === "published") return null;
  if (status === "deprecated") return replacedBy ? "status.deprecated" : "status.deprecated_plain";
  return "status.draft";
}

/**
 * A warning of assembleKit in one language, from the
 * fixed strings of kit-data.json: the basket shows it in the page's language.
 */
export function warningText(warning, strings, lang) {
  const table = strings[lang];
  const filled = {};
  for (const [name, value] of Object.entries(warning.values)) {
    filled[name] = value && typeof value === "object" ? value[lang] || "" : value;
  }
  if ("title" in filled) filled.title = format(table.quoted, { text: filled.title });
  if ("status" in filled) {
    const status = format(table[filled.status], { replaced_by: filled.replaced_by || "" });
    filled.status = status.slice(0, 1).toLowerCase() + status.slice(1);
  }
  return format(table[warning.key], filled);
}

/** A parameter value as text in a language (a number, a neutral text or {fr, nl}). */
export function valueText(value, lang) {
  return value !== null && typeof value === "object" ? value[lang] || "" : String(value);
}

/**
 * A value a buyer gives for an editable parameter (from the basket or `kb export kit --set`),
 * checked against what the record allows: list, an option's number (1, 2 …) or its text in
 * French or Dutch; range, a whole number from min to max; free, any text of 1 to 200
 * characters. Returns the value, or null when it is not allowed.
 */
export function acceptValue(parameter, raw) {
  const editable = parameter && parameter.editable;
  const given = String(raw ?? "").trim();
  if (!editable || !given) return null;
  if (editable.kind === "list") {
    const options = editable.options || [];
    if (/^\d+$/.test(given) && Number(given) >= 1 && Number(given) <= options.length) return options[Number(given) - 1];
    return options.find((o) => ["fr", "nl"].some((lang) => valueText(o, lang) === given)) ?? null;
  }
  if (editable.kind === "range") {
    const number = /^-?\d+$/.test(given) ? Number(given) : NaN;
    return number >= editable.min && number <= editable.max ? number : null;
  }
  return editable.kind === "free" && given.length <= 200 ? given : null;
}

/** The values the buyer changed for one criterion that the record allows: {name: value}. */
function chosenValues(kitData, criterion, level, given, note) {
  const changed = {};
  for (const [name, raw] of Object.entries(given || {})) {
    const parameter = (criterion.parameters || {})[name];
    const value = acceptValue(parameter, raw);
    if (value === null) {
      const label = parameter ? parameter.label : { fr: name, nl: name };
      note(criterion.id, "warn.value_refused", { title: criterion.title, label, value: String(raw) });
      continue;
    }
    const levelValue = (parameter.values || {})[level];
    if (JSON.stringify(value) !== JSON.stringify(levelValue)) changed[name] = { value, label: parameter.label };
  }
  return changed;
}

/**
 * Blocks with the changed values put in (in italics, so the reader sees them) and, after
 * the text, one line per changed value naming who set it; runs of the same formatting
 * joined again (the parameter marks are not needed after this).
 */
function withValues(blocks, changed, lang, strings, withNotes) {
  const out = (blocks || []).map((block) => ({
    ...block,
    runs: mergeRuns(block.runs.map((run) => (run.param && changed[run.param]
      ? { ...run, text: valueText(changed[run.param].value, lang), italic: true }
      : run))),
  }));
  if (withNotes && strings) {
    for (const { value, label } of Object.values(changed)) {
      out.push(paragraph({
        text: format(strings[lang].value_set, { label: label[lang], value: valueText(value, lang) }),
        italic: true,
      }));
    }
  }
  return out;
}

function mergeRuns(runs) {
  const out = [];
  for (const { param: _param, ...run } of runs) {
    const last = out[out.length - 1];
    if (last && !!last.bold === !!run.bold && !!last.italic === !!run.italic && last.link === run.link) {
      last.text += run.text;
    } else out.push({ ...run });
  }
  return out;
}

function makeItem(criterion, atLevel, langs, changed = {}, strings = null) {
  const blocks = (byLang, withNotes) => Object.fromEntries(
    Object.entries(pick(byLang, langs)).map(([lang, b]) => [lang, withValues(b, changed, lang, strings, withNotes)]),
  );
  return {
    id: criterion.id,
    version: criterion.version,
    status: criterion.status,
    type: criterion.type,
    theme: criterion.theme,
    placement: criterion.placement,
    replaced_by: criterion.replaced_by,
    title: pick(criterion.title, langs),
    clause: blocks(atLevel.clause, true),
    weight: atLevel.weight,
    scoring: blocks(atLevel.scoring, false),
    evidence: pick(criterion.evidence, langs),
    legal: criterion.legal.map((ref) => ({
      ...ref,
      label: pick(ref.label, langs),
      title: ref.title ? pick(ref.title, langs) : ref.title,
      why: ref.why ? pick(ref.why, langs) : ref.why,
    })),
    // EU acts the knowledge base describes carry {fr, nl} parts: keep the kit's languages.
    sources: criterion.sources.map((source) => Object.fromEntries(
      Object.entries(source).map(([k, v]) => [k, v && typeof v === "object" ? pick(v, langs) : v]),
    )),
    cpv: criterion.cpv,
    product_groups: criterion.product_groups,
    eforms: criterion.eforms,
  };
}

/**
 * The product groups being bought: the one chosen, else the
 * groups every item applies to, in codelist order; empty for a mixed selection.
 */
function purchaseGroups(kitData, items, productGroup) {
  if (productGroup) return [productGroup];
  if (!items.length) return [];
  return kitData.product_groups
    .map((g) => g.code)
    .filter((code) => items.every((item) => item.product_groups.includes(code)));
}

/** Their CPV codes, each group's main code first, each code once. */
function purchaseCpv(kitData, groups, langs) {
  const codes = unique(groups.flatMap((code) => {
    const group = kitData.product_groups.find((g) => g.code === code);
    return group ? group.cpv : [];
  }));
  return codes.map((code) => ({
    scheme: "CPV",
    code,
    label: kitData.cpv_labels[code] ? pick(kitData.cpv_labels[code], langs) : null,
  }));
}

/** eForms codes used by the items (field order, then codelist order). */
function eformsCodes(kitData, items, langs) {
  const eforms = [];
  for (const field of kitData.eforms_fields) {
    const used = new Set(items.flatMap((i) => i.eforms[field.key] || []));
    const known = field.codes.filter((c) => used.has(c.code));
    for (const c of known) eforms.push({ scheme: field.term, code: c.code, label: pick(c.label, langs) });
    for (const code of [...used].filter((u) => !known.some((c) => c.code === u)).sort()) {
      eforms.push({ scheme: field.term, code, label: Object.fromEntries(langs.map((l) => [l, code])) });
    }
  }
  return eforms;
}
