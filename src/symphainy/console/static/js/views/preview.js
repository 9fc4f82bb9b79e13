// Preview of parsed content: paged tables (read a page at a time), document text and
// sections, and for mainframe records the copybook's fields, invalid values and segments.
import { api, call } from "../api.js";
import { fill, h, showInline, table } from "../dom.js";
import { recordSections, tableTitle } from "./records.js";

const PAGE_SIZES = [50, 100, 500];

function pager(parsedId, tableInfo, title) {
  const state = { offset: 0, size: 100, total: tableInfo.row_count };
  const body = h("div", { class: "page-body" });
  const problem = h("div", { class: "pager-problem" });
  const label = h("span", { class: "page-label", "aria-live": "polite" });
  const jump = h("input", { type: "number", min: 1, value: 1, "aria-label": "Page number", class: "page-jump" });
  const pages = () => Math.max(1, Math.ceil(state.total / state.size));
  async function load(offset) {
    showInline(problem);
    state.offset = Math.max(0, Math.min(offset, (pages() - 1) * state.size));
    controls.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try {
      const page = await call("get_parsed_file", { parsed_file_id: parsedId, table: tableInfo.name, offset: state.offset, limit: state.size });
      state.total = page.total_rows;
      const from = page.rows.length ? state.offset + 1 : 0;
      label.textContent = `Rows ${from} to ${state.offset + page.rows.length} of ${state.total}`;
      jump.value = Math.floor(state.offset / state.size) + 1;
      fill(body, table(page.columns, page.rows, `${tableInfo.name}, rows ${from} to ${state.offset + page.rows.length}`));
    } catch (err) { showInline(problem, err, `Reading ${tableInfo.name} failed`); }
    controls.querySelectorAll("button").forEach((b) => { b.disabled = false; });
    const atStart = state.offset === 0; const atEnd = state.offset + state.size >= state.total;
    [first, prev].forEach((b) => { b.disabled = atStart; });
    [next, last].forEach((b) => { b.disabled = atEnd; });
  }
  const button = (text, target) => h("button", { type: "button", text, onclick: () => load(target()) });
  const first = button("First", () => 0);
  const prev = button("Previous", () => state.offset - state.size);
  const next = button("Next", () => state.offset + state.size);
  const last = button("Last", () => (pages() - 1) * state.size);
  const size = h("select", { "aria-label": "Rows per page", onchange: (e) => { state.size = Number(e.target.value); load(0); } },
    PAGE_SIZES.map((n) => h("option", { value: n, selected: n === state.size, text: `${n} per page` })));
  const go = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); load((Number(jump.value) - 1) * state.size); } },
    jump, h("button", { type: "submit", text: "Go" }));
  const controls = h("div", { class: "pager", role: "group", "aria-label": `Pages of ${tableInfo.name}` }, first, prev, label, next, last, size, go);
  load(0);
  return h("section", { class: "paged", "data-table": tableInfo.name }, h("h3", { text: title }), controls, problem, body);
}

function documentView(doc) {
  if (!doc || typeof doc !== "object") return h("pre", { text: JSON.stringify(doc, null, 2) });
  const stats = Object.entries(doc).filter(([, v]) => typeof v === "number");
  const parts = [
    doc.title ? h("h3", { class: "doc-title", text: doc.title }) : null,
    stats.length ? h("dl", { class: "stats" }, stats.map(([k, v]) => [h("dt", { text: k.replace(/_/g, " ") }), h("dd", { text: v })])) : null,
  ];
  if (Array.isArray(doc.sections) && doc.sections.length) {
    parts.push(h("div", { id: "sections" }, doc.sections.map(section)));
  } else if (Array.isArray(doc.pages)) {
    parts.push(h("div", { id: "sections" }, doc.pages.map((p) => h("section", { class: "doc-section" }, h("h4", { text: `Page ${p.number}` }), h("p", { text: p.text })))));
  } else if (typeof doc.text === "string") {
    parts.push(h("pre", { class: "doc-text", text: doc.text }));
  } else {
    parts.push(h("pre", { class: "doc-json", text: JSON.stringify(doc, null, 2).slice(0, 200000) }));
  }
  return h("section", { id: "document" }, parts);
}

function section(sec) {
  const level = Math.min(6, Math.max(4, 3 + (sec.level || 1)));
  return h("section", { class: "doc-section" },
    sec.heading ? h(`h${level}`, { text: sec.heading }) : null,
    (sec.paragraphs || []).map((p) => h("p", { text: typeof p === "string" ? p : JSON.stringify(p) })));
}

export async function render(root, parsedId) {
  const art = await api("GET", `/api/artifacts/${parsedId}`);
  const d = art.semantic_descriptor;
  const tables = (d.schema || {}).tables || [];
  const header = [h("h2", { text: "Preview" }),
    h("p", { class: "muted" }, `${d.parser} parser, ${d.content_kind}, ${d.record_count} records · `, h("a", { href: `#/artifacts/${parsedId}`, text: "artifact and lineage" }))];
  if (!tables.length) {
    const page = await call("get_parsed_file", { parsed_file_id: parsedId });
    fill(root, header, documentView(page.document));
    return;
  }
  fill(root, header, d.content_kind === "records" ? recordSections(d.metadata) : null, tables.map((t) => pager(parsedId, t, tableTitle(d.metadata, t.name))));
}
