// Send a signal to a live execution (POST /api/execution/{id}/signal): a name and a JSON payload.
// The name rule is the server's alone: a bad name comes back as its 422, shown as a problem.
// The handler waiting in ctx.signals.wait(name) receives it; a parked execution resumes.
import { api } from "../api.js";
import { h, showInline } from "../dom.js";

/** A collapsed form that signals `run`; `sent` is called with the stored signal. */
export function signalForm(run, sent) {
  const name = h("input", { name: "name", required: true, placeholder: "name", "aria-label": `Signal name for ${run.id}` });
  const payload = h("textarea", { name: "payload", rows: 2, placeholder: "payload (JSON, optional)", "aria-label": `Signal payload for ${run.id}` });
  const problem = h("div", { class: "form-problem" });
  const form = h("form", { class: "signal-form" }, name, payload, h("button", { type: "submit", text: "Send signal" }), problem);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    showInline(problem);
    try {
      const body = { name: name.value, payload: payload.value.trim() ? JSON.parse(payload.value) : null };
      sent(await api("POST", `/api/execution/${run.id}/signal`, body));
      form.reset();
    } catch (err) { showInline(problem, err); }
  });
  return h("details", { class: "signal" }, h("summary", { text: "Signal" }), form);
}
