// kit/markdown.js: the kit as Markdown and as plain text (kit-writer.js toMarkdown, toText),
// from its layout.

import { layoutKit } from "./layout.js";

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
