// Insights: run a report of the insights capability on parsed content and read it as charts:
// the capability's own SVG charts, plus the dimension scores drawn here.
import { api, raw } from "../api.js";
import { barChart } from "../charts.js";
import { fill, h, showInline, table } from "../dom.js";
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
  return {
    parsed: parsed.artifacts.map((p) => ({ id: p.artifact_id, label: `${names.get(p.parent_artifacts[0]) || p.artifact_id} (${p.semantic_descriptor.content_kind})` })),
    file: files.artifacts.map((f) => ({ id: f.artifact_id, label: f.semantic_descriptor.ui_name || f.artifact_id })),
  };
}

/** What a parameter asks for: parsed content or a file (chosen from lists), or typed text. */
function kindOf(name) {
  if (/parsed_file_id$/.test(name) || name === "guide_id") return "parsed";
  if (name === "file_id" || name === "source_file_id") return "file";
  return "text";
}

/** Inputs for a report's parameters: every artifact reference, and the other required ones. */
function fields(contract, choices) {
  const schema = contract.parameters_schema;
  const required = new Set(schema.required || []);
  return Object.entries(schema.properties || {}).flatMap(([name, prop]) => {
    const kind = kindOf(name);
    if (kind === "text" && !required.has(name)) return [];
    const label = name.replace(/_/g, " ") + (required.has(name) ? "" : " (optional)");
    const control = kind === "text"
      ? h("input", { name, required: true, title: prop.description || "" })
      : h("select", { name }, required.has(name) ? null : h("option", { value: "", text: "(none)" }),
        choices[kind].map((c) => h("option", { value: c.id, text: c.label })));
    return [h("label", {}, label, control)];
  });
}

function params(form) {
  const out = {};
  new FormData(form).forEach((value, name) => {
    if (name === "intent" || value === "") return;
    try { out[name] = kindOf(name) === "text" ? JSON.parse(value) : value; } catch { out[name] = value; }
  });
  return out;
}

export async function render(root) {
  const [contracts, choices] = await Promise.all([api("GET", "/api/intents"), sources()]);
  const reports = contracts.filter((c) => c.realm === "insights");
  const box = h("section", { id: "report", "aria-live": "polite" });
  const inputs = h("div", { class: "inline-fields" });
  const kind = h("select", { name: "intent" }, reports.map((c) => h("option", { value: c.intent_type, text: c.intent_type.replace(/_/g, " ") })));
  const chosen = () => reports.find((c) => c.intent_type === kind.value);
  const redraw = () => fill(inputs, fields(chosen(), choices), h("p", { class: "muted", text: chosen().description }));
  kind.addEventListener("change", redraw);
  const button = h("button", { type: "submit", text: "Run report" });
  const problem = h("div", { class: "form-problem" });
  const form = h("form", { id: "insights-form", class: "inline", onsubmit: async (e) => {
    e.preventDefault();
    showInline(problem);
    button.disabled = true;
    fill(box, h("p", { class: "muted", text: `Running ${kind.value}…` }));
    try { await show(box, kind.value, await runs.result(kind.value, params(form))); } catch (err) { fill(box); showInline(problem, err, `${kind.value.replace(/_/g, " ")} failed`); }
    button.disabled = false;
  } }, h("label", {}, "Report", kind), inputs, button, problem);
  redraw();
  fill(root, h("h2", { text: "Insights" }),
    choices.parsed.length ? form : h("p", { text: "Parse a file on the Content page first." }), box);
}
