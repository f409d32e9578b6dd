// kit/zip.js: ZIP packages (kit-writer.js zip): fflate (vendor/fflate.js, MIT) deflates;
// entries keep their order.

import { zipSync } from "../vendor/fflate.js";

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
