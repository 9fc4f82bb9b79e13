"""Journeys (sagas) and solutions, declared in code.

A journey is a DAG of named steps; each step is an intent whose parameters are a template
over the journey input (`$input.a.b`) and earlier steps (`$steps.<name>.result.<field>`,
`$steps.<name>.execution_id`). A step may name a compensating intent, run in reverse order
when a later step fails. A string starting with `$$` stands for a literal `$…`.

A solution is a named bundle of journeys and intents (what the Control Tower lists).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from symphainy.contracts import RESERVED_SIGNAL_PREFIX, JourneyView, signal_name_error
from symphainy.errors import (
    ConfigurationError,
    InvalidParameters,
    SymphainyError,
    field_errors,
)

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_REF = re.compile(r"^\$(input|steps)((?:\.[A-Za-z0-9_\-]+)*)$")


class JourneyMappingError(SymphainyError):
    """A step's parameter template refers to a value that does not exist."""

    problem_type = "journey-mapping-error"
    status = 422
    title = "Journey parameter mapping failed"


@dataclass(frozen=True, slots=True)
class Compensation:
    """The intent that undoes a completed step (its parameters may use `$steps.<self>`)."""

    intent_type: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a journey: an intent, its parameter template and its dependencies."""

    name: str
    intent_type: str
    params: Mapping[str, Any] = field(default_factory=dict)
    after: tuple[str, ...] = ()
    compensate: Compensation | None = None
    description: str = ""
    signal: str | None = None
    """A signal step: no intent; it completes when the journey receives this signal, whose
    payload is its `result`. Build one with `Step.waiting_for`."""
    timeout_seconds: float | None = None
    """A signal step fails (`signal-timeout`) when its signal has not come this long after
    the step became ready."""

    @classmethod
    def waiting_for(
        cls,
        name: str,
        signal: str,
        *,
        after: tuple[str, ...] = (),
        timeout_seconds: float | None = None,
        description: str = "",
    ) -> Step:
        """A step that waits for the journey's execution to receive `signal`."""
        return cls(
            name,
            "",
            after=after,
            description=description,
            signal=signal,
            timeout_seconds=timeout_seconds,
        )


@dataclass(frozen=True, slots=True)
class Journey:
    """A declared saga: steps in sequence and/or parallel, with optional compensation."""

    journey_id: str
    description: str
    steps: tuple[Step, ...]
    realm: str = "journeys"
    input_model: type[BaseModel] | None = None
    version: int = 1
    """Several versions of one journey may be registered; a running journey keeps its own."""

    def step(self, name: str) -> Step:
        """The step called `name`."""
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(name)

    def check(self, known_intents: set[str] | None = None) -> None:
        """Raise ConfigurationError unless the steps form a valid DAG with resolvable refs."""
        names = [s.name for s in self.steps]
        where = f"journey {self.journey_id!r}"
        if not _NAME.match(self.journey_id):
            raise ConfigurationError(f"{where}: id must match {_NAME.pattern}")
        if not self.steps:
            raise ConfigurationError(f"{where} has no steps")
        if self.version < 1:
            raise ConfigurationError(f"{where}: versions start at 1")
        if len(set(names)) != len(names):
            raise ConfigurationError(f"{where}: step names must be unique")
        for s in self.steps:
            _check_step(where, s, set(names), self.ancestors(s.name), known_intents)

    def ancestors(self, name: str) -> set[str]:
        """Every step that must complete before `name` (transitively); cycles are errors."""
        by_name = {s.name: s for s in self.steps}
        seen: set[str] = set()
        stack = list(by_name[name].after) if name in by_name else []
        while stack:
            cur = stack.pop()
            if cur == name:
                raise ConfigurationError(f"journey {self.journey_id!r}: cycle through {name!r}")
            if cur in seen or cur not in by_name:
                continue
            seen.add(cur)
            stack.extend(by_name[cur].after)
        return seen

    def validate_input(self, params: dict[str, Any]) -> dict[str, Any]:
        """Check the journey input against `input_model` (InvalidParameters on mismatch)."""
        if self.input_model is None:
            return params
        try:
            return self.input_model.model_validate(params).model_dump(mode="json")
        except ValidationError as exc:
            # Field paths as compose_journey's parameters name them, so a client can show
            # each error beside the input it is about.
            errors = field_errors(exc, "parameters", "journey_params")
            said = "; ".join(f"{'.'.join(e['loc'][2:])}: {e['msg']}" for e in errors)
            raise InvalidParameters(
                f"journey_params for {self.journey_id!r} are invalid: {said}", errors=errors
            ) from None

    def describe(self) -> dict[str, Any]:
        """The journey as JSON (for catalogues and documentation)."""
        return {
            "journey_id": self.journey_id,
            "version": self.version,
            "description": self.description,
            "realm": self.realm,
            "input_schema": None
            if self.input_model is None
            else self.input_model.model_json_schema(),
            "steps": [
                {
                    "name": s.name,
                    "intent_type": s.intent_type,
                    "after": list(s.after),
                    "params": dict(s.params),
                    "compensate": None
                    if s.compensate is None
                    else {
                        "intent_type": s.compensate.intent_type,
                        "params": dict(s.compensate.params),
                    },
                    "description": s.description,
                    "signal": s.signal,
                    "timeout_seconds": s.timeout_seconds,
                }
                for s in self.steps
            ],
        }


