"""create_solution: register a solution (a `solution` artifact) from a roadmap, POC or blueprint.

The solution carries the source's goals, scope and milestones, and names the intents its
lineage was built with, so a catalogue can show what it rests on.
"""

from __future__ import annotations

from typing import Any

from symphainy.capabilities.outcomes._models import CreateSolutionParams, SolutionResult
from symphainy.capabilities.outcomes._sources import Source, items_of, load
from symphainy.runtime import ExecutionContext


def _pick(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    return [{k: row.get(k) for k in keys} for row in rows]


def shape(source: Source) -> tuple[list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    """(goals, scope, milestones) of a roadmap, POC or blueprint."""
    content = source.content
    if source.artifact_type == "roadmap":
        return (
            [str(g) for g in content.get("goals", [])],
            _pick(items_of(content, "items"), "id", "title", "kind", "goal"),
            _pick(items_of(content, "phases"), "phase", "name", "week_start", "week_end"),
        )
    if source.artifact_type == "poc":
        return (
            [str(c) for c in content.get("success_criteria", [])],
            items_of(content, "scope"),
            _pick(items_of(content, "plan"), "week", "activity"),
        )
    target = content.get("target_state", {})
    automated = target.get("automated_tasks", 0) if isinstance(target, dict) else 0
    goal = (
        f"Bring '{content.get('workflow_name')}' to its target state ({automated} tasks automated)"
    )
    return (
        [goal],
        _pick(
            items_of(content, "responsibility_matrix"),
            "task_id",
            "task",
            "classification",
            "responsible",
        ),
        _pick(items_of(content, "phases"), "phase", "name", "task_ids"),
    )


async def create_solution(ctx: ExecutionContext, p: CreateSolutionParams) -> SolutionResult:
    """Register the solution with its source as parent."""
    source = await load(ctx, p.source_id, p.solution_source)
    goals, scope, milestones = shape(source)
    lineage = await ctx.artifacts.lineage(source.artifact_id)
    chain = [source.artifact, *lineage.ancestors]
    intents = sorted({a.produced_by.intent_type for a in chain if a.produced_by.intent_type})
    body = {
        "solution_name": p.solution_name,
        "description": p.description,
        "solution_source": p.solution_source,
        "source_id": source.artifact_id,
        "goals": goals,
        "scope": scope,
        "milestones": milestones,
        "built_on_intents": intents,
        "lineage": [a.artifact_id for a in chain],
    }
    art = await ctx.artifacts.put_json(
        "solution",
        body,
        parents=[source.artifact_id],
        descriptor={
            "solution_name": p.solution_name,
            "solution_source": p.solution_source,
            "source_id": source.artifact_id,
            "status": "registered",
        },
    )
    return SolutionResult(
        solution_id=art.artifact_id, **{k: v for k, v in body.items() if k != "description"}
    )
