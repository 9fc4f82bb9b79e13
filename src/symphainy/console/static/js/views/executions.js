// Executions started from this console (and any watched), live: progress, result, the problem detail of a
// failure; cancel a running or scheduled one, retry a failed or cancelled one (the server re-runs it
// as a new execution linked to it, on the same intent version; a journey resumes from its failed
// step); the timeline of any execution after the fact.
import { fill, fmtTime, h, problemView, showError } from "../dom.js";
import { outcome as readStatus } from "../outcome.js";
import * as runs from "../runs.js";
import { timelineDetails } from "../timeline.js";
import { history } from "./execution_list.js";
import { pageOf } from "./execution_parts.js";
import { signalForm } from "./signal.js";

const LIVE = new Set(["accepted", "queued", "scheduled", "running", "retrying", "waiting", "cancel_requested"]);

function outcome(run) {
  const view = run.view;
  if (view && view.error) return problemView(view.error);
  if (view && view.status === "completed") {
    return h("details", { class: "result" }, h("summary", { text: "Result" }), h("pre", { text: JSON.stringify(view.result, null, 2) }));
  }
  return null;
}

function actions(run, list) {
  const out = [];
  if (LIVE.has(run.status)) {
    out.push(h("button", { type: "button", class: "cancel", text: "Cancel", "aria-label": `Cancel ${run.intent_type} ${run.id}`,
      onclick: (e) => { e.target.disabled = true; runs.cancel(run).catch(showError); } }));
    out.push(signalForm(run, () => {}));
  }
  if (run.status === "failed" || run.status === "cancelled") {
    out.push(h("button", { type: "button", class: "retry", text: "Retry", "aria-label": `Retry ${run.intent_type} ${run.id}`,
      onclick: () => { runs.retry(run).catch(showError); } }));
  }
  return out;
}

function item(run, list) {
  const live = LIVE.has(run.status);
  return h("li", { class: `run ${run.status}`, "data-execution": run.id, "data-status": run.status },
    h("div", { class: "run-head" },
      h("strong", { text: run.intent_type || "…" }), h("span", { class: "status", text: readStatus(run.status, run.view && run.view.error) }),
      h("a", { href: pageOf(run.id), class: "page-link", "aria-label": `Page of ${run.intent_type} ${run.id}` }, h("code", { text: run.id.slice(0, 12) })),
      h("span", { class: "muted", text: run.view ? fmtTime(run.view.created_at) : "" }),
      run.status === "scheduled" && run.not_before ? h("span", { class: "not-before", text: `starts ${fmtTime(run.not_before)}` }) : null,
      run.view && run.view.retry_of ? h("span", { class: "muted retry-of", text: `retry of ${run.view.retry_of.slice(0, 12)}` }) : null),
    // Only a live run has progress: a failed one must not keep a partial bar.
    live ? h("div", { class: "run-progress" },
      h("progress", { max: 100, value: run.percent, "aria-label": `${run.intent_type} progress` }),
      h("span", { class: "message", text: run.message || "" })) : null,
    h("details", { class: "params" }, h("summary", { text: "Parameters" }), h("pre", { text: JSON.stringify(run.parameters, null, 2) })),
    outcome(run), timelineDetails(run.id), h("div", { class: "actions" }, actions(run, list)));
}

function draw(list) {
  const all = runs.all();
  fill(list, all.length ? all.map((run) => item(run, list)) : h("li", { class: "muted", text: "Nothing run from this console yet." }));
}

/** Replace one run's item, keeping keyboard focus and opened details where they were. */
function update(list, run) {
  const old = list.querySelector(`[data-execution="${run.id}"]`);
  if (!runs.known(run.id)) { if (old) old.remove(); return; }
  if (!old) { draw(list); return; }
  const fresh = item(run, list);
  old.querySelectorAll("details[open]").forEach((d) => { const same = fresh.querySelector(`details.${d.className}`); if (same) same.open = true; });
  const focused = old.contains(document.activeElement) ? document.activeElement.className : null;
  old.replaceWith(fresh);
  if (focused) (fresh.querySelector(`.${focused.split(" ")[0]}`) || fresh.querySelector("button, summary")).focus();
}

let unsubscribe = null;

/** Follow any execution of the tenant by id (e.g. one started from the CLI, or a journey step). */
function watchForm() {
  const input = h("input", { name: "execution_id", required: true, pattern: "[0-9a-f]{32}", autocomplete: "off" });
  return h("form", { id: "watch-form", class: "inline", onsubmit: (e) => {
    e.preventDefault();
    runs.track(input.value.trim()).catch(showError);
    input.value = "";
  } }, h("label", {}, "Execution id", input), h("button", { type: "submit", text: "Watch" }));
}

export function render(root) {
  const list = h("ul", { id: "runs", class: "runs" });
  fill(root, h("h2", { text: "Executions" }), h("p", { class: "muted", text: "Live over Server-Sent Events." }), watchForm(), list, history());
  draw(list);
  if (unsubscribe) unsubscribe();
  // Redraw what changed (coalesced per frame); stop once this view is gone.
  const dirty = new Map();
  unsubscribe = runs.onChange((run) => {
    if (!list.isConnected) { unsubscribe(); unsubscribe = null; return; }
    if (!dirty.size) setTimeout(() => { dirty.forEach((r) => update(list, r)); dirty.clear(); }, 30);
    dirty.set(run.id, run);
  });
}
