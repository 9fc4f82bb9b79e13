// Executions started from this console (and any watched), live: progress, result, the problem detail of a
// failure; cancel a running or scheduled one, retry a failed or cancelled one (the server re-runs it
// as a new execution linked to it, on the same intent version; a journey resumes from its failed
// step); the timeline of any execution after the fact.
import { api } from "../api.js";
import { fill, fmtTime, h, problemView, showError } from "../dom.js";
import { keysetPager } from "../pager.js";
import * as runs from "../runs.js";
import { signalForm } from "./signal.js";
import { showTimeline, timelineDetails } from "../timeline.js";

const STATUSES = ["", "created", "scheduled", "running", "waiting", "completed", "failed", "cancelled"];
const PAGE = 20;

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
      h("strong", { text: run.intent_type || "…" }), h("span", { class: "status", text: run.status }),
      h("code", { class: "muted", text: run.id.slice(0, 12) }),
      h("span", { class: "muted", text: run.view ? fmtTime(run.view.created_at) : "" }),
      run.status === "scheduled" && run.not_before ? h("span", { class: "not-before", text: `starts ${fmtTime(run.not_before)}` }) : null,
      run.view && run.view.retry_of ? h("span", { class: "muted retry-of", text: `retry of ${run.view.retry_of.slice(0, 12)}` }) : null),
    h("div", { class: "run-progress" },
      h("progress", { max: 100, value: run.percent, "aria-label": `${run.intent_type} progress` }),
      h("span", { class: "message", text: live ? run.message || "" : "" })),
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

/** Every execution of the tenant (not only this tab's), newest first, paged and filtered. */
function historyRow(e) {
  return h("tr", { "data-history": e.execution_id },
    h("td", {}, h("code", { text: e.execution_id.slice(0, 12) })),
    h("td", { text: e.intent_type }), h("td", { class: "status", text: e.status }),
    h("td", { text: fmtTime(e.created_at) }), h("td", { text: fmtTime(e.not_before) }),
    h("td", { class: "actions" },
      h("button", { type: "button", text: "Watch", "aria-label": `Watch ${e.intent_type} ${e.execution_id}`,
        onclick: () => runs.track(e.execution_id).catch(showError) }),
      h("button", { type: "button", text: "Timeline", "aria-label": `Timeline of ${e.intent_type} ${e.execution_id}`,
        onclick: () => showTimeline(document.querySelector("#history .timeline-box"), e.execution_id).catch(showError) }),
      e.status === "scheduled" ? h("button", { type: "button", class: "cancel", text: "Cancel", "aria-label": `Cancel ${e.intent_type} ${e.execution_id}`,
        onclick: (ev) => { ev.target.disabled = true; api("POST", `/api/execution/${e.execution_id}/cancel`).then(() => ev.target.closest("tr").querySelector(".status").textContent = "cancelled").catch(showError); } }) : null,
      e.status === "failed" || e.status === "cancelled"
        ? h("button", { type: "button", class: "retry", text: "Retry", "aria-label": `Retry ${e.intent_type} ${e.execution_id}`,
          onclick: (ev) => { ev.target.disabled = true; runs.retryById(e.execution_id).catch(showError); } })
        : null));
}

// One page of the history into `body` (the pager keeps the trail of keyset cursors: pages stay
// exact when executions share a timestamp or arrive while paging).
async function historyPage(box, body, cursor) {
  const page = await api("POST", "/api/execution/list", { ...searchOf(box.querySelector("form")), limit: PAGE, cursor: cursor || undefined });
  const head = h("tr", {}, ["Id", "Intent", "Status", "Created", "Not before", ""].map((c) => h("th", { scope: "col", text: c })));
  fill(body, h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "All executions" },
    h("table", {}, h("thead", {}, head), h("tbody", {}, page.executions.map(historyRow)))));
  return { count: page.executions.length, total: page.total, next_cursor: page.next_cursor };
}

// The search filters of the form: empty fields are left out; a local time becomes an RFC 3339
// instant; "key=value" is one search attribute (a string; the CLI and SDK take other types).
function searchOf(form) {
  const f = new FormData(form);
  const search = {};
  for (const name of ["status", "intent_type"]) if (f.get(name)) search[name] = f.get(name);
  for (const name of ["created_after", "created_before"]) if (f.get(name)) search[name] = new Date(f.get(name)).toISOString();
  const attr = String(f.get("attribute") || "");
  if (attr.includes("=")) search.search_attributes = { [attr.slice(0, attr.indexOf("="))]: attr.slice(attr.indexOf("=") + 1) };
  return search;
}

function history() {
  const select = h("select", { name: "status" }, STATUSES.map((st) => h("option", { value: st, text: st || "any status" })));
  const field = (text, name, type = "text") => h("label", {}, text, h("input", { name, type }));
  const body = h("div", { class: "history-body" });
  const pager = keysetPager("Pages of executions", PAGE, (cursor) => historyPage(box, body, cursor), showError, [null],
    { previous: "Newer", next: "Older", range: (from, to, total) => `${from} to ${to} of ${total}`, empty: "No executions." });
  const box = h("section", { id: "history", "aria-labelledby": "history-title" },
    h("h3", { id: "history-title", text: "All executions" }),
    h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); pager.load().catch(showError); } },
      h("label", {}, "Status", select), field("Intent", "intent_type"),
      field("Created after", "created_after", "datetime-local"), field("Created before", "created_before", "datetime-local"),
      field("Attribute (key=value)", "attribute"), h("button", { type: "submit", text: "Show" })),
    pager.top, body, pager.bottom, h("div", { class: "timeline-box", "aria-live": "polite" }));
  pager.load().catch(showError);
  return box;
}

export function render(root, id) {
  const list = h("ul", { id: "runs", class: "runs" });
  fill(root, h("h2", { text: "Executions" }), h("p", { class: "muted", text: "Live over Server-Sent Events." }), watchForm(), list, history());
  if (id) runs.track(id).catch(showError);
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
