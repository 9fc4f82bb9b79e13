"""An SOP as a BPMN process document (the shape `bpmn_writer.write_bpmn` serialises).

Layout rules, so that the SOP can be read back from the BPMN unchanged:
- each step is a task `Task_<n>` in the lane of its role; the start event precedes the steps
  that follow nothing, and every step nothing follows flows to the one end event;
- a step followed by several steps, or by a conditional one, splits through a gateway:
  exclusive when any follower has a condition (its flow carries it; a lone unconditional
  follower is the default, and without one the default ends the process), parallel otherwise;
- a step following several steps joins them through a gateway: exclusive when any of them is
  conditional (they were alternatives), parallel otherwise;
- an exception at a step is an error boundary event on its task, flowing to a handling task
  and an end event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from symphainy.capabilities.operations._models import SopDocument, SopException, SopStep
from symphainy.errors import InvalidRequest
from symphainy.types import JSONObject, JSONValue

START = "StartEvent_1"
END = "EndEvent_1"


def normalized(sop: SopDocument) -> SopDocument:
    """Number steps 1..n in order and make every `after` explicit and valid (earlier steps)."""
    numbers = [s.number for s in sop.steps]
    if numbers != list(range(1, len(numbers) + 1)):
        raise InvalidRequest("steps must be numbered 1, 2, 3 … in order", numbers=numbers)
    steps: list[SopStep] = []
    for step in sop.steps:
        after = step.after if step.after is not None else [step.number - 1] * (step.number > 1)
        bad = [n for n in after if not 1 <= n < step.number]
        if bad:
            raise InvalidRequest(
                f"step {step.number} may only follow earlier steps", step=step.number, after=bad
            )
        steps.append(step.model_copy(update={"after": sorted(set(after))}))
    for exc in sop.exceptions:
        if exc.step is not None and exc.step not in numbers:
            raise InvalidRequest(f"an exception names step {exc.step}, which does not exist")
    roles = list(dict.fromkeys([*sop.roles, *_roles(steps, sop.exceptions)]))
    return sop.model_copy(update={"steps": steps, "roles": roles})


def _roles(steps: list[SopStep], exceptions: list[SopException]) -> list[str]:
    return [r for r in [*(s.role for s in steps), *(e.role for e in exceptions)] if r]


@dataclass
class _Builder:
    sop: SopDocument
    tasks: list[JSONObject] = field(default_factory=list)
    events: list[JSONObject] = field(default_factory=list)
    gateways: list[JSONObject] = field(default_factory=list)
    flows: list[JSONObject] = field(default_factory=list)
    lane_refs: dict[str, list[str]] = field(default_factory=dict)

    def flow(self, source: str, target: str, condition: str | None = None) -> str:
        flow_id = f"Flow_{len(self.flows) + 1}"
        self.flows.append(
            {
                "id": flow_id,
                "name": None,
                "source": source,
                "target": target,
                "condition": condition,
                "parent": None,
            }
        )
        return flow_id

    def node(self, bucket: list[JSONObject], node_id: str, kind: str, name: str | None) -> None:
        bucket.append({"id": node_id, "name": name, "type": kind, "parent": None})

    def task(self, node_id: str, name: str, kind: str, role: str | None) -> None:
        self.node(self.tasks, node_id, kind, name)
        if role:
            self.lane_refs.setdefault(role, []).append(node_id)

    def event(self, node_id: str, kind: str, name: str | None, **extra: JSONValue) -> None:
        self.events.append(
            {
                "id": node_id,
                "name": name,
                "type": kind,
                "parent": None,
                "definitions": [],
                "attached_to": None,
                "cancel_activity": None,
                **extra,
            }
        )

    def gateway(self, node_id: str, kind: str) -> JSONObject:
        item: JSONObject = {
            "id": node_id,
            "name": None,
            "type": kind,
            "parent": None,
            "default": None,
        }
        self.gateways.append(item)
        return item


def sop_to_bpmn(sop: SopDocument, process_id: str = "Process_1") -> JSONObject:
    """The BPMN process document of a (normalized) SOP."""
    sop = normalized(sop)
    b = _Builder(sop)
    b.event(START, "startEvent", "Start")
    for step in sop.steps:
        b.task(f"Task_{step.number}", step.action, step.task_type, step.role)
    b.event(END, "endEvent", "End")
    by_number = {s.number: s for s in sop.steps}
    for step in sop.steps:
        _join(b, step, by_number)
    _split(b, START, [s for s in sop.steps if not s.after], "start")
    for step in sop.steps:
        followers = [s for s in sop.steps if step.number in (s.after or [])]
        if followers:
            _split(b, f"Task_{step.number}", followers, str(step.number))
        else:
            b.flow(f"Task_{step.number}", END)
    for index, exc in enumerate(sop.exceptions, start=1):
        if exc.step is not None:
            _exception(b, index, exc)
    lanes: list[JSONValue] = [
        {
            "id": f"Lane_{i}",
            "name": role,
            "elements": list[JSONValue](b.lane_refs[role]),
            "parent": None,
        }
        for i, role in enumerate(sop.roles, start=1)
        if role in b.lane_refs
    ]
    process: JSONObject = {
        "id": process_id,
        "name": sop.title,
        "tasks": list[JSONValue](b.tasks),
        "events": list[JSONValue](b.events),
        "gateways": list[JSONValue](b.gateways),
        "flows": list[JSONValue](b.flows),
        "lanes": lanes,
    }
    return {"processes": [process]}


def _entry(step: SopStep) -> str:
    """Where flows into a step arrive: its join gateway, or the task itself."""
    return f"Gateway_join_{step.number}" if len(step.after or []) > 1 else f"Task_{step.number}"


def _join(b: _Builder, step: SopStep, by_number: dict[int, SopStep]) -> None:
    after = step.after or []
    if len(after) < 2:
        return
    alternatives = any(by_number[n].condition for n in after)
    b.gateway(_entry(step), "exclusiveGateway" if alternatives else "parallelGateway")
    b.flow(_entry(step), f"Task_{step.number}")


def _split(b: _Builder, source: str, followers: list[SopStep], label: str) -> None:
    if len(followers) == 1 and followers[0].condition is None:
        b.flow(source, _entry(followers[0]))
        return
    gateway_id = f"Gateway_split_{label}"
    exclusive = any(f.condition for f in followers)
    gateway = b.gateway(gateway_id, "exclusiveGateway" if exclusive else "parallelGateway")
    b.flow(source, gateway_id)
    plain = [f for f in followers if f.condition is None]
    if exclusive and len(plain) > 1:
        raise InvalidRequest(
            f"steps {[f.number for f in plain]} follow {label} unconditionally beside conditional"
            " steps; give them conditions or let them follow one another"
        )
    for follower in followers:
        flow_id = b.flow(gateway_id, _entry(follower), follower.condition)
        if exclusive and follower.condition is None:
            gateway["default"] = flow_id
    if exclusive and not plain:
        end_id = f"EndEvent_skip_{label}"
        b.event(end_id, "endEvent", "No condition met")
        gateway["default"] = b.flow(gateway_id, end_id)


def _exception(b: _Builder, index: int, exc: SopException) -> None:
    boundary, handler = f"Boundary_{index}", f"Handle_{index}"
    b.event(
        boundary,
        "boundaryEvent",
        exc.condition,
        definitions=["error"],
        attached_to=f"Task_{exc.step}",
        cancel_activity=True,
    )
    b.task(handler, exc.handling, "userTask" if exc.role else "task", exc.role)
    b.event(f"EndEvent_exception_{index}", "endEvent", "Exception handled")
    b.flow(boundary, handler)
    b.flow(handler, f"EndEvent_exception_{index}")
