// The command-line door to the one kit writer, docs/assets/javascripts/kit-writer.js (the
// module the site's basket runs). `kb export kit` and the tests call it through
// kb.export.kitjs; it reads a request, calls the writer and writes the files, nothing else.
//
// Usage: node kit_node.mjs REQUEST.json
// REQUEST: {kitData: path, ...ONE} or {kitData: path, batch: [ONE, ...]} (one Node start for
//          many kits). kitParts: folder instead of kitData reads the basket's parts
//          (kit/common.json and the kit/<id>.json of each ONE's ids, a missing one as null) and
//          joins them as the basket does (joinKitData).
// ONE:     {out: folder, ids: [..]|null, level, langs: [..], productGroup?, version?, date?,
//          values?: {id: {name: value}}, formats?: ["docx", "odt", "md", "txt"]}
// Writes into `out`: kit.docx, kit.odt, kit.md, kit.txt (those of `formats`, default all),
// kit.json (the assembled kit without its warnings), warnings.json (their data) and
// warnings-fr.json, warnings-nl.json (their wording, as the basket shows them).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  assembleKit, joinKitData, officeWriters, toMarkdown, toText, warningText,
} from "../../../docs/assets/javascripts/kit-writer.js";

const { toDocx, toOdt } = await officeWriters();
const WRITERS = { docx: toDocx, odt: toOdt, md: toMarkdown, txt: toText };

const request = JSON.parse(readFileSync(process.argv[2], "utf8"));
const whole = request.kitData ? JSON.parse(readFileSync(request.kitData, "utf8")) : null;

function part(name) {
  const path = join(request.kitParts, `${name}.json`);
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : null;
}

function write(one) {
  const kitData = whole || joinKitData(part("common"), one.ids.map(part));
  const kit = assembleKit(kitData, one.ids, one.level, one.langs, {
    productGroup: one.productGroup,
    version: one.version,
    date: one.date,
    values: one.values,
  });
  mkdirSync(one.out, { recursive: true });
  for (const format of one.formats || Object.keys(WRITERS)) {
    writeFileSync(join(one.out, `kit.${format}`), WRITERS[format](kit));
  }
  const { warnings, language_tags: _tags, ...shape } = kit;
  writeFileSync(join(one.out, "kit.json"), JSON.stringify(shape));
  writeFileSync(join(one.out, "warnings.json"), JSON.stringify(warnings));
  for (const lang of ["fr", "nl"]) {
    const worded = warnings.map((w) => warningText(w, kitData.strings, lang));
    writeFileSync(join(one.out, `warnings-${lang}.json`), JSON.stringify(worded));
  }
}

for (const one of request.batch || [request]) write(one);
