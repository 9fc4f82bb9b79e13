// The intent catalogue: each intent's contract and schemas, and a form to run it.
import { api, submit } from "../api.js";
import { fill, h, showInline } from "../dom.js";
import { go } from "../main.js";
import * as runs from "../runs.js";

function typeOf(schema, defs) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.anyOf) return schema.anyOf.map((s) => typeOf(s, defs)).join(" | ");
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items, defs)}[]`;
  return schema.type || "any";
}

/** A schema's properties as a table: name, type, required, default, description. */
export function schemaTable(schema, caption) {
  const props = Object.entries(schema.properties || {});
  if (!props.length) return h("p", { class: "muted", text: `${caption}: no fields` });
  const required = new Set(schema.required || []);
  return h("div", { class: "scroll" }, h("table", { class: "schema" }, h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, ["Field", "Type", "Required", "Default", "Description"].map((c) => h("th", { scope: "col", text: c })))),
    h("tbody", {}, props.map(([name, p]) => h("tr", {},
      h("td", {}, h("code", { text: name })), h("td", { text: typeOf(p, schema.$defs) }), h("td", { text: required.has(name) ? "yes" : "" }),
      h("td", { text: p.default === undefined ? "" : JSON.stringify(p.default) }), h("td", { text: p.description || "" }))))));
}

function runForm(contract) {
  const area = h("textarea", { name: "parameters", rows: 3, "aria-label": `Parameters of ${contract.intent_type} (JSON)`, text: "{}" });
  // A delayed start: the browser's local time, sent as UTC (RFC 3339 with an offset).
  const at = h("input", { type: "datetime-local", name: "not_before", step: 1, "aria-label": `Start ${contract.intent_type} at (optional)` });
  // Higher starts first; within a priority, tenants take turns.
  const priority = h("input", { type: "number", name: "priority", min: -100, max: 100, step: 1, value: 0, "aria-label": `Priority of ${contract.intent_type}` });
  const problem = h("div", { class: "form-problem" });
  // A refused submission (bad JSON, parameters, quota) shows here, under the button; once
  // accepted the run is followed on Executions, which shows how it ends.
  return h("form", { class: "run-form", onsubmit: async (e) => {
    e.preventDefault();
    showInline(problem);
    try {
      const params = JSON.parse(area.value || "{}");
      const sub = await submit(contract.intent_type, params, at.value ? new Date(at.value).toISOString() : undefined, Number(priority.value || 0));
      runs.track(sub.execution_id, { intent_type: contract.intent_type, parameters: params }).catch(() => {});
      go("#/executions");
    } catch (err) { showInline(problem, err); }
  } }, area, h("label", {}, "Start at", at), h("label", {}, "Priority", priority), h("button", { type: "submit", text: `Run ${contract.intent_type}` }), problem);
}

function intent(contract, canRun) {
  return h("details", { class: "intent", id: `intent-${contract.intent_type}` },
    h("summary", {}, h("code", { text: contract.intent_type }), ` — ${contract.description}`),
    h("dl", { class: "facts" },
      [["Realm", contract.realm], ["Anonymous sessions", contract.anonymous_ok ? "allowed" : "no"],
        ["Produces", contract.produces.join(", ") || "—"], ["Retries", `${contract.retry.max_attempts} attempt(s)`],
        ["Timeout", contract.timeout_seconds ? `${contract.timeout_seconds} s` : "—"]].map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })])),
    schemaTable(contract.parameters_schema, "Parameters"), schemaTable(contract.result_schema, "Result"),
    h("details", {}, h("summary", { text: "JSON Schemas" }), h("pre", { text: JSON.stringify({ parameters: contract.parameters_schema, result: contract.result_schema }, null, 2) })),
    canRun ? runForm(contract) : null);
}

/** The contracts by realm, each with its schemas (and a run form when `canRun`). */
export function catalogue(contracts, canRun, level = 3) {
  const realms = new Map();
  contracts.forEach((c) => { if (!realms.has(c.realm)) realms.set(c.realm, []); realms.get(c.realm).push(c); });
  return [h("p", { class: "muted", text: `${contracts.length} intents in ${realms.size} realms` }),
    [...realms].map(([realm, list]) => h("section", { class: "realm" }, h(`h${level}`, { text: realm }), list.map((c) => intent(c, canRun))))];
}

export async function render(root) {
  fill(root, h("h2", { text: "Intents" }), catalogue(await api("GET", "/api/intents"), true));
}
