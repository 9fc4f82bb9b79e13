// Lineage as an SVG graph: artifacts in layers from their roots, edges parent → child.
import { h, s } from "./dom.js";

const W = 200; const H = 46; const GAP_X = 60; const GAP_Y = 18;

/** Depth of each node: the longest parent chain inside the graph. */
function layers(nodes) {
  const depth = new Map();
  const visit = (id, seen) => {
    if (depth.has(id)) return depth.get(id);
    if (seen.has(id)) return 0;  // a cycle cannot happen in lineage; guard anyway
    seen.add(id);
    const parents = nodes.get(id).parent_artifacts.filter((p) => nodes.has(p));
    const d = parents.length ? 1 + Math.max(...parents.map((p) => visit(p, seen))) : 0;
    depth.set(id, d);
    return d;
  };
  nodes.forEach((_, id) => visit(id, new Set()));
  return depth;
}

/** The graph for one artifact and its lineage (ancestors and descendants). */
export function lineageGraph(focus, lineage) {
  const nodes = new Map([...lineage.ancestors, focus, ...lineage.descendants].map((a) => [a.artifact_id, a]));
  const depth = layers(nodes);
  const columns = [];
  nodes.forEach((a, id) => { const d = depth.get(id); (columns[d] = columns[d] || []).push(a); });
  const pos = new Map();
  columns.forEach((col, x) => col.forEach((a, y) => pos.set(a.artifact_id, { x: 10 + x * (W + GAP_X), y: 10 + y * (H + GAP_Y) })));
  const width = 20 + columns.length * (W + GAP_X) - GAP_X;
  const height = 20 + Math.max(...columns.map((c) => c.length)) * (H + GAP_Y) - GAP_Y;
  const edges = [];
  nodes.forEach((a) => a.parent_artifacts.filter((p) => nodes.has(p)).forEach((p) => {
    const from = pos.get(p); const to = pos.get(a.artifact_id);
    const x1 = from.x + W; const y1 = from.y + H / 2; const x2 = to.x; const y2 = to.y + H / 2;
    edges.push(s("path", { class: "edge", d: `M${x1},${y1} C${x1 + GAP_X / 2},${y1} ${x2 - GAP_X / 2},${y2} ${x2},${y2}`, "marker-end": "url(#arrow)", "data-from": p, "data-to": a.artifact_id }));
  }));
  const boxes = [...nodes.values()].map((a) => node(a, pos.get(a.artifact_id), a.artifact_id === focus.artifact_id));
  const svg = s("svg", { id: "lineage-graph", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": `Lineage of ${focus.artifact_type} ${focus.artifact_id}: ${nodes.size} artifacts` },
    s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto" }, s("path", { d: "M0,0 L10,5 L0,10 z" }))),
    edges, boxes);
  return h("div", { class: "scroll graph" }, svg);
}

function node(a, p, focused) {
  const label = a.semantic_descriptor.ui_name || a.semantic_descriptor.filename || a.artifact_id.slice(0, 10);
  return s("a", { href: `#/artifacts/${a.artifact_id}`, class: `node${focused ? " focus" : ""}`, "data-artifact": a.artifact_id, "aria-label": `${a.artifact_type} ${label}` },
    s("rect", { x: p.x, y: p.y, width: W, height: H, rx: 6 }),
    s("text", { x: p.x + 8, y: p.y + 18, class: "node-type" }, a.artifact_type),
    s("text", { x: p.x + 8, y: p.y + 36, class: "node-label" }, `${String(label).slice(0, 26)} · ${a.lifecycle_state}`));
}
