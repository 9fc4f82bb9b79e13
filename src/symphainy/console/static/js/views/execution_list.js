// Every execution of the tenant (not only this tab's), newest first, paged and filtered: ids
// link to their pages; top-level rows by default, a journey's steps folded under it; the
// console's own quiet reads (marked INTERNAL) left out unless asked; refreshed while a listed
// row is live or a run this tab follows changes.
import { INTERNAL, api, isTerminal } from "../api.js";
import { fill, fmtDuration, fmtTime, h, parts, showError, table } from "../dom.js";
import { go } from "../main.js";
import { namer } from "../members.js";
import * as runs from "../runs.js";
import { boxes as pagerBoxes } from "../pager.js";
import { showTimeline } from "../timeline.js";
import { pageOf } from "./execution_parts.js";

const STATUSES = ["", "created", "scheduled", "running", "waiting", "completed", "failed", "cancelled"];
const PAGE = 20;
const REFRESH_MS = 3000;
const COLUMNS = ["Id", "Intent", "Status", "Submitted by", "Created", "Started", "Duration", "Actions"];

function rowActions(e) {
  const name = `${e.intent_type} ${e.execution_id}`;
  return [
    h("button", { type: "button", text: "Watch", "aria-label": `Watch ${name}`, onclick: () => runs.track(e.execution_id).catch(showError) }),
    h("button", { type: "button", text: "Timeline", "aria-label": `Timeline of ${name}`,
      onclick: () => showTimeline(document.querySelector("#history .timeline-box"), e.execution_id).catch(showError) }),
    e.status === "scheduled" ? h("button", { type: "button", class: "cancel", text: "Cancel", "aria-label": `Cancel ${name}`,
      onclick: (ev) => { ev.target.disabled = true; api("POST", `/api/execution/${e.execution_id}/cancel`).then(() => ev.target.closest("tr").querySelector(".status").textContent = "cancelled").catch(showError); } }) : null,
    e.status === "failed" || e.status === "cancelled" ? h("button", { type: "button", class: "retry", text: "Retry", "aria-label": `Retry ${name}`,
      onclick: (ev) => { ev.target.disabled = true; runs.retryById(e.execution_id).catch(showError); } }) : null];
}

/** One row (for dom.table, `who` naming its submitter); a journey's row has a disclosure
 * button that folds its steps in below it. */
function historyRow(e, child, who) {
  const steps = e.intent_type === "compose_journey" && !child
    ? h("button", { type: "button", class: "fold", text: "Steps", "aria-expanded": "false", "aria-label": `Steps of ${e.execution_id}`, onclick: (ev) => fold(ev.target, e, who) })
    : null;
  return { e, child, Id: parts(child ? "↳ " : null, h("a", { href: pageOf(e.execution_id) }, h("code", { text: e.execution_id.slice(0, 12) })), " ", steps),
    Intent: e.intent_type, Status: e.status, "Submitted by": who(e.user_id) || "an anonymous session", Created: fmtTime(e.created_at), Started: fmtTime(e.started_at),
    Duration: fmtDuration(e.duration_seconds), Actions: h("div", { class: "actions" }, rowActions(e)) };
}

const rowAttrs = (r) => ({ "data-history": r.e.execution_id, "data-status": r.e.status, class: r.child ? "child" : null });

// Show or hide the children of row `e` right below it (read when opened), drawn as the table's rows.
async function fold(button, e, who) {
  const row = button.closest("tr");
  const open = button.getAttribute("aria-expanded") === "true";
  row.parentElement.querySelectorAll(`tr[data-parent="${e.execution_id}"]`).forEach((r) => r.remove());
  button.setAttribute("aria-expanded", String(!open));
  if (open) return;
  const page = await api("POST", "/api/execution/list", { parent_execution_id: e.execution_id, limit: 100 });
  const kids = button.closest(".scroll").rowsOf(page.executions.reverse().map((k) => historyRow(k, true, who)));
  kids.forEach((r) => { r.dataset.parent = e.execution_id; });
  row.after(...kids);
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
  if (!f.get("children")) search.top_level = true;
  if (!f.get("internal")) search.exclude_attributes = INTERNAL;
  return search;
}

