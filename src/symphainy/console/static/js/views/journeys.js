// Journeys: run a registered journey and follow its steps live (a failure names its step and
// reason beside the card); approve or reject the approval requests journeys and people wait on.
import { ProblemError, api, auth, isTerminal } from "../api.js";
import { fill, h, problemView, showInline } from "../dom.js";
import { dagGraph } from "../graph.js";
import { inputPanel, showSubmitError } from "../input_panel.js";
import { isRejection, journeyReason, outcome } from "../outcome.js";
import { namer } from "../members.js";
import { loadChoices } from "../refs.js";
import * as runs from "../runs.js";
import { readStream } from "../sse.js";
import { approvalCard } from "./approvals.js";

// Copy of symphainy.runtime.APPROVAL_INTENT (static JS cannot import it).
const APPROVAL_INTENT = "request_approval";

// Refreshes overlap (a decision, a new request's event): only the newest applies.
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
    const [page, who] = await Promise.all([api("POST", "/api/intent/pending/list", { intent_type: "approval", status: "pending", limit: 100 }), namer()]);
    if (read === approvalsRead) showApprovals(box, page.intents, who);
  } finally {
    if (read === approvalsRead) box.removeAttribute("aria-busy");
  }
}

/** Keep the list up to date from the tenant's pending approvals stream: a request shows up the
 * moment it is made, whoever made it (the CLI, a schedule, another person), and leaves when it
 * is decided. Each frame is the whole list; the stream closes when `left` aborts. */
async function watchApprovals(box, problem, left) {
  const path = "/api/intent/pending/stream?intent_type=approval&status=pending";
  const who = await namer();
  for (let attempt = 0; !left.aborted; attempt += 1) {
    try {
      await readStream(path, left, ({ event, data }) => {
        if (event !== "pending") return false;
        approvalsRead += 1;  // newer than any list read still in flight
        showApprovals(box, data.intents, who);
        box.removeAttribute("aria-busy");
        attempt = 0;
        return false;
      });
    } catch (err) {
      if (left.aborted) return;
      if (err instanceof ProblemError) { showInline(problem, err); return; }  // refused: Refresh still works
    }
    await new Promise((r) => setTimeout(r, Math.min(1000 * attempt, 10_000)));  // dropped: reconnect
  }
}

