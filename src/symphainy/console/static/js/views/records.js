// What a mainframe (copybook) parse says beside its rows: the copybook's fields, how invalid
// values were handled (and, in null mode, the counts per column with their first locations)
// and the segments the records were split into.
import { h, table } from "../dom.js";

function fields(meta) {
  const rows = (meta.columns || []).map((c) => ({ Column: c.name, Field: c.field, Offset: c.offset, Length: c.length, Type: c.type, Usage: c.usage, PIC: c.pic }));
  return h("section", { id: "fields" }, h("h3", { text: "Fields (from the copybook)" }),
    h("p", { class: "muted", text: `${meta.record_format || ""} records of ${meta.record_length ?? "variable"} bytes, ${meta.encoding || ""}` }),
    table(["Column", "Field", "Offset", "Length", "Type", "Usage", "PIC"], rows, "Copybook fields"));
}

const where = (first) => first.map((at) => `record ${at.record}, offset ${at.offset}`).join("; ");

const MODES = { strict: "an invalid value fails the parse", null: "an invalid value becomes null and is counted" };

function invalidValues(meta) {
  const counts = Object.entries(meta.invalid_values || {});
  const rows = counts.map(([column, c]) => ({ Column: column, Count: c.count, "First locations (record, offset)": where(c.first) }));
  return h("section", { id: "invalid-values" }, h("h3", { text: "Invalid values" }),
    h("p", {}, "Mode: ", h("strong", { class: "invalid-mode", text: meta.invalid_values_mode }),
      MODES[meta.invalid_values_mode] ? `: ${MODES[meta.invalid_values_mode]}` : null),
    counts.length
      ? table(["Column", "Count", "First locations (record, offset)"], rows, "Invalid values made null, per column")
      : h("p", { class: "muted", text: "No invalid values." }));
}

function segments(meta) {
  const rows = new Map((meta.schema || []).map((t) => [t.table, t.rows]));
  return h("section", { id: "segments" }, h("h3", { text: "Segments" }),
    h("ul", {}, meta.segments.map((s) => h("li", { text: `${s}: ${rows.get(s)} records` }))));
}

/** The sections shown above a records parse's tables, from its descriptor metadata. */
export function recordSections(meta) {
  return [fields(meta), meta.invalid_values_mode ? invalidValues(meta) : null, meta.segments ? segments(meta) : null];
}

const GENERATED = /^[0-9a-f]{32}$/;  // a name the parser made up (one table, no sheet name)

/** A table's heading: a segment's name when the parse split the records into segments, the
 * file's name for a table whose own name is a generated id. */
export function tableTitle(meta, name, fileName) {
  if (meta && (meta.segments || []).includes(name)) return `Segment ${name}`;
  return GENERATED.test(name) && fileName ? `Rows of ${fileName}` : `Table ${name}`;
}
