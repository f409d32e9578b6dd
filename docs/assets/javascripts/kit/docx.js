// kit/docx.js: Word (.docx), WordprocessingML written by hand (kit-writer.js toDocx).

import { joined, joinTexts } from "./common.js";
import { esc, languageTag, pageParts, runningHead, XML_HEAD } from "./office.js";
import { layoutKit } from "./layout.js";
import { zip } from "./zip.js";

const TWIPS_PER_CM = 566.93;
const TEXT_WIDTH_TWIPS = Math.round(17 * TWIPS_PER_CM); // A4 minus 2 cm margins

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** Collects hyperlink relationships while the document body is written. */
class DocxLinks {
  constructor() {
    this.targets = [];
  }
  id(url) {
    let index = this.targets.indexOf(url);
    if (index < 0) index = this.targets.push(url) - 1;
    return `rIdLink${index + 1}`;
  }
}

function docxText(value) {
  // Tabs and line breaks are elements of their own in WordprocessingML.
  return value
    .split("\n")
    .map((line) =>
      line
        .split("\t")
        .map((part) => (part ? `<w:t xml:space="preserve">${esc(part)}</w:t>` : ""))
        .join("<w:tab/>"),
    )
    .join("<w:br/>");
}

function docxRun(run, lang, kit, links, small = false) {
  let props = "";
  if (run.link) props += '<w:rStyle w:val="Hyperlink"/>';
  if (run.bold) props += "<w:b/>";
  if (run.italic) props += "<w:i/>";
  if (small) props += '<w:sz w:val="18"/>';  // 9 pt: table headers
  const runLang = run.lang || lang;  // a run in another language than its paragraph (a source title)
  if (runLang) props += `<w:lang w:val="${languageTag(kit, runLang)}"/>`;
  const xml = `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ""}${docxText(run.text)}</w:r>`;
  return run.link ? `<w:hyperlink r:id="${links.id(run.link)}">${xml}</w:hyperlink>` : xml;
}

const DOCX_PARAGRAPH_STYLES = { subtitle: "Subtitle", reference: "ClauseReference", note: "KitNote" };

