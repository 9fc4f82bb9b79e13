// The sections of an execution's page, each drawn from its ExecutionView: the facts, the
// outcome (result, error in plain words, or why it stopped), children and artifacts.
import { fill, fmtDuration, fmtTime, h, showInline } from "../dom.js";
import { outcome as readStatus } from "../outcome.js";

export const pageOf = (id) => `#/executions/${id}`;
const link = (id, text) => h("a", { href: pageOf(id), text: text || id });

/** Who ran what (`who` names the submitter: members.namer), when, for how long, how often,
 * under which parent. */
export function facts(view, who) {
  const rows = [
    ["Status", h("span", { class: "status", text: readStatus(view.status, view.error) })],
    ["Intent", `${view.intent_type} (version ${view.intent_version})`],
    ["Execution id", h("code", { text: view.execution_id })],
    ["Submitted by", who(view.user_id) || "an anonymous session"],
    ["Submitted", fmtTime(view.created_at)],
    ["Not before", fmtTime(view.not_before)],
    ["Started", fmtTime(view.started_at)],
    ["Finished", fmtTime(view.finished_at)],
    ["Duration", fmtDuration(view.duration_seconds)],
    ["Attempts", `${view.attempt} of ${view.max_attempts}`],
    ["Priority", view.priority ? String(view.priority) : ""],
    ["Parent", view.parent_execution_id ? link(view.parent_execution_id) : ""],
    ["Retry of", view.retry_of ? link(view.retry_of) : ""],
    ["Schedule", view.schedule_id || ""],
    ["Search attributes", Object.entries(view.search_attributes || {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")],
  ];
  return [h("dl", { class: "facts" }, rows.filter(([, v]) => v).map(([k, v]) => [h("dt", { text: k }), h("dd", {}, v)])),
    h("details", { class: "params" }, h("summary", { text: "Parameters" }), h("pre", { text: JSON.stringify(view.parameters, null, 2) }))];
}

/** The result, the error (plain words, its problem one click away), or why there is none. */
export function outcome(view) {
  if (view.status === "completed") return h("pre", { class: "result", tabindex: "0", role: "region", "aria-label": "Result", text: JSON.stringify(view.result, null, 2) });  // it may scroll: keyboard reachable
  if (view.error) {
    const box = h("div", { class: "error" });
    showInline(box, { problem: view.error });
    return box;
  }
  if (view.status === "cancelled") return h("p", { text: "Cancelled before it finished: no result." });
  return h("p", { class: "muted", text: `No result yet: it is ${view.status}.` });
}

/** The executions this one started (a journey's steps by name, from its journey.step events). */
export function children(kids, steps) {
  if (!kids.length) return h("p", { class: "muted", text: "None." });
  const stepOf = new Map([...steps].map(([name, id]) => [id, name]));
  return h("ul", { class: "children" }, kids.map((k) => h("li", { "data-child": k.execution_id },
    link(k.execution_id, `${stepOf.has(k.execution_id) ? `${stepOf.get(k.execution_id)}: ` : ""}${k.intent_type}`),
    " ", h("span", { class: "status", text: k.status }), " ", h("span", { class: "muted", text: fmtDuration(k.duration_seconds) }))));
}

/** What it produced, each linked to its artifact view. */
export function artifacts(list) {
  if (!list || !list.length) return h("p", { class: "muted", text: "None." });
  const name = (a) => { const d = a.semantic_descriptor || {}; return d.ui_name || d.name || d.filename || d.title || a.artifact_id; };
  return h("ul", { class: "artifacts" }, list.map((a) => h("li", {},
    h("a", { href: `#/artifacts/${a.artifact_id}`, text: name(a) }), " ", h("span", { class: "muted", text: `${a.artifact_type}, ${a.lifecycle_state}` }))));
}

/** Step name → child execution id, and the failed step, from a journey's events. */
export function journeySteps(events) {
  const steps = new Map();
  let failed = null;
  for (const e of events) {
    if (e.kind === "journey.step" && e.data.step) steps.set(e.data.step, e.data.execution_id);
    if (e.kind === "journey.failed") failed = e.data.step;
  }
  return { steps, failed };
}

/** A titled section of the page whose body is redrawn in place. */
export function section(id, title) {
  const body = h("div", { class: "section-body" });
  const box = h("section", { id, "aria-labelledby": `${id}-h` }, h("h3", { id: `${id}-h`, text: title }), body);
  // A redraw (a live update) keeps open what the person opened: the n-th <details> stays open.
  box.show = (...content) => {
    const open = [...body.querySelectorAll("details")].map((d) => d.open);
    fill(body, ...content);
    body.querySelectorAll("details").forEach((d, i) => { if (open[i]) d.open = true; });
  };
  return box;
}
