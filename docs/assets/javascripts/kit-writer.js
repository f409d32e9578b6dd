// kit-writer.js: the one tender-kit writer.
//
// The site's basket runs it in the browser; `kb export kit` runs the same module under
// Node.js (scripts/kb/export/kit_node.mjs), so both doors give the same bytes. ES modules
// with one vendored library (fflate, for DEFLATE) and no network. It reads the kit data the
// site publishes (data/kit-data.json, or its parts under data/kit/; Python module
// kb.export.opendata.kit_data): every criterion with its texts already parsed into blocks,
// per level and per language (drafts and deprecated ones apart). The writer decides what a
// kit contains and how it is laid out, and writes it:
//
//   assembleKit(kitData, ids, level, langs, options) -> kit
//   toMarkdown(kit) -> string      Markdown
//   toText(kit) -> string          plain text
//   await officeWriters() -> {toDocx, toOdt}
//     toDocx(kit) -> Uint8Array    Word (.docx)
//     toOdt(kit)  -> Uint8Array    OpenDocument text (.odt)
//
// The two office formats (and fflate under them) are loaded when first asked for: they are
// most of the writer's bytes and of its start-up work (fflate builds its tables as it loads),
// and the basket's page needs them only when the buyer downloads a kit.
//
// Blocks: {kind: "paragraph"|"item", runs: [{text, bold?, italic?, link?, lang?}],
//          level?, marker?, lang?}. Items without marker are bullets; a marker
// ("2.") is printed as written. A run's lang (a source title in English) wins over its block's.
//
// This file is the writer's one door: it re-exports the public API of its modules under
// kit/, one job each (the basket, kit_node.mjs and the tests import only this file):
//
//   kit/common.js    small helpers: fixed strings, paragraphs, French typography
//   kit/assemble.js  assembleKit, joinKitData, fileName, warnings, statuses, buyer's values
//   kit/layout.js    layoutKit: headings, paragraphs and tables, languages side by side
//   kit/markdown.js  toMarkdown, toText
//   kit/office.js    XML helpers, page header and footer texts of the two office formats
//   kit/docx.js      toDocx
//   kit/odt.js       toOdt
//   kit/zip.js       zip (fflate, vendor/fflate.js)

export { typography } from "./kit/common.js";
export {
  acceptValue, assembleKit, fileName, joinKitData, statusKey, valueText, warningText,
} from "./kit/assemble.js";
export { layoutKit } from "./kit/layout.js";
export { toMarkdown, toText } from "./kit/markdown.js";

let office = null;

/** The office writers, loaded once (kit/docx.js, kit/odt.js and what they import). */
export function officeWriters() {
  office ??= Promise.all([import("./kit/docx.js"), import("./kit/odt.js")])
    .then(([docx, odt]) => ({ toDocx: docx.toDocx, toOdt: odt.toOdt }))
    .catch((error) => { office = null; throw error; });  // a failed load may be retried
  return office;
}