def journey_view(journey: Journey, versions: list[int] | None = None) -> JourneyView:
    """A journey as clients see it (`versions`: every registered version of it)."""
    return JourneyView.model_validate(
        {**journey.describe(), "versions": versions or [journey.version]}
    )


@dataclass(frozen=True, slots=True)
class Solution:
    """A registered bundle of journeys and intents offered to users as one solution."""

    solution_id: str
    name: str
    description: str
    journeys: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()


def _check_step(
    where: str, s: Step, names: set[str], ancestors: set[str], known: set[str] | None
) -> None:
    if not _NAME.match(s.name):
        raise ConfigurationError(f"{where}: step name {s.name!r} must match {_NAME.pattern}")
    for dep in s.after:
        if dep not in names:
            raise ConfigurationError(f"{where}: step {s.name!r} runs after unknown {dep!r}")
    for ref in references(s.params):
        _check_ref(where, s.name, ref, ancestors)
    if s.signal is not None or s.timeout_seconds is not None:
        check_signal_step(where, s)
    else:
        _check_intent_step(where, s, ancestors, known)


def _check_intent_step(where: str, s: Step, ancestors: set[str], known: set[str] | None) -> None:
    intents = [s.intent_type] + ([s.compensate.intent_type] if s.compensate else [])
    if s.compensate is not None:
        for ref in references(s.compensate.params):
            _check_ref(where, s.name, ref, ancestors | {s.name})
    if known is not None:
        for intent in intents:
            if intent not in known:
                raise ConfigurationError(f"{where}: step {s.name!r} uses unknown {intent!r}")


def check_signal_step(where: str, s: Step) -> None:
    """A signal step names a valid signal, and no intent, parameters or compensation."""
    if s.signal is None:
        raise ConfigurationError(f"{where}: step {s.name!r} has a timeout but is no signal step")
    problem = signal_name_error(s.signal)
    if problem is None and s.signal.startswith(RESERVED_SIGNAL_PREFIX):
        problem = f"signal {s.signal!r} is reserved for the platform"
    if problem is None and (s.intent_type or s.params or s.compensate is not None):
        problem = "a signal step takes no intent, parameters or compensation"
    timeout = s.timeout_seconds
    if problem is None and timeout is not None and not 0 < timeout < math.inf:
        problem = f"timeout_seconds must be a positive number, not {timeout}"
    if problem is not None:
        raise ConfigurationError(f"{where}: step {s.name!r}: {problem}")


def _check_ref(where: str, step: str, ref: tuple[str, ...], allowed: set[str]) -> None:
    if ref[0] == "steps" and (len(ref) < 2 or ref[1] not in allowed):
        raise ConfigurationError(
            f"{where}: step {step!r} refers to {'.'.join(ref)!r}, which is not an earlier step"
        )


def references(template: Any) -> list[tuple[str, ...]]:
    """Every `$input…`/`$steps…` reference inside a parameter template."""
    if isinstance(template, str):
        m = _REF.match(template)
        return [(m.group(1), *[p for p in m.group(2).split(".") if p])] if m else []
    if isinstance(template, Mapping):
        return [r for v in template.values() for r in references(v)]
    if isinstance(template, list | tuple):
        return [r for v in template for r in references(v)]
    return []


def resolve(template: Any, scope: Mapping[str, Any]) -> Any:
    """Fill a parameter template from `scope` = {"input": …, "steps": {name: {…}}}."""
    if isinstance(template, str):
        if template.startswith("$$"):
            return template[1:]
        m = _REF.match(template)
        if m is None:
            return template
        value: Any = scope[m.group(1)]
        walked = [m.group(1)]
        for part in (p for p in m.group(2).split(".") if p):
            walked.append(part)
            value = _get(value, part, ".".join(walked))
        return value
    if isinstance(template, Mapping):
        return {k: resolve(v, scope) for k, v in template.items()}
    if isinstance(template, list | tuple):
        return [resolve(v, scope) for v in template]
    return template


def _get(value: Any, part: str, path: str) -> Any:
    if isinstance(value, Mapping) and part in value:
        return value[part]
    if isinstance(value, list) and part.isdigit() and int(part) < len(value):
        return value[int(part)]
    raise JourneyMappingError(f"${path} does not exist", path=f"${path}")
