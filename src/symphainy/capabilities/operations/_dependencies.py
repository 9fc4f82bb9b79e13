"""Which steps must wait for which: data and control dependencies, cycle time, critical path.

The modelled sequence flows give the as-is order; they are not all needs. A step depends on:
- data: the latest earlier step on a modelled path to it that makes or changes an object it
  uses (alternatives after an exclusive gateway do not feed each other)
  (see `_steps`: "Dispense the medication per the prescription" uses *prescription*, which
  "Write the prescription" makes);
- control: a decision or approval before it on the modelled flow (the work waits for the
  outcome); the step before a conditional flow into it (it runs only when the condition
  holds); each of the flows a join gateway brings together (the model synchronises them).

Two steps with a path between them in this dependency graph are never proposed in parallel.
Durations come from the step names; missing ones are estimated as the median of the given
ones, and with none given every step counts 1 (cycle time in steps); the result says which.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from graphlib import TopologicalSorter

from symphainy.capabilities.operations._graph import WorkflowGraph
from symphainy.capabilities.operations._steps import CREATES, StepText, read_step

DECISION = re.compile(r"\b(decid|decision|approv|authori[sz]|choose|determin)", re.I)


@dataclass
class DependencyGraph:
    """Main-path tasks in flow order, their modelled predecessors and their real dependencies."""

    order: list[str]
    modelled: dict[str, list[str]]
    texts: dict[str, StepText]
    needs: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def add(self, source: str, target: str, evidence: str) -> None:
        """Record that `target` waits for `source`, and why."""
        self.needs.setdefault(target, {}).setdefault(source, []).append(evidence)

    def preds(self, task: str) -> list[str]:
        """The steps `task` depends on, in flow order."""
        needs = self.needs.get(task, {})
        return [t for t in self.order if t in needs]

    def descendants(self, preds: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
        """For each task, every task after it along `preds` (reversed)."""
        found: dict[str, set[str]] = {t: set() for t in self.order}
        for task in reversed(self.order):
            for pred in preds[task]:
                found[pred] |= {task} | found[task]
        return found


def dependency_graph(graph: WorkflowGraph) -> DependencyGraph:
    """The dependency graph of a workflow's main path (rework loops' closing flows left out)."""
    order, back = graph.order()
    members, closing = set(order), set(back)
    modelled = {
        t: [p for p in graph.task_predecessors(t) if p in members and (t, p) not in closing]
        for t in order
    }
    deps = DependencyGraph(
        order=order,
        modelled=modelled,
        texts={t: read_step(graph.nodes[t].name or t) for t in order},
        names={t: graph.nodes[t].name or t for t in order},
    )
    _data(deps)
    _control(graph, deps)
    return deps


def _data(deps: DependencyGraph) -> None:
    """Each use waits for the latest earlier maker of the object on a modelled path to it."""
    before = deps.descendants(deps.modelled)
    makers: dict[str, list[str]] = {}
    for task in deps.order:
        text = deps.texts[task]
        for obj in text.reads:
            source = next((m for m in reversed(makers.get(obj, [])) if task in before[m]), None)
            if source is not None:
                phrase = deps.texts[source].phrases.get(obj, obj)
                made = "makes" if deps.texts[source].verb in CREATES else "changes"
                deps.add(
                    source, task, f"data: uses {phrase!r}, which {deps.names[source]!r} {made}"
                )
        for obj in text.writes:
            makers.setdefault(obj, []).append(task)


def _control(graph: WorkflowGraph, deps: DependencyGraph) -> None:
    later = deps.descendants(deps.modelled)
    for task in deps.order:
        before = deps.modelled[task]
        if len(before) > 1:
            for pred in before:
                deps.add(pred, task, "control: a join gateway brings its flows together")
        condition = graph.incoming_condition(task)
        for pred in before if condition else []:
            deps.add(pred, task, f"control: runs only when {condition!r}")
        if DECISION.search(deps.names[task]):
            for nxt in later[task]:
                deps.add(task, nxt, f"control: follows the decision {deps.names[task]!r}")


@dataclass(frozen=True, slots=True)
class Durations:
    """Minutes per task (or 1 per step), which were given, and how the rest were estimated."""

    minutes: dict[str, float]
    given: frozenset[str]
    unit: str
    method: str


def durations(deps: DependencyGraph) -> Durations:
    """Given durations, the median of them for the others, or 1 per step when none is given."""
    given = {t: m for t in deps.order if (m := deps.texts[t].minutes) is not None}
    if not given:
        return Durations(
            dict.fromkeys(deps.order, 1.0),
            frozenset(),
            "steps",
            "no step states a duration: every step counts 1, so times are in steps",
        )
    if len(given) == len(deps.order):
        return Durations(given, frozenset(given), "minutes", "every step states its duration")
    median = float(statistics.median(given.values()))
    minutes = {t: given.get(t, median) for t in deps.order}
    method = (
        f"{len(deps.order) - len(given)} step(s) state no duration: estimated as the median"
        f" ({median:g} min) of the {len(given)} given"
    )
    return Durations(minutes, frozenset(given), "minutes", method)


def longest_path(
    order: list[str], preds: Mapping[str, Iterable[str]], minutes: Mapping[str, float]
) -> tuple[float, list[str]]:
    """Length and tasks of the longest path through `preds` (a DAG over `order`)."""
    position = {t: i for i, t in enumerate(order)}
    sorter = TopologicalSorter({t: list(preds[t]) for t in order})
    finish: dict[str, float] = {}
    via: dict[str, str | None] = {}
    for task in sorter.static_order():
        best = max(preds[task], key=lambda p: (finish[p], -position[p]), default=None)
        finish[task] = minutes[task] + (finish[best] if best is not None else 0.0)
        via[task] = best
    if not finish:
        return 0.0, []
    node: str | None = max(order, key=lambda t: (finish[t], -position[t]))
    path: list[str] = []
    while node is not None:
        path.append(node)
        node = via[node]
    return finish[path[0]], path[::-1]


def scheduling_preds(
    deps: DependencyGraph, roles: Mapping[str, str | None]
) -> dict[str, list[str]]:
    """Dependencies plus one person per role: a role's steps keep their modelled order."""
    preds = {t: deps.preds(t) for t in deps.order}
    last: dict[str, str] = {}
    for task in deps.order:
        role = roles.get(task)
        if role is not None and role in last and last[role] not in preds[task]:
            preds[task] = [*preds[task], last[role]]
        if role is not None:
            last[role] = task
    return preds
