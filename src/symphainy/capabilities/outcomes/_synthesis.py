"""synthesize_outcome: what a session (or a set of artifacts) produced, pillar by pillar.

Built from the artifacts' descriptors only (their recorded figures), so the synthesis is cheap
and says nothing its sources do not.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from symphainy.capabilities.operations import narrate
from symphainy.capabilities.outcomes._models import OutcomeResult, SynthesizeOutcomeParams
from symphainy.contracts import ArtifactView
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext

PILLARS = {
    "content": ("file", "parsed_content", "deterministic_embeddings", "embeddings"),
    "insights": ("quality_report", "analysis_report", "visualization"),
    "operations": ("workflow", "sop", "coexistence_analysis", "optimization"),
    "outcomes": ("blueprint", "roadmap", "poc", "solution", "export", "outcome_synthesis"),
}
GRADES = "ABCDF"


def pillar_of(artifact_type: str) -> str:
    """The pillar an artifact type belongs to ("other" when none claims it)."""
    return next((p for p, types in PILLARS.items() if artifact_type in types), "other")


def _num(view: ArtifactView, key: str) -> float:
    value = view.semantic_descriptor.get(key)
    return float(value) if isinstance(value, int | float) else 0.0


def _of(views: list[ArtifactView], artifact_type: str) -> list[ArtifactView]:
    return [v for v in views if v.artifact_type == artifact_type]


def content_facts(views: list[ArtifactView]) -> tuple[dict[str, Any], list[str]]:
    """Files, parsed records and content kinds."""
    parsed = _of(views, "parsed_content")
    records = int(sum(_num(v, "record_count") for v in parsed))
    kinds = Counter(str(v.semantic_descriptor.get("content_kind")) for v in parsed)
    facts = {
        "files": len(_of(views, "file")),
        "parsed": len(parsed),
        "records": records,
        "content_kinds": dict(sorted(kinds.items())),
    }
    lines = (
        [f"{facts['files']} files, {len(parsed)} parsed into {records:,} records"] if views else []
    )
    return facts, lines


def insights_facts(views: list[ArtifactView]) -> tuple[dict[str, Any], list[str]]:
    """Quality grades and findings."""
    reports = _of(views, "quality_report")
    grades = [str(v.semantic_descriptor.get("grade")) for v in reports]
    known = [g for g in grades if g in GRADES]
    worst = max(known, key=GRADES.index) if known else None
    findings = int(sum(_num(v, "finding_count") for v in reports))
    facts = {
        "quality_reports": len(reports),
        "grades": grades,
        "worst_grade": worst,
        "findings": findings,
        "other_results": len(views) - len(reports),
    }
    lines = [
        f"Data quality: worst grade {worst} across {len(reports)} reports ({findings} findings)"
    ]
    return facts, lines if reports else []


def operations_facts(views: list[ArtifactView]) -> tuple[dict[str, Any], list[str]]:
    """Workflows, SOPs, coexistence classes and optimisation findings."""
    analyses = _of(views, "coexistence_analysis")
    classes: Counter[str] = Counter()
    for view in analyses:
        summary = view.semantic_descriptor.get("summary")
        classes.update(summary if isinstance(summary, dict) else {})
    total = sum(classes.values())
    potential = round((classes["automate"] + 0.5 * classes["assist"]) / total, 4) if total else None
    facts = {
        "workflows": len(_of(views, "workflow")),
        "workflow_tasks": int(sum(_num(v, "task_count") for v in _of(views, "workflow"))),
        "sops": len(_of(views, "sop")),
        "classified_tasks": dict(sorted(classes.items())),
        "automation_potential": potential,
        "optimizations": len(_of(views, "optimization")),
    }
    lines = [f"{facts['workflows']} workflows, {facts['sops']} SOPs"] if views else []
    if total:
        lines.append(
            f"{total} tasks classified: {classes['automate']} automate, {classes['assist']} assist,"
            f" {classes['keep-human']} keep-human (automation potential {potential:.0%})"
        )
    return facts, lines


def outcomes_facts(views: list[ArtifactView]) -> tuple[dict[str, Any], list[str]]:
    """Blueprints, roadmaps, POCs and solutions."""
    roadmaps = _of(views, "roadmap")
    weeks = [int(_num(v, "total_weeks")) for v in roadmaps]
    facts = {t: len(_of(views, t)) for t in PILLARS["outcomes"]}
    facts_any: dict[str, Any] = {**facts, "roadmap_weeks": weeks}
    lines = [f"Roadmap of {w} weeks" for w in weeks]
    return facts_any, lines


async def _views(ctx: ExecutionContext, p: SynthesizeOutcomeParams) -> list[ArtifactView]:
    if p.source_ids:
        return [await ctx.artifacts.resolve(i) for i in dict.fromkeys(p.source_ids)]
    if ctx.session_id is None:
        raise InvalidRequest("give source_ids, or submit in a session to synthesise its artifacts")
    page = await ctx.artifacts.list(session_id=ctx.session_id, limit=p.synthesis_options.limit)
    wanted = set(p.synthesis_options.artifact_types)
    return [
        v
        for v in page.artifacts
        if v.lifecycle_state == "READY"
        and v.artifact_type != "outcome_synthesis"
        and (not wanted or v.artifact_type in wanted)
    ]


async def synthesize_outcome(ctx: ExecutionContext, p: SynthesizeOutcomeParams) -> OutcomeResult:
    """Summarise the artifacts per pillar and register an outcome_synthesis artifact."""
    views = await _views(ctx, p)
    if not views:
        raise InvalidRequest("there is nothing to synthesise: no artifacts were found")
    by_pillar: dict[str, list[ArtifactView]] = {}
    for view in views:
        by_pillar.setdefault(pillar_of(view.artifact_type), []).append(view)
    pillars: dict[str, dict[str, Any]] = {}
    headlines: list[str] = []
    builders = {
        "content": content_facts,
        "insights": insights_facts,
        "operations": operations_facts,
        "outcomes": outcomes_facts,
    }
    for name, build in builders.items():
        facts, lines = build(by_pillar.get(name, []))
        pillars[name] = {"artifacts": len(by_pillar.get(name, [])), **facts}
        headlines += lines
    pillars["other"] = dict(Counter(v.artifact_type for v in by_pillar.get("other", [])))
    ids = [v.artifact_id for v in views]
    body = {"source_ids": ids, "pillars": pillars, "headlines": headlines}
    art = await ctx.artifacts.put_json(
        "outcome_synthesis",
        body,
        parents=ids,
        descriptor={"sources": len(ids), "headlines": headlines},
    )
    narrative, status = await narrate(ctx, "outcome_summary", synthesis=body)
    return OutcomeResult(
        outcome_id=art.artifact_id,
        narrative=narrative,
        narrative_status=status,
        source_ids=ids,
        pillars=pillars,
        headlines=headlines,
    )
