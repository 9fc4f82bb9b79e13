"""Parallel branches: work the model does in sequence though nothing makes one part wait.

After a step, each step that depends directly on it opens a branch: the
steps reachable from it in the dependency graph and from no sibling. No dependency path runs
between two branches (a step reachable from both belongs after their join). Branches whose
steps share a role are merged, since one person cannot do both at once. A candidate is
reported when at least two branches remain and the model orders some of their steps in
sequence. The start of the process is not taken as a fork: a step that names nothing an
earlier step makes may still need it (its text is silent), so it is not proposed to start first.

Runs of consecutive steps (each the other's only modelled neighbour) with no dependency path
between any two of them and different roles are reported too, unless a fork's branches already
hold them all: "Check the coverage" (Adjuster) beside "Order the estimate" (Clerk) when neither
uses what the other makes.
"""

from __future__ import annotations

from symphainy.capabilities.operations._analysis_models import ParallelCandidate
from symphainy.capabilities.operations._dependencies import DependencyGraph


def parallel_branches(
    deps: DependencyGraph, roles: dict[str, str | None]
) -> list[ParallelCandidate]:
    """Every fork whose branches could run side by side (see the module docstring)."""
    preds = {t: deps.preds(t) for t in deps.order}
    after = deps.descendants(preds)
    in_model = deps.descendants(deps.modelled)
    forks = [(t, _direct(t, after, preds, deps.order)) for t in deps.order]
    found: list[ParallelCandidate] = []
    for fork, children in forks:
        branches = _merge_roles(_branches(children, after, deps.order), roles)
        if len(branches) > 1 and _sequential(branches, in_model):
            found.append(_candidate(deps, fork, branches, preds))
    covered = [set(c.task_ids) for c in found]
    for run in _runs(deps, after, roles):
        if not any(set(run) <= c for c in covered):
            before = next(iter(deps.modelled[run[0]]), None)
            found.append(_candidate(deps, before, [[t] for t in run], preds))
    return found


def _runs(
    deps: DependencyGraph, after: dict[str, set[str]], roles: dict[str, str | None]
) -> list[list[str]]:
    succ: dict[str, list[str]] = {t: [] for t in deps.order}
    for task in deps.order:
        for pred in deps.modelled[task]:
            succ[pred].append(task)
    runs: list[list[str]] = []
    used: set[str] = set()
    for task in deps.order:
        run = [task]
        while (nxt := _chain_next(deps, succ, run[-1])) and _free(nxt, run, after, roles):
            run.append(nxt)
        if len(run) > 1 and not used & set(run):
            used |= set(run)
            runs.append(run)
    return runs


def _chain_next(deps: DependencyGraph, succ: dict[str, list[str]], task: str) -> str | None:
    nxt = succ[task]
    return nxt[0] if len(nxt) == 1 and deps.modelled[nxt[0]] == [task] else None


def _free(
    nxt: str, run: list[str], after: dict[str, set[str]], roles: dict[str, str | None]
) -> bool:
    return all(roles[t] != roles[nxt] and nxt not in after[t] and t not in after[nxt] for t in run)


def _direct(
    task: str, after: dict[str, set[str]], preds: dict[str, list[str]], order: list[str]
) -> list[str]:
    """Steps that depend on `task` not only through another such step (transitive reduction)."""
    below = after[task]
    return [d for d in order if task in preds[d] and not any(p in below for p in preds[d])]


def _branches(children: list[str], after: dict[str, set[str]], order: list[str]) -> list[list[str]]:
    reach = {c: {c} | after[c] for c in children}
    out: list[list[str]] = []
    for child in children:
        shared = set().union(*(reach[o] for o in children if o != child))
        out.append([t for t in order if t in reach[child] - shared])
    return [b for b in out if b]


def _merge_roles(branches: list[list[str]], roles: dict[str, str | None]) -> list[list[str]]:
    merged: list[list[str]] = []
    for branch in branches:
        mine = {roles[t] for t in branch} - {None}
        home = next((m for m in merged if mine & ({roles[t] for t in m} - {None})), None)
        if home is None:
            merged.append(list(branch))
        else:
            home.extend(branch)
    return merged


def _sequential(branches: list[list[str]], in_model: dict[str, set[str]]) -> bool:
    return any(
        y in in_model[x] or x in in_model[y]
        for i, a in enumerate(branches)
        for b in branches[i + 1 :]
        for x in a
        for y in b
    )


def _candidate(
    deps: DependencyGraph, fork: str | None, branches: list[list[str]], preds: dict[str, list[str]]
) -> ParallelCandidate:
    position = {t: i for i, t in enumerate(deps.order)}
    branches = [sorted(b, key=position.__getitem__) for b in branches]
    ids = sorted((t for b in branches for t in b), key=position.__getitem__)
    where = f"after {deps.names[fork]!r}" if fork else "from the start"
    evidence = [_why(deps, b[0], fork, preds) for b in branches]
    evidence += [
        f"{deps.names[t]!r} waits for {deps.names[p]!r}: {'; '.join(deps.needs[t][p])}"
        for b in branches
        for t in b[1:]
        for p in preds[t]
        if p in b
    ]
    return ParallelCandidate(
        task_ids=ids,
        names=[deps.names[t] for t in ids],
        after_task_id=fork,
        branches=branches,
        reason=f"{len(branches)} branches can run side by side {where}: no step of one uses"
        " what a step of another makes or changes, and no decision orders them",
        evidence=evidence,
        steps_saved=len(ids) - max(len(b) for b in branches),
    )


def _why(deps: DependencyGraph, first: str, fork: str | None, preds: dict[str, list[str]]) -> str:
    if not preds[first]:
        return f"{deps.names[first]!r} depends on no earlier step"
    return f"{deps.names[first]!r} waits only for " + "; ".join(
        f"{deps.names[p]!r} ({'; '.join(deps.needs[first][p])})" for p in preds[first]
    )
