// The Experience API client: token and session, JSON calls, problem errors, XHR uploads.

const store = window.sessionStorage;

export const auth = {
  token: store.getItem("token"),
  session: store.getItem("session"),
  refresh: store.getItem("refresh"),
  expires: Number(store.getItem("expires") || 0),
  me: null,
};
const MARGIN_SECONDS = 30;

/** A failed call, carrying its RFC 9457 problem detail. */
export class ProblemError extends Error {
  constructor(problem) {
    super(`${problem.title}: ${problem.detail}`);
    this.problem = problem;
  }
}

export function remember(token, session) {
  auth.token = token;
  store.setItem("token", token);
  if (session !== undefined) {
    auth.session = session;
    if (session) store.setItem("session", session); else store.removeItem("session");
  }
}

/** Keep a login's token pair: the access token, and the refresh token that renews it. */
export function rememberPair(pair, session) {
  remember(pair.access_token, session);
  auth.refresh = pair.refresh_token; auth.expires = pair.access_expires_at;
  store.setItem("refresh", auth.refresh); store.setItem("expires", String(auth.expires));
}

export function forget() {
  auth.token = null; auth.session = null; auth.me = null; auth.refresh = null; auth.expires = 0;
  store.clear();
}

let refreshing = null;

/** Renew the access token shortly before it expires (one renewal at a time: a refresh
 * token is single-use, and presenting a used one revokes the whole login). */
async function fresh() {
  if (!auth.refresh || auth.expires - Date.now() / 1000 > MARGIN_SECONDS) return;
  refreshing = refreshing || (async () => {
    const res = await fetch("/api/auth/refresh", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refresh_token: auth.refresh }) });
    if (!res.ok) throw new ProblemError(await problemOf(res));
    rememberPair(await res.json());
  })().finally(() => { refreshing = null; });
  await refreshing;
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
