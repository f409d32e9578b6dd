// kit/common.js: the small helpers of the kit writer (kit-writer.js), used by its other
// modules: fixed strings filled in and joined across the kit's languages, paragraphs, and
// French typography.

/** Fill "{name}" slots of a fixed string. */
export function format(template, values = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** One fixed string in a language. */
export function text(kit, lang, key, values) {
  return format(kit.strings[lang][key], values);
}

/** The same fixed string in every language of the kit, joined with " / " (duplicates once). */
export function joined(kit, key, values) {
  return unique(kit.langs.map((lang) => text(kit, lang, key, values))).join(" / ");
}

export function unique(list) {
  return [...new Set(list)];
}

/** Keep only the kit's languages of a {fr, nl} object. */
export function pick(byLang, langs) {
  const out = {};
  for (const lang of langs) if (byLang && lang in byLang) out[lang] = byLang[lang];
  return out;
}

export function paragraph(...runs) {
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

export function withLang(block, lang) {
  const out = { ...block };
  if (lang) out.lang = lang;
  else delete out.lang;
  if (lang === "fr") out.runs = block.runs.map((run) => ({ ...run, text: typography(run.text, lang) }));
  return out;
}

export function bold(value, lang) {
  return withLang(paragraph({ text: value, bold: true }), lang);
}

export function joinTexts(kit, texts) {
  return unique(kit.langs.map((lang) => typography(texts[lang], lang))).join(" / ");
}
