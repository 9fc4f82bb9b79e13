// Control Tower (admins): statistics, execution metrics with charts, system and realm health,
// the solution registry and the intent catalogue with every schema.
import { api, auth } from "../api.js";
import { barChart, lineChart } from "../charts.js";
import { fill, fmtTime, h, showInline, table } from "../dom.js";
import { catalogue } from "./catalogue.js";

const RANGES = ["15m", "1h", "24h", "7d"];
const tower = (path, query = {}) => api("GET", `${path}?` + new URLSearchParams({ session_id: auth.session, ...query }));
const facts = (pairs) => h("dl", { class: "facts" }, pairs.map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v ?? "—" })]));
const pct = (v) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);
const ms = (v) => (v === null || v === undefined ? "—" : `${Math.round(v)} ms`);

function section(id, title, body) {
  return h("section", { id, class: "tower-section", "aria-labelledby": `${id}-h` }, h("h3", { id: `${id}-h`, text: title }), body);
}

/** Run one panel's loader; a failure shows its problem in the panel, not the whole view. */
async function panel(box, load) {
  try { fill(box, await load()); } catch (err) { showInline(box, err); }
}

async function statistics() {
  const st = await tower("/api/control-tower/statistics");
  return [facts([["Tenants", st.tenants], ["Users", st.users], ["Sessions", `${st.sessions.total} (${st.anonymous_sessions} anonymous)`],
    ["Executions", st.executions.total], ["Artifacts", st.artifacts.total], ["Pending intents", st.pending_intents.total],
    ["Registered intents", st.registered_intents], ["Realms", st.realms], ["As of", fmtTime(st.generated_at)]]),
  h("div", { class: "charts" },
    barChart("Executions by state", Object.keys(st.executions.by), Object.values(st.executions.by), { id: "chart-executions-by-state" }),
    barChart("Artifacts by type", Object.keys(st.artifacts.by), Object.values(st.artifacts.by), { id: "chart-artifacts-by-type" }))];
}