function docxParagraph(block, style, kit, links, small = false) {
  let props = "";
  const runs = [...block.runs];
  if (block.kind === "item") {
    const level = Math.min(block.level || 0, 2);
    if (block.marker) {
      props = `<w:pStyle w:val="ListContinue${level ? level + 1 : ""}"/>`;
      runs.unshift({ text: block.marker + " " });
    } else {
      props = `<w:pStyle w:val="ListBullet"/><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="1"/></w:numPr>`;
    }
  } else if (DOCX_PARAGRAPH_STYLES[style]) {
    props = `<w:pStyle w:val="${DOCX_PARAGRAPH_STYLES[style]}"/>`;
  }
  const body = runs.map((run) => docxRun(run, block.lang, kit, links, small)).join("");
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ""}${body}</w:p>`;
}

function docxHeading(element) {
  const style = element.level === 0 ? "Title" : `Heading${element.level}`;
  return `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr><w:r>${docxText(element.text)}</w:r></w:p>`;
}

function docxTable(element, kit, links) {
  const widths = element.widths.map((w) => Math.round((TEXT_WIDTH_TWIPS * w) / 100));
  const rows = (element.header ? [element.header] : []).concat(element.rows);
  let xml =
    '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>' +
    `<w:tblW w:w="${TEXT_WIDTH_TWIPS}" w:type="dxa"/><w:tblLayout w:type="fixed"/>` +
    '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>' +
    "</w:tblPr><w:tblGrid>" +
    widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("") +
    "</w:tblGrid>";
  rows.forEach((cells, rowIndex) => {
    const isHeader = element.header && rowIndex === 0;
    xml += "<w:tr>" + (isHeader ? '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' : "");
    cells.forEach((blocks, col) => {
      const shade = isHeader ? '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>' : "";
      const content = blocks.length
        ? blocks.map((b) => docxParagraph(b, "body", kit, links, isHeader)).join("")
        : "<w:p/>";
      xml += `<w:tc><w:tcPr><w:tcW w:w="${widths[col]}" w:type="dxa"/>${shade}</w:tcPr>${content}</w:tc>`;
    });
    xml += "</w:tr>";
  });
  // An empty paragraph after each table: Word merges adjacent tables otherwise.
  return xml + "</w:tbl><w:p/>";
}

function docxStyles(kit) {
  const lang = languageTag(kit, kit.langs[0]);
  // Child elements follow the order of the OOXML schema (Word refuses files otherwise):
  // name, basedOn, next, qFormat, pPr, rPr; inside rPr: b, i, color, sz, u, lang.
  const paragraphStyle = (id, name, { basedOn = "Normal", pPr = "", rPr = "", extra = "" } = {}) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/>` +
    (basedOn ? `<w:basedOn w:val="${basedOn}"/>` : "") +
    extra +
    (pPr ? `<w:pPr>${pPr}</w:pPr>` : "") +
    (rPr ? `<w:rPr>${rPr}</w:rPr>` : "") +
    "</w:style>";
  const heading = (level, size) =>
    paragraphStyle(`Heading${level}`, `heading ${level}`, {
      extra: '<w:next w:val="Normal"/><w:qFormat/>',
      pPr: `<w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="${level - 1}"/>`,
      rPr: `<w:b/><w:color w:val="1F3864"/><w:sz w:val="${size}"/>`,
    });
  const indent = (level) => `<w:ind w:left="${360 * (level + 1)}"/>`;
  return (
    XML_HEAD +
    `<w:styles ${W_NS}>` +
    "<w:docDefaults><w:rPrDefault><w:rPr>" +
    '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/>' +
    `<w:sz w:val="22"/><w:lang w:val="${lang}"/></w:rPr></w:rPrDefault>` +
    '<w:pPrDefault><w:pPr><w:spacing w:after="80"/></w:pPr></w:pPrDefault></w:docDefaults>' +
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
    paragraphStyle("Title", "Title", {
      extra: "<w:qFormat/>",
      pPr: '<w:spacing w:after="120"/>',
      rPr: '<w:color w:val="1F3864"/><w:sz w:val="40"/>',
    }) +
    paragraphStyle("Subtitle", "Subtitle", {
      extra: "<w:qFormat/>",
      rPr: '<w:i/><w:color w:val="4472C4"/><w:sz w:val="26"/>',
    }) +
    heading(1, 32) +
    heading(2, 26) +
    heading(3, 24) +
    paragraphStyle("ListBullet", "List Bullet", {
      pPr: '<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="40"/>',
    }) +
    paragraphStyle("ListContinue", "List Continue", { pPr: indent(0) }) +
    paragraphStyle("ListContinue2", "List Continue 2", { pPr: indent(1) }) +
    paragraphStyle("ListContinue3", "List Continue 3", { pPr: indent(2) }) +
    paragraphStyle("ClauseReference", "Clause Reference", {
      rPr: '<w:b/><w:color w:val="44546A"/><w:sz w:val="18"/>',
    }) +
    paragraphStyle("KitNote", "Kit Note", { rPr: '<w:i/><w:sz w:val="18"/>' }) +
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">' +
    '<w:name w:val="Default Paragraph Font"/></w:style>' +
    '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/>' +
    '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>' +
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>' +
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>' +
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>' +
    "</w:tblCellMar></w:tblPr></w:style>" +
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>' +
    "<w:tblPr><w:tblBorders>" +
    ["top", "left", "bottom", "right", "insideH", "insideV"]
      .map((side) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>`)
      .join("") +
    "</w:tblBorders></w:tblPr></w:style>" +
    "</w:styles>"
  );
}

function docxNumbering() {
  const bullets = ["•", "◦", "▪"];
  const levels = bullets
    .map(
      (char, level) =>
        `<w:lvl w:ilvl="${level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>` +
        `<w:lvlText w:val="${char}"/><w:lvlJc w:val="left"/>` +
        `<w:pPr><w:ind w:left="${360 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>`,
    )
    .join("");
  return (
    XML_HEAD +
    `<w:numbering ${W_NS}>` +
    `<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>${levels}</w:abstractNum>` +
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
  );
}

