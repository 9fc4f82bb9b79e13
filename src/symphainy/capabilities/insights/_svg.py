"""SVG charts drawn by our own code: bars, histograms, lines, heatmaps and box-and-arrow graphs.

Every string that came from data is XML-escaped, the output is a standalone SVG 1.1 document
with an explicit size and viewBox, and the same input always gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final
from xml.sax.saxutils import escape, quoteattr

FONT: Final = 'font-family="DejaVu Sans, Arial, sans-serif"'
PALETTE: Final = ("#3b6ea8", "#d9822b", "#3a9a5b", "#b0413e", "#7d5ba6", "#8c6d31")
CHAR_WIDTH: Final = 6.6
MAX_LABEL: Final = 28


def _label(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(value: float) -> str:
    if value == 0 or (1e-3 <= abs(value) < 1e6):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return f"{value:.3g}"


def _text(
    x: float, y: float, text: str, *, size: int = 11, anchor: str = "start", **kw: str
) -> str:
    extra = "".join(f" {k.replace('_', '-')}={quoteattr(v)}" for k, v in kw.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def document(width: float, height: float, title: str, body: list[str]) -> str:
    """Wrap drawn elements in an SVG document with a title and a white background."""
    width = max(width, len(title) * 8.5 + 24)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" {FONT}>'
        f"<title>{escape(title)}</title>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>'
    )
    return "\n".join([head, _text(12, 22, title, size=14, font_weight="bold"), *body, "</svg>"])


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], unit: str = "") -> str:
    """Horizontal bars, one per label, with the value written after each bar."""
    label_w = min(max((len(_label(s)) for s in labels), default=4) * CHAR_WIDTH + 16, 220)
    plot_w, row_h, top = 360.0, 22.0, 40.0
    width, height = label_w + plot_w + 90, top + row_h * len(labels) + 20
    peak = max((abs(v) for v in values), default=0.0) or 1.0
    body: list[str] = []
    for i, (name, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row_h
        length = plot_w * abs(value) / peak
        body.append(_text(label_w - 8, y + 14, _label(name), anchor="end"))
        body.append(
            f'<rect x="{label_w:.1f}" y="{y + 3:.1f}" width="{length:.1f}" height="{row_h - 6:.1f}"'
            f' fill="{PALETTE[0]}"/>'
        )
        body.append(_text(label_w + length + 6, y + 14, f"{_num(value)}{unit}"))
    return document(width, height, title, body)


def histogram(title: str, edges: Sequence[float], counts: Sequence[int]) -> str:
    """Adjacent vertical bars over the bin edges, with the range written under the axis."""
    plot_w, plot_h, left, top = 420.0, 180.0, 50.0, 40.0
    peak = max(counts, default=0) or 1
    bar_w = plot_w / max(len(counts), 1)
    body = [_axis(left, top, plot_w, plot_h)]
    for i, count in enumerate(counts):
        h = plot_h * count / peak
        body.append(
            f'<rect x="{left + i * bar_w:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}"'
            f' height="{h:.1f}" fill="{PALETTE[0]}"><title>{escape(_bin(edges, i))}: {count}'
            f"</title></rect>"
        )
    body.append(_text(left - 6, top + 10, str(peak), anchor="end"))
    if edges:
        body.append(_text(left, top + plot_h + 16, _num(edges[0])))
        body.append(_text(left + plot_w, top + plot_h + 16, _num(edges[-1]), anchor="end"))
    return document(left + plot_w + 20, top + plot_h + 30, title, body)


def _bin(edges: Sequence[float], i: int) -> str:
    return f"[{_num(edges[i])}, {_num(edges[i + 1])})" if i + 1 < len(edges) else str(i)


def _axis(left: float, top: float, w: float, h: float) -> str:
    return (
        f'<path d="M{left:.1f} {top:.1f} V{top + h:.1f} H{left + w:.1f}" stroke="#444" '
        f'fill="none"/>'
    )


def line_chart(title: str, x_labels: Sequence[str], series: dict[str, Sequence[float]]) -> str:
    """One polyline per series over shared x positions; min and max written on the y axis."""
    plot_w, plot_h, left, top = 440.0, 180.0, 60.0, 40.0
    values = [v for s in series.values() for v in s if math.isfinite(v)]
    low, high = min(values, default=0.0), max(values, default=1.0)
    span = (high - low) or 1.0
    step = plot_w / max(len(x_labels) - 1, 1)
    body = [_axis(left, top, plot_w, plot_h)]
    for n, (name, points) in enumerate(series.items()):
        coords = " ".join(
            f"{left + i * step:.1f},{top + plot_h - plot_h * (v - low) / span:.1f}"
            for i, v in enumerate(points)
            if math.isfinite(v)
        )
        colour = PALETTE[n % len(PALETTE)]
        body.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body.append(_text(left + plot_w + 6, top + 14 + 14 * n, _label(name, 34), fill=colour))
    body.append(_text(left - 6, top + 10, _num(high), anchor="end"))
    body.append(_text(left - 6, top + plot_h, _num(low), anchor="end"))
    if x_labels:
        body.append(_text(left, top + plot_h + 16, x_labels[0]))
        body.append(_text(left + plot_w, top + plot_h + 16, x_labels[-1], anchor="end"))
    return document(left + plot_w + 240, top + plot_h + 30, title, body)


def heatmap(title: str, labels: Sequence[str], matrix: Sequence[Sequence[float | None]]) -> str:
    """A square grid coloured from blue (-1) through white (0) to orange (+1)."""
    cell, top = 36.0, 56.0
    left = min(max((len(_label(s, 18)) for s in labels), default=4) * 7 + 14, 140)
    body: list[str] = []
    for i, row in enumerate(matrix):
        body.append(
            _text(left - 6, top + i * cell + cell / 2 + 4, _label(labels[i], 18), anchor="end")
        )
        for j, value in enumerate(row):
            x, y = left + j * cell, top + i * cell
            fill, shown = (
                ("#eeeeee", "n/a") if value is None else (_diverging(value), f"{value:.2f}")
            )
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell - 1:.1f}" height="{cell - 1:.1f}"'
                f' fill="{fill}"/>'
            )
            body.append(_text(x + cell / 2, y + cell / 2 + 4, shown, size=9, anchor="middle"))
    for j, name in enumerate(labels):
        body.append(
            _text(left + j * cell + cell / 2, top - 4, _label(name, 6), size=9, anchor="middle")
        )
    n = len(labels)
    return document(left + n * cell + 20, top + n * cell + 20, title, body)


def _diverging(value: float) -> str:
    v = max(-1.0, min(1.0, value))
    end = (59, 110, 168) if v < 0 else (217, 130, 43)
    rgb = [round(255 + (c - 255) * abs(v)) for c in end]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


@dataclass(frozen=True, slots=True)
class Node:
    """A box in a graph: an id, a bold label and a few lines of detail."""

    node_id: str
    label: str
    lines: tuple[str, ...] = ()
    layer: int = 0


@dataclass(frozen=True, slots=True)
class Edge:
    """An arrow from one node to another, optionally labelled."""

    source: str
    target: str
    label: str = ""


@dataclass
class _Layout:
    boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    width: float = 0.0
    height: float = 0.0


def graph(title: str, nodes: Sequence[Node], edges: Sequence[Edge]) -> str:
    """Boxes in columns by layer (left to right), arrows between them, edge labels midway."""
    layout = _layout(nodes)
    body = [
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#555"/></marker></defs>'
    ]
    body += [
        _arrow(layout, e) for e in edges if e.source in layout.boxes and e.target in layout.boxes
    ]
    body += [_box(layout.boxes[n.node_id], n, i) for i, n in enumerate(nodes)]
    # Room on the right for arrows that bulge out of the last column and their labels.
    return document(layout.width + 160, layout.height, title, body)


def _layout(nodes: Sequence[Node]) -> _Layout:
    out = _Layout()
    by_layer: dict[int, list[Node]] = {}
    for node in nodes:
        by_layer.setdefault(node.layer, []).append(node)
    x, gap = 20.0, 70.0
    for layer in sorted(by_layer):
        members = by_layer[layer]
        width = max(_box_width(n) for n in members)
        y = 44.0
        for node in members:
            h = 24.0 + 14.0 * len(node.lines)
            out.boxes[node.node_id] = (x, y, width, h)
            y += h + 24
        out.height = max(out.height, y + 10)
        x += width + gap
    out.width = max(x - gap + 20, 240.0)
    return out


def _box_width(node: Node) -> float:
    longest = max([len(_label(node.label, 40)) + 2, *(len(_label(s, 40)) for s in node.lines)])
    return max(longest * CHAR_WIDTH + 20, 110.0)


def _box(box: tuple[float, float, float, float], node: Node, i: int) -> str:
    x, y, w, h = box
    parts = [
        f'<g><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="4" '
        f'fill="#f6f8fb" stroke="{PALETTE[i % len(PALETTE)]}" stroke-width="1.5"/>',
        _text(x + 8, y + 16, _label(node.label, 40), font_weight="bold"),
    ]
    parts += [
        _text(x + 8, y + 30 + 14 * k, _label(s, 40), size=10) for k, s in enumerate(node.lines)
    ]
    return "".join(parts) + "</g>"


def _arrow(layout: _Layout, edge: Edge) -> str:
    sx, sy, sw, sh = layout.boxes[edge.source]
    tx, ty, tw, th = layout.boxes[edge.target]
    forward = tx >= sx + sw
    x1, x2 = (sx + sw, tx) if forward else (sx, tx + tw)
    if abs(tx - sx) < 1:  # same column: connect the right edges with a bulge
        x1, x2 = sx + sw, tx + tw
    y1, y2 = sy + sh / 2, ty + th / 2
    bend = 40.0 if abs(tx - sx) < 1 else 0.0
    mx, my = (x1 + x2) / 2 + bend, (y1 + y2) / 2
    path = (
        f'<path d="M{x1:.1f} {y1:.1f} Q{mx:.1f} {my:.1f} {x2:.1f} {y2:.1f}" fill="none" '
        f'stroke="#555" stroke-width="1.2" marker-end="url(#arrow)"/>'
    )
    label = _text(mx, my - 4, _label(edge.label, 30), size=9, anchor="middle") if edge.label else ""
    return path + label
