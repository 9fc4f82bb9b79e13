"""visualize_lineage: an artifact's lineage ("your data mash") as a JSON graph and an SVG."""

from __future__ import annotations

from typing import Any, Final

from symphainy.capabilities.insights import _svg
from symphainy.capabilities.insights._models_graph import (
    VisualizeLineageParams,
    VisualizeLineageResult,
)
from symphainy.capabilities.insights._store import Chart, save_report
from symphainy.contracts import ArtifactView
from symphainy.runtime import ExecutionContext

ARTIFACT_TYPE: Final = "lineage_graph"
_NAME_KEYS: Final = ("ui_name", "filename", "title")


async def visualize_lineage(
    ctx: ExecutionContext, p: VisualizeLineageParams
) -> VisualizeLineageResult:
    """Draw every ancestor and descendant of an artifact and the parent→child edges among them.

    Raises:
        ArtifactNotFound: the artifact is not the caller's.
    """
    root = await ctx.artifacts.resolve(p.file_id)
    lineage = await ctx.artifacts.lineage(root.artifact_id)
    views = {v.artifact_id: v for v in [*lineage.ancestors, root, *lineage.descendants]}
    if not p.include_visualizations:
        views = {
            k: v
            for k, v in views.items()
            if v.artifact_type not in _HIDDEN or k == root.artifact_id
        }
    edges = [
        {"source": parent, "target": v.artifact_id}
        for v in views.values()
        for parent in v.parent_artifacts
        if parent in views
    ]
    layers = layer_of(list(views), edges)
    nodes = [_node(v, layers[v.artifact_id]) for v in views.values()]
    nodes.sort(key=lambda n: (n["layer"], n["created_at"], n["artifact_id"]))
    body: dict[str, Any] = {"root_id": root.artifact_id, "nodes": nodes, "edges": edges}
    svg = draw(root.artifact_id, nodes, edges)
    summary = {"root_id": root.artifact_id, "nodes": len(nodes), "edges": len(edges)}
    saved = await save_report(
        ctx,
        ARTIFACT_TYPE,
        body,
        parents=[root.artifact_id],
        summary=summary,
        charts=[Chart("lineage", "Artifact lineage", "graph", svg)],
    )
    return VisualizeLineageResult(report_id=saved.report_id, charts=saved.charts, **body)


_HIDDEN: Final = frozenset({"visualization", ARTIFACT_TYPE})


def layer_of(ids: list[str], edges: list[dict[str, str]]) -> dict[str, int]:
    """Longest distance from a root of the graph (artifacts without a parent in it)."""
    parents: dict[str, list[str]] = {i: [] for i in ids}
    for edge in edges:
        parents[edge["target"]].append(edge["source"])
    layers: dict[str, int] = {}

    def depth(node: str, seen: frozenset[str]) -> int:
        if node not in layers:
            # Lineage is acyclic by construction; `seen` only guards against a corrupt store.
            ups = [p for p in parents[node] if p not in seen]
            layers[node] = 1 + max((depth(p, seen | {node}) for p in ups), default=-1)
        return layers[node]

    for node in ids:
        depth(node, frozenset())
    return layers


def _node(view: ArtifactView, layer: int) -> dict[str, Any]:
    descriptor = view.semantic_descriptor
    name = next((str(descriptor[k]) for k in _NAME_KEYS if descriptor.get(k)), None)
    return {
        "artifact_id": view.artifact_id,
        "artifact_type": view.artifact_type,
        "lifecycle_state": view.lifecycle_state,
        "produced_by_intent": view.produced_by.intent_type,
        "name": name,
        "created_at": view.created_at.isoformat(),
        "layer": layer,
    }


def draw(root_id: str, nodes: list[dict[str, Any]], edges: list[dict[str, str]]) -> str:
    """The graph as boxes (type, name, id, state, producing intent) in layers, left to right."""
    boxes = [
        _svg.Node(
            n["artifact_id"],
            n["artifact_type"] + (" (root)" if n["artifact_id"] == root_id else ""),
            tuple(
                line
                for line in (
                    n["name"],
                    f"id {n['artifact_id'][:12]}",
                    n["lifecycle_state"],
                    f"by {n['produced_by_intent']}" if n["produced_by_intent"] else None,
                )
                if line
            ),
            n["layer"],
        )
        for n in nodes
    ]
    arrows = [_svg.Edge(e["source"], e["target"]) for e in edges]
    return _svg.graph("Artifact lineage", boxes, arrows)
