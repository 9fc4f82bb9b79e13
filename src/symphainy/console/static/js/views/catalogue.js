// The intent catalogue: each intent's contract and schemas, and a form to run it.
import { api, auth, submit } from "../api.js";
import { fill, h, showError, table } from "../dom.js";
import { inputPanel, showSubmitError } from "../input_panel.js";
import { go } from "../main.js";
import { loadChoices } from "../refs.js";
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
function schemaTable(schema, caption) {
  const props = Object.entries(schema.properties || {});
  if (!props.length) return h("p", { class: "muted", text: `${caption}: no fields` });
  const required = new Set(schema.required || []);
  return table(["Field", "Type", "Required", "Default", "Description"], props.map(([name, p]) => ({ Field: h("code", { text: name }),
    Type: typeOf(p, schema.$defs), Required: required.has(name) ? "yes" : "", Default: p.default === undefined ? "" : JSON.stringify(p.default), Description: p.description || "" })),
  caption);
}

/** The run form: the parameters as a form from their schema (JSON on the Advanced tab), an
 * optional delayed start and a priority. A refusal stays here, each error beside its field. */
function runForm(contract, choices) {
  const type = contract.intent_type;
  const panel = inputPanel(contract.parameters_schema, { idPrefix: `run-${type}`, legend: `Parameters of ${type}`, choices });
  // A delayed start: the browser's local time, sent as UTC (RFC 3339 with an offset).
  const at = h("input", { type: "datetime-local", name: "not_before", step: 1, "aria-label": `Start ${type} at (optional)` });
  // Higher starts first; within a priority, tenants take turns.
  const priority = h("input", { type: "number", name: "priority", min: -100, max: 100, step: 1, value: 0, "aria-label": `Priority of ${type}` });
  const problem = h("div", { class: "run-problem" });
  const button = h("button", { type: "submit", text: `Run ${type}` });
  return h("form", { class: "run-form", novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    showSubmitError(problem, null, [panel, ["parameters"]]);
    button.disabled = true;
    try {
      const params = panel.read();
      const sub = await submit(type, params, at.value ? new Date(at.value).toISOString() : undefined, Number(priority.value || 0));
      runs.track(sub.execution_id, { intent_type: type, parameters: params }).catch(showError);
      go("#/executions");
    } catch (err) { showSubmitError(problem, err, [panel, ["parameters"]]); }
    button.disabled = false;
  } }, panel.element, h("label", {}, "Start at", at), h("label", {}, "Priority", priority), problem, button);
}

function intent(contract, canRun, choices) {
  return h("details", { class: "intent", id: `intent-${contract.intent_type}` },
    h("summary", {}, h("code", { text: contract.intent_type }), ` — ${contract.description}`),
    h("dl", { class: "facts" },
      [["Realm", contract.realm], ["Anonymous sessions", contract.anonymous_ok ? "allowed" : "no"],
        ["Produces", contract.produces.join(", ") || "—"], ["Retries", `${contract.retry.max_attempts} attempt(s)`],
        ["Timeout", contract.timeout_seconds ? `${contract.timeout_seconds} s` : "—"]].map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })])),
    // A run form shows the parameters itself (each field's type, default and description);
    // what it returns follows.
    canRun ? runForm(contract, choices) : schemaTable(contract.parameters_schema, "Parameters"), schemaTable(contract.result_schema, "Result"),
    h("details", {}, h("summary", { text: "JSON Schemas" }), h("pre", { text: JSON.stringify({ parameters: contract.parameters_schema, result: contract.result_schema }, null, 2) })));
}

const RANKS = ["viewer", "member", "admin"];

// A Run form only where the server would accept the submission: an anonymous session runs
// `anonymous_ok` intents that need no role; a role needs that rank or a higher one.
function mayRun(me, c) {
  if (me.anonymous) return c.anonymous_ok && !c.role;
  return !c.role || me.roles.some((r) => RANKS.indexOf(r) >= RANKS.indexOf(c.role));
}

/** The contracts by realm, each with its schemas (and a run form when `canRun(contract)`, its
 * pickers offering `choices`: see refs.loadChoices). */
export function catalogue(contracts, canRun, level = 3, choices = {}) {
  const realms = new Map();
  contracts.forEach((c) => { if (!realms.has(c.realm)) realms.set(c.realm, []); realms.get(c.realm).push(c); });
  return [h("p", { class: "muted", text: `${contracts.length} intents in ${realms.size} realms` }),
    [...realms].map(([realm, list]) => h("section", { class: "realm" }, h(`h${level}`, { text: realm }), list.map((c) => intent(c, canRun && canRun(c), choices))))];
}

export async function render(root) {
  const contracts = await api("GET", "/api/intents");
  const choices = await loadChoices(...contracts.map((c) => c.parameters_schema));
  fill(root, h("h2", { text: "Intents" }), catalogue(contracts, (c) => mayRun(auth.me, c), 3, choices));
}
