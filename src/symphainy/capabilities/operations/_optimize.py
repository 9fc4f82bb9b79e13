"""optimize_process: measured findings on the workflow graph, and what they suggest.

- parallel candidates: runs of consecutive tasks (each the other's only neighbour) done by
  different roles on different business objects (the nouns after the verb), with no approval
  or decision among them: nothing in the model makes one wait for the other;
- redundant approvals: two approvals of the same object where one follows the other and only
  reviews or approvals lie between them;
- handoffs: task-to-task flows where the role changes; rework loops: flows back to earlier tasks.
"""

from __future__ import annotations

import re

from symphainy.capabilities.operations._analysis_models import (
    Handoff,
    OptimizeProcessParams,
    OptimizeProcessResult,
    ParallelCandidate,
    Recommendation,
    RedundantApproval,
)
from symphainy.capabilities.operations._graph import WorkflowGraph
from symphainy.capabilities.operations._io import load_workflow
from symphainy.capabilities.operations._narrative import narrate
from symphainy.runtime import ExecutionContext

APPROVAL = re.compile(r"\b(approv|authori[sz]|sign[- ]?off|sign\b)", re.I)
DECISION = re.compile(r"\b(decid|decision|approv|authori[sz]|choose|determin)", re.I)
PASSIVE = re.compile(r"\b(review|approv|authori[sz]|sign|check|confirm)", re.I)
STOP = frozenset(
    re.split(
        r"\s+",
        "a an the of to for and or in on at by from with into its their this that all any each"
        " new is are be it as if",
    )
)
GOALS = {
    "parallelize": ("speed", "time", "cycle", "fast", "throughput", "lead"),
    "remove_approval": ("speed", "cost", "effort", "simpl", "time"),
    "reduce_handoffs": ("cost", "quality", "error", "handoff", "speed", "effort"),
    "rework": ("quality", "error", "cost", "compliance", "rework"),
}


def objects(name: str | None) -> set[str]:
    """Business objects a task names: its words after the verb, minus filler, singular."""
    words = re.findall(r"[a-z][a-z0-9]+", (name or "").lower())[1:]
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in STOP}


def _chain_next(graph: WorkflowGraph, task: str, main: set[str]) -> str | None:
    succ = [s for s in graph.task_successors(task) if s in main]
    if len(succ) != 1:
        return None
    preds = [p for p in graph.task_predecessors(succ[0]) if p in main]
    return succ[0] if preds == [task] else None


def parallel_candidates(graph: WorkflowGraph) -> list[ParallelCandidate]:
    """Runs of consecutive, independent-looking tasks (see the module docstring)."""
    order, _ = graph.order()
    main = set(order)
    found: list[ParallelCandidate] = []
    used: set[str] = set()
    for task in order:
        run = [task]
        while (nxt := _chain_next(graph, run[-1], main)) and _independent(graph, run, nxt):
            run.append(nxt)
        if len(run) > 1 and not used & set(run):
            used |= set(run)
            found.append(_candidate(graph, run))
    return found


def _independent(graph: WorkflowGraph, run: list[str], nxt: str) -> bool:
    new = graph.nodes[nxt]
    if DECISION.search(new.name or "") or any(
        DECISION.search(graph.nodes[t].name or "") for t in run
    ):
        return False
    for task in run:
        node = graph.nodes[task]
        if node.role == new.role or objects(node.name) & objects(new.name):
            return False
    return True


def _candidate(graph: WorkflowGraph, run: list[str]) -> ParallelCandidate:
    nodes = [graph.nodes[t] for t in run]
    roles = ", ".join(str(n.role) for n in nodes)
    return ParallelCandidate(
        task_ids=run,
        names=[n.name or n.node_id for n in nodes],
        reason=f"done in sequence by different roles ({roles}) on different objects,"
        " with no decision between them",
        steps_saved=len(run) - 1,
    )


def _reachable(graph: WorkflowGraph, start: str, goal: str, via: set[str]) -> bool:
    """Whether `goal` follows `start` through tasks in `via` only."""
    frontier, seen = [start], {start}
    while frontier:
        for nxt in graph.task_successors(frontier.pop()):
            if nxt == goal:
                return True
            if nxt in via and nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return False


def redundant_approvals(graph: WorkflowGraph) -> list[RedundantApproval]:
    """Approvals of a shared object, the second reached from the first via passive steps."""
    tasks = graph.tasks()
    approvals = [t for t in tasks if APPROVAL.search(t.name or "")]
    passive = {t.node_id for t in tasks if PASSIVE.search(t.name or "")}
    found: list[RedundantApproval] = []
    for first in approvals:
        for second in approvals:
            shared = objects(first.name) & objects(second.name)
            if first is second or not shared:
                continue
            if _reachable(graph, first.node_id, second.node_id, passive):
                found.append(
                    RedundantApproval(
                        first_task_id=first.node_id,
                        second_task_id=second.node_id,
                        shared_objects=sorted(shared),
                        reason=f"{second.name!r} approves {', '.join(sorted(shared))} again after"
                        f" {first.name!r}, with nothing changing it in between",
                    )
                )
    return found


