// Directed acyclic graphs in SVG, laid out in layers from their roots (parent → child edges):
// artifact lineage and journey steps.
import { h, s } from "./dom.js";

const W = 200; const H = 46; const GAP_X = 60; const GAP_Y = 18;

/** Depth of each node: the longest parent chain inside the graph. */
function layers(nodes) {
  const depth = new Map();
  const visit = (id, seen) => {
    if (depth.has(id)) return depth.get(id);
    if (seen.has(id)) return 0;  // a cycle cannot happen in these graphs; guard anyway
    seen.add(id);
    const parents = nodes.get(id).parents.filter((p) => nodes.has(p));
    const d = parents.length ? 1 + Math.max(...parents.map((p) => visit(p, seen))) : 0;
    depth.set(id, d);
    return d;
  };
  nodes.forEach((_, id) => visit(id, new Set()));
  return depth;
}

/** A layered graph: `items` are {id, parents, title, subtitle, href, focus}. */
export function dagGraph(svgId, label, items) {
  const nodes = new Map(items.map((n) => [n.id, n]));
  const depth = layers(nodes);
  const columns = [];
  nodes.forEach((n, id) => { const d = depth.get(id); (columns[d] = columns[d] || []).push(n); });
  const pos = new Map();
  columns.forEach((col, x) => col.forEach((n, y) => pos.set(n.id, { x: 10 + x * (W + GAP_X), y: 10 + y * (H + GAP_Y) })));
  const width = 20 + columns.length * (W + GAP_X) - GAP_X;
  const height = 20 + Math.max(...columns.map((c) => c.length)) * (H + GAP_Y) - GAP_Y;
  const edges = items.flatMap((n) => n.parents.filter((p) => nodes.has(p)).map((p) => {
    const from = pos.get(p); const to = pos.get(n.id);
    const x1 = from.x + W; const y1 = from.y + H / 2; const x2 = to.x; const y2 = to.y + H / 2;
    return s("path", { class: "edge", d: `M${x1},${y1} C${x1 + GAP_X / 2},${y1} ${x2 - GAP_X / 2},${y2} ${x2},${y2}`, "marker-end": `url(#${svgId}-arrow)`, "data-from": p, "data-to": n.id });
  }));
  const svg = s("svg", { id: svgId, class: "dag", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": label },
    s("defs", {}, s("marker", { id: `${svgId}-arrow`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto" }, s("path", { d: "M0,0 L10,5 L0,10 z" }))),
    edges, items.map((n) => node(n, pos.get(n.id))));
  return h("div", { class: "scroll graph" }, svg);
}

function node(n, p) {
  const box = [s("rect", { x: p.x, y: p.y, width: W, height: H, rx: 6 }),
    s("text", { x: p.x + 8, y: p.y + 18, class: "node-type" }, String(n.title).slice(0, 28)),
    s("text", { x: p.x + 8, y: p.y + 36, class: "node-label" }, String(n.subtitle).slice(0, 30))];
  const attrs = { class: `node${n.focus ? " focus" : ""}${n.state ? ` ${n.state}` : ""}`, "data-node": n.id, "aria-label": `${n.title} ${n.subtitle}` };
  return n.href ? s("a", { ...attrs, href: n.href }, box) : s("g", attrs, box);
}

/** An artifact and its lineage (ancestors and descendants); each node links to its page. */
export function lineageGraph(focus, lineage) {
  const arts = new Map([...lineage.ancestors, focus, ...lineage.descendants].map((a) => [a.artifact_id, a]));
  const items = [...arts.values()].map((a) => {
    const label = a.semantic_descriptor.ui_name || a.semantic_descriptor.filename || a.artifact_id.slice(0, 10);
    return { id: a.artifact_id, parents: a.parent_artifacts, title: a.artifact_type, subtitle: `${label} · ${a.lifecycle_state}`,
      href: `#/artifacts/${a.artifact_id}`, focus: a.artifact_id === focus.artifact_id };
  });
  return dagGraph("lineage-graph", `Lineage of ${focus.artifact_type} ${focus.artifact_id}: ${items.length} artifacts`, items);
}
