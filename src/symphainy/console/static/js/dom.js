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

export function fmtTime(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}

/** A scrollable table of rows (objects) under the given columns. */
export function table(columns, rows, caption) {
  const head = h("tr", {}, columns.map((c) => h("th", { scope: "col", text: c })));
  // A null cell is marked (class and tooltip), so it is not mistaken for an empty text.
  const body = rows.map((r) => h("tr", {}, columns.map((c) => h("td", { text: cell(r[c]), class: r[c] === null ? "null" : null, title: r[c] === null ? "null" : null }))));
  return h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": caption || "table" },
    h("table", {}, caption ? h("caption", { text: caption }) : null, h("thead", {}, head), h("tbody", {}, body)));
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