def handoffs(graph: WorkflowGraph) -> list[Handoff]:
    """Task-to-task flows on which the role changes."""
    return [
        Handoff(
            from_task_id=t.node_id,
            to_task_id=s,
            from_role=t.role,
            to_role=graph.nodes[s].role,
        )
        for t in graph.tasks()
        for s in graph.task_successors(t.node_id)
        if graph.nodes[s].role != t.role
    ]


def depth(graph: WorkflowGraph, merged: list[list[str]]) -> int:
    """Tasks on the longest path (merged runs count once)."""
    order, back = graph.order()
    group = {t: i for i, run in enumerate(merged) for t in run}
    best: dict[str, int] = {}
    for task in order:
        preds = [p for p in graph.task_predecessors(task) if p in best and (task, p) not in back]
        same = [best[p] for p in preds if group.get(p, -1) == group.get(task, -2)]
        other = [best[p] + 1 for p in preds if group.get(p, -1) != group.get(task, -2)]
        best[task] = max([1, *same, *other])
    return max(best.values(), default=0)


def recommendations(
    parallel: list[ParallelCandidate],
    approvals: list[RedundantApproval],
    hand: list[Handoff],
    loops: list[list[str]],
    goals: list[str],
) -> list[Recommendation]:
    """One recommendation per finding; those serving the caller's goals come first."""
    items: list[tuple[str, str, list[str]]] = []
    items += [
        ("parallelize", f"Run {' and '.join(c.names)} in parallel.", c.task_ids) for c in parallel
    ]
    items += [
        (
            "remove_approval",
            f"Drop one of the approvals: {a.reason}.",
            [a.first_task_id, a.second_task_id],
        )
        for a in approvals
    ]
    pairs: dict[tuple[str | None, str | None], list[str]] = {}
    for h in hand:
        pairs.setdefault((h.from_role, h.to_role), []).extend([h.from_task_id, h.to_task_id])
    items += [
        (
            "reduce_handoffs",
            f"Work passes from {a} to {b} {len(ids) // 2} time(s); consider one"
            " owner or a shared queue.",
            list(dict.fromkeys(ids)),
        )
        for (a, b), ids in pairs.items()
        if len(ids) >= 4
    ]
    items += [("rework", "Rework loop: remove its cause upstream.", loop) for loop in loops]
    wanted = [g.lower() for g in goals]
    recs = [
        Recommendation(
            category=cat,
            goal=GOALS[cat][0],
            text=text,
            task_ids=ids,
            matches_goals=any(
                w.startswith(g) or g.startswith(w) for g in wanted for w in GOALS[cat]
            ),
        )
        for cat, text, ids in items
    ]
    return sorted(recs, key=lambda r: not r.matches_goals)


async def optimize_process(
    ctx: ExecutionContext, p: OptimizeProcessParams
) -> OptimizeProcessResult:
    """Analyse the workflow graph and register an optimization artifact."""
    loaded = await load_workflow(ctx, p.workflow_id)
    graph = loaded.graph
    parallel = parallel_candidates(graph)
    approvals = redundant_approvals(graph)
    hand = handoffs(graph)
    order, back = graph.order()
    loops = [[pred, task] for task, pred in back]
    now, after = depth(graph, []), depth(graph, [c.task_ids for c in parallel])
    metrics = {
        "task_count": float(len(graph.tasks())),
        "main_path_tasks": float(len(order)),
        "sequential_depth": float(now),
        "depth_if_parallelized": float(after),
        "handoff_count": float(len(hand)),
        "roles": float(len({t.role for t in graph.tasks() if t.role})),
        "approval_count": float(sum(bool(APPROVAL.search(t.name or "")) for t in graph.tasks())),
    }
    recs = recommendations(parallel, approvals, hand, loops, p.goals)
    result = {
        "workflow_id": loaded.artifact.artifact_id,
        "metrics": metrics,
        "parallel_candidates": [c.model_dump() for c in parallel],
        "redundant_approvals": [a.model_dump() for a in approvals],
        "handoffs": [h.model_dump() for h in hand],
        "rework_loops": loops,
        "recommendations": [r.model_dump() for r in recs],
        "goals": p.goals,
    }
    art = await ctx.artifacts.put_json(
        "optimization",
        result,
        parents=[loaded.artifact.artifact_id],
        descriptor={"workflow_name": graph.name, "metrics": metrics},
    )
    narrative, status = await narrate(ctx, "optimization_summary", optimization=result)
    return OptimizeProcessResult(
        optimization_id=art.artifact_id,
        workflow_id=loaded.artifact.artifact_id,
        metrics=metrics,
        parallel_candidates=parallel,
        redundant_approvals=approvals,
        handoffs=hand,
        rework_loops=loops,
        recommendations=recs,
        narrative=narrative,
        narrative_status=status,
    )
