// The console shell: who is signed in, the navigation, and the hash router.
import { api, auth, forget, onOtherTab } from "./api.js";
import { $, fill, h, showError } from "./dom.js";
import * as runs from "./runs.js";

const VIEWS = {
  signin: () => import("./views/auth.js"),
  content: () => import("./views/content.js"),
  preview: () => import("./views/preview.js"),
  executions: () => import("./views/executions.js"),
  artifacts: () => import("./views/artifacts.js"),
  catalogue: () => import("./views/catalogue.js"),
  insights: () => import("./views/insights.js"),
  journeys: () => import("./views/journeys.js"),
  schedules: () => import("./views/schedules.js"),
  team: () => import("./views/team.js"),
  tower: () => import("./views/tower.js"),
  retention: () => import("./views/retention.js"),
  execution: () => import("./views/execution.js"),
  quotas: () => import("./views/quotas.js"),
};
const WANTED = "wanted";
// Aborted when the view is left: a view closes its live streams on it (`render`'s third argument).
let leaving = new AbortController();

/** Load who the token belongs to and show the signed-in shell. */
export async function refreshAccount() {
  auth.me = auth.token ? await api("GET", "/api/auth/me") : null;
  const me = auth.me;
  $("#nav").hidden = !me;
  $("#logout").hidden = !me;
  $("#signin").hidden = !(me && me.anonymous);
  document.querySelectorAll("[data-admin]").forEach((el) => { el.hidden = !(me && me.roles.includes("admin")); });
  $("#who").textContent = !me ? "signed out" : me.anonymous ? "anonymous session" : me.email;
}

function current() {
  const [name, ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  return { name: name || "content", arg: rest.map(decodeURIComponent).join("/") || null };
}

async function route() {
  showError();
  const root = $("#view");
  let { name, arg } = current();
  // Signed out: sign in first, then land where the link pointed (see `landing`).
  if (!auth.me && name !== "signin" && location.hash) sessionStorage.setItem(WANTED, location.hash);
  if (!auth.me) name = "signin";
  if (!VIEWS[name]) name = "content";
  const view = name === "executions" && arg ? "execution" : name;  // one execution's page
  document.querySelectorAll("#nav a").forEach((a) => {
    if (a.getAttribute("href") === `#/${name}`) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  });
  fill(root, h("p", { class: "muted", text: "Loading…" }));
  leaving.abort();
  leaving = new AbortController();
  try {
    await (await VIEWS[view]()).render(root, arg, leaving.signal);
  } catch (err) {
    fill(root);
    showError(err);
  }
  const heading = root.querySelector("h2");
  if (heading) { heading.tabIndex = -1; heading.focus(); }
}

/** Where to go once signed in: the address a signed-out visit asked for, else `fallback`. */
export function landing(fallback) {
  const wanted = sessionStorage.getItem(WANTED);
  sessionStorage.removeItem(WANTED);
  return wanted || fallback;
}

/** Go to a view (re-rendering when already there). */
export function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

async function logout() {
  // The streams close first: one still open when the token is revoked would be refused (401).
  const followed = runs.reset();
  try { await api("POST", "/api/auth/logout"); } catch (err) { runs.restore(followed); showError(err); return; }
  await forget();
  await refreshAccount();
  go("#/signin");
}

// Another tab signed in, renewed the token or signed out (see `onOtherTab`): show the same.
const identity = (me) => me && (me.anonymous ? `session ${me.session_id}` : `user ${me.user_id}`);

async function followOtherTab() {
  const before = identity(auth.me);
  try {
    if (!auth.token) runs.reset();
    await refreshAccount();
  } catch (err) {
    showError(err);
    return;
  }
  const after = identity(auth.me);
  if (!after) go("#/signin");
  else if (after !== before) go(landing("#/content"));
}

// The phone's menu button opens and closes the nav; choosing a view (or Escape) closes it.
function menu(open) {
  $("#nav").classList.toggle("open", open);
  $("#menu").setAttribute("aria-expanded", String(open));
}

window.addEventListener("hashchange", () => { menu(false); route(); });
$("#menu").addEventListener("click", () => menu(!$("#nav").classList.contains("open")));
document.addEventListener("keydown", (e) => { if (e.key === "Escape" && $("#nav").classList.contains("open")) { menu(false); $("#menu").focus(); } });
$("#logout").addEventListener("click", logout);
$("#signin").addEventListener("click", () => go("#/signin"));
onOtherTab(followOtherTab);

async function boot() {
  try {
    await refreshAccount();
    if (auth.me) runs.restore();
  } catch (err) {
    await forget();
    await refreshAccount();
    showError(err);
  }
  await route();
}

boot();
