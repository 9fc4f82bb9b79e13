"""Insights capability: quality, analysis, relationships, interpretation and lineage of content.

Every intent reads what the content capability produced (parsed_content, deterministic
embeddings, embeddings), does its deterministic work for real, and keeps its result as a
READY artifact whose parents are those inputs; charts are SVG `visualization` artifacts.
"""

from __future__ import annotations

from symphainy.capabilities.insights import (
    _discover,
    _extract,
    _guided,
    _lineage,
    _matching,
    _quality,
    _relationships,
    _structured,
    _unstructured,
)
from symphainy.capabilities.insights import _models as m
from symphainy.capabilities.insights import _models_graph as g
from symphainy.capabilities.insights import _models_interpret as i
from symphainy.runtime import Handler, IntentRegistry, IntentSpec, RetryPolicy

REALM = "insights"
EXPERIENCE = "insights_pillar"
READS = ("artifacts.read", "blobs.read")
WRITES = ("artifacts.register", "blobs.write")


def register(registry: IntentRegistry) -> None:
    """Register the insights intents."""
    for spec, handler in _specs():
        registry.register(spec, handler)


def _spec(
    intent_type: str,
    params: type[m.Params],
    result: type[m.Report],
    description: str,
    produces: tuple[str, ...],
    timeout: float = 900,
    charts: bool = True,
) -> IntentSpec:
    # Analyses are deterministic over READY inputs: one retry covers a lost worker or a
    # transient store error, more would only repeat the same failure.
    return IntentSpec(
        intent_type,
        params,
        result,
        REALM,
        description,
        retry=RetryPolicy(max_attempts=2, backoff_seconds=1.0),
        timeout_seconds=timeout,
        produces=(*produces, "visualization") if charts else produces,
        experience=EXPERIENCE,
        obligations=(*READS, *WRITES),
    )


def _specs() -> list[tuple[IntentSpec, Handler]]:
    return [
        (
            _spec(
                "assess_data_quality",
                m.AssessDataQualityParams,
                m.AssessDataQualityResult,
                "Grade a parsed file's data: completeness, validity by detected format, "
                "uniqueness, consistency and outliers, with per-column findings and causes.",
                ("quality_report",),
            ),
            _quality.assess_data_quality,
        ),
        (
            _spec(
                "analyze_structured_data",
                m.AnalyzeStructuredDataParams,
                m.AnalyzeStructuredDataResult,
                "Descriptive statistics, distributions, correlations, top values and trends "
                "over date columns of a parsed file's tables.",
                ("analysis_report",),
            ),
            _structured.analyze_structured_data,
        ),
        (
            _spec(
                "analyze_unstructured_data",
                m.AnalyzeUnstructuredDataParams,
                m.AnalyzeUnstructuredDataResult,
                "Keywords, key phrases, entities found by pattern, sections and text statistics "
                "of a parsed document.",
                ("analysis_report",),
            ),
            _unstructured.analyze_unstructured_data,
        ),
        (
            _spec(
                "visualize_lineage",
                g.VisualizeLineageParams,
                g.VisualizeLineageResult,
                "An artifact's lineage (ancestors and descendants) as a JSON graph and an SVG.",
                ("lineage_graph",),
                timeout=120,
            ),
            _lineage.visualize_lineage,
        ),
        (
            _spec(
                "map_relationships",
                g.MapRelationshipsParams,
                g.MapRelationshipsResult,
                "Candidate keys and foreign keys across the tenant's parsed tables, from value "
                "overlap, names and embeddings, as an entity-relationship graph.",
                ("relationship_graph",),
            ),
            _relationships.map_relationships,
        ),
        (
            _spec(
                "match_source_to_target",
                g.MatchSourceToTargetParams,
                g.MatchSourceToTargetResult,
                "Source → target column mapping from names, values, formats and semantic "
                "embeddings, with confidence, evidence and the unmatched columns of each side.",
                ("schema_mapping",),
            ),
            _matching.match_source_to_target,
        ),
        (
            _spec(
                "interpret_data_guided",
                i.InterpretDataGuidedParams,
                i.InterpretDataGuidedResult,
                "Read a parsed file through a guide (a parsed data model): the entity each table "
                "matches, its field mappings, and how well the values conform.",
                ("interpretation",),
                charts=False,
            ),
            _guided.interpret_data_guided,
        ),
        (
            _spec(
                "interpret_data_self_discovery",
                i.InterpretDataSelfDiscoveryParams,
                i.InterpretDataSelfDiscoveryResult,
                "Discover a parsed file's entities, attribute roles, components and references "
                "(or a document's entities, topics and outline) without a guide.",
                ("interpretation",),
                charts=False,
            ),
            _discover.interpret_data_self_discovery,
        ),
        (
            _spec(
                "extract_structured_data",
                i.ExtractStructuredDataParams,
                i.ExtractStructuredDataResult,
                "Extract fields from a parsed document or table with a declarative config "
                "(shipped: variable_life_policy, after_action_review, permit_semantic_object).",
                ("extraction_result",),
                charts=False,
            ),
            _extract.extract_structured_data,
        ),
    ]
