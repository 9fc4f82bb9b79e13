"""Parameter and result models of the graph intents: lineage, relationships, matching."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from symphainy.capabilities.insights._models import Params, Report
from symphainy.contracts import ArtifactId, ParsedFileId


class VisualizeLineageParams(Params):
    """Draw the lineage of an artifact (upstream name `file_id`; any artifact id is accepted)."""

    file_id: ArtifactId
    include_visualizations: bool = False
    """Also draw earlier charts and lineage graphs (left out by default: they are noise)."""


class VisualizeLineageResult(Report):
    """The lineage graph: nodes (artifacts, layered by depth) and parent→child edges."""

    root_id: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, str]] = Field(default_factory=list)


class MapRelationshipsParams(Params):
    """Relate parsed tables (upstream: `parsed_file_id` only).

    With `parsed_file_ids`, exactly those files are related. Otherwise every READY parsed file
    of the tenant that has tables is (the newest 50), and `parsed_file_id`, when given, keeps
    only the relationships that touch that file.
    """

    parsed_file_id: ParsedFileId | None = None
    parsed_file_ids: list[ParsedFileId] | None = Field(default=None, min_length=1, max_length=50)
    min_overlap: float = Field(default=0.9, gt=0.0, le=1.0)
    """Least share of a column's distinct values that must occur in the key."""
    min_confidence: float = Field(default=0.65, ge=0.0, le=1.0)


class MapRelationshipsResult(Report):
    """Entities (tables with candidate keys), foreign-key relationships, and what was embedded."""

    parsed_file_ids: list[str]
    entities: list[dict[str, Any]]
    relationships: list[dict[str, Any]]
    semantic: dict[str, Any]


class MatchSourceToTargetParams(Params):
    """Map a source table onto a target table (upstream: deterministic embedding and parsed ids).

    `*_table` is needed only when a file holds several tables. `*_embedding_id` names the
    semantic embeddings to use (default: the newest of that file, else vectors are computed).
    """

    source_parsed_file_id: ParsedFileId
    target_parsed_file_id: ParsedFileId
    source_table: str | None = None
    target_table: str | None = None
    source_deterministic_embedding_id: str | None = None
    target_deterministic_embedding_id: str | None = None
    source_embedding_id: str | None = None
    target_embedding_id: str | None = None
    min_confidence: float = Field(default=0.5, ge=0.0, le=1.0)


class MatchSourceToTargetResult(Report):
    """The one-to-one column mapping with its evidence, and what stayed unmatched."""

    source: dict[str, Any]
    target: dict[str, Any]
    mappings: list[dict[str, Any]]
    unmatched_source: list[str]
    unmatched_target: list[str]
    coverage: float
    semantic: dict[str, Any]
