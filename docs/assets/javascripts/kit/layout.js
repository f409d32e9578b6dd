// kit/layout.js: layout (kit-writer.js), the kit as headings, paragraphs and tables, French
// and Dutch side by side. Every file format writes these elements.

import { bold, joined, joinTexts, paragraph, text, unique, withLang } from "./common.js";
import { statusKey } from "./assemble.js";

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
    const title = { text: inLangs(kit, s.title), link: url };
    // A title printed as read is in its own language (kit data's "lang"): marked for screen
    // readers and spell checkers, as the site marks it (WCAG 2.1, 3.1.2).
    if (s.lang && typeof s.title === "string") title.lang = s.lang;
    const runs = [title, { text: " — " + inLangs(kit, s.publisher) }];
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
