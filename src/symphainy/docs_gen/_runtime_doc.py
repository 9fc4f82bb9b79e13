"""The runtime contracts' generated sections: what a handler receives and may call.

Fields and methods are read from the classes themselves; the one-line meaning of each
ExecutionContext field and execution status is kept here and checked for completeness, so a
new field or status cannot ship undocumented.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from collections.abc import Mapping

from symphainy.contracts import ExecutionStatus, table_cell
from symphainy.docs_gen._tables import signature_text
from symphainy.docs_gen._vocabulary import vocabulary_section
from symphainy.errors import ConfigurationError
from symphainy.runtime import (
    BoundArtifacts,
    BoundPending,
    ContextWal,
    ExecutionContext,
    IntentSpec,
    RetryPolicy,
    ScopedState,
)
from symphainy.store import ARTIFACT_TRANSITIONS, PENDING_TRANSITIONS

CONTEXT_FIELDS: Mapping[str, str] = {
    "execution_id": "This execution (one per accepted intent; retries keep it).",
    "intent_id": "The intent this execution fulfils (client-chosen or generated).",
    "intent_type": "The registered intent type being run.",
    "tenant_id": "The caller's tenant, taken from the credential; every surface is bound to it.",
    "session_id": "The session the intent was submitted in (None for session-less calls).",
    "solution_id": "The solution the caller named at submit, if any.",
    "user_id": "The signed-in user (None for anonymous sessions and service calls).",
    "parent_execution_id": "The parent execution when this runs as a journey step.",
    "correlation_id": "Ties related executions together (journeys set it).",
    "request_id": "The HTTP request that submitted the intent, for tracing.",
    "attempt": "1-based attempt number; a retry or a recovered lease increments it.",
    "max_attempts": "The intent's retry policy ceiling.",
    "state": "`ctx.state.session` and `ctx.state.execution`: the StateSurface, scoped.",
    "artifacts": "The ArtifactRegistry bound to this tenant and execution.",
    "pending": "Pending intents bound to this tenant, session and user.",
    "signals": "Signals sent to this execution: `wait` (parks until one arrives; "
    "`SignalTimeout` after `timeout`), `poll`, `drain`; each consumed exactly once (§5c).",
    "wal": "`ctx.wal.append(kind, payload)`: domain events on the stream and in the WAL.",
    "reasoning": "The reasoning provider (`available`, `narrate`, `require`).",
    "children": "Child executions: `submit(intent, params, key=...)` (idempotent by key), "
    "`by_key()`, `cancel(id)`; park on them with `ctx.wait_for_children(ids)`.",
    "services": "Platform internals; not part of the contract, do not use from handlers.",
    "catalogue": "The registry, read-only: intent contracts, journeys, solutions.",
    "settings": "The platform's Settings (limits a handler must honour).",
    "anonymous": "True when the execution runs for an anonymous session.",
    "loop": "The worker's event loop (what `ctx.call` schedules onto).",
}

STATUSES: Mapping[str, str] = {
    "created": "Accepted and durable; waiting for a worker (or for its retry delay).",
    "scheduled": "Accepted with a `not_before` still ahead; a worker claims it at that time "
    "(cancelling it now means it never runs).",
    "running": "A worker holds the lease and runs the handler (heartbeating).",
    "waiting": "The handler called `ctx.suspend(...)`, `ctx.wait_for_state(key)`, "
    "`ctx.wait_for_children(ids)` or `ctx.signals.wait(name)`; `Runtime.resume`, the state "
    "key, a finishing child, the awaited signal or its timeout makes it runnable.",
    "completed": "Terminal: the result matched the result model and was stored.",
    "failed": "Terminal: the last attempt raised (error is a problem object).",
    "cancelled": "Terminal: cancelled before or while running.",
}


def runtime_sections() -> dict[str, str]:
    """Section name → Markdown for RUNTIME_CONTRACTS.md."""
    return {
        "intent-spec": _dataclass_table(IntentSpec) + "\n" + _dataclass_table(RetryPolicy),
        "intent-vocabulary": vocabulary_section(),
        "context-fields": _context_fields(),
        "context-methods": _methods(ExecutionContext),
        "execution-states": _statuses(),
        "state-surface": _methods(ScopedState),
        "artifact-surface": _methods(BoundArtifacts),
        "artifact-lifecycle": _transitions(ARTIFACT_TRANSITIONS),
        "pending-surface": _methods(BoundPending),
        "pending-lifecycle": _transitions(PENDING_TRANSITIONS),
        "wal-surface": _methods(ContextWal),
    }


def _context_fields() -> str:
    public = [f for f in dataclasses.fields(ExecutionContext) if not f.name.startswith("_")]
    missing = sorted({f.name for f in public} - set(CONTEXT_FIELDS))
    if missing:
        raise ConfigurationError(f"ExecutionContext fields without a documented meaning: {missing}")
    rows = ["| Field | Type | Meaning |", "|---|---|---|"]
    for f in public:
        rows.append(f"| `{f.name}` | `{table_cell(str(f.type))}` | {CONTEXT_FIELDS[f.name]} |")
    return "\n".join(rows) + "\n"


def _statuses() -> str:
    names = typing.get_args(ExecutionStatus)
    if set(names) != set(STATUSES):
        raise ConfigurationError(f"execution statuses changed: {sorted(names)}")
    rows = ["| Status | Meaning |", "|---|---|"]
    rows += [f"| `{name}` | {STATUSES[name]} |" for name in names]
    return "\n".join(rows) + "\n"


def _dataclass_table(cls: type) -> str:
    rows = [
        f"`{cls.__name__}`: {inspect.getdoc(cls)}\n",
        "| Field | Type | Default |",
        "|---|---|---|",
    ]
    for f in dataclasses.fields(cls):
        rows.append(f"| `{f.name}` | `{table_cell(str(f.type))}` | {table_cell(_default(f))} |")
    return "\n".join(rows) + "\n"


def _default(f: dataclasses.Field[object]) -> str:
    if f.default is not dataclasses.MISSING:
        return f"`{f.default!r}`"
    if f.default_factory is not dataclasses.MISSING:
        return f"`{f.default_factory()!r}`"
    return "required"


def _methods(cls: type) -> str:
    rows = [f"`{cls.__name__}`\n", "| Call | What it does |", "|---|---|"]
    for name, member in inspect.getmembers(cls):
        if name.startswith("_"):
            continue
        doc = (inspect.getdoc(member) or "").splitlines()[0]
        if isinstance(member, property):
            rows.append(f"| `{name}` (property) | {doc} |")
        elif callable(member):
            prefix = "await " if inspect.iscoroutinefunction(member) else ""
            shown = table_cell(prefix + name + signature_text(member))
            rows.append(f"| `{shown}` | {table_cell(doc)} |")
    return "\n".join(rows) + "\n"


def _transitions(table: Mapping[str, frozenset[str]]) -> str:
    rows = ["| From | May move to |", "|---|---|"]
    for state, targets in table.items():
        rows.append(
            f"| `{state}` | {', '.join(f'`{t}`' for t in sorted(targets)) or '— (final)'} |"
        )
    return "\n".join(rows) + "\n"
