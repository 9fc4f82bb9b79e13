"""create_poc: a proof-of-concept proposal: scope, week plan, success criteria and risks.

With an analysis (coexistence analysis, blueprint, or a workflow classed by the packaged rules)
the scope is chosen by relevance to the description: candidate tasks (on the normal path, not
kept human) are ranked by how close in meaning they are to the description's title or whole
text (operations' `similarity`, MiniLM), then by automation potential (automate before assist),
then by dependency order; those reaching the threshold are scoped, at most five. A prerequisite
of a scoped task joins the scope only when it lies between two scoped tasks (the pilot could
not run end to end without it); other prerequisites are named as inputs the pilot takes from
the process as it is. When no task relates, the routine automation candidates are scoped and
`scope_basis` says so. The plan spreads set-up, each scoped task's build and test, the pilot
run and the evaluation over the weeks in that order, so that every week has work.
Without an analysis, the scope is the description's own sentences.
"""

from __future__ import annotations

from typing import Any

from symphainy.capabilities.operations import (
    AnalysisOptions,
    DependencyGraph,
    classify_graph,
    dependency_graph,
    description_lines,
    load_workflow,
    narrate,
    similarity,
)
from symphainy.capabilities.outcomes._models import CreatePocParams, PocResult
from symphainy.capabilities.outcomes._sources import items_of, load
from symphainy.runtime import ExecutionContext

MAX_SCOPE = 5
CLASS_RANK = {"automate": 0, "assist": 1}


async def _tasks(
    ctx: ExecutionContext, source_id: str
) -> tuple[list[dict[str, Any]], DependencyGraph | None]:
    art = await ctx.artifacts.resolve(source_id)
    if art.artifact_type in ("workflow", "parsed_content"):
        loaded = await load_workflow(ctx, source_id)
        tasks = classify_graph(loaded.graph, AnalysisOptions())
        return [t.model_dump(mode="json") for t in tasks], dependency_graph(loaded.graph)
    source = await load(ctx, source_id, "coexistence_analysis", "blueprint")
    rows = items_of(source.content, "tasks") or items_of(source.content, "responsibility_matrix")
    workflow_id = source.content.get("workflow_id")
    deps = None
    if isinstance(workflow_id, str):
        deps = dependency_graph((await load_workflow(ctx, workflow_id)).graph)
    return rows, deps


def _name(t: dict[str, Any]) -> str:
    return str(t.get("name") or t.get("task") or t["task_id"])


async def _relevance(tasks: list[dict[str, Any]], description: str) -> tuple[list[float], float]:
    goals = [description_lines(description)[0], description]
    scores = await similarity(goals, [_name(t) for t in tasks])
    best = [max(col) for col in zip(*scores.rows, strict=True)] if tasks else []
    return best, scores.threshold


async def _scope(
    tasks: list[dict[str, Any]], description: str, deps: DependencyGraph | None
) -> tuple[list[dict[str, Any]], str]:
    normal = [
        t for t in tasks if not t.get("on_exception_path") and t.get("classification") in CLASS_RANK
    ]
    score, threshold = await _relevance(normal, description)
    position = {t: i for i, t in enumerate(deps.order)} if deps else {}
    rank = sorted(
        range(len(normal)),
        key=lambda i: (
            -score[i],
            CLASS_RANK[normal[i]["classification"]],
            position.get(normal[i]["task_id"], i),
        ),
    )
    picked = [i for i in rank if score[i] >= threshold][:MAX_SCOPE]
    basis = f"tasks related in meaning to the description (score >= {threshold:g})"
    if not picked:
        best = max(score, default=0.0)
        basis = (
            f"no task relates to the description (best score {best:.2f} < {threshold:g}):"
            " the routine automation candidates instead"
        )
        routine = [i for i in range(len(normal)) if normal[i]["classification"] == "automate"]
        picked = (routine or list(range(len(normal))))[:MAX_SCOPE]
    chosen = [normal[i] | {"relevance": score[i]} for i in picked]
    return _in_dependency_order(chosen, deps, {_name(t): t for t in tasks}), basis


