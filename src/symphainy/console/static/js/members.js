// Who did something, by name: the tenant's members (the Team screen's list, GET
// /api/admin/members, which only an admin may read) are read once per sign-in (its `auth.me`)
// and kept for every page that names a submitter, a requester or a creator. Someone the
// caller cannot look up reads "another member", never a raw id.
import { api, auth } from "./api.js";

let kept = { reader: null, list: null };  // list: a promise of the members, read for sign-in `reader`

const mayList = () => Boolean(auth.me && auth.me.roles.includes("admin"));

/** Read the members afresh (the Team screen, after a change) and keep them. */
export function readMembers() {
  const list = api("GET", "/api/admin/members").then((page) => page.members);
  kept = { reader: auth.me, list };
  list.catch(() => { if (kept.list === list) kept = { reader: null, list: null }; });  // the next call reads again
  return list;
}

async function members() {
  if (!mayList()) return [];
  return kept.reader === auth.me && kept.list ? kept.list : readMembers();
}

/** Name a subject from a list of members: "you (their email)", a member's email, "an API key", "the operator"
 * (the admin CLI), "an anonymous session", or "another member" (not among those listed). */
export function nameIn(list, subject) {
  if (!subject) return "";
  if (auth.me && auth.me.user_id === subject) return `you (${auth.me.email})`;
  const m = list.find((x) => x.user_id === subject);
  if (m) return m.email;
  if (subject.startsWith("api_key:")) return "an API key";
  if (subject.startsWith("anonymous:")) return "an anonymous session";
  return subject === "operator" ? "the operator" : "another member";
}

/** A function naming subjects (see nameIn), with the members read once. */
export async function namer() {
  const list = await members();
  return (subject) => nameIn(list, subject);
}
