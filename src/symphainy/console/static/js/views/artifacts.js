// Artifacts: a filtered, paged list; one artifact's details, lineage graph and download.
import { api, raw } from "../api.js";
import { attempt, fill, fmtBytes, fmtTime, h } from "../dom.js";
import { lineageGraph } from "../graph.js";

const TYPES = ["file", "parsed_content", "deterministic_embeddings", "embeddings"];
const STATES = ["PENDING", "READY", "FAILED", "ARCHIVED", "DELETED"];
const PAGE = 50;
// `trail`: the cursor of every page from the newest to the shown one (null: the first page).
const filters = { artifact_type: "", lifecycle_state: "", produced_by_intent: "", name_contains: "", trail: [null] };

const label = (a) => a.semantic_descriptor.ui_name || a.semantic_descriptor.filename || "";

function select(name, text, values) {
  return h("label", {}, text, h("select", { name }, h("option", { value: "", text: "any" }),
    values.map((v) => h("option", { value: v, text: v, selected: filters[name] === v }))));
}

// The list's errors (a filter refused, a page that cannot be read) show under the pager.
async function list(body, pager, problem) {
  const { trail } = filters;
  const query = { limit: PAGE };
  if (trail[trail.length - 1]) query.cursor = trail[trail.length - 1];
  if (filters.artifact_type) query.artifact_type = filters.artifact_type;
  for (const name of ["lifecycle_state", "produced_by_intent", "name_contains"]) if (filters[name]) query[name] = filters[name];
  const page = await api("POST", "/api/artifact/list", query);
  fill(body, page.artifacts.map((a) => h("tr", {},
    h("td", {}, h("a", { href: `#/artifacts/${a.artifact_id}`, text: a.artifact_type })),
    h("td", { text: label(a) }), h("td", { class: "state", text: a.lifecycle_state }),
    h("td", { text: a.produced_by.intent_type || "" }), h("td", { text: fmtTime(a.created_at) }))));
  const first = (trail.length - 1) * PAGE;
  const go = (next) => { filters.trail = next; attempt(problem, () => list(body, pager, problem)); };
  fill(pager, `${page.artifacts.length ? first + 1 : 0}–${first + page.artifacts.length} of ${page.total} `,
    h("button", { type: "button", text: "Previous", disabled: trail.length === 1, onclick: () => go(trail.slice(0, -1)) }),
    h("button", { type: "button", text: "Next", disabled: !page.next_cursor, onclick: () => go([...trail, page.next_cursor]) }));
}

async function browse(root) {
  const body = h("tbody");
  const pager = h("p", { class: "pager", "aria-live": "polite" });
  const problem = h("div", { class: "form-problem" });
  const form = h("form", { id: "artifact-filters", class: "inline", onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    for (const name of ["artifact_type", "lifecycle_state", "produced_by_intent", "name_contains"]) filters[name] = f.get(name);
    filters.trail = [null];
    attempt(problem, () => list(body, pager, problem));
  } }, select("artifact_type", "Type", TYPES), select("lifecycle_state", "Lifecycle state", STATES),
  h("label", {}, "Produced by intent", h("input", { name: "produced_by_intent", value: filters.produced_by_intent })),
  h("label", {}, "Name contains", h("input", { name: "name_contains", value: filters.name_contains })),
  h("button", { type: "submit", text: "Filter" }), problem);
  fill(root, h("h2", { text: "Artifacts" }), form,
    h("div", { class: "scroll" }, h("table", { id: "artifacts" }, h("thead", {}, h("tr", {}, ["Type", "Name", "State", "Produced by", "Created"].map((c) => h("th", { scope: "col", text: c })))), body)),
    pager);
  await list(body, pager, problem);
}

async function download(art) {
  const res = await raw(`/api/artifacts/${art.artifact_id}/content`);
  const disposition = res.headers.get("Content-Disposition") || "";
  // filename* (RFC 6266) carries the exact UTF-8 name; filename="…" is its ASCII fallback.
  const exact = disposition.match(/filename\*=UTF-8''([^;]+)/i);
  const name = exact ? decodeURIComponent(exact[1]) : (disposition.match(/filename="([^"]+)"/) || [])[1] || art.artifact_id;
  const url = URL.createObjectURL(await res.blob());
  const link = h("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function detail(root, id) {
  const [art, lineage] = await Promise.all([api("GET", `/api/artifacts/${id}`), api("GET", `/api/artifacts/${id}/lineage`)]);
  const facts = [["Type", art.artifact_type], ["Name", label(art)], ["Lifecycle state", art.lifecycle_state],
    ["Produced by", `${art.produced_by.intent_type || "—"} (${art.produced_by.execution_id || "—"})`],
    ["Session", art.session_id || "—"], ["Created", fmtTime(art.created_at)], ["Updated", fmtTime(art.updated_at)],
    ["Stored as", art.materializations.map((m) => `${m.format} (${fmtBytes(m.size)})`).join(", ") || "—"]];
  const problem = h("div", { class: "form-problem" });
  const button = h("button", { type: "button", id: "download", text: "Download content", disabled: !art.materializations.length,
    onclick: () => attempt(problem, () => download(art), "Download failed") });
  fill(root, h("h2", { text: `${art.artifact_type} ${label(art)}` }),
    h("p", {}, h("a", { href: "#/artifacts", text: "All artifacts" }),
      art.artifact_type === "parsed_content" ? [" · ", h("a", { href: `#/preview/${id}`, text: "Preview" })] : null),
    h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })])), button, problem,
    h("h3", { text: "Lineage" }), lineageGraph(art, lineage),
    h("details", {}, h("summary", { text: "Semantic descriptor" }), h("pre", { text: JSON.stringify(art.semantic_descriptor, null, 2) })));
}

export function render(root, id) {
  return id ? detail(root, id) : browse(root);
}
