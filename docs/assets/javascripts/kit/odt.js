// kit/odt.js: OpenDocument (.odt), the same styles as the .docx (kit-writer.js toOdt).

import { joinTexts } from "./common.js";
import { esc, languageTag, pageParts, runningHead, XML_HEAD } from "./office.js";
import { layoutKit } from "./layout.js";
import { zip } from "./zip.js";

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
        props += ` fo:language="${code}" fo:country="${country || "none"}"`;
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
    const style = this.textStyle(run, run.lang || lang);  // a run may be in its own language
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
