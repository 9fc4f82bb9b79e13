// The per-file Parse form: the parsing type and, for mainframe records, the copybook (picked
// from the uploaded files) and the mainframe parser's options, generated from the schema
// parse_content's contract publishes.
import { fill, h, showInline } from "../dom.js";
import { go } from "../main.js";
import { copybookGroups, fileName } from "../refs.js";
import * as runs from "../runs.js";
import { schemaForm } from "../schema_form.js";

/** A file's name as the console shows it. */
export const name = fileName;

/** The copybook picker: every other file, the likely copybooks (by extension) first. */
function copybookPicker(file, files) {
  const others = files.filter((f) => f.artifact_id !== file.artifact_id);
  const group = ([label, list]) => (list.length ? h("optgroup", { label }, list.map((b) => h("option", { value: b.artifact_id, text: name(b) }))) : null);
  return h("select", { name: "copybook_file_id", "aria-label": `Copybook for ${name(file)}` }, copybookGroups(others).map(group));
}

/** The mainframe parser's options, as parse_content's contract publishes them; the options
 * parse_content also takes itself (the copybook) come from its own controls. */
function mainframeOptions(file, contract) {
  const schema = contract.parameters_schema;
  return schemaForm((schema.$defs || {}).MainframeOptions, { idPrefix: `opt-${file.artifact_id}`,
    legend: `Mainframe options for ${name(file)}`, omit: Object.keys(schema.properties) });
}

export function parseForm(file, files, contract) {
  const kind = h("select", { name: "parsing_type", "aria-label": `Parse ${name(file)} as` },
    h("option", { value: "", text: "detected type" }), h("option", { value: "mainframe", text: "mainframe records" }));
  const book = copybookPicker(file, files);
  const extra = h("div", { class: "mainframe", hidden: true });
  let options = null;
  kind.addEventListener("change", () => {
    if (kind.value === "mainframe" && !options) { options = mainframeOptions(file, contract); fill(extra, h("label", {}, "Copybook", book), options.element); }
    extra.hidden = kind.value !== "mainframe";
  });
  const button = h("button", { type: "submit", text: "Parse", "aria-label": `Parse ${name(file)}` });
  const problem = h("div", { class: "parse-problem" });
  return h("form", { class: "inline parse", onsubmit: (e) => {
    e.preventDefault();
    const params = { file_id: file.artifact_id };
    if (kind.value) params.parsing_type = kind.value;
    if (kind.value === "mainframe") {
      params.copybook_file_id = book.value;
      const changed = options.values();
      if (Object.keys(changed).length) params.parse_options = changed;
    }
    parse(button, params, problem, name(file));
  } }, kind, extra, button, problem);
}

/** Parse and open the preview; a refusal stays on the form (options kept), its problem beside
 * the button, naming the file. */
async function parse(button, params, problem, fileName) {
  showInline(problem);
  button.disabled = true;
  try {
    go(`#/preview/${(await runs.result("parse_content", params)).parsed_file_id}`);
  } catch (err) {
    showInline(problem, err, `Parsing ${fileName} failed`);
  }
  button.disabled = false;
}
