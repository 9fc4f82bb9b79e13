// Retention (admins): the tenant's policy (days per kind; empty takes the platform default),
// legal holds (place on an execution or artifact, release), and runs (a dry run's counts, or a
// real run started as a run_retention execution). To run it on a schedule, create a schedule
// of the run_retention intent in Schedules.
import { api } from "../api.js";
import { attempt, fill, fmtTime, h, parts, table } from "../dom.js";

const FIELDS = ["execution_days", "artifact_days", "wal_days"];
const KINDS = ["executions", "artifacts_archived", "artifacts_deleted", "artifacts_removed", "blobs", "wal_entries"];

function policyForm(policy, refresh) {
  const inputs = FIELDS.map((f) => h("input", { type: "number", min: 1, id: `retention-${f}`, name: f, value: policy.custom ? policy[f] : "", placeholder: String(policy[f]) }));
  const labelled = FIELDS.map((f, i) => h("label", { for: `retention-${f}`, text: f }, inputs[i]));
  const problem = h("div", { class: "form-problem" });
  return h("form", { id: "retention-policy", onsubmit: (e) => { e.preventDefault(); attempt(problem, async () => {
    const body = Object.fromEntries(FIELDS.map((f, i) => [f, inputs[i].value === "" ? null : Number(inputs[i].value)]));
    await api("POST", "/api/retention/policy", body);
    await refresh();
  }); } },
  h("fieldset", {}, h("legend", { text: `Policy (days; grace ${policy.grace_days}, ${policy.custom ? "tenant policy" : "platform defaults"})` }), labelled),
  h("button", { type: "submit", text: "Save policy" }), problem);
}

function holdRow(hold, refresh) {
  const problem = h("div", { class: "row-problem" });
  const release = () => attempt(problem, async () => {
    await api("POST", "/api/retention/hold/release", { kind: hold.kind, target_id: hold.target_id });
    await refresh();
  });
  return { target: hold.target_id, Kind: hold.kind, Id: h("code", { text: hold.target_id }), Reason: hold.reason, Placed: fmtTime(new Date(hold.placed_at * 1000).toISOString()),
    Actions: parts(h("button", { type: "button", text: "Release", "aria-label": `Release ${hold.target_id}`, onclick: release }), problem) };
}

function holdForm(refresh) {
  const kind = h("select", { id: "hold-kind", name: "kind" }, ["execution", "artifact"].map((k) => h("option", { value: k, text: k })));
  const target = h("input", { id: "hold-target", name: "target_id", required: true });
  const reason = h("input", { id: "hold-reason", name: "reason", required: true });
  const problem = h("div", { class: "form-problem" });
  return h("form", { id: "hold-form", onsubmit: (e) => { e.preventDefault(); attempt(problem, async () => {
    await api("POST", "/api/retention/hold", { kind: kind.value, target_id: target.value, reason: reason.value });
    await refresh();
  }); } },
  h("label", { for: "hold-kind", text: "Kind" }, kind), h("label", { for: "hold-target", text: "Id" }, target),
  h("label", { for: "hold-reason", text: "Reason" }, reason), h("button", { type: "submit", text: "Place hold" }), problem);
}

function counts(box, view) {
  fill(box, table(["Kind", "Would remove"], KINDS.map((k) => ({ Kind: k, "Would remove": view.counts[k] })), "Would remove (dry run)",
    { id: "retention-counts", rowHeader: "Kind" }));
}

function runButtons(box) {
  const problem = h("div", { class: "form-problem" });
  const dry = () => attempt(problem, async () => counts(box, await api("POST", "/api/retention/run", { dry_run: true })));
  const real = () => attempt(problem, async () => {
    const view = await api("POST", "/api/retention/run", { dry_run: false });
    fill(box, h("p", {}, "Started ", h("a", { href: `#/executions/${view.execution_id}`, text: view.execution_id })));
  });
  return h("div", { class: "actions" }, h("button", { type: "button", text: "Dry run", onclick: dry }),
    h("button", { type: "button", text: "Run retention now", onclick: real }), problem);
}

export async function render(root) {
  const policyBox = h("div", { id: "retention-policy-box" });
  const holdsBox = h("div", { id: "retention-holds" });
  const runBox = h("div", { id: "retention-run" });
  const refresh = async () => {
    const [policy, holds] = await Promise.all([api("GET", "/api/retention/policy"), api("GET", "/api/retention/holds")]);
    fill(policyBox, policyForm(policy, refresh));
    fill(holdsBox, holds.holds.length
      ? table(["Kind", "Id", "Reason", "Placed", "Actions"], holds.holds.map((x) => holdRow(x, refresh)), `${holds.holds.length} legal hold${holds.holds.length === 1 ? "" : "s"}`,
        { id: "holds", row: (r) => ({ "data-hold": r.target }) })
      : h("p", { class: "muted", text: "No legal holds." }));
  };
  fill(root, h("h2", { text: "Retention" }), policyBox, h("h3", { text: "Legal holds" }), holdForm(refresh), holdsBox,
    h("h3", { text: "Runs" }), runButtons(runBox), runBox);
  await refresh();
}
