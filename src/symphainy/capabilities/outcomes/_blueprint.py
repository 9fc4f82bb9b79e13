"""create_blueprint: current → target state of a workflow, from its coexistence analysis.

Target owners follow the classes: `automate` → the platform does the step and the role stays
accountable; `assist` → the role does it with an assistant; `keep-human` → the role, unchanged.
Phases order the change by risk: automation off the exception paths first, then assistance,
then the exception paths; the optimization's recommendations (if any) close the plan.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from symphainy.capabilities.operations import (
    AnalysisOptions,
    WorkflowGraph,
    classify_graph,
    handoffs,
    load_workflow,
    narrate,
)
from symphainy.capabilities.outcomes._models import BlueprintResult, CreateBlueprintParams
from symphainy.capabilities.outcomes._sources import items_of, latest_child, load
from symphainy.runtime import ExecutionContext

AUTOMATION = "Platform (automated)"


async def _analysis(
    ctx: ExecutionContext, workflow_id: str, analysis_id: str | None, graph: WorkflowGraph
) -> tuple[list[dict[str, Any]], str | None, str]:
    analysis_id = analysis_id or await latest_child(ctx, workflow_id, "coexistence_analysis")
    if analysis_id is None:
        tasks = classify_graph(graph, AnalysisOptions())
        return [t.model_dump(mode="json") for t in tasks], None, "packaged_rules"
    source = await load(ctx, analysis_id, "coexistence_analysis")
    return items_of(source.content, "tasks"), source.artifact_id, "artifact"


def target_owner(task: dict[str, Any]) -> str:
    """Who does the task in the target state."""
    role = task.get("role") or "Unassigned"
    return {
        "automate": AUTOMATION,
        "assist": f"{role} with an assistant",
    }.get(str(task["classification"]), str(role))


def responsibility(task: dict[str, Any]) -> dict[str, Any]:
    """One row of the responsibility matrix (RACI: responsible, accountable, consulted)."""
    role = task.get("role") or "Unassigned"
    cls = task["classification"]
    return {
        "task_id": task["task_id"],
        "task": task.get("name") or task["task_id"],
        "classification": cls,
        "responsible": AUTOMATION if cls == "automate" else role,
        "accountable": role,
        "consulted": ["Assistant"] if cls == "assist" else [],
        "informed": [role] if cls == "automate" else [],
    }


def _state(tasks: list[dict[str, Any]], owner: Any, handoff_count: int) -> dict[str, Any]:
    owners = Counter(owner(t) for t in tasks)
    human = sum(n for who, n in owners.items() if who != AUTOMATION)
    return {
        "tasks": [
            {"task_id": t["task_id"], "name": t.get("name"), "owner": owner(t)} for t in tasks
        ],
        "tasks_per_owner": dict(sorted(owners.items())),
        "human_tasks": human,
        "automated_tasks": owners.get(AUTOMATION, 0),
        "handoffs": handoff_count,
    }


def phases(
    tasks: list[dict[str, Any]], recommendations: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Non-empty phases, in order of rising risk."""

    def ids(cls: str, exception_path: bool) -> list[str]:
        return [
            t["task_id"]
            for t in tasks
            if t["classification"] == cls and bool(t.get("on_exception_path")) == exception_path
        ]

    plan = [
        ("Automate routine steps", ids("automate", False)),
        ("Introduce assistants", ids("assist", False)),
        ("Rework exception handling", ids("automate", True) + ids("assist", True)),
        ("Apply process changes", [i for r in recommendations for i in r.get("task_ids", [])]),
    ]
    return [
        {"phase": n, "name": name, "task_ids": list(dict.fromkeys(task_ids))}
        for n, (name, task_ids) in enumerate([p for p in plan if p[1]], start=1)
    ]


async def create_blueprint(ctx: ExecutionContext, p: CreateBlueprintParams) -> BlueprintResult:
    """Build the blueprint and register it with the workflow and analyses as parents."""
    loaded = await load_workflow(ctx, p.workflow_id)
    wf_id = loaded.artifact.artifact_id
    tasks, analysis_id, origin = await _analysis(
        ctx, wf_id, p.coexistence_analysis_id, loaded.graph
    )
    opt_id = p.optimization_id or await latest_child(ctx, wf_id, "optimization")
    recs = (
        items_of((await load(ctx, opt_id, "optimization")).content, "recommendations")
        if opt_id
        else []
    )
    hand = len(handoffs(loaded.graph))
    current = _state(tasks, lambda t: t.get("role") or "Unassigned", hand)
    target = _state(tasks, target_owner, _target_handoffs(loaded.graph, tasks))
    plan = phases(tasks, recs)
    body: dict[str, Any] = {
        "workflow_id": wf_id,
        "workflow_name": loaded.graph.name,
        "coexistence_analysis_id": analysis_id,
        "optimization_id": opt_id,
        "analysis_source": origin,
        "current_state": current,
        "target_state": target,
        "responsibility_matrix": [responsibility(t) for t in tasks],
        "phases": plan,
    }
    parents = [i for i in (wf_id, analysis_id, opt_id) if i]
    art = await ctx.artifacts.put_json(
        "blueprint",
        body,
        parents=parents,
        descriptor={
            "workflow_name": loaded.graph.name,
            "phases": len(plan),
            "automated_tasks": target["automated_tasks"],
        },
    )
    narrative, status = await narrate(ctx, "blueprint_summary", blueprint=body)
    return BlueprintResult(
        blueprint_id=art.artifact_id, narrative=narrative, narrative_status=status, **body
    )


def _target_handoffs(graph: WorkflowGraph, tasks: list[dict[str, Any]]) -> int:
    """Task-to-task flows on which the target owner changes."""
    owner = {t["task_id"]: target_owner(t) for t in tasks}
    return sum(
        owner.get(task.node_id) != owner.get(nxt)
        for task in graph.tasks()
        for nxt in graph.task_successors(task.node_id)
    )
