"""create_poc: a proof-of-concept proposal: scope, week plan, success criteria and risks.

With an analysis (coexistence analysis, blueprint, or a workflow classed by the packaged rules)
the scope is its routine automation candidates on the normal path (else its assist tasks), at
most five; criteria and risks follow from the tasks around them. Without one, the scope is the
description's own sentences, and the risks say that no analysis backs it.
"""

from __future__ import annotations

from typing import Any

from symphainy.capabilities.operations import (
    AnalysisOptions,
    classify_graph,
    description_lines,
    load_workflow,
    narrate,
)
from symphainy.capabilities.outcomes._models import CreatePocParams, PocResult
from symphainy.capabilities.outcomes._sources import items_of, load
from symphainy.runtime import ExecutionContext

MAX_SCOPE = 5


async def _tasks(ctx: ExecutionContext, source_id: str) -> tuple[list[dict[str, Any]], str]:
    art = await ctx.artifacts.resolve(source_id)
    if art.artifact_type in ("workflow", "parsed_content"):
        loaded = await load_workflow(ctx, source_id)
        tasks = classify_graph(loaded.graph, AnalysisOptions())
        return [t.model_dump(mode="json") for t in tasks], loaded.graph.name
    source = await load(ctx, source_id, "coexistence_analysis", "blueprint")
    rows = items_of(source.content, "tasks") or items_of(source.content, "responsibility_matrix")
    return rows, str(source.content.get("workflow_name") or source_id)


def _scope(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    normal = [t for t in tasks if not t.get("on_exception_path")]
    picked = [t for t in normal if t["classification"] == "automate"]
    picked = picked or [t for t in normal if t["classification"] == "assist"]
    return [
        {
            "task_id": t["task_id"],
            "item": t.get("name") or t.get("task") or t["task_id"],
            "classification": t["classification"],
            "role": t.get("role") or t.get("accountable"),
        }
        for t in picked[:MAX_SCOPE]
    ]


def _criteria(scope: list[dict[str, Any]], given: list[str]) -> list[str]:
    derived = [
        f"'{s['item']}' runs without manual work on the pilot cases"
        if s.get("classification") == "automate"
        else f"'{s['item']}' is done from assistant drafts the {s.get('role') or 'owner'} accepts"
        for s in scope
        if s.get("classification")
    ]
    return [*given, *derived]


def _risks(tasks: list[dict[str, Any]], scope: list[dict[str, Any]], backed: bool) -> list[str]:
    if not backed:
        return ["The scope comes from the description only; no workflow analysis backs it."]
    human = [t for t in tasks if t["classification"] == "keep-human"]
    risks = [
        f"'{t.get('name') or t['task_id']}' stays with {t.get('role') or 'a person'}:"
        " the pilot must hand over to it cleanly"
        for t in human
    ]
    scoped = {s["task_id"] for s in scope}
    risks += [
        f"Exceptions handled by '{t.get('name') or t['task_id']}' need a manual route in the pilot"
        for t in tasks
        if t.get("on_exception_path") and t["task_id"] not in scoped
    ]
    return risks


def plan(scope: list[dict[str, Any]], weeks: int) -> list[dict[str, Any]]:
    """Set-up week, build weeks (scope items spread over them), evaluation week."""
    build = list(range(2, weeks))
    spread: dict[int, list[str]] = {w: [] for w in build}
    for n, item in enumerate(scope):
        spread[build[n % len(build)]].append(str(item["item"]))
    return [
        {"week": 1, "activity": "Set up access and measure the baseline", "items": []},
        *({"week": w, "activity": "Build and run", "items": spread[w]} for w in build),
        {
            "week": weeks,
            "activity": "Evaluate against the success criteria and decide",
            "items": [],
        },
    ]


async def create_poc(ctx: ExecutionContext, p: CreatePocParams) -> PocResult:
    """Build the POC proposal and register it with its sources as parents."""
    tasks: list[dict[str, Any]] = []
    for sid in dict.fromkeys(p.source_ids):
        found, _ = await _tasks(ctx, sid)
        tasks += found
    sentences = description_lines(p.description)
    scope = _scope(tasks) if tasks else [{"item": s} for s in sentences[:MAX_SCOPE]]
    title = sentences[0][:120]
    body = {
        "title": title,
        "description": p.description,
        "duration_weeks": p.duration_weeks,
        "scope": scope,
        "plan": plan(scope, p.duration_weeks),
        "success_criteria": _criteria(scope, p.success_criteria),
        "risks": _risks(tasks, scope, bool(tasks)),
    }
    art = await ctx.artifacts.put_json(
        "poc",
        body,
        parents=list(dict.fromkeys(p.source_ids)),
        descriptor={"title": title, "duration_weeks": p.duration_weeks, "scope_items": len(scope)},
    )
    narrative, status = await narrate(ctx, "poc_summary", poc=body)
    return PocResult(
        poc_id=art.artifact_id,
        title=title,
        scope=scope,
        plan=body["plan"],
        success_criteria=body["success_criteria"],
        risks=body["risks"],
        narrative=narrative,
        narrative_status=status,
    )
