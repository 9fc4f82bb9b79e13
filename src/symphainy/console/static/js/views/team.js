// Team (admins): the tenant's members with their role and access, invitations to join it, and
// API keys for programs. A code or key is shown once, when made; errors appear beside the
// control that caused them. Everything goes through the public /api/admin routes.
import { api } from "../api.js";
import { fill, fmtTime, h, showInline } from "../dom.js";

const ROLES = ["viewer", "member", "admin"];

function roleSelect(id, value, onchange) {
  return h("select", { id, onchange }, ROLES.map((r) => h("option", { value: r, text: r, selected: r === value })));
}

// Who did something, by name: a member's email, "operator" (the CLI), or an API key.
function nameOf(members, subject) {
  if (!subject) return "";
  const m = members.find((x) => x.user_id === subject);
  return m ? m.email : subject.startsWith("api_key:") ? "an API key" : subject;
}

function memberRow(m, me, refresh) {
  const note = h("div", { class: "row-note", "aria-live": "polite" });
  const change = async (body, control) => {
    showInline(note);
    control.disabled = true;
    try { await api("PATCH", `/api/admin/members/${encodeURIComponent(m.user_id)}`, body); await refresh(); } catch (err) {
      showInline(note, err);
      control.disabled = false;
      if (control.tagName === "SELECT") control.value = m.role;
    }
  };
  const role = roleSelect(`role-${m.user_id}`, m.role, (e) => change({ role: e.target.value }, e.target));
  role.setAttribute("aria-label", `Role of ${m.email}`);
  const disabled = m.status === "disabled";
  const toggle = h("button", { type: "button", text: disabled ? "Enable" : "Disable", "aria-label": `${disabled ? "Enable" : "Disable"} ${m.email}`,
    onclick: (e) => {
      if (!disabled && !window.confirm(`Disable ${m.email}? They are signed out everywhere and cannot sign in until enabled.`)) return;
      change({ status: disabled ? "active" : "disabled" }, e.target);
    } });
  return h("tr", { "data-member": m.email },
    h("td", { text: m.name }), h("td", { text: m.email + (m.user_id === me ? " (you)" : "") }),
    h("td", {}, role), h("td", { class: "status", text: m.status }), h("td", { class: "time", text: fmtTime(new Date(m.created_at * 1000)) }),
    h("td", {}, toggle, note));
}

function shownOnce(box, label, value, hint) {
  const field = h("input", { type: "text", readonly: true, value, "aria-label": label, id: `${box.id}-value` });
  const copy = h("button", { type: "button", text: "Copy", onclick: async () => { await navigator.clipboard.writeText(value); copy.textContent = "Copied"; } });
  fill(box, h("p", { text: hint }), h("div", { class: "shown-once" }, field, copy));
  field.select();
}

function inviteForm(refresh) {
  const out = h("div", { id: "invitation-made", "aria-live": "polite" });
  const role = roleSelect("invite-role", "member");
  return h("form", { id: "invite-form", onsubmit: async (e) => {
    e.preventDefault();
    showInline(out);
    try {
      const made = await api("POST", "/api/admin/invitations", { role: role.value });
      shownOnce(out, "Invitation code", made.invitation_code, `Invitation as ${made.role}, shown once: send it to the person; they paste it when they register.`);
      await refresh();
    } catch (err) { showInline(out, err); }
  } }, h("label", { for: "invite-role", text: "Role" }), role, h("button", { type: "submit", text: "Create invitation" }), out);
}

function keyForm(refresh) {
  const out = h("div", { id: "key-made", "aria-live": "polite" });
  const name = h("input", { id: "key-name", required: true, maxlength: 128, placeholder: "e.g. nightly-import" });
  const role = roleSelect("key-role", "member");
  return h("form", { id: "key-form", onsubmit: async (e) => {
    e.preventDefault();
    showInline(out);
    try {
      const made = await api("POST", "/api/admin/api-keys", { name: name.value, roles: [role.value] });
      shownOnce(out, "API key", made.api_key, `API key "${name.value}" (${made.roles.join(", ")}), shown once: store it where the program reads SYMPHAINY_TOKEN.`);
      name.value = "";
      await refresh();
    } catch (err) { showInline(out, err); }
  } }, h("label", { for: "key-name", text: "Name" }), name, h("label", { for: "key-role", text: "Role" }), role,
  h("button", { type: "submit", text: "Create API key" }), out);
}

function keyRow(k, members, refresh) {
  const note = h("div", { class: "row-note", "aria-live": "polite" });
  const revoke = k.revoked_at ? null : h("button", { type: "button", text: "Revoke", "aria-label": `Revoke API key ${k.name}`, onclick: async (e) => {
    if (!window.confirm(`Revoke the API key "${k.name}"? Programs using it stop working at once.`)) return;
    e.target.disabled = true;
    try { await api("DELETE", `/api/admin/api-keys/${encodeURIComponent(k.key_id)}`); await refresh(); } catch (err) { showInline(note, err); e.target.disabled = false; }
  } });
  return h("tr", { "data-key": k.name },
    h("td", { text: k.name }), h("td", { text: k.roles.join(", ") }), h("td", { text: nameOf(members, k.created_by) }),
    h("td", { class: "time", text: fmtTime(new Date(k.created_at * 1000)) }),
    h("td", { class: "status", text: k.revoked_at ? `revoked ${fmtTime(new Date(k.revoked_at * 1000))}` : "active" }), h("td", {}, revoke, note));
}

function invitationState(i) {
  if (i.used_at) return "used";
  return i.expires_at * 1000 < Date.now() ? "expired" : `open until ${fmtTime(new Date(i.expires_at * 1000))}`;
}

function grid(id, columns, rows, empty) {
  if (!rows.length) return h("p", { class: "muted", text: empty });
  return h("div", { class: "scroll" }, h("table", { id }, h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", text: c })))), h("tbody", {}, rows)));
}

async function refreshAll(boxes, me) {
  const [members, keys, invitations] = await Promise.all([
    api("GET", "/api/admin/members"), api("GET", "/api/admin/api-keys"), api("GET", "/api/admin/invitations")]);
  const refresh = () => refreshAll(boxes, me);
  const people = members.members;
  fill(boxes.members, grid("members", ["Name", "Email", "Role", "Access", "Joined", ""], people.map((m) => memberRow(m, me, refresh)), "No members."));
  fill(boxes.keys, grid("api-keys", ["Name", "Roles", "Created by", "Created", "State", ""], keys.api_keys.map((k) => keyRow(k, people, refresh)), "No API keys yet."));
  fill(boxes.invitations, grid("invitations", ["Role", "Created by", "Created", "State"], invitations.invitations.map((i) => h("tr", {},
    h("td", { text: i.role }), h("td", { text: nameOf(people, i.created_by) }), h("td", { class: "time", text: fmtTime(new Date(i.created_at * 1000)) }),
    h("td", { class: "status", text: invitationState(i) }))), "No invitations yet."));
}

export async function render(root) {
  const me = (await api("GET", "/api/auth/me")).user_id;
  const boxes = { members: h("div", { id: "member-list" }), keys: h("div", { id: "key-list" }), invitations: h("div", { id: "invitation-list" }) };
  const refresh = () => refreshAll(boxes, me);
  const section = (id, title, ...body) => h("section", { "aria-labelledby": id }, h("h3", { id, text: title }), ...body);
  fill(root, h("h2", { text: "Team" }),
    section("team-members", "Members", boxes.members),
    section("team-invite", "Invite someone", inviteForm(refresh), boxes.invitations),
    section("team-keys", "API keys", keyForm(refresh), boxes.keys));
  await refresh();
}
