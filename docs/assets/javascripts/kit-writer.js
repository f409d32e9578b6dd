// kit-writer.js: the one tender-kit writer.
//
// The site's basket runs it in the browser; `kb export kit` runs the same module under
// Node.js (scripts/kb/export/kit_node.mjs), so both doors give the same bytes. An ES module
// with one vendored library (fflate, for DEFLATE) and no network. It reads the kit data the
// site publishes (data/kit-data.json, or its parts under data/kit/; Python module
// kb.export.opendata.kit_data): every criterion with its texts already parsed into blocks,
// per level and per language (drafts and deprecated ones apart). This module decides what a
// kit contains and how it is laid out, and writes it:
//
//   assembleKit(kitData, ids, level, langs, options) -> kit
//   toDocx(kit) -> Uint8Array      Word (.docx)
//   toOdt(kit)  -> Uint8Array      OpenDocument text (.odt)
//   toMarkdown(kit) -> string      Markdown
//   toText(kit) -> string          plain text
//
// Blocks: {kind: "paragraph"|"item", runs: [{text, bold?, italic?, link?}],
//          level?, marker?, lang?}. Items without marker are bullets; a marker
// ("2.") is printed as written.

import { zipSync } from "./vendor/fflate.js";

// ---------------------------------------------------------------------------
// Small helpers

