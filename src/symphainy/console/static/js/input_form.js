// A form for an intent's or a journey's input, generated from its JSON Schema: one labelled
// control per property (nested objects as fieldsets, arrays as lists), descriptions (with a
// number's range and the default) as help text, defaults filled in, references to artifacts as
// pickers (refs.js). The server stays the judge of validity (the form does not block a
// submit): its errors are shown beside the field they name (showErrors), so a rule is written
// once, on the server.
import { h } from "./dom.js";
import { REF_KEY } from "./refs.js";
import { help } from "./schema_form.js";
import { control, errorLine, fieldError, jsonControl, placeErrors } from "./input_controls.js";

/** `schema` with its $ref (or single allOf) resolved against the root's $defs. */
function resolve(root, schema) {
  let s = schema || {};
  while (s.$ref || (s.allOf && s.allOf.length === 1)) {
    const { $ref, allOf, ...site } = s;  // the site's own description and default win
    const target = $ref ? (root.$defs || {})[$ref.split("/").pop()] : allOf[0];
    if (!target) throw new Error(`the schema refers to ${$ref}, which it does not define`);
    s = { ...target, ...site };
  }
  return s;
}

/** The one non-null kind of a property (`X | None` is anyOf [X, null]); null: several kinds. */
function kindOf(root, prop) {
  const s = resolve(root, prop);
  if (!s.anyOf) return s;
  const kinds = s.anyOf.filter((b) => b.type !== "null");
  return kinds.length === 1 ? { ...resolve(root, kinds[0]), description: s.description, default: s.default } : null;
}

/** An object's fields: { el, get(), set(value) }, each child registered under its path. */
function objectNode(ctx, s, path) {
  const required = new Set(s.required || []);
  const children = Object.entries(s.properties).map(([key, prop]) => [key, node(ctx, prop, [...path, key], required.has(key))]);
  const known = new Set(Object.keys(s.properties));
  const get = () => {
    const out = {};
    children.forEach(([key, child]) => { const v = child.get(); if (v !== undefined) out[key] = v; });
    return Object.keys(out).length || !path.length ? out : undefined;
  };
  const set = (value) => {
    const given = value ?? {};
    if (typeof given !== "object" || Array.isArray(given)) throw fieldError(path, "must be an object");
    const unknown = Object.keys(given).filter((k) => !known.has(k));
    if (unknown.length) throw fieldError(path, `the form has no field ${unknown.join(", ")}: edit it here, as JSON`);
    children.forEach(([key, child]) => child.set(given[key]));
  };
  return { el: h("div", { class: "fields" }, children.map(([, child]) => child.box)), get, set };
}

/** An array's items as a list: each item its own control, with Add and Remove. */
function listNode(ctx, s, path, label) {
  const list = h("ol", { class: "items" });
  let items = [];
  const add = (value) => {
    const item = node(ctx, s.items || {}, [...path, items.length], true);
    const li = h("li", {}, item.box, h("button", { type: "button", class: "remove", text: "Remove", "aria-label": `Remove ${label} #${items.length + 1}`,
      onclick: () => { const kept = get() || []; kept.splice([...list.children].indexOf(li), 1); set(kept); } }));
    if (value !== undefined) item.set(value);
    items.push(item); list.append(li);
  };
  const get = () => (items.length ? items.map((i) => i.get()) : undefined);
  const set = (value) => {
    if (value !== undefined && value !== null && !Array.isArray(value)) throw fieldError(path, "must be a list");
    items.forEach((i) => ctx.forget(i.path)); items = []; list.replaceChildren();
    (value || []).forEach(add);
  };
  const el = h("div", { class: "list" }, list, h("button", { type: "button", text: "Add", "aria-label": `Add ${label} item`, onclick: () => add() }));
  return { el, get, set };
}

