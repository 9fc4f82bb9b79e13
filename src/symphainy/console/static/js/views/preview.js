// Preview of parsed content: paged tables (read a page at a time), document text and
// sections, and for mainframe records the copybook's fields, invalid values and segments.
import { api, call } from "../api.js";
import { artifactName, fill, h, showInline, table } from "../dom.js";
import { offsetPager } from "../pager.js";
import { recordSections, tableTitle } from "./records.js";

// One table of the parse, read a page at a time, with pagers above and below.
function pagedTable(parsedId, tableInfo, title) {
  const body = h("div", { class: "page-body" });
  const fetch = async (offset, limit) => {
    const page = await call("get_parsed_file", { parsed_file_id: parsedId, table: tableInfo.name, offset, limit });
    const to = offset + page.rows.length;
    fill(body, table(page.columns, page.rows, `${title}, rows ${page.rows.length ? offset + 1 : 0} to ${to}`));
    return { count: page.rows.length, total: page.total_rows };
  };
  // A page that cannot be read says so beside the pager, naming the table.
  const problem = h("div", { class: "pager-problem" });
  const shown = (err) => showInline(problem, err, `Reading ${tableInfo.name} failed`);
  const pager = offsetPager(`Pages of ${tableInfo.name}`, tableInfo.row_count, (offset, limit) => { showInline(problem); return fetch(offset, limit); }, shown);
  pager.load(0);
  return h("section", { class: "paged", "data-table": tableInfo.name }, h("h3", { text: title }), pager.top, problem, body, pager.bottom);
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
  // Named after the file it was parsed from (the parse itself has no name of its own).
  const source = art.parent_artifacts.length ? await api("GET", `/api/artifacts/${art.parent_artifacts[0]}`) : art;
  const fileName = artifactName(source) || artifactName(art);
  const header = [h("h2", { text: `Preview of ${fileName || art.artifact_type}` }),
    h("p", { class: "muted" }, `${d.parser} parser, ${d.content_kind}, ${d.record_count} records · `, h("a", { href: `#/artifacts/${parsedId}`, text: "artifact and lineage" }))];
  if (!tables.length) {
    const page = await call("get_parsed_file", { parsed_file_id: parsedId });
    fill(root, header, documentView(page.document));
    return;
  }
  fill(root, header, d.content_kind === "records" ? recordSections(d.metadata) : null, tables.map((t) => pagedTable(parsedId, t, tableTitle(d.metadata, t.name, fileName))));
}
