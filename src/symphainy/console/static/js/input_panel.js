// An intent's or a journey's input as a form (input_form.js) with an "Advanced (JSON)" tab on
// the same value: switching tabs carries the value across, so the two never disagree, and
// whichever tab is open when the person submits is what is sent.
import { h, showInline } from "./dom.js";
import { inputForm } from "./input_form.js";

function tab(id, text, onclick) {
  return h("button", { type: "button", role: "tab", id, class: "tab", text, onclick });
}

/**
 * { element, read(), showErrors(errors, prefix) } for `schema`: read() is the input as JSON
 * (throws, with the field named, when a value is not readable); showErrors shows the server's
 * errors beside their fields (on the form tab) and returns those no field shows.
 */
export function inputPanel(schema, { idPrefix, legend, choices }) {
  const form = inputForm(schema, { idPrefix, legend, choices });
  const json = h("textarea", { rows: 6, class: "json-input", spellcheck: "false", id: `${idPrefix}-json`, "aria-label": `${legend} (JSON)` });
  const note = h("div", { class: "tab-note" });
  const panels = { form: h("div", { role: "tabpanel", id: `${idPrefix}-form-panel`, "aria-labelledby": `${idPrefix}-form-tab` }, form.element),
    json: h("div", { role: "tabpanel", id: `${idPrefix}-json-panel`, "aria-labelledby": `${idPrefix}-json-tab`, hidden: true }, json) };
  let active = "form";
  const show = (name) => {
    active = name;
    Object.entries(panels).forEach(([k, p]) => { p.hidden = k !== name; });
    tabs.forEach((t) => {
      const on = t.id === `${idPrefix}-${name}-tab`;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;  // one stop in the Tab order; the arrows move between tabs
    });
  };
  const parse = () => {
    try { return JSON.parse(json.value.trim() || "{}"); } catch (err) { throw new Error(`${legend}: not JSON (${err.message})`); }
  };
  // The value moves with the switch; a value the other side cannot hold keeps this tab open.
  const switchTo = (name) => {
    if (name === active) return;
    try {
      if (name === "json") json.value = JSON.stringify(form.value(), null, 2); else form.set(parse());
      showInline(note);
      show(name);
    } catch (err) { showInline(note, err); }
  };
  const tabs = [tab(`${idPrefix}-form-tab`, "Form", () => switchTo("form")), tab(`${idPrefix}-json-tab`, "Advanced (JSON)", () => switchTo("json"))];
  tabs.forEach((t, i) => t.setAttribute("aria-controls", Object.values(panels)[i].id));
  show("form");
  const arrows = (e) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    switchTo(active === "form" ? "json" : "form");
    tabs.find((t) => t.getAttribute("aria-selected") === "true").focus();
  };
  const element = h("div", { class: "input-panel" }, h("div", { role: "tablist", "aria-label": `${legend}: form or JSON`, onkeydown: arrows }, tabs),
    note, panels.form, panels.json);
  const read = () => (active === "form" ? form.value() : parse());
  // On the JSON tab no field is in view: every error stays with the problem.
  const showErrors = (errors, prefix) => form.showErrors(active === "form" ? errors : [], prefix).concat(active === "form" ? [] : errors);
  return { element, read, showErrors };
}

/** Show a failed submit where it happened: each error beside its field in the first of
 * `targets` ([form, prefix] pairs: a form with showErrors, where its input sits in the
 * request's error paths) that has it, the problem in `box`. No error: clear them all. */
export function showSubmitError(box, err, ...targets) {
  const errors = err ? (err.problem ? err.problem.errors : err.errors) : [];
  targets.reduce((left, [form, prefix]) => form.showErrors(left, prefix), Array.isArray(errors) ? errors : []);
  showInline(box, err);
}