// `trail` holds the cursor of every page from the newest to this one (null: the first page):
// Older pushes the page's next_cursor, Newer drops the last. Keyset pages stay exact when
// executions share a timestamp or arrive while paging.
async function loadHistory(box, trail) {
  box.trail = trail;
  clearTimeout(box.timer);
  const cursor = trail[trail.length - 1] || undefined;
  const search = searchOf(box.querySelector("form"));
  // Looking for one id: steps and the console's own reads count too.
  if (box.idPrefix) Object.assign(search, { id_prefix: box.idPrefix, top_level: undefined, exclude_attributes: undefined });
  const [page, who] = await Promise.all([api("POST", "/api/execution/list", { ...search, limit: PAGE, cursor }), namer()]);
  const first = (trail.length - 1) * PAGE;
  const last = first + page.executions.length;
  const text = (last ? `${first + 1} to ${last} of ${page.total}` : "No executions.") + (box.idPrefix ? ` (ids starting ${box.idPrefix})` : "");
  // The same controls above the table and, under a long page, below it (pager.js).
  const { top, bottom, show } = pagerBoxes("Pages of executions");
  show(page.executions.length, text, () => [
    h("button", { type: "button", text: "Newer", disabled: trail.length === 1, onclick: () => loadHistory(box, trail.slice(0, -1)).catch(showError) }),
    h("button", { type: "button", text: "Older", disabled: !page.next_cursor, onclick: () => loadHistory(box, [...trail, page.next_cursor]).catch(showError) })]);
  fill(box.querySelector(".history-body"), top,
    table(COLUMNS, page.executions.map((e) => historyRow(e, false, who)), "Executions, newest first", { row: rowAttrs, classes: { Status: "status", Duration: "duration" } }),
    bottom);
  // While a listed execution is live, re-read this page now and then (not on every event).
  if (page.executions.some((e) => !isTerminal(e.status))) box.timer = setTimeout(() => refresh(box), REFRESH_MS);
  return page;
}

/** Re-read the current page, if the list is still shown and no fold is open. */
function refresh(box) {
  if (!box.isConnected || box.querySelector(".fold[aria-expanded=true]")) return;
  loadHistory(box, box.trail).catch(showError);
}

/** Find an execution by its id or the start of it: a whole id (or a start only one execution
 * has) opens its page; a start several have lists them. */
function findForm(box) {
  const input = h("input", { name: "find_id", required: true, pattern: "[0-9a-f]{1,32}", autocomplete: "off", title: "an execution id, or its first characters" });
  return h("form", { id: "find-form", class: "inline", role: "search", onsubmit: async (e) => {
    e.preventDefault();
    const prefix = input.value.trim();
    if (prefix.length === 32) { go(pageOf(prefix)); return; }
    box.idPrefix = prefix;
    const page = await loadHistory(box, [null]).catch(showError);
    if (page && page.executions.length === 1) go(pageOf(page.executions[0].execution_id));
  } }, h("label", {}, "Find execution by id (or its start)", input), h("button", { type: "submit", text: "Find" }));
}

export function history() {
  const select = h("select", { name: "status" }, STATUSES.map((st) => h("option", { value: st, text: st || "any status" })));
  const field = (text, name, type = "text") => h("label", {}, text, h("input", { name, type }));
  const check = (text, name) => h("label", { class: "check" }, h("input", { name, type: "checkbox" }), text);
  const box = h("section", { id: "history", "aria-labelledby": "history-title" },
    h("h3", { id: "history-title", text: "All executions" }),
    h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); box.idPrefix = null; loadHistory(box, [null]).catch(showError); } },
      h("label", {}, "Status", select), field("Intent", "intent_type"),
      field("Created after", "created_after", "datetime-local"), field("Created before", "created_before", "datetime-local"),
      field("Attribute (key=value)", "attribute"), check("Include steps and children", "children"),
      check("Include the console's own reads", "internal"), h("button", { type: "submit", text: "Show" })),
    h("div", { class: "history-body" }), h("div", { class: "timeline-box", "aria-live": "polite" }));
  box.querySelector("form").after(findForm(box));
  loadHistory(box, [null]).catch(showError);
  // A run this tab follows changed status (not every progress event): the list may be stale;
  // re-read it once the burst settles.
  const seen = new Map();
  const stop = runs.onChange((run) => {
    if (!box.isConnected) { stop(); return; }
    if (seen.get(run.id) === run.status) return;
    seen.set(run.id, run.status);
    clearTimeout(box.timer);
    box.timer = setTimeout(() => refresh(box), 300);
  });
  return box;
}
