// The Experience API client: token and session, JSON calls, problem errors, XHR uploads.
import * as renewals from "./renewals.js";

// The credentials are one record, shared by every tab of this browser (localStorage) when the
// Web Locks API can make the tabs renew one at a time; where it cannot (a page that is not a
// secure context: plain HTTP to a host other than localhost), each tab keeps its own.
const KEY = "symphainy.auth";
const LOCK = "symphainy-refresh";
const shared = Boolean(navigator.locks);
const store = shared ? window.localStorage : window.sessionStorage;
if (!shared) console.warn("No Web Locks (not a secure context): each tab signs in on its own.");

const SIGNED_OUT = { token: null, session: null, refresh: null, expires: 0 };
const stored = () => ({ ...SIGNED_OUT, ...JSON.parse(store.getItem(KEY) || "{}") });

export const auth = { ...stored(), me: null };
const MARGIN_SECONDS = 30;

function keep(fields) {
  Object.assign(auth, fields);
  const { token, session, refresh, expires } = auth;
  store.setItem(KEY, JSON.stringify({ token, session, refresh, expires }));
}

/** A failed call, carrying its RFC 9457 problem detail. */
export class ProblemError extends Error {
  constructor(problem) {
    super(`${problem.title}: ${problem.detail}`);
    this.problem = problem;
  }
}

export function remember(token, session) {
  keep(session === undefined ? { token } : { token, session: session || null });
}

/** Keep a login's token pair: the access token, and the refresh token that renews it. */
export function rememberPair(pair, session) {
  const fields = { token: pair.access_token, refresh: pair.refresh_token, expires: pair.access_expires_at };
  keep(session === undefined ? fields : { ...fields, session: session || null });
}

/** Sign this tab out, and with it every tab sharing the credentials. */
export async function forget() {
  Object.assign(auth, SIGNED_OUT, { me: null });
  store.removeItem(KEY);
  await renewals.clear();
}

/** Call `fn()` after another tab has signed in, renewed or signed out (`auth` is already up to
 * date then); calls run one after another. */
export function onOtherTab(fn) {
  let queue = Promise.resolve();
  window.addEventListener("storage", (event) => {
    if (event.storageArea !== store || (event.key !== KEY && event.key !== null)) return;
    Object.assign(auth, stored());
    queue = queue.then(fn);
  });
}

let refreshing = null;
const due = () => Boolean(auth.refresh) && auth.expires - Date.now() / 1000 <= MARGIN_SECONDS;

/** Renew the access token shortly before it expires. A refresh token is single-use, and
 * presenting a used one revokes the whole login: so one renewal at a time in this tab
 * (`refreshing`) and across tabs (the lock). */
async function fresh() {
  if (!due()) return;
  refreshing = refreshing || exclusively(renew).finally(() => { refreshing = null; });
  await refreshing;
}

const exclusively = (fn) => (shared ? navigator.locks.request(LOCK, fn) : fn());

/** Holding the lock: take the renewal another tab already made of our refresh token, if the
 * ledger has one; else renew, and record it in the ledger before the lock is released. */
async function renew() {
  if (!due()) return;  // another tab's renewal (or sign-out) may have reached us meanwhile
  const renewed = await renewals.latest(auth.refresh);
  if (renewed) { rememberPair(renewed); return; }
  const spent = auth.refresh;
  const res = await fetch("/api/auth/refresh", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refresh_token: spent }) });
  if (!res.ok) throw new ProblemError(await problemOf(res));
  const pair = await res.json();
  if (auth.refresh !== spent) return;  // another tab signed out meanwhile: the login is revoked
  rememberPair(pair);
  await renewals.record(spent, pair);
}

function headers(json) {
  const out = {};
  if (auth.token) out.Authorization = `Bearer ${auth.token}`;
  if (json) out["Content-Type"] = "application/json";
  return out;
}

async function problemOf(res) {
  const fallback = { type: "about:blank", title: res.statusText || "Request failed", status: res.status, detail: "" };
  try { return { ...fallback, ...(await res.json()) }; } catch { return fallback; }
}

/** Call the API; JSON in and out; throws ProblemError. */
export async function api(method, path, body) {
  await fresh();
  const res = await fetch(path, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new ProblemError(await problemOf(res));
  return res.status === 204 ? null : res.json();
}

/** The raw response (for downloads and streams); throws ProblemError. */
export async function raw(path, init = {}) {
  await fresh();
  const res = await fetch(path, { ...init, headers: { ...headers(false), ...(init.headers || {}) } });
  if (!res.ok) throw new ProblemError(await problemOf(res));
  return res;
}

/** Upload one file with XHR so the browser reports upload progress: onProgress(loaded, total). */
export async function upload(file, onProgress) {
  await fresh();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/uploads");
    xhr.setRequestHeader("Authorization", `Bearer ${auth.token}`);
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); });
    xhr.addEventListener("load", () => {
      if (xhr.status === 201) { onProgress(file.size, file.size); resolve(xhr.response); return; }
      const body = xhr.response || {};
      reject(new ProblemError({ type: "about:blank", title: xhr.statusText || "Upload failed", status: xhr.status, detail: "", ...body }));
    });
    xhr.addEventListener("error", () => reject(new Error("upload failed: network error")));
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}

/** Submit an intent in the current session (to start no earlier than `notBefore`, when given;
 * at `priority`, -100..100, when given; carrying `searchAttributes`, when given). */
export function submit(intentType, parameters, notBefore, priority, searchAttributes) {
  return api("POST", "/api/intent/submit", { intent_type: intentType, parameters, session_id: auth.session, not_before: notBefore, priority, search_attributes: searchAttributes });
}

/** The search attribute marking the console's own quiet reads (and the Control Tower's), so
 * the executions list leaves them out unless asked (`exclude_attributes`). */
export const INTERNAL = { "console.internal": true };

/** An execution's view, waiting (long-poll) up to `wait` seconds for it to finish. */
export function status(executionId, wait) {
  const query = wait ? `?wait=${wait}` : "";
  return api("GET", `/api/execution/${executionId}/status` + query);
}

// A copy of symphainy.contracts.TERMINAL (the console is static JS: it cannot import it).
const TERMINAL = new Set(["completed", "failed", "cancelled"]);
export const isTerminal = (s) => TERMINAL.has(s);

/** Run an intent quietly (no live view, marked INTERNAL): submit, long-poll, its result or
 * its ProblemError. */
export async function call(intentType, parameters) {
  const sub = await submit(intentType, parameters, undefined, undefined, INTERNAL);
  let view = await status(sub.execution_id, 30);
  while (!isTerminal(view.status)) view = await status(sub.execution_id, 30);
  if (view.status !== "completed") throw new ProblemError(view.error || { type: "about:blank", title: `${intentType} ${view.status}`, status: 409, detail: "" });
  return view.result;
}
