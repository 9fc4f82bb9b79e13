// The controls of a generated input form (input_form.js), one per kind of JSON Schema leaf:
// artifact pickers, choices, flags, numbers, text, dates, and raw JSON for what has no better
// control. Each is { el, control, get(), set(value) }; get() is undefined for "not given".
import { h } from "./dom.js";
import { REF_KEY } from "./refs.js";

/** An error about the value at `loc` (a path in the input), shown beside that field. */
export function fieldError(loc, msg) {
  return Object.assign(new Error(loc.length ? `${loc.join(" › ")}: ${msg}` : msg), { errors: [{ loc, msg }] });
}

const leaf = (el, get, set) => ({ el, control: el, get, set });

/** The line beside a field that shows the server's error about it (hidden while none). */
export const errorLine = (id) => h("small", { id, class: "field-error", role: "alert", hidden: true });

/**
 * Put each error ({loc, msg}) whose loc starts with `prefix` beside its field: `fields` maps
 * the rest of the loc ("a.b") to { error, control }. Clears the old ones first; returns the
 * errors no field shows.
 */
export function placeErrors(fields, errors = [], prefix = []) {
  fields.forEach((n) => { n.error.hidden = true; n.error.textContent = ""; mark(n, false); });
  return errors.filter((e) => {
    const loc = Array.isArray(e.loc) ? e.loc.map(String) : [];
    const n = prefix.every((p, i) => loc[i] === p) ? fields.get(loc.slice(prefix.length).join(".")) : null;
    if (!n) return true;
    n.error.hidden = false;
    n.error.textContent = n.error.textContent ? `${n.error.textContent}; ${e.msg}` : e.msg;
    mark(n, true);
    return false;
  });
}

// While an error shows, the control is invalid and described by it (its help stays first).
function mark(n, invalid) {
  if (!n.control) return;
  const ids = (n.control.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== n.error.id);
  n.control.setAttribute("aria-describedby", (invalid ? [...ids, n.error.id] : ids).join(" "));
  if (invalid) n.control.setAttribute("aria-invalid", "true"); else n.control.removeAttribute("aria-invalid");
}

/** A picker of the tenant's artifacts of one kind (grouped when the choices say so). */
function picker(kind, choices, required, multiple) {
  const list = choices[kind] || [];
  const groups = [...new Set(list.map((c) => c.group))];
  const option = (c) => h("option", { value: c.id, text: c.label });
  const empty = multiple ? null : h("option", { value: "", text: list.length ? (required ? `Choose ${kind.replace("_", " ")}…` : "(none)") : `No ${kind.replace("_", " ")} yet` });
  return h("select", { multiple, size: multiple ? Math.min(Math.max(list.length, 2), 6) : undefined, "data-ref": kind }, empty,
    groups.length > 1 || groups[0] ? groups.map((g) => h("optgroup", { label: g }, list.filter((c) => c.group === g).map(option))) : list.map(option));
}

/** Select `value` (an option's value; "" for none); one the list does not offer is an error. */
function choose(el, value, path) {
  if (value !== "" && ![...el.options].some((o) => o.value === value)) throw fieldError(path, "not one of the choices offered here: edit it as JSON");
  el.value = value;
}

function selectOf(s, path) {
  const choices = [...(s.default === undefined || s.default === null ? [["", "(not set)"]] : []), ...s.enum.map((v, i) => [String(i), String(v)])];
  const el = h("select", {}, choices.map(([value, text]) => h("option", { value, text })));
  return leaf(el, () => (el.value === "" ? undefined : s.enum[Number(el.value)]),
    (v) => choose(el, v === undefined || v === null ? "" : String(s.enum.findIndex((e) => e === v)), path));
}

function multiSelect(el, items, path) {
  const get = () => { const v = [...el.selectedOptions].map((o) => (items.enum ? items.enum[Number(o.value)] : o.value)); return v.length ? v : undefined; };
  const set = (v) => {
    const want = new Set((v || []).map((x) => (items.enum ? String(items.enum.indexOf(x)) : x)));
    const offered = new Set([...el.options].map((o) => o.value));
    if ([...want].some((x) => !offered.has(x))) throw fieldError(path, "not one of the choices offered here: edit it as JSON");
    [...el.options].forEach((o) => { o.selected = want.has(o.value); });
  };
  return leaf(el, get, set);
}

// datetime-local shows the browser's local time; the wire wants RFC 3339 with an offset.
const localInput = (iso) => { if (!iso) return ""; const d = new Date(iso); return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 19); };

function textOf(s) {
  if (s.format === "date-time") {
    const el = h("input", { type: "datetime-local", step: 1 });
    return leaf(el, () => (el.value ? new Date(el.value).toISOString() : undefined), (v) => { el.value = localInput(v); });
  }
  const type = { email: "email", uri: "url" }[s.format] || "text";  // the keyboard to offer; the server judges
  const el = s.maxLength && s.maxLength > 1000 ? h("textarea", { rows: 4 }) : h("input", { type, maxlength: s.maxLength });
  return leaf(el, () => (el.value === "" ? undefined : el.value), (v) => { el.value = v ?? ""; });
}

function numberOf(s) {
  const low = s.minimum ?? s.exclusiveMinimum; const high = s.maximum ?? s.exclusiveMaximum;
  const el = h("input", { type: "number", step: s.type === "integer" ? 1 : "any", min: low, max: high });
  return leaf(el, () => (el.value === "" ? undefined : el.valueAsNumber), (v) => { el.value = v ?? ""; });
}

function flagOf(s, required) {
  const el = h("input", { type: "checkbox" });
  return leaf(el, () => (!required && el.checked === Boolean(s.default) ? undefined : el.checked), (v) => { el.checked = Boolean(v); });
}

/** Raw JSON for a value the form has no control for (any type, free-form objects). */
export function jsonControl(path) {
  const el = h("textarea", { rows: 2, class: "json-value", spellcheck: "false", placeholder: "JSON" });
  const get = () => {
    if (el.value.trim() === "") return undefined;
    try { return JSON.parse(el.value); } catch (err) { throw fieldError(path, `not JSON (${err.message})`); }
  };
  return leaf(el, get, (v) => { el.value = v === undefined || v === null ? "" : JSON.stringify(v); });
}

/** The control for a leaf schema `s` at `path`. */
export function control(path, s, required, choices) {
  if (s[REF_KEY]) { const el = picker(s[REF_KEY], choices, required, false); return leaf(el, () => el.value || undefined, (v) => choose(el, v ?? "", path)); }
  if (s.type === "array" && s.items[REF_KEY]) return multiSelect(picker(s.items[REF_KEY], choices, required, true), s.items, path);
  if (s.type === "array") return multiSelect(h("select", { multiple: true }, s.items.enum.map((v, i) => h("option", { value: String(i), text: String(v) }))), s.items, path);
  if (s.enum) return selectOf(s, path);
  if (s.type === "boolean") return flagOf(s, required);
  if (s.type === "integer" || s.type === "number") return numberOf(s);
  if (s.type === "string") return textOf(s);
  return jsonControl(path);
}