// The field's help: its description, then what the control does not say itself (a number's
// kind and range, the default the server takes when it is left out).
function hint(s, prop, fallback) {
  const k = s || {};
  const low = k.minimum ?? k.exclusiveMinimum; const high = k.maximum ?? k.exclusiveMaximum;
  const range = low !== undefined && high !== undefined ? ` from ${low} to ${high}` : low !== undefined ? ` from ${low}` : high !== undefined ? ` up to ${high}` : "";
  const kind = k.type === "integer" ? `A whole number${range}.` : k.type === "number" ? `A number${range}.` : "";
  const none = fallback === undefined || fallback === null || (typeof fallback === "object" && !Object.keys(fallback).length);  // [] and {}: nothing to say
  const given = none ? "" : `Default: ${typeof fallback === "string" ? fallback : JSON.stringify(fallback)}.`;
  return [help(k.description || prop.description), kind, given].filter(Boolean).join(" ");
}

/** One property: its labelled box (label, control, help, its error line) and its value. */
function node(ctx, prop, path, required) {
  const s = kindOf(ctx.root, prop);
  const last = path[path.length - 1];
  const key = typeof last === "number" ? `${path[path.length - 2]} #${last + 1}` : String(last ?? "");
  const id = `${ctx.idPrefix}-${path.join("-")}`;
  const label = path.join(".");
  const inner = !s ? jsonControl(path)
    : s.type === "object" && s.properties ? objectNode(ctx, s, path)
      : s.type === "array" && !(s.items && (s.items.enum || s.items[REF_KEY])) ? listNode(ctx, s, path, label)
        : control(path, s, required, ctx.choices);
  // A value left out of the JSON is the schema's default, as the server will take it.
  const fallback = s ? s.default : prop.default;
  const desc = hint(s, prop, fallback);
  const errorId = `${id}-error`;
  const error = errorLine(errorId);
  const grouped = !inner.control;  // an object or list: a fieldset with a legend
  if (!grouped) {
    inner.control.id = id;
    inner.control.name = label;
    inner.control.setAttribute("aria-describedby", `${id}-help`);
    if (required) inner.control.setAttribute("aria-required", "true");
  }
  const marked = required && typeof last !== "number";  // a list's items are there by being listed
  const title = [h("code", { text: key }), marked ? h("span", { class: "required", text: " (required)" }) : null];
  const box = grouped
    ? h("fieldset", { class: "field group", "data-field": label }, h("legend", {}, title), h("small", { id: `${id}-help`, class: "muted", text: desc }), inner.el, error)
    : h("div", { class: `field${s && s.type === "boolean" ? " flag" : ""}`, "data-field": label },
      h("label", { for: id }, h("code", { text: key })), marked ? h("span", { class: "required", text: "required" }) : null,
      inner.el, h("small", { id: `${id}-help`, class: "muted", text: desc }), error);
  const set = (v) => inner.set(v === undefined ? fallback : v);
  const n = { box, path, get: inner.get, set, error, control: inner.control };
  if (path.length) ctx.register(label, n);
  if (fallback !== undefined && path.length) inner.set(fallback);
  return n;
}

/**
 * A form for `schema` (an object schema). Returns { element, value(), set(value),
 * showErrors(errors, prefix) }: value() is the input as JSON (empty fields left out); set()
 * fills the form from JSON (an unknown key is an error); showErrors puts each problem error
 * whose loc starts with `prefix` beside its field and returns the ones no field shows.
 */
export function inputForm(schema, { idPrefix, legend, choices = {} }) {
  const fields = new Map();
  // A list item dropped takes its own fields with it (nested objects and lists included).
  const forget = (path) => { const gone = path.join("."); [...fields.keys()].filter((k) => k === gone || k.startsWith(`${gone}.`)).forEach((k) => fields.delete(k)); };
  const ctx = { root: schema, idPrefix, choices, register: (label, n) => fields.set(label, n), forget };
  const root = resolve(schema, schema);
  if (root.type !== "object") throw new Error(`${legend}: the input is not an object`);
  // No properties (a free-form object): the form is empty and refuses keys; JSON takes them.
  const top = objectNode(ctx, { ...root, properties: root.properties || {} }, []);
  const empty = !Object.keys(root.properties || {}).length;
  const element = h("fieldset", { class: "input-form" }, h("legend", { text: legend }),
    empty ? h("p", { class: "muted", text: "No fields: any JSON object, on the Advanced (JSON) tab." }) : top.el);
  const showErrors = (errors, prefix) => placeErrors(fields, errors, prefix);
  return { element, value: top.get, set: top.set, showErrors };
}