def _in_dependency_order(
    chosen: list[dict[str, Any]], deps: DependencyGraph | None, by_name: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    ids = {t["task_id"] for t in chosen}
    if deps is not None:
        preds = {t: deps.preds(t) for t in deps.order}
        after = deps.descendants(preds)
        below = {t for s in ids if s in after for t in after[s]}
        bridges = [t for t in deps.order if t in below and t not in ids and after[t] & ids]
        known = {str(t["task_id"]): t for t in by_name.values()}
        chosen += [
            known[b] | {"relevance": None, "prerequisite": True}
            for b in bridges
            if b in known and known[b].get("classification") in CLASS_RANK
        ]
        ids |= set(bridges)
        position = {t: i for i, t in enumerate(deps.order)}
        chosen.sort(key=lambda t: position.get(t["task_id"], len(position)))
    return [_scope_item(t, deps, ids) for t in chosen]


def _scope_item(t: dict[str, Any], deps: DependencyGraph | None, ids: set[str]) -> dict[str, Any]:
    needs = deps.preds(t["task_id"]) if deps and t["task_id"] in deps.needs else []
    return {
        "task_id": t["task_id"],
        "item": _name(t),
        "classification": t["classification"],
        "role": t.get("role") or t.get("accountable"),
        "relevance": t.get("relevance"),
        "why": "needed between scoped tasks" if t.get("prerequisite") else "related to the goal",
        "inputs_from_process": [deps.names[p] for p in needs if p not in ids] if deps else [],
    }


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


def activities(scope: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """The work, in order: set-up, build and test of each scoped task, pilot run, evaluation."""
    names = [str(s["item"]) for s in scope]
    work: list[tuple[str, list[str]]] = [("Set up access and measure the baseline", names)]
    for name in names:
        work += [(f"Build: {name}", [name]), (f"Test on past cases: {name}", [name])]
    work.append(("Run the pilot on live cases", names))
    work.append(("Evaluate against the success criteria and decide", names))
    return work


def plan(scope: list[dict[str, Any]], weeks: int) -> list[dict[str, Any]]:
    """The activities spread in order over the weeks: no week empty, none out of order.

    With more activities than weeks each week takes a consecutive share; with fewer, an
    activity spans several weeks (it is continued).
    """
    work = activities(scope)
    shares = [
        work[w * len(work) // weeks : max((w + 1) * len(work) // weeks, w * len(work) // weeks + 1)]
        for w in range(weeks)
    ]
    return [
        {
            "week": w,
            "activity": "; ".join(a for a, _ in share),
            "activities": [a for a, _ in share],
            "items": list(dict.fromkeys(i for _, items in share for i in items)),
        }
        for w, share in enumerate(shares, start=1)
    ]


async def create_poc(ctx: ExecutionContext, p: CreatePocParams) -> PocResult:
    """Build the POC proposal and register it with its sources as parents."""
    tasks: list[dict[str, Any]] = []
    deps: DependencyGraph | None = None
    for sid in dict.fromkeys(p.source_ids):
        found, graph = await _tasks(ctx, sid)
        tasks, deps = tasks + found, deps or graph
    sentences = description_lines(p.description)
    scope, basis = [{"item": s} for s in sentences[:MAX_SCOPE]], "the description's sentences"
    if tasks:
        scope, basis = await _scope(tasks, p.description, deps)
    title = sentences[0][:120]
    body = {
        "title": title,
        "description": p.description,
        "duration_weeks": p.duration_weeks,
        "scope": scope,
        "scope_basis": basis,
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
        scope_basis=basis,
        plan=body["plan"],
        success_criteria=body["success_criteria"],
        risks=body["risks"],
        narrative=narrative,
        narrative_status=status,
    )
