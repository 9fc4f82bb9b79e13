"""Parameter and result models of interpretation and extraction."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from symphainy.capabilities.insights._models import Params, Report
from symphainy.contracts import ParsedFileId


class InterpretDataGuidedParams(Params):
    """Interpret a parsed file through a guide: the parsed_file_id of a parsed data model."""

    parsed_file_id: ParsedFileId
    guide_id: ParsedFileId
    table: str | None = None
    min_confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    """Least confidence for a column to be read as a field of the guide."""


class InterpretDataGuidedResult(Report):
    """Per table: the entity it matches, field mappings with their checks, and conformance."""

    parsed_file_id: str
    guide_id: str
    guide_entities: list[str]
    tables: list[dict[str, Any]]
    conformance: float
    semantic: dict[str, Any]


class InterpretDataSelfDiscoveryParams(Params):
    """Discover what a parsed file holds without a guide."""

    parsed_file_id: ParsedFileId
    include_tenant_tables: bool = True
    """Also look for references into the tenant's other parsed tables."""
    min_overlap: float = Field(default=0.9, gt=0.0, le=1.0)
    min_confidence: float = Field(default=0.65, ge=0.0, le=1.0)
    top_topics: int = Field(default=15, ge=1, le=100)


class InterpretDataSelfDiscoveryResult(Report):
    """Entities with attribute roles and components, relationships, and (for text) topics."""

    parsed_file_id: str
    kind: Literal["tabular", "document"]
    entities: list[dict[str, Any]]
    relationships: list[dict[str, Any]]
    topics: list[dict[str, Any]]
    outline: list[str] = Field(default_factory=list)


class ExtractStructuredDataParams(Params):
    """Extract fields from a parsed file with a declarative extraction config.

    `pattern` names the extraction pattern. Without `extraction_config_id` it must be one
    of the shipped configs; with it, the config is the tenant's own (the parsed_file_id of a
    JSON or YAML file of the same shape) and its `pattern_id` must equal `pattern`.
    """

    data_source: ParsedFileId
    """The parsed_file_id to extract from."""
    pattern: str = Field(min_length=1, max_length=100)
    extraction_config_id: ParsedFileId | None = None


class ExtractStructuredDataResult(Report):
    """The extracted records, where each value came from, and what required fields are missing."""

    data_source: str
    pattern: str
    config: dict[str, Any]
    source_kind: Literal["document", "table"]
    records: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    missing_required: list[str]
    """Required fields without a value (in any record)."""
    completeness: float
    truncated: bool = False
    """A table source longer than 10,000 rows: only the first 10,000 became records."""
