// Journeys: run a registered journey and follow its steps live; approve or reject the
// approval requests (pending `approval` intents) that journeys and people are waiting on.
import { api, auth } from "../api.js";
import { fill, fmtTime, h, showError } from "../dom.js";
import { dagGraph } from "../graph.js";
import { inputPanel, showSubmitError } from "../input_panel.js";
import { loadChoices } from "../refs.js";
import * as runs from "../runs.js";

async function decide(intent, decision, comment, box) {
  showError();
  try {
    await api("POST", `/api/intent/pending/${intent.intent_id}/decide`, { decision, comment: comment || null });
  } catch (err) { showError(err); }
  await approvals(box);
}

function approval(intent, box) {
  const c = intent.context || {};
  const title = c.title || intent.intent_id;
  const comment = h("input", { type: "text", name: "comment", "aria-label": `Comment on ${title}` });
  const button = (decision, text) => h("button", { type: "button", class: decision, text, "aria-label": `${text} ${title}`,
    onclick: () => decide(intent, decision, comment.value, box) });
  return h("li", { class: "approval card", "data-approval": intent.intent_id },
    h("strong", { text: title }), h("span", { class: "muted", text: ` requested ${fmtTime(intent.created_at)}` }),
    c.details && Object.keys(c.details).length ? h("pre", { text: JSON.stringify(c.details, null, 2) }) : null,
    h("div", { class: "actions" }, h("label", {}, "Comment", comment), button("approve", "Approve"), button("reject", "Reject")));
}

// Refreshes overlap (a decision, a new request's event, the button): only the newest applies.
let approvalsRead = 0;

/** Re-read the tenant's pending approval requests and bring the list up to date in place.
 *
 * A request still pending keeps its element, so a comment being typed (its text, its focus)
 * is never replaced under the person typing it; only decided requests leave, new ones join.
 */
async function approvals(box) {
  const read = ++approvalsRead;
  box.setAttribute("aria-busy", "true");
  try {
    const page = await api("POST", "/api/intent/pending/list", { intent_type: "approval", status: "pending", limit: 100 });
    if (read === approvalsRead) showApprovals(box, page.intents);
  } finally {
    if (read === approvalsRead) box.removeAttribute("aria-busy");
  }
}

function showApprovals(box, intents) {
  if (!intents.length) { fill(box, h("p", { class: "muted", text: "Nothing waits for approval." })); return; }
  let list = box.querySelector("ul.approvals");
  if (!list) { list = h("ul", { class: "approvals" }); fill(box, list); }
  const shown = new Map([...list.children].map((li) => [li.dataset.approval, li]));
  const pending = new Set(intents.map((i) => i.intent_id));
  shown.forEach((li, id) => { if (!pending.has(id)) li.remove(); });
  intents.forEach((intent, n) => {
    const li = shown.get(intent.intent_id) || approval(intent, box);
    if (list.children[n] !== li) list.insertBefore(li, list.children[n] || null);
  });
}

/** The journey's steps as a graph, coloured by what its live run reports. */
function stepsGraph(journey, statuses = {}, executions = {}) {
  return dagGraph(`journey-${journey.journey_id}`, `Steps of ${journey.journey_id}`, journey.steps.map((step) => ({
    id: step.name, parents: step.after, title: step.name, subtitle: `${step.intent_type} · ${statuses[step.name] || "not started"}`, state: statuses[step.name],
    href: executions[step.name] ? `#/executions/${executions[step.name]}` : null,
  })));
}

function journeyCard(journey, choices) {
  const id = journey.journey_id;
  // A journey without an input model takes any JSON object: the Advanced tab is its form.
  const schema = journey.input_schema || { type: "object", properties: {} };
  const panel = inputPanel(schema, { idPrefix: `journey-${id}`, legend: `Input of ${id}`, choices });
  const graph = h("div", { class: "journey-graph" }, stepsGraph(journey));
  const live = h("p", { class: "journey-status", "aria-live": "polite" });
  const problem = h("div", { class: "run-problem" });
  const run = async (e) => {
    e.preventDefault();
    showSubmitError(problem, null, [panel, ["parameters", "journey_params"]]);
    try {
      const sub = await api("POST", "/api/journey/trigger", { journey_id: id, parameters: panel.read(), session_id: auth.session });
      follow(sub.execution_id, journey, graph, live);
    } catch (err) { showSubmitError(problem, err, [panel, ["parameters", "journey_params"]]); }
  };
  return h("section", { class: "journey card", id: `journey-${id}-card` },
    h("h4", { text: id }), h("p", { text: journey.description }), graph,
    h("form", { class: "run-form", novalidate: true, onsubmit: run }, panel.element, problem, h("button", { type: "submit", text: `Run ${id}` })), live);
}

function follow(executionId, journey, graph, live) {
  const draw = (run) => {
    const statuses = {}; const executions = {};
    run.events.filter((e) => e.kind === "journey.step").forEach((e) => { statuses[e.data.step] = e.data.status; executions[e.data.step] = e.data.execution_id; });
    fill(graph, stepsGraph(journey, statuses, executions));
    live.textContent = `Journey ${run.status} (${run.percent}%)`;
    live.dataset.status = run.status;
  };
  const stop = runs.onChange((run) => {
    if (!graph.isConnected) { stop(); return; }
    if (run.id === executionId) draw(run);
  });
  // "compose_journey" is symphainy.contracts.JOURNEY_INTENT (static JS cannot import it).
  runs.track(executionId, { intent_type: "compose_journey" }).catch(showError);
}

export async function render(root) {
  const box = h("div", { id: "approvals", "aria-live": "polite" });
  const journeys = await api("GET", "/api/journeys");
  const choices = await loadChoices(...journeys.map((j) => j.input_schema));
  fill(root, h("h2", { text: "Journeys" }),
    h("section", { "aria-labelledby": "approvals-h" }, h("h3", { id: "approvals-h", text: "Waiting for approval" }),
      h("button", { type: "button", text: "Refresh approvals", onclick: () => approvals(box).catch(showError) }), box),
    h("section", { "aria-labelledby": "journeys-h" }, h("h3", { id: "journeys-h", text: "Journeys" }), journeys.map((j) => journeyCard(j, choices))));
  await approvals(box);
  // A tracked execution asking for approval (or a journey step now waiting) shows up at once.
  const stop = runs.onChange((run) => {
    if (!box.isConnected) { stop(); return; }
    const last = run.events[run.events.length - 1];
    if (last && (last.kind === "approval.requested" || (last.kind === "journey.step" && last.data.status === "waiting"))) approvals(box).catch(showError);
  });
}
