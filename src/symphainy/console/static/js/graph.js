// Directed acyclic graphs in SVG, laid out in layers from their roots (parent → child edges):
// artifact lineage and journey steps.
import { artifactName, h, s } from "./dom.js";
import { fit, measure } from "./textfit.js";

const H = 46; const GAP_X = 60; const GAP_Y = 18; const PAD = 8;
const MIN_W = 120; const MAX_W = 320;  // a box fits its longest line within these; longer lines end in "…"
const FONT = "12px system-ui, sans-serif"; const BOLD = `600 ${FONT}`;  // as .graph svg and .node-type draw them

// Each column as wide as its widest label (within MIN_W..MAX_W).
const columnWidth = (col) => Math.min(MAX_W, Math.max(MIN_W, ...col.map((n) => 2 * PAD + Math.max(measure(String(n.title), BOLD), measure(String(n.subtitle), FONT)))));

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
  const widths = columns.map(columnWidth);
  const pos = new Map();
  let left = 10;
  columns.forEach((col, x) => { col.forEach((n, y) => pos.set(n.id, { x: left, y: 10 + y * (H + GAP_Y), w: widths[x] })); left += widths[x] + GAP_X; });
  const width = left - GAP_X + 10;
  const height = 20 + Math.max(...columns.map((c) => c.length)) * (H + GAP_Y) - GAP_Y;
  const edges = items.flatMap((n) => n.parents.filter((p) => nodes.has(p)).map((p) => {
    const from = pos.get(p); const to = pos.get(n.id);
    const x1 = from.x + from.w; const y1 = from.y + H / 2; const x2 = to.x; const y2 = to.y + H / 2;
    return s("path", { class: "edge", d: `M${x1},${y1} C${x1 + GAP_X / 2},${y1} ${x2 - GAP_X / 2},${y2} ${x2},${y2}`, "marker-end": `url(#${svgId}-arrow)`, "data-from": p, "data-to": n.id });
  }));
  // A group, not an image: its boxes are links a keyboard reaches.
  const svg = s("svg", { id: svgId, class: "dag", viewBox: `0 0 ${width} ${height}`, width, height, role: "group", "aria-label": label },
    s("defs", {}, s("marker", { id: `${svgId}-arrow`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto" }, s("path", { d: "M0,0 L10,5 L0,10 z" }))),
    edges, items.map((n) => node(n, pos.get(n.id))));
  // Wider than the screen: the region scrolls sideways (and says so), the boxes keep their size.
  return h("div", { class: "scroll graph", tabindex: "0", role: "region", "aria-label": label }, svg);
}

function node(n, p) {
  const title = String(n.title); const subtitle = String(n.subtitle);
  // The full text is the link's name (aria-label); a visible line too long for MAX_W ends in "…".
  const box = [s("rect", { x: p.x, y: p.y, width: p.w, height: H, rx: 6 }),
    // The trailing space (not drawn) keeps the two lines two words when read as one text.
    s("text", { x: p.x + PAD, y: p.y + 18, class: "node-type" }, `${fit(title, BOLD, p.w - 2 * PAD)} `),
    s("text", { x: p.x + PAD, y: p.y + 36, class: "node-label" }, fit(subtitle, FONT, p.w - 2 * PAD))];
  const attrs = { class: `node${n.focus ? " focus" : ""}${n.state ? ` ${n.state}` : ""}`, "data-node": n.id, "aria-label": `${title} ${subtitle}` };
  return n.href ? s("a", { ...attrs, href: n.href }, box) : s("g", attrs, box);
}

/** An artifact's own name or, for a derived one without, "from" its nearest named ancestor's. */
export function lineageName(a, arts) {
  const seen = new Set();
  for (let at = a; at && !seen.has(at.artifact_id); at = arts.get(at.parent_artifacts[0])) {
    seen.add(at.artifact_id);
    if (artifactName(at)) return at === a ? artifactName(at) : `from ${artifactName(at)}`;
  }
  return a.artifact_id.slice(0, 10);
}

/** An artifact and its lineage (ancestors and descendants); each node links to its page. */
export function lineageGraph(focus, lineage) {
  const arts = new Map([...lineage.ancestors, focus, ...lineage.descendants].map((a) => [a.artifact_id, a]));
  const items = [...arts.values()].map((a) => {
    const label = lineageName(a, arts);
    return { id: a.artifact_id, parents: a.parent_artifacts, title: a.artifact_type, subtitle: `${label} · ${a.lifecycle_state}`,
      href: `#/artifacts/${a.artifact_id}`, focus: a.artifact_id === focus.artifact_id };
  });
  return dagGraph("lineage-graph", `Lineage of ${focus.artifact_type} ${lineageName(focus, arts)}: ${items.length} artifacts`, items);
}
