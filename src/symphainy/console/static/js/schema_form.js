// A form generated from a JSON Schema object (a parser's published options): one labelled
// control per property, its description as help text and its default preselected. Choices
// (enumerations) stay in view, the rest sit under "More options". values() returns only what
// the person changed, so the server's defaults stay the server's.
import { h } from "./dom.js";
import { errorLine, placeErrors } from "./input_controls.js";

/** The one non-null branch of a property (`X | None` is `anyOf: [X, null]`). */
function branch(key, prop) {
  const kinds = prop.anyOf ? prop.anyOf.filter((b) => b.type !== "null") : [prop];
  if (kinds.length !== 1) throw new Error(`option ${key}: a schema with ${kinds.length} kinds the form cannot offer`);
  return kinds[0];
}

/** A schema description as help text (Markdown code marks dropped). */
export const help = (text) => (text || "").replace(/`/g, "");

function select(b, def) {
  const choices = [...(def === null || def === undefined ? [""] : []), ...b.enum];
  return h("select", {}, choices.map((v) => h("option", { value: v, selected: v === (def ?? ""), text: v === "" ? "(not set)" : v })));
}

/** The control for one property and how to read a changed value from it (undefined: unchanged). */
function control(key, b, def) {
  if (b.enum) {
    const el = select(b, def);
    return { el, read: () => (el.value === (def ?? "") ? undefined : el.value || null) };
  }
  if (b.type === "boolean") {
    const el = h("input", { type: "checkbox", checked: Boolean(def) });
    return { el, read: () => (el.checked === Boolean(def) ? undefined : el.checked) };
  }
  if (b.type === "integer" || b.type === "number") {
    const el = h("input", { type: "number", step: b.type === "integer" ? 1 : "any", min: b.minimum, max: b.maximum, value: def ?? "" });
    return { el, read: () => (el.value === "" || el.valueAsNumber === def ? undefined : el.valueAsNumber) };
  }
  if (b.type === "string") {
    const el = h("input", { type: "text", value: def ?? "", maxlength: b.maxLength });
    return { el, read: () => { const v = el.value.trim(); return v === "" || v === def ? undefined : v; } };
  }
  if (b.type === "array") {  // Cobrix's comma-separated form ("C,P"); the server splits it
    const el = h("input", { type: "text", value: (def || []).join(","), placeholder: "A,B" });
    return { el, read: () => { const v = el.value.trim(); return v === "" || v === (def || []).join(",") ? undefined : v; } };
  }
  if (b.type === "object") {  // Cobrix's "NAME => A,B", one entry a line; the server parses them
    const el = h("textarea", { rows: 2, placeholder: "NAME => A,B" });
    return { el, read: () => { const lines = el.value.split("\n").map((l) => l.trim()).filter(Boolean); return lines.length ? lines : undefined; } };
  }
  throw new Error(`option ${key}: type ${b.type} the form cannot offer`);
}

function field(idPrefix, key, prop) {
  const b = branch(key, prop);
  const { el, read } = control(key, b, prop.default);
  const helpId = `${idPrefix}-${key}-help`;
  el.id = `${idPrefix}-${key}`;
  el.name = key;
  el.setAttribute("aria-describedby", helpId);
  const error = errorLine(`${el.id}-error`);
  const box = h("div", { class: `option${b.type === "boolean" ? " flag" : ""}`, "data-option": key },
    h("label", { for: el.id }, h("code", { text: key })), el, h("small", { id: helpId, class: "muted", text: help(prop.description) }), error);
  return { key, box, read, choice: Boolean(b.enum), error, control: el };
}

/**
 * A fieldset for `schema`'s properties, less `omit` (options given elsewhere in the form).
 * `inView` names the properties shown first (default: the enumerations); the rest sit under
 * "More options". Returns { element, values(), showErrors(errors, prefix) } where values()
 * holds only the options changed from their defaults.
 */
export function schemaForm(schema, { idPrefix, legend, omit = [], inView = null }) {
  if (!schema || !schema.properties) throw new Error(`${legend}: the contract publishes no options schema`);
  // Older spellings (deprecated) and options with one accepted value (readOnly) are taken
  // from API callers but are no choice for a person.
  const offered = ([key, prop]) => !omit.includes(key) && !prop.deprecated && !prop.readOnly;
  const fields = Object.entries(schema.properties).filter(offered).map(([key, prop]) => field(idPrefix, key, prop));
  const first = (f) => (inView ? inView.includes(f.key) : f.choice);
  const rest = fields.filter((f) => !first(f));
  const element = h("fieldset", { class: "schema-form" }, h("legend", { text: legend }),
    h("div", { class: "options" }, fields.filter(first).map((f) => f.box)),
    rest.length ? h("details", {}, h("summary", { text: "More options" }), h("div", { class: "options" }, rest.map((f) => f.box))) : null);
  const values = () => Object.fromEntries(fields.map((f) => [f.key, f.read()]).filter(([, v]) => v !== undefined));
  // The server's errors beside their options (`prefix`: where the options sit in its paths).
  const showErrors = (errors, prefix) => placeErrors(new Map(fields.map((f) => [f.key, f])), errors, prefix);
  return { element, values, showErrors };
}
