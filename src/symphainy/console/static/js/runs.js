// Executions the console started, followed live over Server-Sent Events.
import { ProblemError, api, isTerminal, status, submit } from "./api.js";
import { readStream } from "./sse.js";

const KEY = "runs";
const runs = new Map();
const listeners = new Set();

/** Call fn(run) whenever a tracked execution changes; returns an unsubscribe function. */
export function onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

function changed(run) {
  sessionStorage.setItem(KEY, JSON.stringify([...runs.keys()].slice(-100)));
  listeners.forEach((fn) => fn(run));
}

export const known = (id) => runs.has(id);

/** The tracked run of execution `id` (undefined when not tracked). */
export const get = (id) => runs.get(id);

/** Tracked executions, newest first. */
export function all() { return [...runs.values()].reverse(); }

/** Submit an intent and follow it; resolves with the final ExecutionView. */
export async function start(intentType, parameters, notBefore, priority) {
  const sub = await submit(intentType, parameters, notBefore, priority);
  return track(sub.execution_id, { intent_type: intentType, parameters });
}

/** The execution's result, or its problem as a ProblemError. */
export async function result(intentType, parameters) {
  const view = await start(intentType, parameters);
  if (view.status !== "completed") throw new ProblemError(view.error || cancelled(view));
  return view.result;
}

function cancelled(view) {
  return { type: "about:blank", title: `Execution ${view.status}`, status: 409, detail: `${view.intent_type} was ${view.status}` };
}

/** Follow an execution live (once); resolves with its final view. */
export function track(id, known = {}) {
  const existing = runs.get(id);
  if (existing) return existing.done;
  const run = { id, intent_type: known.intent_type || "", parameters: known.parameters || {}, status: "accepted", percent: 0, message: "", events: [], view: null, stop: new AbortController() };
  runs.set(id, run);
  // An execution that cannot be followed (not found, not ours) is not kept.
  run.done = follow(run).catch((err) => {
    // Only this run's own entry: after `reattach` the same id may be followed afresh.
    if (runs.get(id) === run) { runs.delete(id); changed(run); }
    throw err;
  });
  changed(run);
  return run.done;
}

/** Forget every tracked execution and close their streams (on log out); return their ids. */
export function reset() {
  const ids = [...runs.keys()];
  runs.forEach((run) => run.stop.abort());
  runs.clear();
  sessionStorage.removeItem(KEY);
  return ids;
}

/** Follow the same executions under a new credential: close every stream, run `switchTo`
 * (e.g. sign in and upgrade the anonymous session, which moves its executions to the
 * account's tenant), then follow them again. A stream or a final read racing the move would
 * meet a credential that no longer owns them, and drop them. */
export async function reattach(switchTo) {
  const ids = reset();
  try {
    await switchTo();
  } finally {
    sessionStorage.setItem(KEY, JSON.stringify(ids));
    restore();
  }
}

/** Re-attach to executions tracked before a reload (or to `ids`, those `reset` dropped). */
export function restore(ids = JSON.parse(sessionStorage.getItem(KEY) || "[]")) {
  ids.forEach((id) => track(id).catch(() => runs.delete(id)));
}

async function follow(run) {
  if (!run.intent_type) await refresh(run);  // watched by id: learn what it is first
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      await stream(run);
      break;
    } catch (err) {
      if (err instanceof ProblemError || run.stop.signal.aborted) throw err;
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));  // dropped: resume after run.seq
    }
  }
  return refresh(run);
}

/** Re-read the execution's view (result, error, status). */
export async function refresh(run) {
  run.view = await status(run.id);
  run.status = run.view.status;
  run.intent_type = run.view.intent_type;
  run.parameters = run.view.parameters;
  if (run.status === "completed") run.percent = 100;
  changed(run);
  return run.view;
}

// Resumes after the last event applied (`run.seq`): a dropped stream's retry neither repeats
// nor skips one.
async function stream(run) {
  await readStream(`/api/execution/${run.id}/stream?after=${run.seq || 0}`, run.stop.signal, ({ event, data }) => {
    if (event === "end") return true;
    run.seq = data.seq;
    apply(run, data);
    return false;
  });
}

function apply(run, event) {
  run.events.push(event);
  const d = event.data || {};
  if (typeof d.percent === "number") run.percent = d.percent;
  if (typeof d.message === "string") run.message = d.message;
  if (typeof d.not_before === "string") run.not_before = d.not_before;
  if (event.kind.startsWith("execution.")) {
    const kind = event.kind.slice("execution.".length);
    run.status = { started: "running", created: "queued", retry_scheduled: "retrying" }[kind] || kind;
  }
  changed(run);
}

/** Ask the server to cancel; resolves with the execution's view after the request. */
export async function cancel(run) {
  run.view = await api("POST", `/api/execution/${run.id}/cancel`);
  changed(run);
  return run.view;
}

/** Ask the server to retry `id` (a journey from `fromStep`, when given) and follow the new
 * execution; resolves at once with its first view (the page of the retry opens on it). */
export async function retryTo(id, fromStep) {
  const view = await api("POST", `/api/execution/${id}/retry`, fromStep ? { from_step: fromStep } : {});
  track(view.execution_id, { intent_type: view.intent_type, parameters: view.parameters }).catch(() => {});
  return view;
}

/** Retry by id: the server re-runs a failed or cancelled execution as a new one linked to it
 * (`retry_of`), on the same intent version; a journey resumes from its failed step. Resolves
 * with the new execution's final view. */
export async function retryById(id) {
  return track((await retryTo(id)).execution_id);
}

/** Retry a tracked run (see retryById). */
export function retry(run) {
  return retryById(run.id);
}

export const terminal = (run) => isTerminal(run.status);
