// The Symphainy console: talks only to the Experience service's public API.
"use strict";
const state = { token: sessionStorage.getItem("token"), session: sessionStorage.getItem("session") };
const $ = (sel) => document.querySelector(sel);

async function api(method, path, body, isForm) {
  const headers = {};
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  if (body !== undefined && !isForm) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: isForm ? body : JSON.stringify(body) });
  if (!res.ok) {
    const problem = await res.json().catch(() => ({ title: res.statusText, detail: "" }));
    throw new Error(`${problem.title}: ${problem.detail}`);
  }
  return res.status === 204 ? null : res.json();
}

function show(err) { $("#error").textContent = err ? String(err.message || err) : ""; }

function remember(token, session) {
  state.token = token; sessionStorage.setItem("token", token);
  if (session) { state.session = session; sessionStorage.setItem("session", session); }
}

async function signedIn() {
  const me = await api("GET", "/api/auth/me");
  $("#who").textContent = me.anonymous ? "anonymous session" : me.email;
  $("#logout").hidden = false; $("#auth").hidden = !!(!me.anonymous); $("#work").hidden = false;
  if (!state.session) remember(state.token, (await api("POST", "/api/session/create", {})).session_id);
  await Promise.all([refreshArtifacts(), loadCatalogue()]);
}

async function follow(executionId) {
  // EventSource cannot send Authorization, so read the SSE stream with fetch.
  const res = await fetch(`/api/execution/${executionId}/stream`,
                          { headers: { Authorization: `Bearer ${state.token}` } });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const frames = buffer.split("\n\n"); buffer = frames.pop();
    for (const frame of frames) {
      const data = frame.split("\n").find((l) => l.startsWith("data: "));
      if (!data || frame.includes("event: end")) continue;
      const event = JSON.parse(data.slice(6));
      const line = document.createElement("div");
      line.textContent = `${event.seq} ${event.kind} ${JSON.stringify(event.data)}`;
      $("#events").append(line);
    }
  }
  const view = await api("GET", `/api/execution/${executionId}/status`);
  if (view.status !== "completed") throw new Error(`${view.intent_type} ${view.status}: ${view.error && view.error.detail}`);
  return view.result;
}

async function run(intentType, parameters) {
  const sub = await api("POST", "/api/intent/submit", { intent_type: intentType, parameters, session_id: state.session });
  return follow(sub.execution_id);
}

function renderTable(columns, rows) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  columns.forEach((c) => { const th = document.createElement("th"); th.textContent = c; head.append(th); });
  const body = table.createTBody();
  rows.forEach((r) => { const tr = body.insertRow(); columns.forEach((c) => { tr.insertCell().textContent = r[c] ?? ""; }); });
  return table;
}

async function uploadAndParse(file) {
  const form = new FormData(); form.append("file", file);
  $("#upload-progress").hidden = false; $("#upload-progress").value = 10;
  const staged = await api("POST", "/api/uploads", form, true);
  $("#upload-progress").value = 40;
  const ingested = await run("ingest_file", { ui_name: file.name, filename: staged.filename || file.name, upload_uri: staged.upload_uri });
  await run("save_materialization", { file_id: ingested.artifact_id, boundary_contract_id: ingested.boundary_contract_id });
  $("#upload-progress").value = 70;
  const parsed = await run("parse_content", { file_id: ingested.artifact_id });
  const page = await run("get_parsed_file", { parsed_file_id: parsed.parsed_file_id, limit: 100 });
  $("#upload-progress").value = 100;
  const preview = $("#preview"); preview.replaceChildren();
  if (page.columns.length) preview.append(renderTable(page.columns, page.rows));
  else { const pre = document.createElement("pre"); pre.textContent = JSON.stringify(page.document, null, 2).slice(0, 20000); preview.append(pre); }
  await refreshArtifacts();
}

async function refreshArtifacts() {
  const page = await api("POST", "/api/artifact/list", { limit: 50 });
  const body = $("#artifacts tbody"); body.replaceChildren();
  page.artifacts.forEach((a) => {
    const tr = body.insertRow();
    [a.artifact_type, a.lifecycle_state, a.artifact_id, a.created_at].forEach((v) => { tr.insertCell().textContent = v; });
  });
}

async function loadCatalogue() {
  const list = $("#catalogue"); list.replaceChildren();
  (await api("GET", "/api/intents")).forEach((c) => {
    const li = document.createElement("li"); li.textContent = `${c.intent_type} (${c.realm}): ${c.description}`; list.append(li);
  });
}

$("#login-form").addEventListener("submit", async (e) => {
  e.preventDefault(); show();
  const f = new FormData(e.target); const action = e.submitter.dataset.action;
  try {
    const anonToken = state.token;
    const body = { email: f.get("email"), password: f.get("password") };
    if (action === "register") body.name = f.get("name") || f.get("email");
    const res = await api("POST", action === "register" ? "/api/auth/register" : "/api/auth/login", body);
    const anonSession = state.session;
    remember(res.access_token);
    if (anonToken && anonSession) {  // upgrade the anonymous session in place
      await api("PATCH", `/api/session/${anonSession}/upgrade`, { anonymous_token: anonToken, metadata: {} });
    } else { state.session = null; sessionStorage.removeItem("session"); }
    await signedIn();
  } catch (err) { show(err); }
});
$("#anon").addEventListener("click", async () => {
  show();
  try { const res = await api("POST", "/api/session/create-anonymous", {}); remember(res.access_token, res.session.session_id); await signedIn(); }
  catch (err) { show(err); }
});
$("#logout").addEventListener("click", async () => {
  try { await api("POST", "/api/auth/logout"); } catch (err) { show(err); }
  sessionStorage.clear(); location.reload();
});
$("#upload-form").addEventListener("submit", async (e) => {
  e.preventDefault(); show();
  try { await uploadAndParse(new FormData(e.target).get("file")); } catch (err) { show(err); }
});
$("#refresh").addEventListener("click", () => refreshArtifacts().catch(show));
if (state.token) signedIn().catch((err) => { sessionStorage.clear(); state.token = null; show(err); });
