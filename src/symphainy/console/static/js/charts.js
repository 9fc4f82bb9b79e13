// Small SVG charts: horizontal bars and lines over time, each with a text alternative.
import { h, s, table } from "./dom.js";
import { fit, measure } from "./textfit.js";

const FONT = "11px system-ui, sans-serif";  // as `.chart text` draws it
const MAX_LABEL = 240;  // px: a longer bar label ends in "…" (the data table has it whole)
// Room for the widest of `texts` and a small gap: no axis or bar label is cut off at the edge.
const room = (texts, least) => Math.ceil(Math.max(least, ...texts.map((t) => Math.min(MAX_LABEL, measure(t, FONT))))) + 8;

const fmt = (v) => (typeof v === "number" ? Number(v.toFixed(2)).toLocaleString() : String(v));

/** Horizontal bars: one per label, scaled to the largest value (or `max`). */
export function barChart(title, labels, values, { max, id } = {}) {
  const top = max ?? Math.max(1e-9, ...values);
  const row = 22; const left = room(labels.map(String), 60); const valueRoom = room(values.map(fmt), 20);
  // As narrow as the labels allow, so a chart of short labels fits a phone at full size.
  const width = Math.max(320, left + 220 + valueRoom); const height = 30 + labels.length * row;
  const bars = labels.map((label, i) => {
    const w = Math.max(0, (values[i] / top) * (width - left - valueRoom));
    const y = 24 + i * row;
    return s("g", { class: "bar", "data-label": label, "data-value": values[i] },
      s("text", { x: left - 6, y: y + 13, "text-anchor": "end" }, fit(label, FONT, MAX_LABEL)),
      s("rect", { x: left, y, width: w, height: row - 6, fill: "#2f6f9f" }),
      s("text", { x: left + w + 4, y: y + 13 }, fmt(values[i])));
  });
  return figure(title, s("svg", { class: "chart", id, viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title },
    s("text", { x: 0, y: 14, class: "chart-title" }, title), bars), ["Label", "Value"], labels.map((l, i) => [l, fmt(values[i])]));
}

/** Lines over a shared x axis (periods); one colour per series. */
export function lineChart(title, periods, series, { id } = {}) {
  const all = series.flatMap((x) => x.values).filter((v) => typeof v === "number");
  const top = Math.max(1, ...all); const n = Math.max(1, periods.length - 1);
  const width = 520; const height = 220; const pad = { l: room([0, 0.5, 1].map((f) => fmt(top * f)), 20), r: 12, t: 24, b: 36 };
  const px = (i) => pad.l + (i / n) * (width - pad.l - pad.r);
  const py = (v) => height - pad.b - (v / top) * (height - pad.t - pad.b);
  const colours = ["#2f6f9f", "#b5462f", "#3c8a3c", "#8a5cb5"];
  const grid = [0, 0.5, 1].map((f) => s("g", {}, s("line", { class: "grid", x1: pad.l, x2: width - pad.r, y1: py(top * f), y2: py(top * f) }),
    s("text", { x: pad.l - 4, y: py(top * f) + 4, "text-anchor": "end" }, fmt(top * f))));
  // Missing values (e.g. no latency in an empty slice) are gaps, not zeros.
  const lines = series.map((x, k) => s("g", { class: "series", "data-series": x.name },
    s("polyline", { fill: "none", stroke: colours[k % colours.length], "stroke-width": 2,
      points: x.values.map((v, i) => (typeof v === "number" ? `${px(i)},${py(v)}` : null)).filter(Boolean).join(" ") }),
    x.values.map((v, i) => s("circle", { cx: px(i), cy: py(v || 0), r: typeof v === "number" ? 2.5 : 0, fill: colours[k % colours.length], "data-value": v ?? "" }))));
  const ticks = [0, Math.floor(n / 2), n].filter((v, i, a) => a.indexOf(v) === i && periods[v] !== undefined)
    .map((i) => s("text", { x: px(i), y: height - pad.b + 16, "text-anchor": i === 0 ? "start" : i === n ? "end" : "middle" }, String(periods[i]).slice(0, 16)));
  const legend = series.map((x, k) => s("text", { x: pad.l + k * 120, y: height - 4, fill: colours[k % colours.length] }, x.name));
  const rows = periods.map((p, i) => [p, series.map((x) => `${x.name} ${fmt(x.values[i] ?? 0)}`).join(", ")]);
  return figure(title, s("svg", { class: "chart line", id, viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title },
    s("text", { x: 0, y: 14, class: "chart-title" }, title), grid,
    s("line", { class: "axis", x1: pad.l, x2: width - pad.r, y1: height - pad.b, y2: height - pad.b }), lines, ticks, legend), ["Period", "Values"], rows);
}

// The chart and, for screen readers and copying, its numbers as a table in a disclosure:
// `pairs` of [what, figure] under the two `columns`.
function figure(title, svg, columns, pairs) {
  const [what, figures] = columns;
  return h("figure", { class: "figure" }, h("div", { class: "scroll" }, svg),
    h("details", {}, h("summary", { text: `${title}: data` }),
      table(columns, pairs.map(([k, v]) => ({ [what]: k, [figures]: v })), title, { rowHeader: what })));
}
