// Insights: run a report of the insights capability on parsed content and read it as charts:
// the capability's own SVG charts, plus the dimension scores drawn here.
import { api, raw } from "../api.js";
import { barChart } from "../charts.js";
import { fill, h, showError, table } from "../dom.js";
import * as runs from "../runs.js";

const scalar = (v) => ["string", "number", "boolean"].includes(typeof v);

/** The capability's charts (visualization artifacts) as images: SVG in <img> runs no script. */
async function serverCharts(charts) {
  return Promise.all(charts.map(async (chart) => {
    const blob = await (await raw(`/api/artifacts/${chart.artifact_id}/content`)).blob();
    const url = URL.createObjectURL(new Blob([blob], { type: "image/svg+xml" }));
    return h("figure", { class: "figure server-chart", "data-kind": chart.kind },
      h("img", { src: url, alt: chart.title, class: "chart" }), h("figcaption", { text: chart.title }));
  }));
}

/** What the capability does not draw: the dimension scores as bars, keywords as a table. */
function ownViews(report) {
  const out = [];
  if (report.scores && typeof report.scores === "object") {
    out.push(barChart("Quality by dimension (1 = no problems)", Object.keys(report.scores), Object.values(report.scores), { max: 1, id: "chart-scores" }));
  }
  if (Array.isArray(report.keywords) && report.keywords.length) {
    out.push(table(["term", "score"], report.keywords.slice(0, 15), "Keywords (TF-IDF)"));
  }
  return out;
}

async function show(box, intent, report) {
  const facts = Object.entries(report).filter(([k, v]) => scalar(v) && !["narrative", "narrative_status"].includes(k));
  const narrative = report.narrative_status === "generated"
    ? h("blockquote", { class: "narrative", text: report.narrative })
    : h("p", { class: "muted narrative", text: "No narrative: no reasoning provider is configured; the figures below are computed." });
  fill(box, h("h3", { text: intent.replace(/_/g, " ") }), narrative,
    h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", { text: k.replace(/_/g, " ") }), h("dd", { text: String(v) })])),
    h("div", { class: "charts" }, ownViews(report), await serverCharts(report.charts || [])),
    h("details", {}, h("summary", { text: "Full report (JSON)" }), h("pre", { text: JSON.stringify(report, null, 2) })),
    report.report_id ? h("p", {}, h("a", { href: `#/artifacts/${report.report_id}`, text: "Report artifact and lineage" })) : null);
}

async function sources() {
  const [parsed, files] = await Promise.all([
    api("POST", "/api/artifact/list", { artifact_type: "parsed_content", lifecycle_state: "READY", limit: 200 }),
    api("POST", "/api/artifact/list", { artifact_type: "file", limit: 500 }),
  ]);
  const names = new Map(files.artifacts.map((f) => [f.artifact_id, f.semantic_descriptor.ui_name]));
  return parsed.artifacts.map((p) => ({ id: p.artifact_id, label: `${names.get(p.parent_artifacts[0]) || p.artifact_id} (${p.semantic_descriptor.content_kind})` }));
}

export async function render(root) {
  const [contracts, parsed] = await Promise.all([api("GET", "/api/intents"), sources()]);
  const reports = contracts.filter((c) => c.realm === "insights" && (c.parameters_schema.required || []).includes("parsed_file_id"));
  const box = h("section", { id: "report", "aria-live": "polite" });
  const source = h("select", { name: "parsed_file_id" }, parsed.map((p) => h("option", { value: p.id, text: p.label })));
  const kind = h("select", { name: "intent" }, reports.map((c) => h("option", { value: c.intent_type, text: c.intent_type.replace(/_/g, " ") })));
  const button = h("button", { type: "submit", text: "Run report", disabled: !parsed.length });
  const form = h("form", { id: "insights-form", class: "inline", onsubmit: async (e) => {
    e.preventDefault();
    showError();
    button.disabled = true;
    fill(box, h("p", { class: "muted", text: `Running ${kind.value}…` }));
    try { await show(box, kind.value, await runs.result(kind.value, { parsed_file_id: source.value })); } catch (err) { fill(box); showError(err); }
    button.disabled = false;
  } }, h("label", {}, "Parsed content", source), h("label", {}, "Report", kind), button);
  fill(root, h("h2", { text: "Insights" }),
    parsed.length ? form : h("p", { text: "Parse a file on the Content page first." }), box);
}
