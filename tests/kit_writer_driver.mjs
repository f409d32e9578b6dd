// Test driver for docs/assets/javascripts/kit-writer.js (run by tests/test_kit_writer_js.py).
//
// Usage: node kit_writer_driver.mjs REQUEST.json
// REQUEST: {kitData: path, out: folder, ids: [..]|null, level, langs: [..],
//           productGroup?, version?, date?}
// Writes into `out`: kit.docx, kit.odt, kit.md, kit.json (the assembled kit
// without its warnings) and warnings.json.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assembleKit, toDocx, toMarkdown, toOdt } from "../docs/assets/javascripts/kit-writer.js";

const request = JSON.parse(readFileSync(process.argv[2], "utf8"));
const kitData = JSON.parse(readFileSync(request.kitData, "utf8"));
const kit = assembleKit(kitData, request.ids, request.level, request.langs, {
  productGroup: request.productGroup,
  version: request.version,
  date: request.date,
});

writeFileSync(join(request.out, "kit.docx"), toDocx(kit));
writeFileSync(join(request.out, "kit.odt"), toOdt(kit));
writeFileSync(join(request.out, "kit.md"), toMarkdown(kit));
const { warnings, language_tags: _tags, ...shape } = kit;
writeFileSync(join(request.out, "kit.json"), JSON.stringify(shape));
writeFileSync(join(request.out, "warnings.json"), JSON.stringify(warnings));
