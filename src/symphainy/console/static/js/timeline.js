// An execution's history after the fact: its timings, then every stored event in order
// (GET /api/execution/{id}/events, page after page: the same events its stream carried).
import { api } from "./api.js";
import { fill, fmtTime, h, showError, table } from "./dom.js";

/** Every stored event of execution `id`, in order (page after page). */
export async function allEvents(id) {
  const events = [];
  for (let after = 0; after !== null;) {
    const page = await api("GET", `/api/execution/${id}/events?after=${after}&limit=500`);
    events.push(...page.events);
    after = page.next_after;
  }
  return events;
}

function detail(data) {
  return Object.entries(data || {}).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(" ");
}

function facts(view) {
  const rows = [["Status", view.status], ["Attempts", `${view.attempt} of ${view.max_attempts}`],
    ["Submitted", fmtTime(view.created_at)], ["Not before", fmtTime(view.not_before)],
    ["Started", fmtTime(view.started_at)], ["Finished", fmtTime(view.finished_at)],
    ["Duration", view.duration_seconds === null ? "" : `${view.duration_seconds.toFixed(3)} s`],
    ["Parent", view.parent_execution_id || ""], ["Priority", view.priority ? String(view.priority) : ""]];
  return h("dl", { class: "timeline-facts" }, rows.filter(([, v]) => v).map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })]));
}

// One event as a timeline row (for dom.table).
const eventRow = (e) => ({ seq: e.seq, Seq: e.seq, Time: fmtTime(e.created_at), Event: e.kind, Detail: detail(e.data) });

/** The events of an execution as a table, under the name `label`; its `addEvents(events)` adds
 * rows (the page appends live ones). */
export function eventsTable(events, label) {
  const region = table(["Seq", "Time", "Event", "Detail"], events.map(eventRow), label,
    { class: "timeline", row: (r) => ({ "data-seq": r.seq }), classes: { Event: "kind" } });
  region.addEvents = (more) => region.querySelector("tbody").append(...region.rowsOf(more.map(eventRow)));
  return region;
}

/** Fill `box` with the timeline of execution `id`. */
export async function showTimeline(box, id) {
  const [view, events] = await Promise.all([api("GET", `/api/execution/${id}/status`), allEvents(id)]);
  fill(box, facts(view), eventsTable(events, `Timeline of ${view.intent_type}`));
}

/** A closed "Timeline" disclosure that loads the history when opened. */
export function timelineDetails(id) {
  const box = h("div", { class: "timeline-body" });
  return h("details", { class: "timeline", ontoggle: (e) => { if (e.target.open) showTimeline(box, id).catch(showError); } },
    h("summary", { text: "Timeline" }), box);
}
