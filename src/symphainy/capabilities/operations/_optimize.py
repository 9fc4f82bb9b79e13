"""optimize_process: measured findings on the workflow graph, and what they suggest.

- dependencies: which step waits for which, by data (it uses what another makes) or control
  (decisions, conditions, joins); see `_dependencies`;
- cycle time: the longest path as modelled and through the dependencies only (each role's
  steps still one after another), with the critical path; durations from the step names;
- parallel candidates: branches the model runs in sequence with no dependency path between
  them (see `_parallel`); two steps with a path between them are never proposed together;
- redundant approvals: two approvals of the same object where one follows the other and only
  reviews or approvals lie between them;
- handoffs: task-to-task flows where the role changes; rework loops: flows back to earlier tasks.

Goals are matched to recommendations by meaning (`_similarity`): each recommendation is compared
by its text and by what its kind of change is for (`_optimize_words.GOALS`), and the best goal is
reported with its score when it reaches the threshold.
"""

from __future__ import annotations

import itertools
from typing import Any

from pydantic import BaseModel

from symphainy.capabilities.operations._analysis_models import (
    CycleTime,
    GoalMatch,
    Handoff,
    OptimizeProcessParams,
    OptimizeProcessResult,
    ParallelCandidate,
    Recommendation,
    RedundantApproval,
    StepDependency,
    TaskDuration,
)
from symphainy.capabilities.operations._dependencies import (
    DependencyGraph,
    Durations,
    dependency_graph,
    durations,
    longest_path,
    scheduling_preds,
)
from symphainy.capabilities.operations._graph import WorkflowGraph
from symphainy.capabilities.operations._io import load_workflow
from symphainy.capabilities.operations._narrative import narrate
from symphainy.capabilities.operations._optimize_words import (
    GOALS,
    SHORT_GOAL,
    approves,
    objects,
    passive,
)
from symphainy.capabilities.operations._parallel import parallel_branches
from symphainy.capabilities.operations._similarity import THRESHOLD, similarity
from symphainy.runtime import ExecutionContext


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
    approvals = [t for t in tasks if approves(t.name)]
    looking = {t.node_id for t in tasks if passive(t.name)}
    found: list[RedundantApproval] = []
    for first in approvals:
        for second in approvals:
            shared = objects(first.name) & objects(second.name)
            if first is second or not shared:
                continue
            if _reachable(graph, first.node_id, second.node_id, looking):
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


def step_dependencies(deps: DependencyGraph) -> list[StepDependency]:
    """Every dependency, with its evidence; control when no data flows along it."""
    return [
        StepDependency(
            from_task_id=source,
            to_task_id=task,
            kind="data" if any(e.startswith("data") for e in evidence) else "control",
            evidence=evidence,
        )
        for task in deps.order
        for source in deps.preds(task)
        for evidence in [deps.needs[task][source]]
    ]


def cycle_time(deps: DependencyGraph, roles: dict[str, str | None]) -> CycleTime:
    """As-is and to-be cycle times and critical paths (see the module docstring)."""
    known = durations(deps)
    as_is, as_is_path = longest_path(deps.order, deps.modelled, known.minutes)
    to_be, path = longest_path(deps.order, scheduling_preds(deps, roles), known.minutes)
    return CycleTime(
        unit="minutes" if known.unit == "minutes" else "steps",
        method=known.method,
        as_is=as_is,
        to_be=to_be,
        as_is_critical_path=as_is_path,
        critical_path=path,
        durations=[
            TaskDuration(
                task_id=t,
                duration=known.minutes[t],
                source="given" if t in known.given else "estimated",
            )
            for t in deps.order
        ],
    )


Item = tuple[str, str, list[str], list[str]]


def _critical_item(deps: DependencyGraph, cycle: CycleTime, known: Durations) -> list[Item]:
    path = cycle.critical_path
    if not known.given or len(path) < 2:
        return []
    longest = max(path, key=lambda t: known.minutes[t])
    chain = " → ".join(repr(deps.names[t]) for t in path)
    text = (
        f"The cycle time ({cycle.to_be:g} min once parallelised, {cycle.as_is:g} as modelled)"
        f" is set by {chain}; its longest step, {deps.names[longest]!r}"
        f" ({known.minutes[longest]:g} min), is where shortening pays."
    )
    evidence = [
        f"{deps.names[b]!r} waits for {deps.names[a]!r}: {'; '.join(deps.needs[b][a])}"
        for a, b in itertools.pairwise(path)
        if a in deps.needs.get(b, {})
    ]
    return [("shorten_critical_path", text, list(path), evidence)]


def _parallel_item(deps: DependencyGraph, c: ParallelCandidate) -> Item:
    where = f"after {deps.names[c.after_task_id]!r}" if c.after_task_id else "from the start"
    lanes = " | ".join(" → ".join(repr(deps.names[t]) for t in b) for b in c.branches)
    return ("parallelize", f"Run in parallel {where}: {lanes}.", c.task_ids, c.evidence)


def finding_items(
    approvals: list[RedundantApproval], hand: list[Handoff], loops: list[list[str]]
) -> list[Item]:
    """Recommendations of the approval, handoff and rework findings."""
    items: list[Item] = [
        (
            "remove_approval",
            f"Drop one of the approvals: {a.reason}.",
            [a.first_task_id, a.second_task_id],
            [a.reason],
        )
        for a in approvals
    ]
    items += _handoff_items(hand)
    items += [
        ("rework", "Rework loop: remove its cause upstream.", loop, ["a flow returns here"])
        for loop in loops
    ]
    return items


