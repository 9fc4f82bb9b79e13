"""A workflow graph as an SOP: steps in flow order, roles from lanes, exceptions from boundaries."""

from __future__ import annotations

from typing import get_args

from symphainy.capabilities.operations._graph import Node, WorkflowGraph
from symphainy.capabilities.operations._models import (
    SopDocument,
    SopException,
    SopStep,
    StepTaskType,
)

_STEP_TYPES = frozenset(get_args(StepTaskType))


def sop_from_graph(
    graph: WorkflowGraph, title: str | None = None, purpose: str | None = None
) -> SopDocument:
    """Derive the SOP of a workflow; loops and loose tasks become notes, not silent losses."""
    order, back = graph.order()
    number = {task: n for n, task in enumerate(order, start=1)}
    back_edges = set(back)
    steps = [_step(graph, task, number, back_edges) for task in order]
    exceptions = [
        _exception(graph, node, number[node.attached_to])
        for node in graph.nodes.values()
        if node.attached_to in number
    ]
    notes = [_loop_note(graph, number, task, pred) for task, pred in back]
    notes += _type_notes(graph, order)
    loose = set(graph.main_tasks()) | set(graph.exception_tasks())
    notes += [
        f"Task {_label(t)!r} is not connected to the start of the process."
        for t in graph.tasks()
        if t.node_id not in loose
    ]
    used = [s.role for s in steps] + [e.role for e in exceptions]
    roles = [lane for lane in dict.fromkeys(graph.lanes) if lane in used]
    return SopDocument(
        title=title or graph.name,
        purpose=purpose,
        roles=roles,
        steps=steps,
        exceptions=exceptions,
        notes=notes,
    )


def _label(node: Node) -> str:
    return node.name or node.node_id


def _step(
    graph: WorkflowGraph, task: str, number: dict[str, int], back: set[tuple[str, str]]
) -> SopStep:
    node = graph.nodes[task]
    after = sorted(
        number[p] for p in graph.task_predecessors(task) if p in number and (task, p) not in back
    )
    return SopStep(
        number=number[task],
        action=_label(node),
        role=node.role,
        after=after,
        condition=graph.incoming_condition(task, frozenset(p for t, p in back if t == task)),
        task_type=node.kind if node.kind in _STEP_TYPES else "task",
    )


def _exception(graph: WorkflowGraph, event: Node, step: int) -> SopException:
    chain = _handler_chain(graph, event.node_id)
    handlers = [graph.nodes[t] for t in chain]
    kinds = ", ".join(event.definitions) or "boundary"
    return SopException(
        step=step,
        condition=event.name or f"A {kinds} event occurs",
        handling="; then ".join(_label(h) for h in handlers) or "End the process",
        role=next((h.role for h in handlers if h.role), None),
    )


def _handler_chain(graph: WorkflowGraph, event_id: str) -> list[str]:
    chain: list[str] = []
    current = graph.task_successors(event_id)
    while len(current) == 1 and current[0] not in chain:
        chain.append(current[0])
        current = graph.task_successors(current[0])
    return chain + [t for t in current if t not in chain]


def _loop_note(graph: WorkflowGraph, number: dict[str, int], task: str, pred: str) -> str:
    condition = graph.incoming_condition(task)
    when = f" when {condition}" if condition else ""
    return f"After step {number[pred]}, the process may return to step {number[task]}{when}."


def _type_notes(graph: WorkflowGraph, order: list[str]) -> list[str]:
    return [
        f"Step {n} is a BPMN {graph.nodes[t].kind} in the workflow."
        for n, t in enumerate(order, start=1)
        if graph.nodes[t].kind not in _STEP_TYPES
    ]