function overTime(m) {
  if (!Array.isArray(m.series) || !m.series.length) return null;
  const periods = m.series.map((b) => new Date(b.start).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
  return h("div", { class: "charts" },
    lineChart("Executions finished over time", periods, [
      { name: "completed", values: m.series.map((b) => b.completed) },
      { name: "failed", values: m.series.map((b) => b.failed) }], { id: "chart-finished-over-time" }),
    lineChart("Latency p95 over time (ms)", periods, [{ name: "p95", values: m.series.map((b) => b.latency_p95_ms) }], { id: "chart-latency-over-time" }));
}

async function metrics(range) {
  const m = await tower("/api/control-tower/execution-metrics", { time_range: range });
  const rows = m.by_intent.map((t) => ({ intent: t.intent_type, submitted: t.submitted, completed: t.completed, failed: t.failed, rejected: t.rejected, cancelled: t.cancelled,
    "success rate": pct(t.success_rate), p50: ms(t.latency_p50_ms), p95: ms(t.latency_p95_ms), p99: ms(t.latency_p99_ms) }));
  const timed = m.by_intent.filter((t) => t.latency_p95_ms !== null);
  return [facts([["Range", m.time_range], ["Window", `${fmtTime(m.since)} – ${fmtTime(m.until)}`], ["Throughput", `${m.throughput_per_minute.toFixed(2)} / min`],
    ["Success rate", pct(m.total.success_rate)], ["Latency p50 / p95 / p99", `${ms(m.total.latency_p50_ms)} / ${ms(m.total.latency_p95_ms)} / ${ms(m.total.latency_p99_ms)}`]]),
  overTime(m),
  h("div", { class: "charts" },
    barChart("Finished per intent", m.by_intent.map((t) => t.intent_type), m.by_intent.map((t) => t.completed + t.failed + t.cancelled), { id: "chart-finished-per-intent" }),
    timed.length ? barChart("Latency p95 per intent (ms)", timed.map((t) => t.intent_type), timed.map((t) => t.latency_p95_ms), { id: "chart-p95-per-intent" }) : null),
  table(Object.keys(rows[0] || { intent: "" }), rows, "Per intent")];
}

async function systemHealth() {
  const s = await tower("/api/control-tower/system-health");
  const q = s.queue;
  return [h("p", { class: `health ${s.status}`, id: "system-status", text: s.status }),
    s.problems.length ? h("ul", {}, s.problems.map((p) => h("li", { text: p }))) : null,
    facts([["Store", `${s.store.engine}, ${s.store.reachable ? "reachable" : "unreachable"}, ${ms(s.store.latency_ms)}`],
      ["Schema", `${s.store.migration} (head ${s.store.migration_head})`], ["Blobs", s.blobs_writable ? "writable" : `not writable: ${s.blobs_error}`],
      ["Live workers", s.live_workers], ["Oldest waiting", s.oldest_waiting_age_seconds === null ? "queue empty" : `${s.oldest_waiting_age_seconds.toFixed(1)} s`]]),
    barChart("Queue", ["runnable", "delayed", "waiting", "running", "expired leases"], [q.runnable, q.delayed, q.waiting, q.running, q.expired_leases], { id: "chart-queue" })];
}

async function realmHealth(range) {
  const r = await tower("/api/control-tower/realm-health", { time_range: range });
  const failures = r.realms.flatMap((x) => x.recent_failures.map((f) => ({ realm: x.realm, intent: f.intent_type, problem: f.error_type, detail: f.detail, execution: f.execution_id })));
  // "rejected": approvals a person turned down; an answer, not a failure (the realm stays healthy).
  return [table(["realm", "status", "intents", "finished", "failed", "rejected"], r.realms.map((x) => ({ ...x, intents: x.intents.length })), "Realms"),
    failures.length ? table(["realm", "intent", "problem", "detail", "execution"], failures, "Recent failures") : h("p", { class: "muted", text: "No failures in the window." })];
}

async function solutions(range) {
  const [registry, page] = await Promise.all([tower("/api/control-tower/solutions", { time_range: range }),
    api("POST", "/api/artifact/list", { artifact_type: "solution", limit: 200 })]);
  const rows = registry.solutions.map((x) => ({ solution: x.solution_id, name: x.name, journeys: x.journeys.join(", "), intents: x.intents.length,
    executions: x.executions, "last run": fmtTime(x.last_execution_at), active: x.active ? "yes" : "no" }));
  return [table(["solution", "name", "journeys", "intents", "executions", "last run", "active"], rows, `Registered solutions (use in the last ${registry.time_range})`),
    h("h4", { text: "Solutions created in this tenant" }),
    page.artifacts.length ? h("ul", { id: "solutions" }, page.artifacts.map((a) => h("li", {},
      h("a", { href: `#/artifacts/${a.artifact_id}`, text: a.semantic_descriptor.solution_name || a.artifact_id }),
      ` — ${a.semantic_descriptor.solution_source || ""}, ${a.lifecycle_state}, ${fmtTime(a.created_at)}`)))
      : h("p", { class: "muted", text: "None yet (create_solution registers one from a roadmap, POC or blueprint)." })];
}

/** The tenant's quotas: use against limit (changed on the Quotas screen, with `symphainy quota
 * set` or the admin API). */
async function quotas() {
  const v = await api("GET", `/api/admin/tenants/${encodeURIComponent(auth.me.tenant_id)}/quotas`);
  const rows = v.quotas.map((q) => ({ quota: q.quota, use: q.current, limit: q.limit ?? "unlimited", source: q.source, resets: q.resets_at ? fmtTime(q.resets_at) : "—" }));
  return [table(["quota", "use", "limit", "source", "resets"], rows, "Quotas of tenant (your team)"),
    h("p", {}, h("a", { href: "#/quotas", id: "edit-quotas", text: "Change these limits on the Quotas screen" }))];
}

export async function render(root) {
  if (!auth.me.roles.includes("admin")) { fill(root, h("h2", { text: "Control Tower" }), h("p", { text: "For administrators only." })); return; }
  const boxes = Object.fromEntries(["statistics", "metrics", "system", "quotas", "realms", "solutions", "intents"].map((k) => [k, h("div", { "aria-live": "polite" })]));
  const range = h("select", { id: "time-range" }, RANGES.map((r) => h("option", { value: r, text: `last ${r}`, selected: r === "1h" })));
  const windowed = () => Promise.all([panel(boxes.metrics, () => metrics(range.value)), panel(boxes.realms, () => realmHealth(range.value)),
    panel(boxes.solutions, () => solutions(range.value))]);
  range.addEventListener("change", windowed);
  const refresh = h("button", { type: "button", text: "Refresh", onclick: () => load() });
  fill(root, h("h2", { text: "Control Tower" }), h("div", { class: "pager" }, h("label", {}, "Window", range), refresh),
    // Side by side where the screen is wide enough (one column on a phone): a shorter page.
    h("div", { class: "pair" }, section("tower-statistics", "Statistics", boxes.statistics), section("tower-system", "System health", boxes.system)),
    section("tower-metrics", "Execution metrics", boxes.metrics),
    h("div", { class: "pair" }, section("tower-quotas", "Tenant quotas", boxes.quotas), section("tower-realms", "Realm health", boxes.realms)),
    section("tower-solutions", "Solution registry", boxes.solutions), section("tower-intents", "Intent catalogue", boxes.intents));
  const load = () => Promise.all([panel(boxes.statistics, statistics), windowed(), panel(boxes.system, systemHealth), panel(boxes.quotas, quotas),
    panel(boxes.intents, async () => catalogue(await api("GET", "/api/intents"), false, 4))]);
  await load();
}
