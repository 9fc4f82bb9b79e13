"""Log records carry the `execution_id` and `trace_id` of the execution being handled.

The worker marks the execution its task is running (`running_execution`); a filter on the log
handlers copies it onto every record emitted in that task, in threads it starts with
`asyncio.to_thread`, and in the tasks it creates (they all inherit the context variable). The
trace id is read from the stored W3C `traceparent`, so this needs no OpenTelemetry at all.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Protocol

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s%(execution_suffix)s"
"""The CLI's log line: the message, then ` execution_id=… trace_id=…` inside an execution."""


class TracedExecution(Protocol):
    """What the log filter reads of an execution (an `ExecutionRow` fits)."""

    @property
    def execution_id(self) -> str:
        """The execution's id."""
        ...

    @property
    def traceparent(self) -> str | None:
        """Its W3C traceparent (`00-<trace id>-<span id>-<flags>`), None when untraced."""
        ...


_RUNNING: ContextVar[TracedExecution | None] = ContextVar("symphainy_execution", default=None)


def running_execution(execution: TracedExecution) -> None:
    """Mark `execution` as the one this task (and what it spawns) is handling.

    Set once at the top of the execution's own task, so it needs no reset: the task's
    context ends with it.
    """
    _RUNNING.set(execution)


def trace_id_of(traceparent: str | None) -> str | None:
    """The 32-hex-digit trace id of a W3C `traceparent`, or None."""
    if traceparent is None:
        return None
    return traceparent[3:35]


class ExecutionLogFilter(logging.Filter):
    """Adds `execution_id`, `trace_id` (None outside an execution) and `execution_suffix`."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Annotate `record`; never drops it."""
        execution = _RUNNING.get()
        if execution is None:
            record.execution_id = record.trace_id = None
            record.execution_suffix = ""
            return True
        trace_id = trace_id_of(execution.traceparent)
        record.execution_id, record.trace_id = execution.execution_id, trace_id
        suffix = f" execution_id={execution.execution_id}"
        record.execution_suffix = suffix if trace_id is None else f"{suffix} trace_id={trace_id}"
        return True


def annotate_handlers(logger: logging.Logger) -> None:
    """Install the filter and `FORMAT` on each of `logger`'s handlers."""
    for handler in logger.handlers:
        if not any(isinstance(f, ExecutionLogFilter) for f in handler.filters):
            handler.addFilter(ExecutionLogFilter())
        handler.setFormatter(logging.Formatter(FORMAT))
