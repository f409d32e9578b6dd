/*
 * The basket page: lists the criteria kept in the browser (kb-finder.js stores their ids),
 * lets the buyer choose the level, the language(s) and the format, and downloads a real
 * tender annex built in the browser by kit-writer.js from the published data/kit/ parts
 * (the same content and order as `kb export kit`). No server, no third-party code.
 *
 * The page fetches no list of all criteria: each item is drawn from its own kit part
 * (data/kit/<id>.json: title, version, status, levels), so what it downloads grows with
 * the selection, not with the knowledge base.
 */
import {
  acceptValue, assembleKit, fileName, joinKitData, officeWriters, toMarkdown, valueText, warningText,
} from "./kit-writer.js";

const form = document.querySelector("form.kb-basket");
const lang = document.documentElement.lang.slice(0, 2);
const { text } = window.KB;

class FetchError extends Error {}

/* The office writers load at the first download (kit-writer.js officeWriters): the page starts
   without them. A failed load is said like a failed fetch. */
const office = (name) => async (kit) => {
  let writers;
  try { writers = await officeWriters(); } catch { throw new FetchError(); }
  return writers[name](kit);
};
const FORMATS = {
  docx: { ext: "docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", write: office("toDocx") },
  odt: { ext: "odt", type: "application/vnd.oasis.opendocument.text", write: office("toOdt") },
  md: { ext: "md", type: "text/markdown;charset=utf-8", write: async (kit) => new TextEncoder().encode(toMarkdown(kit)) },
};

/* Kit data in parts (kit/common.json, kit/<id>.json), each fetched once: the download grows
   with the selection, not with the knowledge base. */
const kitParts = new Map();

function loadJson(url, missingIsNull = false) {
  return fetch(url, { credentials: "same-origin" }).then(
    (r) => {
      if (missingIsNull && r.status === 404) return null;  // not published (any more)
      if (!r.ok) throw new FetchError(`${url}: ${r.status}`);
      return r.json();
    },
    () => { throw new FetchError(url); },
  );
}

function kitPart(name, missingIsNull) {
  if (!kitParts.has(name)) {
    const loading = loadJson(`${form.dataset.root}data/kit/${encodeURIComponent(name)}.json`, missingIsNull);
    loading.catch(() => kitParts.delete(name));  // a failed fetch is tried again next time
    kitParts.set(name, loading);
  }
  return kitParts.get(name);
}

async function kitDataFor(ids) {
  const [common, ...parts] = await Promise.all([kitPart("common", false), ...ids.map((id) => kitPart(id, true))]);
  return joinKitData(common, parts);
}

/* Values the buyer changed, {criterionId: {parameter: raw}}, kept with the basket. */
function storedValues() {
  try { return JSON.parse(localStorage.getItem("kb-values") || "{}") || {}; } catch { return {}; }
}

function storeValues(values) {
  try { localStorage.setItem("kb-values", JSON.stringify(values)); } catch { /* private mode */ }
}

/* The raw form of a value as the controls hold it: an option's number for a list. */
function rawOf(parameter, value) {
  if (parameter.editable.kind !== "list") return valueText(value, lang);
  const at = parameter.editable.options.findIndex((o) => JSON.stringify(o) === JSON.stringify(value));
  return at < 0 ? "" : String(at + 1);
}

/* Controls for the editable parameters of one basket item (what the record allows). */
function valueControls(li, id, part, level) {
  const editable = Object.entries((part && part.parameters) || {}).filter(([, p]) => p.editable);
  if (!editable.length || !li.isConnected) return;
  const box = document.createElement("fieldset");
  box.className = "kb-values";
  const legend = document.createElement("legend");
  legend.textContent = text("basket.values");
  box.appendChild(legend);
  for (const [name, parameter] of editable) {
    const kind = parameter.editable.kind;
    const fallback = rawOf(parameter, (parameter.values || {})[level]);
    const given = (storedValues()[id] || {})[name];
    const current = given !== undefined && acceptValue(parameter, given) !== null ? given : fallback;
    const control = document.createElement(kind === "list" ? "select" : "input");
    control.id = `kb-value-${id}-${name}`;
    if (kind === "list") {
      parameter.editable.options.forEach((option, at) => control.add(new Option(valueText(option, lang), String(at + 1))));
    } else if (kind === "range") {
      Object.assign(control, { type: "number", min: parameter.editable.min, max: parameter.editable.max, step: 1 });
    } else {
      Object.assign(control, { type: "text", maxLength: 200 });
    }
    control.value = current;
    const label = document.createElement("label");
    label.htmlFor = control.id;
    const hint = kind === "range" ? " " + text("basket.range", { min: parameter.editable.min, max: parameter.editable.max })
      : kind === "free" ? ` (${text("basket.free")})` : "";
    label.textContent = parameter.label[lang] + hint;
    control.addEventListener("change", () => {
      const values = storedValues();
      values[id] = values[id] || {};
      if (control.value === fallback || acceptValue(parameter, control.value) === null) delete values[id][name];
      else values[id][name] = control.value;
      if (!Object.keys(values[id]).length) delete values[id];
      storeValues(values);
    });
    const row = document.createElement("p");
    row.append(label, " ", control);
    box.appendChild(row);
  }
  li.insertBefore(box, li.querySelector("button.kb-remove"));
}

