// Small DOM helpers: build elements, tables, problem details, byte sizes.

/** Create an element: h("button", { class: "x", onclick: f }, "text", child). */
export function h(tag, attrs = {}, ...children) {
  const el = tag === "svg" || attrs.svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false || key === "svg") continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = value;
    else if (key in el && !(el instanceof SVGElement) && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** An SVG element (children appended as given). */
export function s(tag, attrs = {}, ...children) {
  return h(tag, { ...attrs, svg: true }, ...children);
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** "1.5 MiB" style sizes. */
export function fmtBytes(n) {
  if (n === null || n === undefined) return "";
  const units = ["bytes", "KiB", "MiB", "GiB"];
  let value = n; let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return unit === 0 ? `${value} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}

/** The name a person knows an artifact by ("" when it has none of its own). */
export const artifactName = (a) => a.semantic_descriptor.ui_name || a.semantic_descriptor.filename || a.semantic_descriptor.solution_name || "";

/** A long id shown short (its first 8 characters), the whole id in its tooltip. */
export function shortId(id) {
  return h("code", { class: "id", title: id, text: `${id.slice(0, 8)}…` });
}

export function fmtTime(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}

/** "0.25 s", "12.3 s", "4 min 5 s", "2 h 7 min" (empty for no duration). */
export function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined) return "";
  if (seconds < 60) return `${Number(seconds.toFixed(seconds < 10 ? 2 : 1))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// A figure a person compares down a column: a number, or a number with its unit.
const NUMBER = /^[-+]?\d[\d,]*(\.\d+)?\s?(%|ms|s|bytes|KiB|MiB|GiB)?$/;
const isNumber = (v) => typeof v === "number" || (typeof v === "string" && NUMBER.test(v));
const isBlank = (v) => v === null || v === undefined || v === "" || v === "—";  // "—": no figure
// Prose (long, with spaces) wraps at its spaces; ids, names and dates never wrap.
const isProse = (text) => text.length > 40 && /\s/.test(text);

/** A table of rows (objects) under the given columns, in a scroll region: ids, dates and other
 * short cells stay on one line (the region scrolls sideways instead of breaking them), columns
 * of numbers are right-aligned. A cell may be a node (a link, a button, a row's actions).
 * Options: `row(r)` the attributes of a row's <tr> (e.g. data-*: a row object may carry keys
 * that are not columns), `classes` a class for each named column's cells ({ Status: "status" }),
 * `rowHeader` the column whose cells name their row (<th scope=row>), and the rest the
 * <table>'s own attributes (id, a further class). The region's `rowsOf(more)` draws further
 * rows the same way (rows folded in below one, events appended live). */
export function table(columns, rows, caption, { row = () => ({}), classes = {}, rowHeader = null, ...attrs } = {}) {
  const numeric = new Set(columns.filter((c) => rows.some((r) => isNumber(r[c])) && rows.every((r) => isBlank(r[c]) || isNumber(r[c]))));
  const head = h("tr", {}, columns.map((c) => h("th", { scope: "col", text: c, class: numeric.has(c) ? "num" : null })));
  const tr = (r) => h("tr", row(r), columns.map((c) => td(c === rowHeader ? "th" : "td", r[c], numeric.has(c), classes[c])));
  const region = h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": caption || "table" },
    h("table", { ...attrs, class: ["data", attrs.class].filter(Boolean).join(" ") }, caption ? h("caption", { text: caption }) : null,
      h("thead", {}, head), h("tbody", {}, rows.map(tr))));
  region.rowsOf = (more) => more.map(tr);
  return region;
}

/** A table cell of several parts (texts and nodes), e.g. a control and its error line. */
export function parts(...children) {
  const cell = document.createDocumentFragment();
  cell.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return cell;
}

// A null cell is marked (class and tooltip), so it is not mistaken for an empty text.
function td(tag, value, numeric, extra) {
  const scope = tag === "th" ? "row" : null;
  if (value instanceof Node) return h(tag, { scope, class: extra || null }, value);
  const text = cell(value);
  const kind = [extra, numeric ? "num" : null, value === null ? "null" : null, isProse(text) ? "long" : null].filter(Boolean).join(" ");
  return h(tag, { scope, text, class: kind || null, title: value === null ? "null" : null });
}

function cell(value) {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** An RFC 9457 problem: title, status, detail, type and any extension members. */
export function problemView(problem) {
  const { type, title, status, detail, errors, ...extra } = problem;
  const rows = [["Status", status], ["Type", type], ...Object.entries(extra).map(([k, v]) => [k, cell(v)])];
  return h("div", { class: "problem", role: "alert" },
    h("strong", { class: "problem-title", text: title }), " ", h("span", { class: "problem-detail", text: detail }),
    fieldErrors(errors),
    h("dl", {}, rows.map(([k, v]) => [h("dt", { text: k }), h("dd", { text: v })])));
}

// Validation errors ({loc, msg} each) as one readable line per field, not raw JSON.
function fieldErrors(errors) {
  if (!Array.isArray(errors) || !errors.length) return null;
  const line = (e) => (e && Array.isArray(e.loc) ? `${e.loc.join(" › ")}: ${e.msg}` : cell(e));
  return h("ul", { class: "problem-errors" }, errors.map((e) => h("li", { text: line(e) })));
}

/** An error shown where the action happened: its detail in plain words (after `about`, e.g.
 * the file's name, when given), the problem one click away. Replaces `box`'s content (cleared
 * with no error). */
export function showInline(box, err, about) {
  if (!err) { box.replaceChildren(); return; }
  const problem = err.problem;
  const said = problem ? problem.detail || problem.title : String(err.message || err);
  const words = about ? `${about}: ${said}` : said;
  box.replaceChildren(h("div", { class: "inline-problem", role: "alert" },
    h("span", { class: "inline-problem-text", text: words }),
    problem ? h("details", {}, h("summary", { text: "Details" }), problemView(problem)) : null));
}

/** Run `work` for an action; its error shows in `box` (cleared first), beside the action.
 * Resolves true when the work succeeded. */
export async function attempt(box, work, about) {
  showInline(box);
  try { await work(); return true; } catch (err) { showInline(box, err, about); return false; }
}

/** Replace a container's children. */
export function fill(root, ...children) {
  root.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return root;
}

/** Show an error (or clear with no argument) in the page's alert line. */
export function showError(err) {
  const box = $("#error");
  if (!err) { box.replaceChildren(); return; }
  if (err.name === "AbortError") return;  // a stream closed on purpose (log out)
  box.replaceChildren(err.problem ? problemView(err.problem) : h("span", { text: String(err.message || err) }));
}