def _handoff_items(hand: list[Handoff]) -> list[Item]:
    pairs: dict[tuple[str | None, str | None], list[str]] = {}
    for h in hand:
        pairs.setdefault((h.from_role, h.to_role), []).extend([h.from_task_id, h.to_task_id])
    return [
        (
            "reduce_handoffs",
            f"Work passes from {a} to {b} {len(ids) // 2} time(s); consider one"
            " owner or a shared queue.",
            list(dict.fromkeys(ids)),
            [f"{len(ids) // 2} flows from a {a} task to a {b} task"],
        )
        for (a, b), ids in pairs.items()
        if len(ids) >= 4
    ]


async def goal_matches(items: list[Item], goals: list[str]) -> tuple[list[GoalMatch | None], float]:
    """The best goal of each item by meaning (its advice or its benefits), if it relates."""
    if not goals or not items:
        return [None] * len(items), THRESHOLD
    texts = [text for _, text, _, _ in items]
    own = [[i] for i in range(len(items))]
    for i, (cat, _, _, _) in enumerate(items):
        own[i] += range(len(texts), len(texts) + len(GOALS[cat]))
        texts += GOALS[cat]
    scores = await similarity(goals, texts)
    found: list[GoalMatch | None] = []
    for mine in own:
        score, _, g, j = max((scores.rows[g][j], -g, g, j) for g in range(len(goals)) for j in mine)
        found.append(
            GoalMatch(goal=goals[g], score=score, method=scores.method, matched_text=texts[j])
            if score >= scores.threshold
            else None
        )
    return found, scores.threshold


def ranked(items: list[Item], matches: list[GoalMatch | None]) -> list[Recommendation]:
    """Recommendations, those serving a goal first (closest first), then in finding order."""
    recs = [
        Recommendation(
            category=cat,
            goal=SHORT_GOAL[cat],
            text=text,
            task_ids=ids,
            evidence=evidence,
            matches_goals=match is not None,
            goal_match=match,
        )
        for (cat, text, ids, evidence), match in zip(items, matches, strict=True)
    ]
    return sorted(recs, key=lambda r: -r.goal_match.score if r.goal_match else 1.0)


async def analyse(graph: WorkflowGraph, goals: list[str]) -> dict[str, Any]:
    """Every finding on the graph, and the recommendations ranked by the goals they serve."""
    deps = dependency_graph(graph)
    roles = {t: graph.nodes[t].role for t in deps.order}
    parallel = parallel_branches(deps, roles)
    approvals = redundant_approvals(graph)
    hand = handoffs(graph)
    loops = [[pred, task] for task, pred in graph.order()[1]]
    cycle = cycle_time(deps, roles)
    items = [_parallel_item(deps, c) for c in parallel]
    items += _critical_item(deps, cycle, durations(deps))
    items += finding_items(approvals, hand, loops)
    matches, threshold = await goal_matches(items, goals)
    metrics = _metrics(graph, deps, roles, cycle, len(hand))
    found = {
        "metrics": metrics,
        "dependencies": step_dependencies(deps),
        "cycle_time": cycle,
        "parallel_candidates": parallel,
        "redundant_approvals": approvals,
        "handoffs": hand,
        "rework_loops": loops,
        "recommendations": ranked(items, matches),
        "goal_threshold": threshold,
    }
    return found


async def optimize_process(
    ctx: ExecutionContext, p: OptimizeProcessParams
) -> OptimizeProcessResult:
    """Analyse the workflow graph and register an optimization artifact."""
    loaded = await load_workflow(ctx, p.workflow_id)
    graph = loaded.graph
    found = await analyse(graph, p.goals)
    metrics = found["metrics"]
    found["workflow_id"] = loaded.artifact.artifact_id
    result = {**_dump(found), "goals": p.goals}
    art = await ctx.artifacts.put_json(
        "optimization",
        result,
        parents=[loaded.artifact.artifact_id],
        descriptor={"workflow_name": graph.name, "metrics": metrics},
    )
    narrative, status = await narrate(ctx, "optimization_summary", optimization=result)
    return OptimizeProcessResult.model_validate(
        {
            **found,
            "optimization_id": art.artifact_id,
            "narrative": narrative,
            "narrative_status": status,
        }
    )


def _dump(found: dict[str, Any]) -> dict[str, Any]:
    """The findings as JSON values (models dumped, lists of models too)."""

    def plain(value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value.model_dump()
        return [plain(v) for v in value] if isinstance(value, list) else value

    return {key: plain(value) for key, value in found.items()}


def _metrics(
    graph: WorkflowGraph,
    deps: DependencyGraph,
    roles: dict[str, str | None],
    cycle: CycleTime,
    handoff_count: int,
) -> dict[str, float]:
    steps = dict.fromkeys(deps.order, 1.0)
    tasks = graph.tasks()
    return {
        "task_count": float(len(tasks)),
        "main_path_tasks": float(len(deps.order)),
        "sequential_depth": longest_path(deps.order, deps.modelled, steps)[0],
        "depth_if_parallelized": longest_path(deps.order, scheduling_preds(deps, roles), steps)[0],
        "cycle_time": cycle.as_is,
        "cycle_time_if_parallelized": cycle.to_be,
        "dependency_count": float(sum(len(deps.preds(t)) for t in deps.order)),
        "handoff_count": float(handoff_count),
        "roles": float(len({t.role for t in tasks if t.role})),
        "approval_count": float(sum(approves(t.name) for t in tasks)),
    }
