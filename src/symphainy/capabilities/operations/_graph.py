"""The workflow as a graph of tasks: built from the BPMN process document our parser produces.

Gateways and intermediate events are walked through, so each task knows the tasks it directly
follows and precedes; boundary events mark exception paths, and lanes give roles.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field

from symphainy.errors import InvalidRequest
from symphainy.types import JSONObject, JSONValue


@dataclass(frozen=True, slots=True)
class Node:
    """A flow node: task, event or gateway."""

    node_id: str
    name: str | None
    kind: str
    category: str
    role: str | None
    attached_to: str | None = None
    definitions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Flow:
    """A sequence flow."""

    flow_id: str
    source: str
    target: str
    condition: str | None
    is_default: bool


@dataclass
class WorkflowGraph:
    """Tasks, events, gateways and flows of every process of one BPMN document."""

    name: str
    process_ids: list[str]
    nodes: dict[str, Node] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    lanes: list[str] = field(default_factory=list)

    _out: dict[str, list[Flow]] = field(default_factory=dict, repr=False)
    _in: dict[str, list[Flow]] = field(default_factory=dict, repr=False)

    def add_flow(self, flow: Flow) -> None:
        """Add a sequence flow (and index it both ways)."""
        self.flows.append(flow)
        self._out.setdefault(flow.source, []).append(flow)
        self._in.setdefault(flow.target, []).append(flow)

    def outgoing(self, node_id: str) -> list[Flow]:
        """Flows leaving a node, in document order."""
        return self._out.get(node_id, [])

    def incoming(self, node_id: str) -> list[Flow]:
        """Flows entering a node, in document order."""
        return self._in.get(node_id, [])

    def tasks(self) -> list[Node]:
        """Every task, in document order."""
        return [n for n in self.nodes.values() if n.category == "task"]

    def task_successors(self, task_id: str) -> list[str]:
        """Tasks reached from `task_id` along sequence flows through non-task nodes."""
        return list(self._walk(task_id, forward=True))

    def task_predecessors(self, task_id: str) -> list[str]:
        """Tasks that lead to `task_id` along sequence flows through non-task nodes."""
        return list(self._walk(task_id, forward=False))

    def _walk(self, start: str, *, forward: bool) -> Iterator[str]:
        seen: set[str] = {start}
        frontier = [start]
        found: dict[str, None] = {}
        while frontier:
            current = frontier.pop(0)
            flows = self.outgoing(current) if forward else self.incoming(current)
            for flow in flows:
                nxt = flow.target if forward else flow.source
                if nxt in seen:
                    continue
                seen.add(nxt)
                if self.nodes[nxt].category == "task":
                    found[nxt] = None
                elif self.nodes[nxt].kind != "boundaryEvent":
                    frontier.append(nxt)
        return iter(found)

    def main_tasks(self) -> list[str]:
        """Tasks on the normal path: reachable from a start without passing a boundary event."""
        starts = [n.node_id for n in self.nodes.values() if n.kind == "startEvent"]
        if not starts:
            handlers = set(self.exception_tasks())
            starts = [
                t.node_id
                for t in self.tasks()
                if not self.task_predecessors(t.node_id) and t.node_id not in handlers
            ]
        reached: dict[str, None] = {}
        frontier = list(starts)
        while frontier:
            current = frontier.pop(0)
            for flow in self.outgoing(current):
                if flow.target not in reached and flow.target not in starts:
                    reached[flow.target] = None
                    frontier.append(flow.target)
        return [t.node_id for t in self.tasks() if t.node_id in reached or t.node_id in starts]

    def exception_tasks(self) -> list[str]:
        """Tasks reached from boundary events (the exception handling paths)."""
        found: dict[str, None] = {}
        for event in (n for n in self.nodes.values() if n.kind == "boundaryEvent"):
            found.update(dict.fromkeys(self.task_successors(event.node_id)))
        return list(found)

    def order(self) -> tuple[list[str], list[tuple[str, str]]]:
        """Main tasks in a topological order (document order breaks ties) and the back edges.

        Rework loops are real in business processes; the edges that close them (found by a
        depth-first walk from the start) are returned apart instead of making an order
        impossible. The order is then Kahn's, taking the earliest task in the file first.
        """
        main = self.main_tasks()
        members = set(main)
        succ = {t: [s for s in self.task_successors(t) if s in members] for t in main}
        back = back_edges(main, succ, self._entries(main))
        position = {t: i for i, t in enumerate(main)}
        return _kahn(main, succ, set(back), position), back

    def _entries(self, main: list[str]) -> list[str]:
        starts = [n.node_id for n in self.nodes.values() if n.kind == "startEvent"]
        entries = [t for s in starts for t in self.task_successors(s) if t in main]
        return entries or [t for t in main if not self.task_predecessors(t)]

    def incoming_condition(self, task_id: str, ignore: frozenset[str] = frozenset()) -> str | None:
        """The condition on the flow into a task, or into the join gateway just before it.

        Flows coming only from the tasks in `ignore` (loop closers) do not count.
        """
        flows = self.incoming(task_id)
        if len(flows) == 1 and self._is_join(flows[0].source):
            flows = self.incoming(flows[0].source)
        conditions = [f.condition for f in flows if f.condition and not self._from(f, ignore)]
        return conditions[0] if conditions else None

    def _from(self, flow: Flow, tasks: frozenset[str]) -> bool:
        source = self.nodes[flow.source]
        origin = (
            {source.node_id}
            if source.category == "task"
            else set(self.task_predecessors(source.node_id))
        )
        return bool(origin) and origin <= tasks

    def _is_join(self, node_id: str) -> bool:
        node = self.nodes[node_id]
        return node.category == "gateway" and len(self.incoming(node_id)) > 1

    def boundary_events(self, task_id: str) -> list[Node]:
        """Boundary events attached to a task."""
        return [n for n in self.nodes.values() if n.attached_to == task_id]


def back_edges(
    main: list[str], succ: dict[str, list[str]], entries: list[str]
) -> list[tuple[str, str]]:
    """Edges (target, source) that return to a node still being walked: loop closers.

    The walk starts from `entries`, then from any node of `main` not reached yet.
    """
    back: list[tuple[str, str]] = []
    state: dict[str, str] = {}
    for root in [*entries, *main]:
        if root in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(succ[root]))]
        state[root] = "active"
        while stack:
            task, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[task] = "done"
                stack.pop()
            elif state.get(child) == "active":
                back.append((child, task))
            elif child not in state:
                state[child] = "active"
                stack.append((child, iter(succ[child])))
    return back


def _kahn(
    main: list[str],
    succ: dict[str, list[str]],
    back: set[tuple[str, str]],
    position: dict[str, int],
) -> list[str]:
    indegree = dict.fromkeys(main, 0)
    for task in main:
        for nxt in succ[task]:
            if (nxt, task) not in back:
                indegree[nxt] += 1
    ready = [position[t] for t in main if indegree[t] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        task = main[heapq.heappop(ready)]
        order.append(task)
        for nxt in succ[task]:
            if (nxt, task) not in back:
                indegree[nxt] -= 1
                if indegree[nxt] == 0:
                    heapq.heappush(ready, position[nxt])
    return order


def workflow_graph(document: JSONValue) -> WorkflowGraph:
    """Build the graph from `{"processes": [...]}` (the BPMN parser's document)."""
    processes = _objects(document, "processes") if isinstance(document, dict) else []
    if not processes:
        raise InvalidRequest("the workflow document holds no BPMN process")
    names = [str(p["name"]) for p in processes if isinstance(p.get("name"), str)]
    graph = WorkflowGraph(
        name=names[0] if names else str(processes[0].get("id")),
        process_ids=[str(p.get("id")) for p in processes],
    )
    for process in processes:
        _add_process(graph, process)
    if not graph.tasks():
        raise InvalidRequest("the workflow has no tasks")
    return graph


def _objects(obj: JSONObject, key: str) -> list[JSONObject]:
    value = obj.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _add_process(graph: WorkflowGraph, process: JSONObject) -> None:
    roles: dict[str, str] = {}
    for lane in _objects(process, "lanes"):
        name = lane.get("name")
        if not isinstance(name, str) or not name:
            continue
        graph.lanes.append(name)
        elements = lane.get("elements")
        for ref in elements if isinstance(elements, list) else []:
            roles[str(ref)] = name
    for key, category in (("tasks", "task"), ("events", "event"), ("gateways", "gateway")):
        for item in _objects(process, key):
            node_id = str(item["id"])
            graph.nodes[node_id] = Node(
                node_id=node_id,
                name=_opt(item.get("name")),
                kind=str(item.get("type")),
                category=category,
                role=roles.get(node_id),
                attached_to=_opt(item.get("attached_to")),
                definitions=tuple(str(d) for d in _list(item.get("definitions"))),
            )
    defaults = {str(g.get("default")) for g in _objects(process, "gateways") if g.get("default")}
    for flow in _objects(process, "flows"):
        flow_id = str(flow["id"])
        graph.add_flow(
            Flow(
                flow_id=flow_id,
                source=str(flow["source"]),
                target=str(flow["target"]),
                condition=_opt(flow.get("condition")),
                is_default=flow_id in defaults,
            )
        )


def _list(value: JSONValue) -> list[JSONValue]:
    return value if isinstance(value, list) else []


def _opt(value: JSONValue) -> str | None:
    return value if isinstance(value, str) and value else None