/** Fill "{name}" slots of a fixed string. */
function format(template, values = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** One fixed string in a language. */
function text(kit, lang, key, values) {
  return format(kit.strings[lang][key], values);
}

/** The same fixed string in every language of the kit, joined with " / " (duplicates once). */
function joined(kit, key, values) {
  return unique(kit.langs.map((lang) => text(kit, lang, key, values))).join(" / ");
}

function unique(list) {
  return [...new Set(list)];
}

/** Keep only the kit's languages of a {fr, nl} object. */
function pick(byLang, langs) {
  const out = {};
  for (const lang of langs) if (byLang && lang in byLang) out[lang] = byLang[lang];
  return out;
}

function paragraph(...runs) {
  return {
    kind: "paragraph",
    runs: runs.map((r) => (typeof r === "string" ? { text: r } : r)).filter((r) => r && r.text),
  };
}

/**
 * French typography in text taken from the records: a no-break space, not a plain one,
 * before ; : ! ? and », and after «, so a line never starts with the sign. Only a plain
 * space is replaced: addresses (https://) and times (10:30) are left as they are.
 */
export function typography(value, lang) {
  if (lang !== "fr" || typeof value !== "string") return value;
  return value.replace(/ ([;:!?»])/g, "\u00a0$1").replace(/« /g, "«\u00a0");
}

function withLang(block, lang) {
  const out = { ...block };
  if (lang) out.lang = lang;
  else delete out.lang;
  if (lang === "fr") out.runs = block.runs.map((run) => ({ ...run, text: typography(run.text, lang) }));
  return out;
}

function bold(value, lang) {
  return withLang(paragraph({ text: value, bold: true }), lang);
}

// ---------------------------------------------------------------------------
// Assembly: which criteria, in which order, with which warnings and codes

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

// ---------------------------------------------------------------------------
// Layout: the kit as headings, paragraphs and tables, French and Dutch side by side

const EVIDENCE_COLUMNS = [["criterion", false, 25], ["evidence", true, 50], ["attached", false, 25]];
// Widths leave room for the longest header word at 9 pt ("Pondération", "Beoordelingsmethode",
// "Toegekende") in French and Dutch side by side: a header word is never cut.
const GRID_COLUMNS = [["criterion", false, 22], ["weight", false, 24], ["scoring", true, 38], ["points", false, 20]];
const ANNEX_COLUMNS = [["criterion", false, 25], ["legal", true, 40], ["sources", false, 35]];
const CPV_COLUMNS = [["code", false, 25], ["label", true, 75]];
const EFORMS_COLUMNS = [["field", false, 20], ["code", false, 20], ["label", true, 60]];

/** Every element of the kit document: headings, paragraphs and tables, in order. */
export function layoutKit(kit) {
  const items = kit.sections.flatMap((s) => s.items);
  const grid = items.filter((i) => i.type === "award");
  const numbers = clauseNumbers(kit);
  let out = front(kit);
  if (!items.length) {
    out = out.concat(parallel(kit, perLang(kit, (lang) => [paragraph(text(kit, lang, "empty"))])));
  }
  kit.sections.forEach((section, at) => {
    out.push({ type: "heading", level: 1, text: `${at + 1}. ${joinTexts(kit, section.heading)}` });
    for (const item of section.items) out = out.concat(itemElements(kit, item, numbers.get(item)));
  });
  if (items.length) out = out.concat(evidence(kit, items, numbers));
  if (grid.length) out = out.concat(evaluation(kit, grid, numbers));
  if (items.length) out = out.concat(annex(kit, items, numbers), codesPart(kit));
  return out.concat(licence(kit));
}

/**
 * Clause numbers: section 1, 2 … in document order, clause 1.1, 1.2 … within it. The
 * evidence checklist, the evaluation grid and the annex refer to clauses by them.
 */
function clauseNumbers(kit) {
  const numbers = new Map();
  kit.sections.forEach((section, at) => {
    section.items.forEach((item, index) => numbers.set(item, `${at + 1}.${index + 1}`));
  });
  return numbers;
}

function perLang(kit, fn) {
  return Object.fromEntries(kit.langs.map((lang) => [lang, fn(lang)]));
}

function joinTexts(kit, texts) {
  return unique(kit.langs.map((lang) => typography(texts[lang], lang))).join(" / ");
}

function tagged(blocks, lang) {
  return (blocks || []).map((b) => withLang(b, lang));
}

function parallel(kit, cells, style = "body") {
  if (kit.langs.length === 1) {
    const lang = kit.langs[0];
    return tagged(cells[lang], lang).map((block) => ({ type: "para", block, style }));
  }
  const row = kit.langs.map((lang) => tagged(cells[lang], lang));
  const width = Math.floor(100 / kit.langs.length);
  return [{ type: "table", header: null, rows: [row], widths: kit.langs.map(() => width), parallel: true }];
}

function table(kit, columns, rows) {
  const header = [];
  const widths = [];
  for (const [key, perLanguage, width] of columns) {
    if (perLanguage) {
      for (const lang of kit.langs) {
        header.push([bold(text(kit, lang, `col.${key}`), lang)]);
        widths.push(width);
      }
    } else {
      header.push([bold(joined(kit, `col.${key}`))]);
      widths.push(width);
    }
  }
  const body = rows.map((row) => {
    const cells = [];
    for (const [key, perLanguage] of columns) {
      if (perLanguage) for (const lang of kit.langs) cells.push(tagged((row[key] || {})[lang] || [], lang));
      else cells.push(row[key] || []);
    }
    return cells;
  });
  return { type: "table", header, rows: body, widths: normalise(widths), parallel: false };
}

function normalise(widths) {
  const total = widths.reduce((a, b) => a + b, 0);
  const scaled = widths.map((w) => Math.floor((w * 100) / total));
  scaled[scaled.length - 1] += 100 - scaled.reduce((a, b) => a + b, 0);
  return scaled;
}

function reference(kit, item) {
  return `[${item.id} v${item.version}]`;
}

/** Bold line under the reference of an unpublished criterion (as layout.status_marking). */
function statusMarking(kit, item) {
  const key = statusKey(item.status, item.replaced_by);
  if (!key) return [];
  const line = kit.langs
    .map((lang) => text(kit, lang, "status_line", {
      status: text(kit, lang, key, { replaced_by: item.replaced_by || "" }),
      check: text(kit, lang, "status_check"),
    }))
    .join(" / ");
  return [{ type: "para", block: bold(line), style: "note" }];
}

/** A criterion in a table: its clause number, then its title per language. */
function criterionCell(kit, item, number) {
  return [bold(number)].concat(kit.langs.map((lang) => withLang(paragraph(item.title[lang]), lang)));
}

function front(kit) {
  let out = [
    { type: "heading", level: 0, text: joinTexts(kit, kit.title) },
    { type: "para", block: paragraph(joinTexts(kit, kit.subtitle)), style: "subtitle" },
  ];
  if (kit.version) {
    const key = kit.date ? "edition_dated" : "edition";
    out.push({ type: "para", block: paragraph(joined(kit, key, { version: kit.version, date: kit.date })), style: "note" });
  }
  return out.concat(parallel(kit, perLang(kit, (lang) => [paragraph(text(kit, lang, "intro"))])));
}

function itemElements(kit, item, number) {
  const out = [
    { type: "heading", level: 2, text: `${number} ${joinTexts(kit, item.title)}` },
    { type: "para", block: paragraph(reference(kit, item)), style: "reference" },
    ...statusMarking(kit, item),
  ];
  const cells = perLang(kit, (lang) => {
    let blocks = [...item.clause[lang]];
    if (item.type === "award") {
      if (item.weight !== null && item.weight !== undefined) {
        blocks.push(bold(text(kit, lang, "weight", { weight: item.weight })));
      }
      blocks.push(bold(text(kit, lang, "scoring")));
      blocks = blocks.concat(item.scoring[lang] || []);
    }
    return blocks;
  });
  return out.concat(parallel(kit, cells));
}

function intro(kit, titleKey, introKey) {
  return [{ type: "heading", level: 1, text: joined(kit, titleKey) }].concat(
    parallel(kit, perLang(kit, (lang) => [paragraph(text(kit, lang, introKey))])),
  );
}

// A paragraph of evidence at least this long that two or more rows share is printed once,
// as a note under the checklist, and the rows refer to it (no boilerplate row after row).
const NOTE_MIN_LENGTH = 80;

function blockText(block) {
  return block.runs.map((run) => run.text).join("");
}

/** Each language's evidence with shared paragraphs replaced by "see note A", and the notes. */
function factorEvidence(kit, items) {
  const cells = items.map(() => ({}));
  const notes = {};
  for (const lang of kit.langs) {
    const count = new Map();
    for (const item of items) {
      for (const text of new Set((item.evidence[lang] || []).map(blockText))) count.set(text, (count.get(text) || 0) + 1);
    }
    const letters = new Map();
    notes[lang] = [];
    items.forEach((item, row) => {
      cells[row][lang] = (item.evidence[lang] || []).map((block) => {
        const value = blockText(block);
        const shared = block.kind === "paragraph" && value.length >= NOTE_MIN_LENGTH && count.get(value) > 1 &&
          !block.runs.every((run) => run.bold);
        if (!shared) return block;
        if (!letters.has(value)) {
          const letter = String.fromCharCode(65 + (letters.size % 26)) + (letters.size >= 26 ? letters.size / 26 | 0 : "");
          letters.set(value, letter);
          notes[lang].push(paragraph({ text: text(kit, lang, "evidence_note", { note: letter }) + " ", bold: true },
            ...block.runs));
        }
        return paragraph({ text: text(kit, lang, "evidence_see", { note: letters.get(value) }), italic: true });
      });
    });
  }
  return { cells, notes };
}

function evidence(kit, items, numbers) {
  const { cells, notes } = factorEvidence(kit, items);
  const rows = items.map((item, row) => ({ criterion: criterionCell(kit, item, numbers.get(item)), evidence: cells[row] }));
  const out = intro(kit, "evidence_title", "evidence_intro").concat([table(kit, EVIDENCE_COLUMNS, rows)]);
  return kit.langs.some((lang) => notes[lang].length) ? out.concat(parallel(kit, notes)) : out;
}

function percent(kit, weight) {
  return weight === null || weight === undefined ? "" : text(kit, kit.langs[0], "percent", { weight });
}

function evaluation(kit, grid, numbers) {
  const rows = grid.map((item) => ({
    criterion: criterionCell(kit, item, numbers.get(item)),
    weight: item.weight !== null && item.weight !== undefined ? [paragraph(percent(kit, item.weight))] : [],
    scoring: item.scoring,
  }));
  const total = grid.reduce((sum, item) => sum + (item.weight || 0), 0);
  rows.push({ criterion: [bold(joined(kit, "total"))], weight: [bold(percent(kit, total))] });
  return intro(kit, "evaluation_title", "evaluation_intro").concat([table(kit, GRID_COLUMNS, rows)]);
}

function legalCell(kit, item, lang) {
  return item.legal.map((ref) => {
    const runs = [
      { text: ref.label[lang], link: ref.url || undefined },
      { text: ", " + text(kit, lang, "article", { article: ref.article }) },
    ];
    if (ref.title) runs.push({ text: " — " + ref.title[lang] });
    if (!ref.verified) runs.push({ text: " (" + text(kit, lang, "to_verify") + ")", bold: true });
    if (!ref.verified && ref.why) runs.push({ text: " " + ref.why[lang] });
    return paragraph(...runs.map(cleanRun));
  });
}

function cleanRun(run) {
  const out = { text: run.text };
  if (run.bold) out.bold = true;
  if (run.italic) out.italic = true;
  if (run.link) out.link = run.link;
  return out;
}

/** A source part as printed: plain, or its texts in the kit's languages joined (as layout._in_langs). */
function inLangs(kit, value) {
  if (value && typeof value === "object") {
    return unique(kit.langs.filter((lang) => value[lang]).map((lang) => value[lang])).join(" / ") || null;
  }
  return value;
}

function sourcesCell(kit, item) {
  return item.sources.map((s) => {
    const url = s.url && typeof s.url === "object" ? s.url[kit.langs[0]] : s.url;
    const runs = [{ text: inLangs(kit, s.title), link: url }, { text: " — " + inLangs(kit, s.publisher) }];
    for (const extra of [inLangs(kit, s.code), s.date]) if (extra) runs.push({ text: ", " + extra });
    return paragraph(...runs);
  });
}

function annex(kit, items, numbers) {
  // The annex also gives each clause's identifier and version: they lead to its source.
  const rows = items.map((item) => ({
    criterion: [bold(`${numbers.get(item)} ${reference(kit, item)}`)].concat(criterionCell(kit, item, "").slice(1)),
    legal: perLang(kit, (lang) => legalCell(kit, item, lang)),
    sources: sourcesCell(kit, item),
  }));
  return [{ type: "heading", level: 1, text: joined(kit, "annex_title") }, table(kit, ANNEX_COLUMNS, rows)];
}

function codesPart(kit) {
  const out = intro(kit, "codes_title", "codes_intro");
  out.push({ type: "heading", level: 2, text: joined(kit, "cpv_title") });
  // Which products the codes are for, or why there are none (a selection without a common group).
  out.push(...parallel(kit, perLang(kit, (lang) => [paragraph(kit.cpv.length
    ? text(kit, lang, "cpv_groups", { groups: kit.groups_label[lang] })
    : text(kit, lang, "cpv_none"))])));
  if (kit.cpv.length && kit.cpv.some((c) => c.label)) {
    const rows = kit.cpv.map((c) => ({
      code: [paragraph(c.code)],
      label: perLang(kit, (lang) => (c.label ? [paragraph(c.label[lang])] : [])),
    }));
    out.push(table(kit, CPV_COLUMNS, rows));
  } else if (kit.cpv.length) {
    out.push({ type: "para", block: paragraph(kit.cpv.map((c) => c.code).join(", ")), style: "body" });
  }
  out.push({ type: "heading", level: 2, text: joined(kit, "eforms_title") });
  const rows = kit.eforms.map((c) => ({
    field: [paragraph(c.scheme)],
    code: [paragraph(c.code)],
    label: perLang(kit, (lang) => [paragraph(c.label[lang])]),
  }));
  out.push(table(kit, EFORMS_COLUMNS, rows));
  return out;
}

const CONTENT_LICENCE = "CC BY 4.0";
const CONTENT_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/";

function licence(kit) {
  return kit.langs.map((lang) => {
    const full = text(kit, lang, "licence");
    const at = full.indexOf(CONTENT_LICENCE);
    const runs =
      at < 0
        ? [{ text: full }]
        : [
            { text: full.slice(0, at) },
            { text: CONTENT_LICENCE, link: CONTENT_LICENCE_URL },
            { text: full.slice(at + CONTENT_LICENCE.length) },
          ];
    return { type: "para", block: withLang(paragraph(...runs), lang), style: "note" };
  });
}

// ---------------------------------------------------------------------------
// Markdown

function mdEscape(value) {
  let out = value.replace(/([\\`*_<>])/g, "\\$1");
  if (out.includes("](") || out.includes("]:") || out.includes("][")) {
    out = out.replaceAll("[", "\\[").replaceAll("]", "\\]");
  }
  return out;
}

function mdRun(run, inTable) {
  let value = mdEscape(run.text).replaceAll("\n", inTable ? "<br>" : "\\\n");
  if (inTable) value = value.replaceAll("|", "\\|");
  const core = value.replace(/^ +/, "").replace(/ +$/, "");
  if (!core) return value;
  const lead = value.slice(0, value.length - value.replace(/^ +/, "").length);
  const trail = value.slice(value.replace(/ +$/, "").length);
  const marks = (run.bold ? "**" : "") + (run.italic ? "*" : "");
  let wrapped = marks + core + [...marks].reverse().join("");
  if (run.link) wrapped = `[${wrapped}](${run.link.replaceAll(" ", "%20").replaceAll(")", "%29")})`;
  // Emphasis markers must touch the words they wrap: keep spaces outside.
  return lead + wrapped + trail;
}

function mdInline(block, inTable = false) {
  let value = block.runs.map((r) => mdRun(r, inTable)).join("");
  if (/^(#|[-+]\s|\d+[.)]\s)/.test(value)) value = "\\" + value;
  return value;
}

function mdBlock(block) {
  if (block.kind === "item") return "  ".repeat(block.level || 0) + (block.marker || "-") + " " + mdInline(block);
  return mdInline(block);
}

/** Chunks separated by blank lines; consecutive list items by a line break. */
function joinChunks(chunks) {
  let out = "";
  let previousItem = false;
  for (const [chunk, isItem] of chunks) {
    if (!chunk) continue;
    if (out) out += previousItem && isItem ? "\n" : "\n\n";
    out += chunk;
    previousItem = isItem;
  }
  return out;
}

function mdBlocks(blocks) {
  return joinChunks(blocks.map((b) => [mdBlock(b), b.kind === "item"]));
}

function mdCell(cell) {
  const parts = cell.map((block) => {
    const prefix = block.kind === "item" ? (block.marker ? block.marker + " " : "• ") : "";
    return prefix + mdInline(block, true);
  });
  return parts.join("<br>") || " ";
}

function mdTable(element) {
  if (element.parallel) {
    return element.rows[0].filter((cell) => cell.length).map(mdBlocks).join("\n\n");
  }
  // Header cells are bold in the layout; Markdown tables make headers bold already.
  const header = element.header.map((cell) =>
    cell.map((block) => ({ ...block, runs: block.runs.map((run) => ({ ...run, bold: false })) })),
  );
  const lines = [
    "| " + header.map(mdCell).join(" | ") + " |",
    "|" + element.header.map(() => " --- ").join("|") + "|",
  ];
  for (const row of element.rows) lines.push("| " + row.map(mdCell).join(" | ") + " |");
  return lines.join("\n");
}

/** The kit as a Markdown document. */
export function toMarkdown(kit) {
  const chunks = layoutKit(kit).map((element) => {
    if (element.type === "heading") return ["#".repeat(element.level + 1) + " " + mdEscape(element.text), false];
    if (element.type === "para") {
      let value = mdBlock(element.block);
      if (element.style === "subtitle" && value) value = `*${value}*`;
      return [value, element.block.kind === "item"];
    }
    return [mdTable(element), false];
  });
  return joinChunks(chunks) + "\n";
}

// ---------------------------------------------------------------------------
// Plain text (UTF-8, no markup): links written out after their text

function txtInline(block) {
  return block.runs.map((r) => r.text + (r.link && r.link !== r.text ? ` <${r.link}>` : "")).join("");
}

function txtBlock(block) {
  if (block.kind === "item") return "  ".repeat(block.level || 0) + (block.marker || "-") + " " + txtInline(block);
  return txtInline(block);
}

function txtBlocks(blocks) {
  return joinChunks(blocks.map((b) => [txtBlock(b), b.kind === "item"]));
}

/** A table as records: "column:" then its value indented, one record per row. */
function txtTable(element) {
  if (element.parallel) return element.rows[0].filter((cell) => cell.length).map(txtBlocks).join("\n\n");
  const names = element.header.map((cell) => cell.map(txtInline).join(" "));
  const records = element.rows.map((row) => names
    .map((name, i) => (row[i] && row[i].length
      ? `${name}:\n    ` + row[i].map(txtBlock).join("\n").replaceAll("\n", "\n    ")
      : null))
    .filter((line) => line !== null)
    .join("\n"));
  return records.join("\n\n");
}

/** The kit as plain text. */
export function toText(kit) {
  const chunks = layoutKit(kit).map((element) => {
    if (element.type === "heading") {
      return [element.text + "\n" + (element.level < 2 ? "=" : "-").repeat([...element.text].length), false];
    }
    if (element.type === "para") return [txtBlock(element.block), element.block.kind === "item"];
    return [txtTable(element), false];
  });
  return joinChunks(chunks) + "\n";
}

// ---------------------------------------------------------------------------
// XML helpers shared by the two office formats

const LANGUAGE_TAGS = { fr: "fr-BE", nl: "nl-BE" };

/** Text safe inside XML: escaped, without the control characters XML 1.0 forbids. */
function esc(value) {
  return String(value)
    // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function languageTag(kit, lang) {
  return (kit.language_tags || LANGUAGE_TAGS)[lang] || LANGUAGE_TAGS[lang];
}

// ---------------------------------------------------------------------------
// Word (.docx): WordprocessingML written by hand

const TWIPS_PER_CM = 566.93;
const TEXT_WIDTH_TWIPS = Math.round(17 * TWIPS_PER_CM); // A4 minus 2 cm margins

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** Collects hyperlink relationships while the document body is written. */
class DocxLinks {
  constructor() {
    this.targets = [];
  }
  id(url) {
    let index = this.targets.indexOf(url);
    if (index < 0) index = this.targets.push(url) - 1;
    return `rIdLink${index + 1}`;
  }
}

function docxText(value) {
  // Tabs and line breaks are elements of their own in WordprocessingML.
  return value
    .split("\n")
    .map((line) =>
      line
        .split("\t")
        .map((part) => (part ? `<w:t xml:space="preserve">${esc(part)}</w:t>` : ""))
        .join("<w:tab/>"),
    )
    .join("<w:br/>");
}

function docxRun(run, lang, kit, links, small = false) {
  let props = "";
  if (run.link) props += '<w:rStyle w:val="Hyperlink"/>';
  if (run.bold) props += "<w:b/>";
  if (run.italic) props += "<w:i/>";
  if (small) props += '<w:sz w:val="18"/>';  // 9 pt: table headers
  if (lang) props += `<w:lang w:val="${languageTag(kit, lang)}"/>`;
  const xml = `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ""}${docxText(run.text)}</w:r>`;
  return run.link ? `<w:hyperlink r:id="${links.id(run.link)}">${xml}</w:hyperlink>` : xml;
}

const DOCX_PARAGRAPH_STYLES = { subtitle: "Subtitle", reference: "ClauseReference", note: "KitNote" };

function docxParagraph(block, style, kit, links, small = false) {
  let props = "";
  const runs = [...block.runs];
  if (block.kind === "item") {
    const level = Math.min(block.level || 0, 2);
    if (block.marker) {
      props = `<w:pStyle w:val="ListContinue${level ? level + 1 : ""}"/>`;
      runs.unshift({ text: block.marker + " " });
    } else {
      props = `<w:pStyle w:val="ListBullet"/><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="1"/></w:numPr>`;
    }
  } else if (DOCX_PARAGRAPH_STYLES[style]) {
    props = `<w:pStyle w:val="${DOCX_PARAGRAPH_STYLES[style]}"/>`;
  }
  const body = runs.map((run) => docxRun(run, block.lang, kit, links, small)).join("");
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ""}${body}</w:p>`;
}

function docxHeading(element) {
  const style = element.level === 0 ? "Title" : `Heading${element.level}`;
  return `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr><w:r>${docxText(element.text)}</w:r></w:p>`;
}

function docxTable(element, kit, links) {
  const widths = element.widths.map((w) => Math.round((TEXT_WIDTH_TWIPS * w) / 100));
  const rows = (element.header ? [element.header] : []).concat(element.rows);
  let xml =
    '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>' +
    `<w:tblW w:w="${TEXT_WIDTH_TWIPS}" w:type="dxa"/><w:tblLayout w:type="fixed"/>` +
    '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>' +
    "</w:tblPr><w:tblGrid>" +
    widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("") +
    "</w:tblGrid>";
  rows.forEach((cells, rowIndex) => {
    const isHeader = element.header && rowIndex === 0;
    xml += "<w:tr>" + (isHeader ? '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' : "");
    cells.forEach((blocks, col) => {
      const shade = isHeader ? '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>' : "";
      const content = blocks.length
        ? blocks.map((b) => docxParagraph(b, "body", kit, links, isHeader)).join("")
        : "<w:p/>";
      xml += `<w:tc><w:tcPr><w:tcW w:w="${widths[col]}" w:type="dxa"/>${shade}</w:tcPr>${content}</w:tc>`;
    });
    xml += "</w:tr>";
  });
  // An empty paragraph after each table: Word merges adjacent tables otherwise.
  return xml + "</w:tbl><w:p/>";
}

function docxStyles(kit) {
  const lang = languageTag(kit, kit.langs[0]);
  // Child elements follow the order of the OOXML schema (Word refuses files otherwise):
  // name, basedOn, next, qFormat, pPr, rPr; inside rPr: b, i, color, sz, u, lang.
  const paragraphStyle = (id, name, { basedOn = "Normal", pPr = "", rPr = "", extra = "" } = {}) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/>` +
    (basedOn ? `<w:basedOn w:val="${basedOn}"/>` : "") +
    extra +
    (pPr ? `<w:pPr>${pPr}</w:pPr>` : "") +
    (rPr ? `<w:rPr>${rPr}</w:rPr>` : "") +
    "</w:style>";
  const heading = (level, size) =>
    paragraphStyle(`Heading${level}`, `heading ${level}`, {
      extra: '<w:next w:val="Normal"/><w:qFormat/>',
      pPr: `<w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="${level - 1}"/>`,
      rPr: `<w:b/><w:color w:val="1F3864"/><w:sz w:val="${size}"/>`,
    });
  const indent = (level) => `<w:ind w:left="${360 * (level + 1)}"/>`;
  return (
    XML_HEAD +
    `<w:styles ${W_NS}>` +
    "<w:docDefaults><w:rPrDefault><w:rPr>" +
    '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/>' +
    `<w:sz w:val="22"/><w:lang w:val="${lang}"/></w:rPr></w:rPrDefault>` +
    '<w:pPrDefault><w:pPr><w:spacing w:after="80"/></w:pPr></w:pPrDefault></w:docDefaults>' +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
    paragraphStyle("Title", "Title", {
      extra: "<w:qFormat/>",
      pPr: '<w:spacing w:after="120"/>',
      rPr: '<w:color w:val="1F3864"/><w:sz w:val="40"/>',
    }) +
    paragraphStyle("Subtitle", "Subtitle", {
      extra: "<w:qFormat/>",
      rPr: '<w:i/><w:color w:val="4472C4"/><w:sz w:val="26"/>',
    }) +
    heading(1, 32) +
    heading(2, 26) +
    heading(3, 24) +
    paragraphStyle("ListBullet", "List Bullet", {
      pPr: '<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="40"/>',
    }) +
    paragraphStyle("ListContinue", "List Continue", { pPr: indent(0) }) +
    paragraphStyle("ListContinue2", "List Continue 2", { pPr: indent(1) }) +
    paragraphStyle("ListContinue3", "List Continue 3", { pPr: indent(2) }) +
    paragraphStyle("ClauseReference", "Clause Reference", {
      rPr: '<w:b/><w:color w:val="44546A"/><w:sz w:val="18"/>',
    }) +
    paragraphStyle("KitNote", "Kit Note", { rPr: '<w:i/><w:sz w:val="18"/>' }) +
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">' +
    '<w:name w:val="Default Paragraph Font"/></w:style>' +
    '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/>' +
    '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>' +
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>' +
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>' +
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>' +
    "</w:tblCellMar></w:tblPr></w:style>" +
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>' +
    "<w:tblPr><w:tblBorders>" +
    ["top", "left", "bottom", "right", "insideH", "insideV"]
      .map((side) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>`)
      .join("") +
    "</w:tblBorders></w:tblPr></w:style>" +
    "</w:styles>"
  );
}

function docxNumbering() {
  const bullets = ["•", "◦", "▪"];
  const levels = bullets
    .map(
      (char, level) =>
        `<w:lvl w:ilvl="${level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>` +
        `<w:lvlText w:val="${char}"/><w:lvlJc w:val="left"/>` +
        `<w:pPr><w:ind w:left="${360 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>`,
    )
    .join("");
  return (
    XML_HEAD +
    `<w:numbering ${W_NS}>` +
    `<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>${levels}</w:abstractNum>` +
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
  );
}

function docxCore(kit) {
  const stamp = kit.date ? `${kit.date}T00:00:00Z` : null;
  return (
    XML_HEAD +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${esc(joinTexts(kit, kit.title))}</dc:title>` +
    `<dc:subject>${esc(joinTexts(kit, kit.subtitle))}</dc:subject>` +
    `<dc:creator>${esc(joined(kit, "creator"))}</dc:creator>` +
    `<dc:language>${languageTag(kit, kit.langs[0])}</dc:language>` +
    (stamp
      ? `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>`
      : "") +
    "</cp:coreProperties>"
  );
}

/** The running head of every page: the title and, when known, the edition date. */
function runningHead(kit) {
  return joinTexts(kit, kit.title) + (kit.date ? ` — ${kit.date}` : "");
}

/** "Page {page} sur {pages}" per language, split into text and the two page fields. */
function pageParts(kit) {
  return kit.langs
    .map((lang) => text(kit, lang, "page_of"))
    .join(" / ")
    .split(/(\{page\}|\{pages\})/)
    .filter(Boolean);
}

function docxHeaderFooter(kit, tag, paragraphXml) {
  return XML_HEAD + `<w:${tag} ${W_NS}>${paragraphXml}</w:${tag}>`;
}

function docxSmallRun(value) {
  return `<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve">${esc(value)}</w:t></w:r>`;
}

function docxHeader(kit) {
  return docxHeaderFooter(kit, "hdr", `<w:p><w:pPr><w:jc w:val="right"/></w:pPr>${docxSmallRun(runningHead(kit))}</w:p>`);
}

function docxFooter(kit) {
  const fields = { "{page}": "PAGE", "{pages}": "NUMPAGES" };
  const runs = pageParts(kit)
    .map((part) => (fields[part]
      ? `<w:fldSimple w:instr=" ${fields[part]} ">${docxSmallRun("1")}</w:fldSimple>`
      : docxSmallRun(part)))
    .join("");
  return docxHeaderFooter(kit, "ftr", `<w:p><w:pPr><w:jc w:val="center"/></w:pPr>${runs}</w:p>`);
}

/** The kit as the bytes of a .docx file. */
export function toDocx(kit) {
  const links = new DocxLinks();
  const body = layoutKit(kit)
    .map((element) => {
      if (element.type === "heading") return docxHeading(element);
      if (element.type === "para") return docxParagraph(element.block, element.style, kit, links);
      return docxTable(element, kit, links);
    })
    .join("");
  const margin = Math.round(2 * TWIPS_PER_CM);
  const document =
    XML_HEAD +
    `<w:document ${W_NS}><w:body>${body}` +
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>' +
    '<w:footerReference w:type="default" r:id="rIdFooter"/>' +
    `<w:pgSz w:w="${Math.round(21 * TWIPS_PER_CM)}" w:h="${Math.round(29.7 * TWIPS_PER_CM)}"/>` +
    `<w:pgMar w:top="${margin}" w:right="${margin}" w:bottom="${margin}" w:left="${margin}" ` +
    'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>';
  const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const documentRels =
    XML_HEAD +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rIdNumbering" Type="${REL}/numbering" Target="numbering.xml"/>` +
    `<Relationship Id="rIdHeader" Type="${REL}/header" Target="header1.xml"/>` +
    `<Relationship Id="rIdFooter" Type="${REL}/footer" Target="footer1.xml"/>` +
    links.targets
      .map((url, i) => `<Relationship Id="rIdLink${i + 1}" Type="${REL}/hyperlink" Target="${esc(url)}" TargetMode="External"/>`)
      .join("") +
    "</Relationships>";
  const WML = "application/vnd.openxmlformats-officedocument.wordprocessingml";
  const contentTypes =
    XML_HEAD +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/word/document.xml" ContentType="${WML}.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="${WML}.styles+xml"/>` +
    `<Override PartName="/word/numbering.xml" ContentType="${WML}.numbering+xml"/>` +
    `<Override PartName="/word/header1.xml" ContentType="${WML}.header+xml"/>` +
    `<Override PartName="/word/footer1.xml" ContentType="${WML}.footer+xml"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    "</Types>";
  const packageRels =
    XML_HEAD +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
    '<Relationship Id="rId2" ' +
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" ' +
    'Target="docProps/core.xml"/>' +
    "</Relationships>";
  return zip([
    ["[Content_Types].xml", contentTypes],
    ["_rels/.rels", packageRels],
    ["docProps/core.xml", docxCore(kit)],
    ["word/document.xml", document],
    ["word/styles.xml", docxStyles(kit)],
    ["word/numbering.xml", docxNumbering()],
    ["word/header1.xml", docxHeader(kit)],
    ["word/footer1.xml", docxFooter(kit)],
    ["word/_rels/document.xml.rels", documentRels],
  ]);
}

// ---------------------------------------------------------------------------
// OpenDocument (.odt), the same styles as the .docx

const ODF_NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:xlink="http://www.w3.org/1999/xlink"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
].join(" ");

const ODT_PARAGRAPH_STYLES = {
  body: "Text_20_body",
  subtitle: "Subtitle",
  reference: "Clause_20_Reference",
  note: "Kit_20_Note",
};
const TEXT_WIDTH_CM = 17;

/** Text for ODF: runs of spaces, tabs and line breaks need elements of their own. */
function odtText(value) {
  let out = "";
  const parts = value.split(/(\n|\t| {2,})/);
  for (const part of parts) {
    if (part === "\n") out += "<text:line-break/>";
    else if (part === "\t") out += "<text:tab/>";
    else if (/^ {2,}$/.test(part)) out += ` <text:s text:c="${part.length - 1}"/>`;
    else out += esc(part);
  }
  return out;
}

/** Writes content.xml; automatic styles are created on demand and listed once. */
class OdtWriter {
  constructor(kit) {
    this.kit = kit;
    this.textStyles = new Map();
    this.tableStyles = [];
    this.tables = 0;
  }

  textStyle(run, lang) {
    if (!run.bold && !run.italic && !lang) return null;
    const name = "T" + (run.bold ? "b" : "") + (run.italic ? "i" : "") + (lang ? `_${lang}` : "");
    if (!this.textStyles.has(name)) {
      let props = "";
      if (run.bold) props += ' fo:font-weight="bold"';
      if (run.italic) props += ' fo:font-style="italic"';
      if (lang) {
        const [code, country] = languageTag(this.kit, lang).split("-");
        props += ` fo:language="${code}" fo:country="${country}"`;
      }
      this.textStyles.set(
        name,
        `<style:style style:name="${name}" style:family="text"><style:text-properties${props}/></style:style>`,
      );
    }
    return name;
  }

  run(run, lang) {
    let xml = odtText(run.text);
    const style = this.textStyle(run, lang);
    if (style) xml = `<text:span text:style-name="${style}">${xml}</text:span>`;
    if (run.link) xml = `<text:a xlink:type="simple" xlink:href="${esc(run.link)}">${xml}</text:a>`;
    return xml;
  }

  paragraph(block, style) {
    const marker = block.kind === "item" && block.marker ? odtText(block.marker + " ") : "";
    return `<text:p text:style-name="${style}">${marker}${block.runs.map((r) => this.run(r, block.lang)).join("")}</text:p>`;
  }

  /** Blocks in order; consecutive bullet items share one text:list. */
  blocks(blocks, style) {
    let out = "";
    let openList = false;
    for (const block of blocks) {
      const bullet = block.kind === "item" && !block.marker;
      if (bullet) {
        if (!openList) out += '<text:list text:style-name="List_20_Bullets">';
        openList = true;
        // Nesting: a list inside the item, once per level.
        const level = block.level || 0;
        out += "<text:list-item>" + "<text:list><text:list-item>".repeat(level);
        out += this.paragraph(block, "List_20_Bullet");
        out += "</text:list-item></text:list>".repeat(level) + "</text:list-item>";
        continue;
      }
      if (openList) out += "</text:list>";
      openList = false;
      const paragraphStyle = block.kind === "item" ? `List_20_Number_20_${Math.min(block.level || 0, 2) + 1}` : style;
      out += this.paragraph(block, paragraphStyle);
    }
    if (openList) out += "</text:list>";
    return out;
  }

  heading(element) {
    if (element.level === 0) return `<text:p text:style-name="Title">${odtText(element.text)}</text:p>`;
    const level = element.level;
    return (
      `<text:h text:style-name="Heading_20_${level}" text:outline-level="${level}">` +
      `${odtText(element.text)}</text:h>`
    );
  }

  table(element) {
    this.tables += 1;
    const name = `Table${this.tables}`;
    this.tableStyles.push(
      `<style:style style:name="${name}" style:family="table">` +
        `<style:table-properties style:width="${TEXT_WIDTH_CM}cm" table:align="margins"/></style:style>`,
    );
    let xml = `<table:table table:name="${name}" table:style-name="${name}">`;
    element.widths.forEach((width, index) => {
      const column = `${name}.C${index + 1}`;
      this.tableStyles.push(
        `<style:style style:name="${column}" style:family="table-column">` +
          `<style:table-column-properties style:column-width="${((TEXT_WIDTH_CM * width) / 100).toFixed(2)}cm"/>` +
          "</style:style>",
      );
      xml += `<table:table-column table:style-name="${column}"/>`;
    });
    const row = (cells, cellStyle, paragraphStyle) =>
      "<table:table-row>" +
      cells
        .map(
          (blocks) =>
            `<table:table-cell table:style-name="${cellStyle}" office:value-type="string">` +
            (blocks.length ? this.blocks(blocks, paragraphStyle) : `<text:p text:style-name="${paragraphStyle}"/>`) +
            "</table:table-cell>",
        )
        .join("") +
      "</table:table-row>";
    if (element.header) {
      xml += `<table:table-header-rows>${row(element.header, "CellHeader", "Table_20_Heading")}</table:table-header-rows>`;
    }
    for (const cells of element.rows) xml += row(cells, "Cell", "Table_20_Contents");
    return xml + "</table:table>";
  }

  content() {
    const body = layoutKit(this.kit)
      .map((element) => {
        if (element.type === "heading") return this.heading(element);
        if (element.type === "para") return this.blocks([element.block], ODT_PARAGRAPH_STYLES[element.style] || "Text_20_body");
        return this.table(element);
      })
      .join("");
    const cellStyle = (name, extra) =>
      `<style:style style:name="${name}" style:family="table-cell">` +
      `<style:table-cell-properties fo:border="0.5pt solid #808080" fo:padding="0.1cm"${extra}/></style:style>`;
    const cellStyles = cellStyle("Cell", "") + cellStyle("CellHeader", ' fo:background-color="#d9e2f3"');
    return (
      XML_HEAD +
      `<office:document-content ${ODF_NS} office:version="1.3"><office:automatic-styles>` +
      [...this.textStyles.values()].join("") +
      this.tableStyles.join("") +
      cellStyles +
      `</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`
    );
  }
}

function odtStyles(kit) {
  const [lang, country] = languageTag(kit, kit.langs[0]).split("-");
  const style = (name, display, { parent = null, outline = null, cls = "text", pPr = "", tPr = "" } = {}) =>
    `<style:style style:name="${name}" style:display-name="${display}" style:family="paragraph" style:class="${cls}"` +
    (parent ? ` style:parent-style-name="${parent}"` : "") +
    (outline ? ` style:default-outline-level="${outline}"` : "") +
    ">" +
    (pPr ? `<style:paragraph-properties ${pPr}/>` : "") +
    (tPr ? `<style:text-properties ${tPr}/>` : "") +
    "</style:style>";
  const bullets = ["•", "◦", "▪"]
    .map(
      (char, i) =>
        `<text:list-level-style-bullet text:level="${i + 1}" text:bullet-char="${char}">` +
        `<style:list-level-properties text:space-before="${(0.6 * i).toFixed(1)}cm" text:min-label-width="0.6cm"/>` +
        "</text:list-level-style-bullet>",
    )
    .join("");
  const numbered = [0, 1, 2]
    .map((i) =>
      style(`List_20_Number_20_${i + 1}`, `List Number Text ${i + 1}`, {
        parent: "Text_20_body",
        cls: "list",
        pPr: `fo:margin-left="${(0.6 + 0.6 * i).toFixed(1)}cm" fo:margin-bottom="0.1cm"`,
      }),
    )
    .join("");
  return (
    XML_HEAD +
    `<office:document-styles ${ODF_NS} office:version="1.3">` +
    "<office:font-face-decls>" +
    '<style:font-face style:name="Liberation Sans" svg:font-family="&apos;Liberation Sans&apos;" ' +
    'style:font-family-generic="swiss" style:font-pitch="variable"/></office:font-face-decls>' +
    "<office:styles>" +
    '<style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Sans" ' +
    `fo:font-size="11pt" fo:language="${lang}" fo:country="${country}"/></style:default-style>` +
    style("Standard", "Standard") +
    style("Text_20_body", "Text body", { parent: "Standard", pPr: 'fo:margin-bottom="0.2cm"' }) +
    style("Heading", "Heading", {
      parent: "Standard",
      pPr: 'fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"',
    }) +
    style("Title", "Title", { parent: "Heading", cls: "chapter", tPr: 'fo:font-size="20pt" fo:font-weight="bold"' }) +
    style("Subtitle", "Subtitle", { parent: "Heading", cls: "chapter", tPr: 'fo:font-size="14pt" fo:font-style="italic"' }) +
    [[1, "16pt"], [2, "13pt"], [3, "12pt"]]
      .map(([level, size]) =>
        style(`Heading_20_${level}`, `Heading ${level}`, {
          parent: "Heading",
          outline: level,
          tPr: `fo:font-size="${size}" fo:font-weight="bold"`,
        }),
      )
      .join("") +
    style("Clause_20_Reference", "Clause Reference", {
      parent: "Text_20_body",
      tPr: 'fo:font-size="9pt" fo:font-weight="bold" fo:color="#44546a"',
    }) +
    style("Kit_20_Note", "Kit Note", { parent: "Text_20_body", tPr: 'fo:font-size="9pt" fo:font-style="italic"' }) +
    style("List_20_Bullet", "List Bullet", { parent: "Text_20_body", cls: "list", pPr: 'fo:margin-bottom="0.1cm"' }) +
    numbered +
    style("Table_20_Contents", "Table Contents", { parent: "Standard", cls: "extra", pPr: 'fo:margin-bottom="0.15cm"' }) +
    style("Table_20_Heading", "Table Heading", {
      parent: "Table_20_Contents", cls: "extra", tPr: 'fo:font-size="9pt" fo:font-weight="bold"',
    }) +
    `<text:list-style style:name="List_20_Bullets" style:display-name="List Bullets">${bullets}</text:list-style>` +
    "</office:styles><office:automatic-styles>" +
    '<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" ' +
    'fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" ' +
    'fo:margin-left="2cm" fo:margin-right="2cm"/>' +
    '<style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.3cm"/>' +
    "</style:header-style>" +
    '<style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.3cm"/>' +
    "</style:footer-style></style:page-layout></office:automatic-styles>" +
    '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4">' +
    `<style:header><text:p text:style-name="Kit_20_Note">${esc(runningHead(kit))}</text:p></style:header>` +
    '<style:footer><text:p text:style-name="Kit_20_Note">' +
    pageParts(kit)
      .map((part) => (part === "{page}"
        ? '<text:page-number text:select-page="current">1</text:page-number>'
        : part === "{pages}" ? "<text:page-count>1</text:page-count>" : esc(part)))
      .join("") +
    "</text:p></style:footer></style:master-page></office:master-styles>" +
    "</office:document-styles>"
  );
}

function odtMeta(kit) {
  return (
    XML_HEAD +
    `<office:document-meta ${ODF_NS} office:version="1.3"><office:meta>` +
    "<meta:generator>kit-writer.js</meta:generator>" +
    `<dc:title>${esc(joinTexts(kit, kit.title))}</dc:title>` +
    `<dc:subject>${esc(joinTexts(kit, kit.subtitle))}</dc:subject>` +
    `<dc:language>${languageTag(kit, kit.langs[0])}</dc:language>` +
    (kit.date ? `<dc:date>${kit.date}T00:00:00</dc:date>` : "") +
    "</office:meta></office:document-meta>"
  );
}

/** The kit as the bytes of an .odt file. */
export function toOdt(kit) {
  const manifest =
    XML_HEAD +
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" ' +
    'manifest:media-type="application/vnd.oasis.opendocument.text"/>' +
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>' +
    '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>' +
    "</manifest:manifest>";
  // OpenDocument: "mimetype" must be the first entry, stored uncompressed (zip() does).
  return zip([
    ["mimetype", "application/vnd.oasis.opendocument.text"],
    ["content.xml", new OdtWriter(kit).content()],
    ["styles.xml", odtStyles(kit)],
    ["meta.xml", odtMeta(kit)],
    ["META-INF/manifest.xml", manifest],
  ]);
}

// ---------------------------------------------------------------------------
// ZIP packages: fflate (vendor/fflate.js, MIT) deflates; entries keep their order.

// 1980-01-01 00:00, built from local time parts: ZIP stores local time, so the same kit
// gives the same bytes whatever the time zone of the browser or of Node.
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);

/**
 * Pack [name, string|Uint8Array] entries into a ZIP archive, in order, deflated, except
 * "mimetype", which OpenDocument requires first and stored.
 * @returns {Uint8Array}
 */
export function zip(entries) {
  const encoder = new TextEncoder();
  const files = {};
  for (const [name, content] of entries) {
    const data = typeof content === "string" ? encoder.encode(content) : content;
    files[name] = [data, { level: name === "mimetype" ? 0 : 6 }];
  }
  return zipSync(files, { mtime: ZIP_TIME });
}
