// Approval requests (pending `approval` intents) as readable cards: what is asked, for which
// journey and analysis, Approve (primary) and Reject (danger), errors beside the buttons.
import { api } from "../api.js";
import { fmtTime, h, showInline } from "../dom.js";

const words = (key) => key.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

/** A detail value in words: ids link to their artifact, counts read "5 automate, 1 assist". */
function value(key, v) {
  if (typeof v === "string" && key.endsWith("_id")) return h("a", { href: `#/artifacts/${v}`, text: v });
  if (v && typeof v === "object" && !Array.isArray(v)) return Object.entries(v).map(([k, n]) => `${n} ${k}`).join(", ");
  if (Array.isArray(v)) return v.join(", ");
  return v === null || v === undefined ? "—" : String(v);
}

/** The card's title: the request's own, plus what it names (the workflow), so two requests
 * of one journey read apart. */
export function titleOf(intent) {
  const c = intent.context || {};
  const what = c.details && (c.details.workflow || c.details.name);
  return `${c.title || "Approval"}${what ? ` — ${what}` : ""}`;
}


function links(c) {
  const journey = c.parent_execution_id;
  return h("p", { class: "approval-links" },
    journey ? h("a", { href: `#/executions/${journey}`, text: "the journey waiting on it" }) : null, journey ? " · " : null,
    h("a", { href: `#/executions/${c.execution_id}`, text: "this request's execution" }));
}

/** One request as a card, `who` naming its requester (members.namer); `decided()` runs after
 * a decision (to re-read the list). */
export function approvalCard(intent, decided, who) {
  const c = intent.context || {};
  const title = titleOf(intent);
  const comment = h("input", { type: "text", name: "comment", "aria-label": `Comment on ${title}` });
  const problem = h("div", { class: "approval-problem" });
  const decide = async (decision, button) => {
    showInline(problem);
    button.disabled = true;
    try {
      await api("POST", `/api/intent/pending/${intent.intent_id}/decide`, { decision, comment: comment.value || null });
      await decided();
    } catch (err) { showInline(problem, err); button.disabled = false; }
  };
  const button = (decision, text, cls) => {
    const b = h("button", { type: "button", class: `${decision} ${cls}`, text, "aria-label": `${text} ${title}`, onclick: () => decide(decision, b) });
    return b;
  };
  const details = Object.entries(c.details || {});
  return h("li", { class: "approval card", "data-approval": intent.intent_id },
    h("h4", { text: title }),
    h("p", { class: "muted", text: `Requested ${fmtTime(intent.created_at)}${c.requested_by ? ` by ${who(c.requested_by)}` : ""}` }),
    details.length ? h("dl", { class: "facts" }, details.map(([k, v]) => [h("dt", { text: words(k) }), h("dd", {}, value(k, v))])) : null,
    links(c),
    h("div", { class: "actions" }, h("label", {}, "Comment", comment), button("approve", "Approve", "primary"), button("reject", "Reject", "danger")),
    problem);
}
