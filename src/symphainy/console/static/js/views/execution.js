// One execution's page (#/executions/{id}): its facts, live status and progress, outcome,
// children, artifacts and event timeline; cancel (after an in-page confirmation), retry and
// a journey's retry from a step, each retry opening the new execution's page. Live updates
// come from the run runs.js follows over the SSE stream; the page re-reads the execution's
// view only when its status changes.
import { api, isTerminal } from "../api.js";
import { fill, h, showInline } from "../dom.js";
import { go } from "../main.js";
import { namer } from "../members.js";
import * as runs from "../runs.js";
import { outcome as readStatus } from "../outcome.js";
import { allEvents, eventsTable } from "../timeline.js";
import { artifacts, children, facts, journeySteps, outcome, pageOf, section } from "./execution_parts.js";
import { signalForm } from "./signal.js";

const RETRYABLE = new Set(["failed", "cancelled"]);

/** The live line: status, and while it runs, its progress bar and latest message. */
function liveLine(run, view) {
  const status = run.status && !isTerminal(view.status) ? run.status : view.status;
  const live = !isTerminal(status);
  return [h("span", { class: "status", text: readStatus(status, view.error) }),
    live ? h("progress", { max: 100, value: run.percent, "aria-label": "Progress" }) : null,
    live ? h("span", { class: "message", text: run.message || "" }) : null];
}

/** Cancel, asking first in the page; says what happened in `say`. */
function cancelButton(page) {
  const ask = h("div", { class: "confirm", role: "group", "aria-label": "Confirm cancel", hidden: true },
    h("span", { text: `Cancel this ${page.view.intent_type} execution? It stops at its next step; what it already did stays done.` }),
    h("button", { type: "button", class: "danger", text: "Yes, cancel it", onclick: async (e) => {
      e.target.disabled = true;
      try {
        const run = runs.get(page.id);
        const view = run ? await runs.cancel(run) : await api("POST", `/api/execution/${page.id}/cancel`);
        page.say(view.status === "cancelled" ? "Cancelled." : `Cancellation requested: it stops at its next step (now ${view.status}).`);
        await page.reload();
      } catch (err) { page.fail(err); }
    } }),
    h("button", { type: "button", text: "Keep it running", onclick: () => { ask.hidden = true; open.focus(); } }));
  const open = h("button", { type: "button", class: "cancel", text: "Cancel execution…", onclick: () => { ask.hidden = false; ask.querySelector("button").focus(); } });
  return [open, ask];
}

/** Retry (and, for a journey, retry from a chosen step): opens the new execution's page. */
function retryControls(page) {
  const retry = async (fromStep) => {
    try { go(pageOf((await runs.retryTo(page.id, fromStep)).execution_id)); } catch (err) { page.fail(err); }
  };
  const out = [h("button", { type: "button", class: "retry", text: "Retry", onclick: () => retry() })];
  const { steps, failed } = journeySteps(page.events);
  if (page.view.intent_type === "compose_journey" && steps.size) {
    const pick = h("select", { name: "from_step" }, [...steps.keys()].map((s) => h("option", { value: s, text: s, selected: s === failed })));
    out.push(h("label", { class: "inline-label" }, "Step", pick),
      h("button", { type: "button", class: "retry-from", text: "Retry from step", onclick: () => retry(pick.value) }));
  }
  return out;
}

function actions(page) {
  if (!isTerminal(page.view.status)) {
    return [...cancelButton(page), signalForm({ id: page.id }, (sig) => page.say(`Signal ${sig.name} sent.`))];
  }
  return RETRYABLE.has(page.view.status) ? retryControls(page) : [];
}

async function load(page) {
  const [view, kids, who] = await Promise.all([
    api("GET", `/api/execution/${page.id}/status?include_artifacts=true`),
    api("POST", "/api/execution/list", { parent_execution_id: page.id, limit: 100 }), namer()]);
  page.view = view;
  page.who = who;
  page.kids = kids.executions.reverse();  // in the order they started
}

function draw(page) {
  const run = runs.get(page.id) || { status: "", percent: 0 };
  page.parts.live.replaceChildren(...liveLine(run, page.view).filter(Boolean));
  page.parts.facts.show(facts(page.view, page.who));
  // Actions change with the status only: a redraw must not close a confirmation being read
  // or a signal being typed.
  if (page.actionsFor !== page.view.status) page.parts.actions.replaceChildren(...actions(page));
  page.actionsFor = page.view.status;
  page.parts.outcome.show(outcome(page.view));
  page.parts.children.show(children(page.kids, journeySteps(page.events).steps));
  page.parts.artifacts.show(artifacts(page.view.artifacts));
}

// Append the streamed events the timeline does not show yet.
function appendEvents(page, run) {
  const fresh = run.events.filter((e) => e.seq > page.lastSeq);
  page.events.push(...fresh);
  if (!fresh.length) return fresh;
  page.parts.timeline.querySelector(".scroll").addEvents(fresh);
  page.lastSeq = fresh[fresh.length - 1].seq;
  return fresh;
}

/** Re-read the view when the run's status changed (one read at a time), else redraw the line. */
function onRun(page, run) {
  const fresh = appendEvents(page, run);
  const moved = run.status !== page.seenStatus || fresh.some((e) => e.kind.startsWith("journey."));
  page.seenStatus = run.status;
  if (moved) page.reload().catch(page.fail); else page.parts.live.replaceChildren(...liveLine(run, page.view).filter(Boolean));
}

function follow(page) {
  runs.track(page.id).catch(page.fail);
  let pending = false;
  const stop = runs.onChange((run) => {
    if (!page.parts.live.isConnected) { stop(); return; }  // the page was left
    if (run.id !== page.id || pending) return;
    pending = true;
    setTimeout(() => { pending = false; onRun(page, runs.get(page.id) || run); }, 30);  // coalesced
  });
}

export async function render(root, id) {
  const page = { id, events: [], lastSeq: 0, seenStatus: null, busy: null, again: false };
  const [events] = await Promise.all([allEvents(id), load(page)]);
  page.events = events;
  page.lastSeq = events.length ? events[events.length - 1].seq : 0;
  const note = h("p", { class: "note", role: "status", tabindex: "-1" });
  // What an action did is said here, and focus moves here (its button may be gone).
  page.say = (text) => { note.textContent = text; note.focus(); };
  page.fail = (err) => showInline(note, err);
  page.parts = { live: h("div", { class: "live run-progress" }), actions: h("div", { class: "actions" }),
    facts: section("facts", "Facts"), outcome: section("outcome", "Outcome"), children: section("children", "Children"),
    artifacts: section("artifacts", "Artifacts"), timeline: section("timeline", "Timeline") };
  page.parts.timeline.show(eventsTable(events, `Timeline of ${page.view.intent_type}`));
  // One re-read at a time; a change during one asks for one more after it.
  page.reload = async () => {
    if (page.busy) { page.again = true; return page.busy; }
    page.busy = load(page).then(() => draw(page)).finally(() => { page.busy = null; });
    await page.busy;
    if (page.again) { page.again = false; await page.reload(); }
  };
  fill(root, h("p", {}, h("a", { href: "#/executions", text: "All executions" })),
    h("h2", { text: `${page.view.intent_type} execution` }), page.parts.live, page.parts.actions, note,
    page.parts.facts, page.parts.outcome, page.parts.children, page.parts.artifacts, page.parts.timeline);
  draw(page);
  follow(page);
}
