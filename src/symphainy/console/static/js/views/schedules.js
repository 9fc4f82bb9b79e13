// Schedules: create one (an intent or a journey, its input as a form generated from its
// schema, and when: cron in a time zone, every N seconds, or once), see each one's next due
// time and last run, pause, resume, run now, delete, and list the executions it started. The
// timing fields come from the published CreateScheduleRequest schema (the Experience
// service's OpenAPI document), not from here.
import { api } from "../api.js";
import { attempt, fill, fmtDuration, fmtTime, h, parts, table } from "../dom.js";
import { inputPanel, showSubmitError } from "../input_panel.js";
import { loadChoices } from "../refs.js";
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
    : "";
  return { schedule: s.schedule_id, Id: h("code", { text: s.schedule_id.slice(0, 12) }), Runs: s.journey_id || s.intent_type, When: when(s),
    Priority: s.priority, Status: s.status, "Next due": fmtTime(s.next_due), "Last run": last,
    "Last error": s.last_error ? s.last_error.detail || s.last_error.title : "",
    Actions: parts(h("div", { class: "actions" }, actions(s, refresh, showRuns, problem)), problem) };
}

async function showRunsOf(box, s) {
  const page = await api("POST", "/api/execution/list", { schedule_id: s.schedule_id, limit: 50 });
  const rows = page.executions.map((e) => ({ run: e.execution_id, Execution: h("a", { href: `#/executions/${e.execution_id}`, text: e.execution_id.slice(0, 12) }),
    Status: e.status, Created: fmtTime(e.created_at), Duration: fmtDuration(e.duration_seconds) }));
  fill(box, h("h3", { text: `Runs of ${s.intent_type} (${page.total})` }),
    rows.length ? table(["Execution", "Status", "Created", "Duration"], rows, `Executions started by schedule ${s.schedule_id.slice(0, 12)}`,
      { row: (r) => ({ "data-run": r.run }), classes: { Status: "status" } }) : h("p", { class: "muted", text: "No runs yet." }));
}

async function refreshList(list, runsBox) {
  const page = await api("GET", "/api/schedule/list?limit=200");
  const refresh = () => refreshList(list, runsBox);
  const showRuns = (s) => showRunsOf(runsBox, s);
  const columns = ["Id", "Runs", "When", "Priority", "Status", "Next due", "Last run", "Last error", "Actions"];
  fill(list, page.schedules.length
    ? table(columns, page.schedules.map((s) => row(s, refresh, showRuns)), `${page.schedules.length} schedule${page.schedules.length === 1 ? "" : "s"}`,
      { id: "schedules", row: (r) => ({ "data-schedule": r.schedule }), classes: { Status: "status", "Next due": "next-due", "Last error": "last-error" } })
    : h("p", { class: "muted", text: "No schedules yet." }));
}

// What a schedule runs: an intent (its parameters) or a journey (its input), each with the
// schema of what it takes and where the server's errors about that input point.
const JOURNEY = "journey:";
function targets(intents, journeys) {
  const out = new Map(intents.map((c) => [c.intent_type, { key: { intent_type: c.intent_type }, schema: c.parameters_schema,
    legend: `Parameters of ${c.intent_type}`, prefix: ["parameters"] }]));
  // A journey without an input model takes any JSON object (the form's Advanced tab).
  journeys.forEach((j) => out.set(JOURNEY + j.journey_id, { key: { journey_id: j.journey_id }, schema: j.input_schema || { type: "object", properties: {} },
    legend: `Input of ${j.journey_id}`, prefix: ["parameters", "journey_params"] }));
  return out;
}

function targetPicker(intents, journeys) {
  const option = (value, text) => h("option", { value, text });
  return h("select", { name: "target", id: "schedule-intent" },
    h("optgroup", { label: "Intents" }, intents.map((c) => option(c.intent_type, c.intent_type))),
    journeys.length ? h("optgroup", { label: "Journeys" }, journeys.map((j) => option(JOURNEY + j.journey_id, `${j.journey_id} (journey)`))) : null);
}

function createForm(schema, { intents, journeys, choices }, onCreated) {
  const all = targets(intents, journeys);
  const picker = targetPicker(intents, journeys);
  const box = h("div", { class: "schedule-params" });
  let panel = null;
  const draw = () => { const t = all.get(picker.value); panel = inputPanel(t.schema, { idPrefix: "schedule-params", legend: t.legend, choices }); fill(box, panel.element); };
  picker.addEventListener("change", draw);
  draw();
  const timing = schemaForm(schema, { idPrefix: "schedule", legend: "When", omit: TARGET, inView: [...TIMING, "overlap", "catchup"] });
  const tz = timing.element.querySelector("#schedule-timezone");
  if (tz) tz.placeholder = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const problem = h("div", { class: "run-problem" });
  const shown = (err) => showSubmitError(problem, err, [panel, all.get(picker.value).prefix], [timing, ["body"]]);
  return h("form", { id: "schedule-form", novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    shown(null);
    try {
      await api("POST", "/api/schedule/create", { ...all.get(picker.value).key, parameters: panel.read(), ...timing.values() });
      await onCreated();
    } catch (err) { shown(err); }
  } },
  h("label", { for: "schedule-intent", text: "Intent or journey" }), picker, box,
  timing.element, problem, h("button", { type: "submit", text: "Create schedule" }));
}

export async function render(root) {
  const [openapi, intents, journeys] = await Promise.all([api("GET", "/openapi.json"), api("GET", "/api/intents"), api("GET", "/api/journeys")]);
  const choices = await loadChoices(...intents.map((c) => c.parameters_schema), ...journeys.map((j) => j.input_schema));
  const schema = openapi.components.schemas.CreateScheduleRequest;
  const list = h("div", { id: "schedule-list", "aria-live": "polite" });
  const runsBox = h("section", { id: "schedule-runs", "aria-live": "polite" });
  fill(root, h("h2", { text: "Schedules" }),
    h("section", { "aria-labelledby": "new-schedule" }, h("h3", { id: "new-schedule", text: "New schedule" }),
      createForm(schema, { intents, journeys, choices }, () => refreshList(list, runsBox))),
    h("section", { "aria-labelledby": "all-schedules" }, h("h3", { id: "all-schedules", text: "All schedules" }), list), runsBox);
  await refreshList(list, runsBox);
}