function showApprovals(box, intents, who) {
  if (!intents.length) { fill(box, h("p", { class: "muted", text: "Nothing waits for approval." })); return; }
  let list = box.querySelector("ul.approvals");
  if (!list) { list = h("ul", { class: "approvals" }); fill(box, list); }
  const shown = new Map([...list.children].map((li) => [li.dataset.approval, li]));
  const pending = new Set(intents.map((i) => i.intent_id));
  shown.forEach((li, id) => { if (!pending.has(id)) li.remove(); });
  intents.forEach((intent, n) => {
    const li = shown.get(intent.intent_id) || approvalCard(intent, () => approvals(box), who);
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
  const problem = h("div", { class: "run-problem" });  // a refused start, beside the form
  const detail = h("div", { class: "journey-problem" });  // how a run ended, beside its status
  const run = async (e) => {
    e.preventDefault();
    showSubmitError(problem, null, [panel, ["parameters", "journey_params"]]);
    showInline(detail);
    try {
      const parameters = panel.read();
      const sub = await api("POST", "/api/journey/trigger", { journey_id: id, parameters, session_id: auth.session });
      follow(sub.execution_id, journey, parameters, { graph, live, problem: detail });
    } catch (err) { showSubmitError(problem, err, [panel, ["parameters", "journey_params"]]); }
  };
  return h("section", { class: "journey card", id: `journey-${id}-card` },
    h("h4", { text: id }), h("p", { text: journey.description }), graph,
    h("form", { class: "run-form", novalidate: true, onsubmit: run }, panel.element, problem, h("button", { type: "submit", text: `Run ${id}` })), live, detail);
}

/** The status line: "Journey running (50%)", or how it ended and, failed, where and why. */
function statusLine(run, live, problem) {
  const error = run.view && run.view.error;
  const status = outcome(run.status, error);
  live.dataset.status = status;
  if (error && (status === "failed" || status === "rejected")) {
    live.textContent = `Journey ${status} at ${journeyReason(error)}`;
    if (!problem.firstChild) problem.replaceChildren(h("details", {}, h("summary", { text: "Details" }), problemView(error)));
  } else {
    live.textContent = `Journey ${status} (${run.percent}%)`;
  }
}

function follow(executionId, journey, journeyParams, { graph, live, problem }) {
  const approvalSteps = new Set(journey.steps.filter((s) => s.intent_type === APPROVAL_INTENT).map((s) => s.name));
  const followed = new Map();  // approval step's execution id → its step
  let last = null;
  const draw = (run) => {
    const statuses = {}; const executions = {};
    run.events.filter((e) => e.kind === "journey.step").forEach((e) => { statuses[e.data.step] = e.data.status; executions[e.data.step] = e.data.execution_id; });
    // An approval step's request appears on its own execution's stream: follow it, so the
    // request shows up in "Waiting for approval" the moment it is made, and the step reads
    // "waiting" (the journey hears of its step only when it ends).
    approvalSteps.forEach((step) => {
      const id = executions[step];
      if (!id) return;
      if (!followed.has(id)) { followed.set(id, step); runs.track(id, { intent_type: APPROVAL_INTENT }).catch(() => {}); }
      const child = runs.all().find((r) => r.id === id);
      if (child && !runs.terminal(child) && statuses[step] !== "completed") statuses[step] = child.status;
    });
    const error = run.view && run.view.error;
    if (error && error.step && isRejection(error.step_error)) statuses[error.step] = "rejected";  // an answer, not a fault
    fill(graph, stepsGraph(journey, statuses, executions));
    statusLine(run, live, problem);
  };
  const stop = runs.onChange((run) => {
    if (!graph.isConnected) { stop(); return; }
    if (run.id === executionId) { last = run; draw(run); } else if (last && followed.has(run.id)) draw(last);
  });
  // "compose_journey" is symphainy.contracts.JOURNEY_INTENT (static JS cannot import it).
  // Its parameters as compose_journey records them: a page opened later knows which journey.
  const parameters = { journey_id: journey.journey_id, journey_params: journeyParams };
  runs.track(executionId, { intent_type: "compose_journey", parameters }).catch((err) => showInline(problem, err));
}

/** Follow the open approval requests of a journey run this console tracks (e.g. one started
 * before the page was opened), so they arrive here over their own streams. */
function followApprovals(run, approvalSteps) {
  const steps = run.intent_type === "compose_journey" && approvalSteps.get((run.parameters || {}).journey_id);
  if (!steps) return;
  const open = new Map();  // the newest status of each approval step
  run.events.forEach((e) => { if (e.kind === "journey.step" && steps.has(e.data.step)) open.set(e.data.execution_id, e.data.status); });
  open.forEach((status, id) => { if (!isTerminal(status)) runs.track(id, { intent_type: APPROVAL_INTENT }).catch(() => {}); });
}

export async function render(root, _arg, left) {
  const box = h("div", { id: "approvals", "aria-live": "polite" });
  const problem = h("div", { class: "approvals-problem" });
  const reread = () => approvals(box).then(() => showInline(problem), (err) => showInline(problem, err));
  const journeys = await api("GET", "/api/journeys");
  const choices = await loadChoices(...journeys.map((j) => j.input_schema));
  fill(root, h("h2", { text: "Journeys" }),
    h("section", { "aria-labelledby": "approvals-h" }, h("h3", { id: "approvals-h", text: "Waiting for approval" }),
      h("p", { class: "muted", text: "Requests appear here as they are made, whoever makes them, and leave when decided." }),
      h("button", { type: "button", text: "Refresh approvals", onclick: reread }), problem, box),
    h("section", { "aria-labelledby": "journeys-h" }, h("h3", { id: "journeys-h", text: "Journeys" }), journeys.map((j) => journeyCard(j, choices))));
  await approvals(box);
  watchApprovals(box, problem, left);
  const approvalSteps = new Map(journeys.map((j) => [j.journey_id, new Set(j.steps.filter((st) => st.intent_type === APPROVAL_INTENT).map((st) => st.name))]));
  runs.all().forEach((run) => followApprovals(run, approvalSteps));
  // A request made or decided (on a stream the console follows) updates the list at once.
  const stop = runs.onChange((run) => {
    if (!box.isConnected) { stop(); return; }
    followApprovals(run, approvalSteps);
    const last = run.events[run.events.length - 1];
    const asked = last && last.kind === "approval.requested";
    const ended = run.intent_type === APPROVAL_INTENT && runs.terminal(run);
    if (asked || ended || (last && last.kind === "journey.step" && last.data.status === "waiting")) reread();
  });
}
