// Content: upload (drag and drop or picker, with progress and the server's size limit), each
// file with its own outcome beside it; then save and parse each file; parsing opens its preview.
import { api, auth, upload } from "../api.js";
import { fill, fmtBytes, fmtTime, h, parts, showInline, table } from "../dom.js";
import * as runs from "../runs.js";
import { name, parseForm } from "./parse_form.js";

let limit = null;
let parsing = null;  // parse_content's contract: the parser options it publishes

async function sendFile(file, progress) {
  if (file.size > limit) {
    throw new Error(`it is ${file.size} bytes; the largest upload accepted is ${limit} bytes (${fmtBytes(limit)})`);
  }
  const show = (loaded, total) => {
    progress.bar.max = total; progress.bar.value = loaded;
    progress.text.textContent = `${file.name}: ${fmtBytes(loaded)} of ${fmtBytes(total)}`;
  };
  progress.box.hidden = false;
  show(0, file.size);
  const staged = await upload(file, show);
  progress.text.textContent = `${file.name}: uploaded, ingesting…`;
  await runs.result("ingest_file", {
    ui_name: file.name, filename: staged.filename || file.name, mime_type: file.type || null, upload_uri: staged.upload_uri,
  });
  progress.text.textContent = `${file.name}: uploaded (${fmtBytes(file.size)})`;
}

/** Send each file in turn; one refused (empty, too large) gets its own line and the rest go on. */
async function sendAll(files, progress, list) {
  fill(progress.results);
  for (const file of files) {
    const line = h("li", { "data-upload": file.name });
    progress.results.append(line);
    try {
      await sendFile(file, progress);
      line.textContent = `${file.name}: uploaded (${fmtBytes(file.size)}); Save it to parse it.`;
    } catch (err) { showInline(line, err, `${file.name} was not uploaded`); }
  }
  progress.box.hidden = true;  // no empty bar once nothing is uploading
  await refreshFiles(list);
}

function uploader(list) {
  const progress = { bar: h("progress", { id: "upload-progress", max: 1, value: 0 }), text: h("span", { id: "upload-status" }),
    results: h("ul", { id: "upload-results", class: "upload-results", "aria-live": "polite" }) };
  progress.box = h("div", { class: "progress", hidden: true }, progress.bar, progress.text);
  const input = h("input", { type: "file", id: "file-input", multiple: true,
    onchange: (e) => { sendAll([...e.target.files], progress, list); e.target.value = ""; } });
  const zone = h("div", { id: "dropzone", class: "dropzone" },
    h("p", {}, "Drop files here, or ", h("label", { for: "file-input", text: "choose files:" }), " ", input),
    h("p", { id: "upload-limit", class: "muted", text: `Largest upload: ${fmtBytes(limit)}` }));
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault(); zone.classList.remove("over");
    sendAll([...e.dataTransfer.files], progress, list);
  });
  return h("section", { "aria-labelledby": "upload-h" }, h("h3", { id: "upload-h", text: "Upload" }), zone, progress.box, progress.results);
}

/** Run a row's action; its error shows in that row, naming the file. */
async function act(button, list, work, fileName) {
  const problem = button.parentElement.querySelector(".row-problem");
  showInline(problem);
  button.disabled = true;
  try { await work(); } catch (err) { showInline(problem, err, `Saving ${fileName} failed`); button.disabled = false; return; }
  await refreshFiles(list);
}

// An upload waits PENDING until someone confirms it: saving accepts it under its boundary
// contract and makes it READY, the only state a parse takes.
function saveButton(file, list) {
  const contract = file.semantic_descriptor.boundary_contract || {};
  const button = h("button", { type: "button", text: "Save", "aria-label": `Save ${name(file)}`, "data-file": file.artifact_id,
    title: "Accept this upload so it can be parsed",
    onclick: () => act(button, list, () => runs.result("save_materialization", { file_id: file.artifact_id, boundary_contract_id: contract.boundary_contract_id }), name(file)) });
  return button;
}

async function refreshFiles(list) {
  const [page, parsedPage] = await Promise.all([api("POST", "/api/artifact/list", { artifact_type: "file", limit: 200 }),
    api("POST", "/api/artifact/list", { artifact_type: "parsed_content", lifecycle_state: "READY", limit: 500 })]);
  const files = page.artifacts.filter((f) => f.lifecycle_state !== "DELETED");
  const parsed = new Map();  // newest first: keep each file's latest parse
  parsedPage.artifacts.forEach((p) => { if (!parsed.has(p.parent_artifacts[0])) parsed.set(p.parent_artifacts[0], p.artifact_id); });
  const rows = files.map((f) => ({ Name: name(f), Type: f.semantic_descriptor.content_type || "", Size: fmtBytes(f.semantic_descriptor.size),
    State: f.lifecycle_state, Uploaded: fmtTime(f.created_at),
    Actions: parts(f.lifecycle_state === "PENDING" ? saveButton(f, list) : null, f.lifecycle_state === "READY" ? parseForm(f, files, parsing) : null,
      parsed.has(f.artifact_id) ? h("a", { href: `#/preview/${parsed.get(f.artifact_id)}`, text: "Preview", "aria-label": `Preview ${name(f)}` }) : null,
      h("div", { class: "row-problem" })) }));
  fill(list, files.length ? table(["Name", "Type", "Size", "State", "Uploaded", "Actions"], rows, `${files.length} file${files.length === 1 ? "" : "s"}`,
    { id: "files", classes: { State: "state" } }) : h("p", { class: "muted", text: "No files yet." }));
}

export async function render(root) {
  if (auth.me.anonymous) {
    fill(root, h("h2", { text: "Content" }), h("section", { "aria-labelledby": "upload-h" }, h("h3", { id: "upload-h", text: "Upload a file" }),
      h("p", { text: "Uploading needs an account: sign in or register (this session comes with you)." }),
      h("p", {}, h("a", { class: "button", href: "#/signin", text: "Sign in or register to upload" }))));
    return;
  }
  if (limit === null) limit = (await api("GET", "/api/limits")).max_upload_bytes;
  if (parsing === null) parsing = await api("GET", "/api/intents/parse_content");
  const list = h("div", { id: "file-list", "aria-live": "polite" });
  fill(root, h("h2", { text: "Content" }), uploader(list),
    h("section", { "aria-labelledby": "files-h" }, h("h3", { id: "files-h", text: "Files" }),
      h("p", { class: "muted", text: "A new upload is PENDING until you Save it: saving accepts the file and makes it READY to parse." }), list));
  await refreshFiles(list);
}
