// The console shell: who is signed in, the navigation, and the hash router.
import { api, auth, forget } from "./api.js";
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
  try {
    await (await VIEWS[view]()).render(root, arg);
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
  runs.reset();
  try { await api("POST", "/api/auth/logout"); } catch (err) { runs.restore(); showError(err); return; }
  forget();
  await refreshAccount();
  go("#/signin");
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

async function boot() {
  try {
    await refreshAccount();
    if (auth.me) runs.restore();
  } catch (err) {
    forget();
    await refreshAccount();
    showError(err);
  }
  await route();
}

boot();
