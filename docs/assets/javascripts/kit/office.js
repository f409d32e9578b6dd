// kit/office.js: XML helpers shared by the two office formats (kit/docx.js, kit/odt.js), and
// the texts of their page header and footer.

import { joinTexts, text } from "./common.js";

const LANGUAGE_TAGS = { fr: "fr-BE", nl: "nl-BE" };

/** Text safe inside XML: escaped, without the control characters XML 1.0 forbids. */
export function esc(value) {
  return String(value)
    // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The BCP 47 tag of a language code: fr-BE and nl-BE for the kit's languages, the code
 * itself ("en", "de") for another language, such as a source title's. */
export function languageTag(kit, lang) {
  return (kit.language_tags || LANGUAGE_TAGS)[lang] || LANGUAGE_TAGS[lang] || lang;
}

/** The running head of every page: the title and, when known, the edition date. */
export function runningHead(kit) {
  return joinTexts(kit, kit.title) + (kit.date ? ` — ${kit.date}` : "");
}

/** "Page {page} sur {pages}" per language, split into text and the two page fields. */
export function pageParts(kit) {
  return kit.langs
    .map((lang) => text(kit, lang, "page_of"))
    .join(" / ")
    .split(/(\{page\}|\{pages\})/)
    .filter(Boolean);
}
