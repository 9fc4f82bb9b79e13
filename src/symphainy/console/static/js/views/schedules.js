// Schedules: create one (an intent, its parameters, and when: cron in a time zone, every N
// seconds, or once), see each one's next due time and last run, pause, resume, run now,
// delete, and list the executions it started. The timing fields come from the published
// CreateScheduleRequest schema (the Experience service's OpenAPI document), not from here.
import { api } from "../api.js";
import { attempt, fill, fmtTime, h } from "../dom.js";
import { schemaForm } from "../schema_form.js";

const TARGET = ["intent_type", "journey_id", "parameters", "session_id"];
const TIMING = ["cron", "timezone", "every_seconds", "at"];

function when(s) {
  if (s.cron) return `cron ${s.cron} (${s.timezone || "UTC"})`;
  if (s.every_seconds) return `every ${s.every_seconds} s`;
  return s.at ? `once at ${fmtTime(s.at)}` : "";
}

// A row's buttons share the row's problem line: an error shows beside the button pressed.
function button(text, label, work, problem) {
  return h("button", { type: "button", text, "aria-label": label, onclick: async (e) => {
    e.target.disabled = true;
    if (!(await attempt(problem, work, `${text} failed`))) e.target.disabled = false;
  } });
}

function actions(s, refresh, showRuns, problem) {
  const path = `/api/schedule/${encodeURIComponent(s.schedule_id)}`;
  const name = `${s.intent_type} ${s.schedule_id.slice(0, 8)}`;
  const post = (verb) => async () => { await api("POST", `${path}/${verb}`); await refresh(); };
  return [
    s.status === "paused" ? button("Resume", `Resume ${name}`, post("resume"), problem) : button("Pause", `Pause ${name}`, post("pause"), problem),
    button("Run now", `Run ${name} now`, post("trigger"), problem),
    button("Runs", `Runs of ${name}`, () => showRuns(s), problem),
    button("Delete", `Delete ${name}`, async () => { await api("DELETE", path); await refresh(); }, problem),
  ];
}

function row(s, refresh, showRuns) {
  const problem = h("div", { class: "row-problem" });
  const last = s.last_execution_id
    ? h("a", { href: `#/executions/${s.last_execution_id}`, text: fmtTime(s.last_due) || s.last_execution_id.slice(0, 12) })
    : null;
  return h("tr", { "data-schedule": s.schedule_id },
    h("td", {}, h("code", { text: s.schedule_id.slice(0, 12) })), h("td", { text: s.journey_id || s.intent_type }),
    h("td", { text: when(s) }), h("td", { class: "status", text: s.status }),
    h("td", { class: "next-due", text: fmtTime(s.next_due) }), h("td", {}, last),
    h("td", { class: "last-error", text: s.last_error ? s.last_error.detail || s.last_error.title : "" }),
    h("td", {}, h("div", { class: "actions" }, actions(s, refresh, showRuns, problem)), problem));
}

async function showRunsOf(box, s) {
  const page = await api("POST", "/api/execution/list", { schedule_id: s.schedule_id, limit: 50 });
  const rows = page.executions.map((e) => h("tr", { "data-run": e.execution_id },
    h("td", {}, h("a", { href: `#/executions/${e.execution_id}`, text: e.execution_id.slice(0, 12) })),
    h("td", { class: "status", text: e.status }), h("td", { text: fmtTime(e.created_at) })));
  fill(box, h("h3", { text: `Runs of ${s.intent_type} (${page.total})` }),
    rows.length ? h("table", { class: "runs-of" }, h("thead", {}, h("tr", {}, ["Execution", "Status", "Created"].map((c) => h("th", { scope: "col", text: c })))),
      h("tbody", {}, rows)) : h("p", { class: "muted", text: "No runs yet." }));
}

async function refreshList(list, runsBox) {
  const page = await api("GET", "/api/schedule/list?limit=200");
  const refresh = () => refreshList(list, runsBox);
  const showRuns = (s) => showRunsOf(runsBox, s);
  const head = h("tr", {}, ["Id", "Runs", "When", "Status", "Next due", "Last run", "Last error", ""].map((c) => h("th", { scope: "col", text: c })));
  fill(list, page.schedules.length
    ? h("div", { class: "scroll" }, h("table", { id: "schedules" }, h("thead", {}, head), h("tbody", {}, page.schedules.map((s) => row(s, refresh, showRuns)))))
    : h("p", { class: "muted", text: "No schedules yet." }));
}

function createForm(schema, intents, onCreated) {
  const intent = h("select", { name: "intent_type", id: "schedule-intent" }, intents.map((c) => h("option", { value: c.intent_type, text: c.intent_type })));
  const params = h("textarea", { name: "parameters", id: "schedule-parameters", rows: 3, text: "{}" });
  const timing = schemaForm(schema, { idPrefix: "schedule", legend: "When", omit: TARGET, inView: [...TIMING, "overlap", "catchup"] });
  const tz = timing.element.querySelector("#schedule-timezone");
  if (tz) tz.placeholder = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const problem = h("div", { class: "form-problem" });
  return h("form", { id: "schedule-form", onsubmit: (e) => {
    e.preventDefault();
    attempt(problem, async () => {
      const body = { intent_type: intent.value, parameters: JSON.parse(params.value || "{}"), ...timing.values() };
      await api("POST", "/api/schedule/create", body);
      await onCreated();
    });
  } },
  h("label", { for: "schedule-intent", text: "Intent" }), intent,
  h("label", { for: "schedule-parameters", text: "Parameters (JSON)" }), params,
  timing.element, h("button", { type: "submit", text: "Create schedule" }), problem);
}

export async function render(root) {
  const [openapi, intents] = await Promise.all([api("GET", "/openapi.json"), api("GET", "/api/intents")]);
  const schema = openapi.components.schemas.CreateScheduleRequest;
  const list = h("div", { id: "schedule-list", "aria-live": "polite" });
  const runsBox = h("section", { id: "schedule-runs", "aria-live": "polite" });
  fill(root, h("h2", { text: "Schedules" }),
    h("section", { "aria-labelledby": "new-schedule" }, h("h3", { id: "new-schedule", text: "New schedule" }),
      createForm(schema, intents, () => refreshList(list, runsBox))),
    h("section", { "aria-labelledby": "all-schedules" }, h("h3", { id: "all-schedules", text: "All schedules" }), list), runsBox);
  await refreshList(list, runsBox);
}
