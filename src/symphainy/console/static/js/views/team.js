// Team (admins): the tenant's members with their role and access, invitations to join it, and
// API keys for programs. A code or key is shown once, when made; errors appear beside the
// control that caused them. Everything goes through the public /api/admin routes.
import { api } from "../api.js";
import { fill, fmtTime, h, parts, showInline, table } from "../dom.js";
import { nameIn, readMembers } from "../members.js";

const ROLES = ["viewer", "member", "admin"];

function roleSelect(id, value, onchange) {
  return h("select", { id, onchange }, ROLES.map((r) => h("option", { value: r, text: r, selected: r === value })));
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
  return { email: m.email, Name: m.name, Email: m.email + (m.user_id === me ? " (you)" : ""), Role: role, Access: m.status,
    Joined: fmtTime(new Date(m.created_at * 1000)), Actions: parts(toggle, note) };
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
  return { Name: k.name, Roles: k.roles.join(", "), "Created by": nameIn(members, k.created_by), Created: fmtTime(new Date(k.created_at * 1000)),
    State: k.revoked_at ? `revoked ${fmtTime(new Date(k.revoked_at * 1000))}` : "active", Actions: parts(revoke, note) };
}

function invitationState(i) {
  if (i.used_at) return "used";
  return i.expires_at * 1000 < Date.now() ? "expired" : `open until ${fmtTime(new Date(i.expires_at * 1000))}`;
}

// A list of the team's as a shared table (dom.table), or a line saying there is none yet.
function grid(id, caption, columns, rows, empty, row) {
  if (!rows.length) return h("p", { class: "muted", text: empty });
  return table(columns, rows, caption, { id, row, classes: { Access: "status", State: "status" } });
}

const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

async function refreshAll(boxes, me) {
  const [people, keys, invitations] = await Promise.all([readMembers(), api("GET", "/api/admin/api-keys"), api("GET", "/api/admin/invitations")]);
  const refresh = () => refreshAll(boxes, me);
  fill(boxes.members, grid("members", count(people.length, "member", "members"), ["Name", "Email", "Role", "Access", "Joined", "Actions"],
    people.map((m) => memberRow(m, me, refresh)), "No members.", (r) => ({ "data-member": r.email })));
  fill(boxes.keys, grid("api-keys", count(keys.api_keys.length, "API key", "API keys"), ["Name", "Roles", "Created by", "Created", "State", "Actions"],
    keys.api_keys.map((k) => keyRow(k, people, refresh)), "No API keys yet.", (r) => ({ "data-key": r.Name })));
  fill(boxes.invitations, grid("invitations", count(invitations.invitations.length, "invitation", "invitations"), ["Role", "Created by", "Created", "State"],
    invitations.invitations.map((i) => ({ Role: i.role, "Created by": nameIn(people, i.created_by), Created: fmtTime(new Date(i.created_at * 1000)), State: invitationState(i) })),
    "No invitations yet."));
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