function chosen(name) {
  const input = form.querySelector(`input[name="${name}"]:checked`);
  return input ? input.value : null;
}

/* The kit part of every criterion drawn so far, by id (null: not published). The list is
   drawn from it synchronously, so that removing an item keeps the focus in place. */
const parts = new Map();
let drawing = 0;  // the latest draw: an older one that finishes late draws nothing

function partsOf(ids) {
  return Promise.all(ids.map((id) => kitPart(id, true).then((part) => { parts.set(id, part); return part; })));
}

/* Draws the basket once the parts of its items are in (all at once: nothing moves item by
   item). Meanwhile the list keeps about the room the items will take (kb.css). */
function renderItems() {
  const list = document.getElementById("kb-basket-items");
  const ids = window.kbBasket.get();
  const ticket = ++drawing;
  document.getElementById("kb-basket-empty").hidden = ids.length > 0;
  const missing = ids.filter((id) => !parts.has(id));
  if (!missing.length) { drawItems(list, ids); return; }
  list.setAttribute("aria-busy", "true");
  list.style.setProperty("--kb-items", String(ids.length));
  partsOf(missing).then(
    () => { if (ticket === drawing) drawItems(list, ids); },
    () => {
      if (ticket !== drawing) return;
      document.getElementById("kb-basket-status").textContent = text("basket.offline");
      drawItems(list, ids);
    });
}

function drawItems(list, ids) {
  const level = form.elements["kit-level"].value;
  list.textContent = "";
  list.removeAttribute("aria-busy");
  for (const id of ids) {
    const part = parts.get(id);  // undefined: could not be fetched
    const title = part ? part.title[lang] : id;
    const li = document.createElement("li");
    li.className = "kb-result";
    const heading = document.createElement("p");
    heading.className = "kb-result-title";
    const link = document.createElement("a");
    link.href = window.kbBasket.pageUrl(form.dataset.root, id);
    link.textContent = title;
    heading.appendChild(link);
    li.appendChild(heading);
    if (part) {
      const meta = document.createElement("p");
      meta.className = "kb-result-meta";
      meta.textContent = `${text("basket.version")} ${part.version}`;
      li.appendChild(meta);
    }
    // A localized warning next to an item the annex marks or leaves out (never silent).
    const notes = [];
    if (part === null || (part && part.status === "deprecated")) notes.push(text("basket.unknown"));
    else if (part) {
      if (part.status !== "published") notes.push(text("basket.draft"));
      if (!Object.hasOwn(part.levels || {}, level)) notes.push(text("basket.not_at_level"));
    }
    for (const note of notes) {
      const warning = document.createElement("p");
      warning.className = "kb-result-warning";
      warning.textContent = note;
      li.appendChild(warning);
    }
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "kb-button kb-remove";
    remove.dataset.kbId = id;
    // Seen: "Remove" under the item's title; heard (screen readers, voice control): which one.
    // The name still starts with the visible word (WCAG 2.5.3, label in name).
    const which = document.createElement("span");
    which.className = "kb-sr-only";
    which.textContent = ` (${title})`;
    remove.append(text("basket.remove"), which);
    remove.addEventListener("click", () => { removeItem(id); });
    li.appendChild(remove);
    list.appendChild(li);
    if (part) valueControls(li, id, part, level);
  }
}

/* Remove an item and keep the focus in place: on the next item's button, else the
   previous one's, else the list heading (the focus must not fall back to <body>). */
function removeItem(id) {
  const ids = window.kbBasket.get();
  const at = ids.indexOf(id);
  window.kbBasket.toggle(id);
  const buttons = document.querySelectorAll("#kb-basket-items button.kb-remove");
  const next = buttons[at] || buttons[at - 1];
  (next || document.getElementById("kb-selected")).focus();
  document.getElementById("kb-basket-status").textContent = form.dataset.removed;
}

function storedGroup() {
  try { return localStorage.getItem("kb-group") || ""; } catch { return ""; }  /* private mode */
}

function storeGroup(value) {
  try { localStorage.setItem("kb-group", value); } catch { /* private mode */ }
}

/* The product groups of the kit's group choice: code -> name. */
function groupNames() {
  return new Map(Array.from(form.elements["kit-group"].options, (o) => [o.value, o.text]).filter(([code]) => code));
}

/* The level and the product group of a shared link (basket/?level=advanced&pg=notebooks),
   else as last chosen: set before the first draw. */
function presetChoices(params) {
  const levelSelect = form.elements["kit-level"];
  const levels = Array.from(levelSelect.options, (o) => o.value);
  const level = params.get("level");
  const chosen = levels.includes(level) ? level : window.kbBasket.level();
  if (levels.includes(chosen)) levelSelect.value = chosen;
  // The product group bought (the kit's CPV codes): from the link, else as last chosen.
  const groups = groupNames();
  const group = groups.has(params.get("pg")) ? params.get("pg") : storedGroup();
  if (groups.has(group)) form.elements["kit-group"].value = group;
}

