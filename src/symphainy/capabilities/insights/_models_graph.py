"""Parameter and result models of the graph intents: lineage, relationships, matching."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from symphainy.capabilities.insights._models import Params, Report


class VisualizeLineageParams(Params):
    """Draw the lineage of an artifact (upstream name `file_id`; any artifact id is accepted)."""

    file_id: str
    include_visualizations: bool = False
    """Also draw earlier charts and lineage graphs (left out by default: they are noise)."""


class VisualizeLineageResult(Report):
    """The lineage graph: nodes (artifacts, layered by depth) and parent→child edges."""

    root_id: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, str]] = Field(default_factory=list)
