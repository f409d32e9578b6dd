// Test driver for docs/assets/javascripts/kit-writer.js (run by tests/test_kit_writer_js.py
// and tests/test_kit_language.py).
//
// Usage: node kit_writer_driver.mjs REQUEST.json
// REQUEST: {kitData: path, out: folder, ids: [..]|null, level, langs: [..],
//           productGroup?, version?, date?, formats?: ["docx", "odt", "md"]}
//          or {kitData: path, batch: [REQUEST without kitData, ...]} (one Node start for many kits).
//          kitParts: folder instead of kitData reads the basket's parts (kit/common.json and
//          kit/<id>.json of the request's ids, a missing one as null) and joins them as the
//          basket does (joinKitData).
// Writes into `out`: kit.docx, kit.odt, kit.md (those of `formats`, default all), kit.json
// (the assembled kit without its warnings), warnings.json (their data) and warnings-fr.json,
// warnings-nl.json (their wording, as the basket shows them).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  assembleKit, joinKitData, toDocx, toMarkdown, toOdt, warningText,
} from "../docs/assets/javascripts/kit-writer.js";

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
  });
  const formats = one.formats || ["docx", "odt", "md"];
  mkdirSync(one.out, { recursive: true });
  if (formats.includes("docx")) writeFileSync(join(one.out, "kit.docx"), toDocx(kit));
  if (formats.includes("odt")) writeFileSync(join(one.out, "kit.odt"), toOdt(kit));
  if (formats.includes("md")) writeFileSync(join(one.out, "kit.md"), toMarkdown(kit));
  const { warnings, language_tags: _tags, ...shape } = kit;
  writeFileSync(join(one.out, "kit.json"), JSON.stringify(shape));
  writeFileSync(join(one.out, "warnings.json"), JSON.stringify(warnings));
  for (const lang of ["fr", "nl"]) {
    const worded = warnings.map((w) => warningText(w, kitData.strings, lang));
    writeFileSync(join(one.out, `warnings-${lang}.json`), JSON.stringify(worded));
  }
}

for (const one of request.batch || [request]) write(one);