function docxCore(kit) {
  const stamp = kit.date ? `${kit.date}T00:00:00Z` : null;
  return (
    XML_HEAD +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${esc(joinTexts(kit, kit.title))}</dc:title>` +
    `<dc:subject>${esc(joinTexts(kit, kit.subtitle))}</dc:subject>` +
    `<dc:creator>${esc(joined(kit, "creator"))}</dc:creator>` +
    `<dc:language>${languageTag(kit, kit.langs[0])}</dc:language>` +
    (stamp
      ? `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>`
      : "") +
    "</cp:coreProperties>"
  );
}

function docxHeaderFooter(kit, tag, paragraphXml) {
  return XML_HEAD + `<w:${tag} ${W_NS}>${paragraphXml}</w:${tag}>`;
}

function docxSmallRun(value) {
  return `<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve">${esc(value)}</w:t></w:r>`;
}

function docxHeader(kit) {
  return docxHeaderFooter(kit, "hdr", `<w:p><w:pPr><w:jc w:val="right"/></w:pPr>${docxSmallRun(runningHead(kit))}</w:p>`);
}

function docxFooter(kit) {
  const fields = { "{page}": "PAGE", "{pages}": "NUMPAGES" };
  const runs = pageParts(kit)
    .map((part) => (fields[part]
      ? `<w:fldSimple w:instr=" ${fields[part]} ">${docxSmallRun("1")}</w:fldSimple>`
      : docxSmallRun(part)))
    .join("");
  return docxHeaderFooter(kit, "ftr", `<w:p><w:pPr><w:jc w:val="center"/></w:pPr>${runs}</w:p>`);
}

/** The kit as the bytes of a .docx file. */
export function toDocx(kit) {
  const links = new DocxLinks();
  const body = layoutKit(kit)
    .map((element) => {
      if (element.type === "heading") return docxHeading(element);
      if (element.type === "para") return docxParagraph(element.block, element.style, kit, links);
      return docxTable(element, kit, links);
    })
    .join("");
  const margin = Math.round(2 * TWIPS_PER_CM);
  const document =
    XML_HEAD +
    `<w:document ${W_NS}><w:body>${body}` +
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>' +
    '<w:footerReference w:type="default" r:id="rIdFooter"/>' +
    `<w:pgSz w:w="${Math.round(21 * TWIPS_PER_CM)}" w:h="${Math.round(29.7 * TWIPS_PER_CM)}"/>` +
    `<w:pgMar w:top="${margin}" w:right="${margin}" w:bottom="${margin}" w:left="${margin}" ` +
    'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>';
  const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const documentRels =
    XML_HEAD +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rIdNumbering" Type="${REL}/numbering" Target="numbering.xml"/>` +
    `<Relationship Id="rIdHeader" Type="${REL}/header" Target="header1.xml"/>` +
    `<Relationship Id="rIdFooter" Type="${REL}/footer" Target="footer1.xml"/>` +
    links.targets
      .map((url, i) => `<Relationship Id="rIdLink${i + 1}" Type="${REL}/hyperlink" Target="${esc(url)}" TargetMode="External"/>`)
      .join("") +
    "</Relationships>";
  const WML = "application/vnd.openxmlformats-officedocument.wordprocessingml";
  const contentTypes =
    XML_HEAD +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/word/document.xml" ContentType="${WML}.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="${WML}.styles+xml"/>` +
    `<Override PartName="/word/numbering.xml" ContentType="${WML}.numbering+xml"/>` +
    `<Override PartName="/word/header1.xml" ContentType="${WML}.header+xml"/>` +
    `<Override PartName="/word/footer1.xml" ContentType="${WML}.footer+xml"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    "</Types>";
  const packageRels =
    XML_HEAD +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
    '<Relationship Id="rId2" ' +
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" ' +
    'Target="docProps/core.xml"/>' +
    "</Relationships>";
  return zip([
    ["[Content_Types].xml", contentTypes],
    ["_rels/.rels", packageRels],
    ["docProps/core.xml", docxCore(kit)],
    ["word/document.xml", document],
    ["word/styles.xml", docxStyles(kit)],
    ["word/numbering.xml", docxNumbering()],
    ["word/header1.xml", docxHeader(kit)],
    ["word/footer1.xml", docxFooter(kit)],
    ["word/_rels/document.xml.rels", documentRels],
  ]);
}
