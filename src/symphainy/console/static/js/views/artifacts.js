// Artifacts: a filtered, paged list; one artifact's details, lineage graph and download.
import { api, raw } from "../api.js";
import { artifactName, attempt, fill, fmtBytes, fmtTime, h, shortId, showInline, table } from "../dom.js";
import { lineageGraph, lineageName } from "../graph.js";
import { keysetPager } from "../pager.js";

const STATES = ["PENDING", "READY", "FAILED", "ARCHIVED", "DELETED"];
const PAGE = 50;
const FILTERS = ["artifact_type", "lifecycle_state", "produced_by_intent", "name_contains"];
// Kept while the console is open, so coming back to the list shows the same filters and page.
const filters = { artifact_type: "", lifecycle_state: "", produced_by_intent: "", name_contains: "", trail: [null] };

// Every artifact type an intent declares it produces (the server's catalogue), sorted.
async function artifactTypes() {
  const contracts = await api("GET", "/api/intents");
  return [...new Set(contracts.flatMap((c) => c.produces))].sort();
}

function select(name, text, values) {
  return h("label", {}, text, h("select", { name }, h("option", { value: "", text: "any" }),
    values.map((v) => h("option", { value: v, text: v, selected: filters[name] === v }))));
}

// One page of the list drawn into `box`; returns what the pager needs.
async function fetchPage(box, cursor) {
  const query = { limit: PAGE, ...(cursor ? { cursor } : {}) };
  for (const name of FILTERS) if (filters[name]) query[name] = filters[name];
  const page = await api("POST", "/api/artifact/list", query);
  const rows = page.artifacts.map((a) => ({ Type: h("a", { href: `#/artifacts/${a.artifact_id}`, text: a.artifact_type }),
    Name: artifactName(a), State: a.lifecycle_state, "Produced by": a.produced_by.intent_type || "", Created: fmtTime(a.created_at) }));
  fill(box, table(["Type", "Name", "State", "Produced by", "Created"], rows, "Artifacts", { id: "artifacts" }));
  return { count: page.artifacts.length, total: page.total, next_cursor: page.next_cursor };
}

async function browse(root) {
  const box = h("div", { class: "artifact-list" });
  // The list's errors (a filter refused, a page that cannot be read) show under the filters.
  const problem = h("div", { class: "form-problem" });
  const shown = (err) => showInline(problem, err);
  const pager = keysetPager("Pages of artifacts", PAGE, (cursor) => { showInline(problem); return fetchPage(box, cursor); }, shown, filters.trail);
  const load = (trail) => pager.load(trail).then(() => { filters.trail = pager.trail; });
  const form = h("form", { id: "artifact-filters", class: "inline", onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    for (const name of FILTERS) filters[name] = f.get(name);
    load([null]).catch(shown);
  } }, select("artifact_type", "Type", await artifactTypes()), select("lifecycle_state", "Lifecycle state", STATES),
  h("label", {}, "Produced by intent", h("input", { name: "produced_by_intent", value: filters.produced_by_intent })),
  h("label", {}, "Name contains", h("input", { name: "name_contains", value: filters.name_contains })),
  h("button", { type: "submit", text: "Filter" }), problem);
  fill(root, h("h2", { text: "Artifacts" }), form, pager.top, box, pager.bottom);
  await load(filters.trail);
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

// The intent by name, its execution a link (not a 32-digit id that wraps on a phone).
function producedBy(p) {
  if (!p.execution_id) return p.intent_type || "—";
  return [p.intent_type || "an intent", " · ", h("a", { href: `#/executions/${p.execution_id}`, text: "its execution" })];
}

async function detail(root, id) {
  const [art, lineage] = await Promise.all([api("GET", `/api/artifacts/${id}`), api("GET", `/api/artifacts/${id}/lineage`)]);
  const named = lineageName(art, new Map(lineage.ancestors.map((a) => [a.artifact_id, a])));
  const facts = [["Type", art.artifact_type], ["Name", named], ["Lifecycle state", art.lifecycle_state],
    ["Produced by", producedBy(art.produced_by)], ["Session", art.session_id ? shortId(art.session_id) : "—"], ["Created", fmtTime(art.created_at)], ["Updated", fmtTime(art.updated_at)],
    ["Stored as", art.materializations.map((m) => `${m.format} (${fmtBytes(m.size)})`).join(", ") || "—"]];
  const problem = h("div", { class: "form-problem" });
  const button = h("button", { type: "button", id: "download", text: "Download content", disabled: !art.materializations.length,
    onclick: () => attempt(problem, () => download(art), "Download failed") });
  fill(root, h("h2", { text: `${art.artifact_type} ${named}` }),
    h("p", {}, h("a", { href: "#/artifacts", text: "All artifacts" }),
      art.artifact_type === "parsed_content" ? [" · ", h("a", { href: `#/preview/${id}`, text: "Preview" })] : null),
    h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", { text: k }), h("dd", {}, v)])), button, problem,
    h("h3", { text: "Lineage" }), lineageGraph(art, lineage),
    h("details", {}, h("summary", { text: "Semantic descriptor" }), h("pre", { text: JSON.stringify(art.semantic_descriptor, null, 2) })));
}

export function render(root, id) {
  return id ? detail(root, id) : browse(root);
}
