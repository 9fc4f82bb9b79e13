// Artifact-reference fields: a schema property marked `x-symphainy-ref` (symphainy.contracts
// FileId, ParsedFileId, CopybookFileId, ArtifactId) names a file, a parsed file, a copybook or
// any artifact. The console offers the tenant's artifacts of that kind by name, type and date
// instead of a box for an id.
import { api } from "./api.js";
import { fmtTime } from "./dom.js";

export const REF_KEY = "x-symphainy-ref";

/** A file's name as the console shows it. */
export const fileName = (file) => file.semantic_descriptor.ui_name || file.semantic_descriptor.filename || file.artifact_id;

const LIKELY_COPYBOOK = /\.(cpy|cob|cbl|txt)$/i;

/** Files split for a copybook picker: the likely copybooks (by extension) first. */
export function copybookGroups(files) {
  return [["Likely copybooks", files.filter((f) => LIKELY_COPYBOOK.test(fileName(f)))],
    ["Other files", files.filter((f) => !LIKELY_COPYBOOK.test(fileName(f)))]];
}

/** The reference kinds a schema (with its $defs) asks for. */
export function refKinds(schema) {
  const kinds = new Set();
  JSON.stringify(schema || {}, (key, value) => { if (key === REF_KEY) kinds.add(value); return value; });
  return kinds;
}

const choice = (id, label, group) => ({ id, label, group });

function fileChoice(f) {
  const d = f.semantic_descriptor;
  return choice(f.artifact_id, `${fileName(f)} · ${d.content_type || "file"} · ${f.lifecycle_state} · ${fmtTime(f.created_at)}`);
}

function parsedChoice(p, files) {
  const d = p.semantic_descriptor;
  const source = files.get(p.parent_artifacts[0]);
  return choice(p.artifact_id, `${source ? fileName(source) : p.artifact_id} · ${d.content_kind} (${d.parser}) · ${fmtTime(p.created_at)}`);
}

/** Any artifact: a file by its name, a parsed file by its source's, others by their type. */
function artifactChoice(a, files) {
  if (a.artifact_type === "file") return { ...fileChoice(a), group: "Files" };
  if (a.artifact_type === "parsed_content") return { ...parsedChoice(a, files), group: "Parsed files" };
  const name = a.semantic_descriptor.ui_name || a.semantic_descriptor.title || a.artifact_type.replace(/_/g, " ");
  return choice(a.artifact_id, `${name} · ${a.artifact_type} · ${fmtTime(a.created_at)}`, "Other artifacts");
}

const list = (body) => api("POST", "/api/artifact/list", body).then((page) => page.artifacts);

/**
 * The choices for every reference kind the schemas use: { file, parsed_content, copybook, artifact },
 * each a list of { id, label, group }, newest first. Only the lists needed are read.
 */
export async function loadChoices(...schemas) {
  const kinds = new Set(schemas.flatMap((s) => [...refKinds(s)]));
  if (!kinds.size) return {};
  const [files, parsed, every] = await Promise.all([
    list({ artifact_type: "file", limit: 500 }),
    kinds.has("parsed_content") ? list({ artifact_type: "parsed_content", lifecycle_state: "READY", limit: 500 }) : [],
    kinds.has("artifact") ? list({ limit: 500 }) : [],
  ]);
  const byId = new Map(files.map((f) => [f.artifact_id, f]));
  const live = files.filter((f) => f.lifecycle_state !== "DELETED");
  return {
    file: live.map(fileChoice),
    parsed_content: parsed.map((p) => parsedChoice(p, byId)),
    copybook: copybookGroups(live).flatMap(([group, fs]) => fs.map((f) => ({ ...fileChoice(f), group }))),
    artifact: every.filter((a) => a.lifecycle_state !== "DELETED").map((a) => artifactChoice(a, byId)),
  };
}
