// Quotas (admins): the tenant's limits with their current use, and a form to change them. A
// tenant's own admin may only tighten a limit (an operator may raise it): the server decides,
// and its refusal is shown beside the limit it is about. What each quota counts comes from
// the published SetTenantQuotasRequest schema, not from here.
import { api, auth } from "../api.js";
import { fill, fmtBytes, fmtTime, h, parts, showInline, table } from "../dom.js";
import { errorLine, placeErrors } from "../input_controls.js";
import { help } from "../schema_form.js";

const path = (tenant) => `/api/admin/tenants/${encodeURIComponent(tenant)}/quotas`;
const amount = (q, n) => (n === null ? "no limit" : q.quota === "storage_bytes" ? fmtBytes(n) : String(n));

/** One quota's row: what it counts, its use against its limit, and the new limit's input. */
function row(q, schema, fields) {
  const id = `quota-${q.quota}`;
  const input = h("input", { type: "number", id, name: q.quota, min: 0, step: 1, value: q.limit ?? "", placeholder: "no limit",
    "aria-describedby": `${id}-help` });
  const error = errorLine(`${id}-error`);
  fields.set(q.quota, { error, control: input });
  const reset = h("input", { type: "checkbox", name: "reset", value: q.quota, "aria-label": `Reset ${q.quota} to the default`, disabled: q.source !== "tenant" });
  const use = q.limit ? h("meter", { min: 0, max: q.limit, value: Math.min(q.current, q.limit), "aria-label": `${q.quota} use` }) : null;
  return { quota: q.quota,
    Quota: parts(h("label", { for: id }, h("code", { text: q.quota })),
      h("small", { id: `${id}-help`, class: "muted", text: help((schema.properties[q.quota] || {}).description) })),
    Use: parts(`${amount(q, q.current)} of ${amount(q, q.limit)}`, use), Source: q.source === "tenant" ? "set for this tenant" : "platform default",
    Resets: q.resets_at ? fmtTime(q.resets_at) : "—", "New limit": parts(input, error), Reset: reset };
}

/** The changes: limits that differ from the current ones, and the overrides to reset. */
function changes(form, view) {
  const body = {};
  view.quotas.forEach((q) => {
    const value = form.elements[q.quota].value;
    if (value !== "" && Number(value) !== q.limit) body[q.quota] = Number(value);
  });
  const reset = [...form.querySelectorAll("input[name=reset]:checked")].map((c) => c.value);
  if (reset.length) body.reset = reset;
  return body;
}

/** A refusal beside its field: 422 errors name it in `loc`, a refused loosening in `quota`. */
function refusal(fields, box, err) {
  const p = err.problem || {};
  const errors = p.quota ? [{ loc: [p.quota], msg: p.detail }] : p.errors || [];
  placeErrors(fields, errors, p.quota ? [] : ["body"]);
  showInline(box, err);
}

function quotaForm(view, schema, refresh) {
  const fields = new Map();
  const box = h("div", { class: "quota-problem" });
  const saved = h("p", { class: "muted", role: "status", text: view.updated_at ? `Last changed ${fmtTime(view.updated_at)}` : "Never changed: the platform defaults apply." });
  const form = h("form", { id: "quota-form", novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    placeErrors(fields, []);
    showInline(box);
    const body = changes(form, view);
    if (!Object.keys(body).length) { saved.textContent = "Nothing changed."; return; }
    try { await refresh(await api("PATCH", path(view.tenant_id), body)); } catch (err) { refusal(fields, box, err); }
  } },
  table(["Quota", "Use", "Source", "Resets", "New limit", "Reset"], view.quotas.map((q) => row(q, schema, fields)), `Quotas of tenant ${view.tenant_id}`,
    { id: "quotas", rowHeader: "Quota", row: (r) => ({ "data-quota": r.quota }), classes: { Use: "use", Source: "source" } }),
  saved, box, h("button", { type: "submit", text: "Save limits" }));
  return form;
}

export async function render(root) {
  const [openapi, view] = await Promise.all([api("GET", "/openapi.json"), api("GET", path(auth.me.tenant_id))]);
  const schema = openapi.components.schemas.SetTenantQuotasRequest;
  const box = h("section", { id: "quota-box", "aria-live": "polite" });
  const draw = (v) => fill(box, quotaForm(v, schema, draw));
  draw(view);
  fill(root, h("h2", { text: "Quotas" }),
    h("p", { class: "muted", text: "Your tenant's limits and what it uses now. As the tenant's admin you may lower a limit; only an operator can raise one." }),
    box);
}