/* A shared link basket/?ids=a,b,c&level=advanced&pg=notebooks fills the basket (asking
   first when the basket already holds other criteria). Only the criteria still in the
   finder are taken (published or draft): their kit parts say so; one whose part could not
   be fetched is taken (the list and the download say so and try again). */
async function fromLink(params) {
  const asked = [...new Set((params.get("ids") || "").split(",").filter(Boolean))];
  if (!asked.length) return;
  const found = await Promise.all(asked.map((id) => kitPart(id, true).then(
    (part) => { parts.set(id, part); return part; },
    () => undefined)));
  const wanted = asked.filter((id, at) => found[at] === undefined || (found[at] && found[at].status !== "deprecated"));
  if (!wanted.length) return;
  const levelSelect = form.elements["kit-level"];
  const groupSelect = form.elements["kit-group"];
  const groups = groupNames();
  const done = (ids) => {
    const clean = window.location.pathname + window.location.hash;
    history.replaceState(null, "", clean);  // a reload must not import again
    if (ids) window.kbBasket.set(ids);
    window.kbBasket.level(levelSelect.value);
    // Values in the link (&values={"id":{"name":"raw"}}) replace those of the same criteria.
    try {
      const linked = JSON.parse(params.get("values") || "{}");
      if (linked && typeof linked === "object") storeValues({ ...storedValues(), ...linked });
    } catch { /* a damaged link: keep the values already chosen */ }
    storeGroup(groupSelect.value);
    let message = form.dataset.imported.replace("{n}", window.kbBasket.get().length)
      .replace("{level}", levelSelect.options[levelSelect.selectedIndex].text);
    if (groups.has(params.get("pg"))) message += " " + form.dataset.importedGroup.replace("{group}", groups.get(params.get("pg")));
    document.getElementById("kb-basket-status").textContent = message;
  };
  const current = window.kbBasket.get();
  const same = current.length === wanted.length && wanted.every((id) => current.includes(id));
  if (!current.length || same) { done(wanted); return; }
  const box = document.getElementById("kb-import");
  const textEl = document.getElementById("kb-import-text");
  textEl.textContent = textEl.dataset.template.replace("{current}", current.length).replace("{new}", wanted.length);
  box.hidden = false;
  box.querySelectorAll("button[data-import]").forEach((button) => {
    button.addEventListener("click", () => {
      const choice = button.dataset.import;
      box.hidden = true;
      if (choice === "replace") done(wanted);
      else if (choice === "merge") done(current.concat(wanted.filter((id) => !current.includes(id))));
      else done(null);
      document.getElementById("kb-selected").focus();
    });
  });
  box.querySelector("button[data-import]").focus();
}

function download(bytes, format, name) {
  const spec = FORMATS[format];
  const blob = new Blob([bytes], { type: spec.type });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;  // in the page's language (fileName)
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

async function onSubmit(event) {
  event.preventDefault();
  const status = document.getElementById("kb-basket-status");
  const ids = window.kbBasket.get();
  if (!ids.length) { status.textContent = text("basket.empty"); return; }
  status.textContent = text("basket.loading");
  // The office writers load alongside the kit parts (a failure is said when they are needed).
  if (chosen("kit-format") !== "md") officeWriters().catch(() => {});
  try {
    const data = await kitDataFor(ids);
    const level = form.elements["kit-level"].value;
    const langs = chosen("kit-lang") === "fr+nl" ? ["fr", "nl"] : [chosen("kit-lang")];
    const format = chosen("kit-format");
    const values = Object.fromEntries(Object.entries(storedValues()).filter(([id]) => ids.includes(id)));
    const kit = assembleKit(data, ids, level, langs, { productGroup: form.elements["kit-group"].value || null, values });
    download(await FORMATS[format].write(kit), format, fileName(data, lang, level, langs, FORMATS[format].ext));
    const count = kit.sections.reduce((n, s) => n + s.items.length, 0);
    // Warnings in the page's language, criteria named by their title (kit-data.json holds both).
    const worded = kit.warnings.map((w) => warningText(w, data.strings, lang));
    status.textContent = text("basket.ready", { n: count }) + (worded.length ? " " + text("basket.notes", { notes: worded.join(" ") }) : "");
  } catch (error) {
    if (error instanceof FetchError) { status.textContent = text("basket.offline"); return; }  // said; nothing to debug
    status.textContent = text("basket.failed");
    throw error;
  }
}

if (form && window.kbBasket) {
  // Shown at once (its room is kept while hidden, kb.css); the items follow their parts.
  form.hidden = false;
  const params = new URLSearchParams(window.location.search);
  presetChoices(params);
  document.addEventListener("kb-basket-change", renderItems);
  form.elements["kit-group"].addEventListener("change", () => storeGroup(form.elements["kit-group"].value));
  form.elements["kit-level"].addEventListener("change", () => {
    window.kbBasket.level(form.elements["kit-level"].value);
    renderItems();
  });
  form.addEventListener("submit", onSubmit);
  renderItems();
  fromLink(params);
}
