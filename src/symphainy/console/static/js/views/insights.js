// Insights: run a report of the insights capability on parsed content and read it as charts:
// the capability's own SVG charts, plus the dimension scores drawn here.
import { api, raw } from "../api.js";
import { barChart } from "../charts.js";
import { fill, h, table } from "../dom.js";
import { inputForm } from "../input_form.js";
import { showSubmitError } from "../input_panel.js";
import { loadChoices } from "../refs.js";
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

/** A report's parameters as the generated form (input_form.js): parsed content and files from
 * the shared pickers (refs.js), by name, type, state and date. */
function paramsForm(contract, choices) {
  return inputForm(contract.parameters_schema, { idPrefix: `insights-${contract.intent_type}`, legend: `Parameters of ${contract.intent_type.replace(/_/g, " ")}`, choices });
}

export async function render(root) {
  const reports = (await api("GET", "/api/intents")).filter((c) => c.realm === "insights");
  const choices = await loadChoices(...reports.map((c) => c.parameters_schema));
  const box = h("section", { id: "report", "aria-live": "polite" });
  const inputs = h("div", { class: "report-params" });
  const kind = h("select", { name: "intent", id: "insights-report" }, reports.map((c) => h("option", { value: c.intent_type, text: c.intent_type.replace(/_/g, " ") })));
  const chosen = () => reports.find((c) => c.intent_type === kind.value);
  let params = null;
  const redraw = () => { params = paramsForm(chosen(), choices); fill(inputs, h("p", { class: "muted", text: chosen().description }), params.element); };
  kind.addEventListener("change", redraw);
  const button = h("button", { type: "submit", text: "Run report" });
  const problem = h("div", { class: "form-problem" });
  const form = h("form", { id: "insights-form", novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    showSubmitError(problem, null, [params, ["parameters"]]);
    button.disabled = true;
    fill(box, h("p", { class: "muted", text: `Running ${kind.value}…` }));
    try { await show(box, kind.value, await runs.result(kind.value, params.value())); } catch (err) {
      fill(box);
      showSubmitError(problem, err, [params, ["parameters"]]);
    }
    button.disabled = false;
  } }, h("label", { for: "insights-report", text: "Report" }), kind, inputs, button, problem);
  redraw();
  fill(root, h("h2", { text: "Insights" }),
    choices.parsed_content.length ? form : h("p", { text: "Parse a file on the Content page first." }), box);
}
