"""Spans of an execution's way through the queue: submit, queue wait, claim, run, store commits.

Imported only when tracing is on (`execution_tracer`), so a platform without an OTLP endpoint
never loads OpenTelemetry. The submit span's W3C context is stored with the execution; every
later span of the execution (on whichever process or worker runs it, before or after a
restart, on every attempt) is a child of it, so one trace shows the whole path.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import Link, NonRecordingSpan, SpanContext, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from symphainy.errors import SymphainyError
from symphainy.store import ExecutionRow, NewExecution

_PROPAGATOR = TraceContextTextMapPropagator()
MAX_COMMIT_LINKS = 64
"""A store-commit span links at most this many of the traced writes it carried."""

Attributes = dict[str, str | int | bool]


def _ns(seconds: float) -> int:
    return int(seconds * 1_000_000_000)


def _attributes(row: ExecutionRow | NewExecution) -> Attributes:
    attrs: Attributes = {
        "symphainy.intent.type": row.intent_type,
        "symphainy.intent.version": row.intent_version,
        "symphainy.tenant.id": row.tenant_id,
        "symphainy.execution.id": row.execution_id,
    }
    if row.parent_execution_id is not None:
        attrs["symphainy.execution.parent_id"] = row.parent_execution_id
    return attrs


class ExecutionTracer:
    """Starts the spans of executions with one TracerProvider (the runtime's own)."""

    def __init__(self, provider: TracerProvider) -> None:
        self.provider = provider
        self._tracer = provider.get_tracer("symphainy.runtime")

    @contextmanager
    def submitting(self, new: NewExecution) -> Iterator[NewExecution]:
        """A `submit` span (child of the current span); yields `new` carrying its context."""
        with self._tracer.start_as_current_span(
            f"submit {new.intent_type}", kind=SpanKind.PRODUCER, attributes=_attributes(new)
        ):
            carrier: dict[str, str] = {}
            _PROPAGATOR.inject(carrier)
            yield replace(
                new, traceparent=carrier.get("traceparent"), tracestate=carrier.get("tracestate")
            )

    def submitted(self, row: ExecutionRow, deduplicated: bool) -> None:
        """Note on the submit span which execution it became (an earlier one if deduplicated)."""
        span = trace.get_current_span()
        span.set_attribute("symphainy.execution.id", row.execution_id)
        span.set_attribute("symphainy.submit.deduplicated", deduplicated)

    def dequeued(self, row: ExecutionRow, claim: tuple[float, float] | None) -> None:
        """`queue wait` (runnable → claimed) and `claim` spans, timed after the fact.

        `claim` is when this worker's claim transaction began and ended; None when the submit
        itself claimed the execution (no wait, no separate claim).
        """
        parent, attrs = self._parent(row), self._attempt(row)
        if claim is None:
            start = end = row.created_at
        else:
            end = claim[0]
            start = min(row.run_after, end)
        wait = self._tracer.start_span(
            "queue wait", context=parent, attributes=attrs, start_time=_ns(start)
        )
        wait.end(end_time=_ns(end))
        if claim is not None:
            span = self._tracer.start_span(
                "claim", context=parent, attributes=attrs, start_time=_ns(claim[0])
            )
            span.end(end_time=_ns(claim[1]))

    @contextmanager
    def running(self, row: ExecutionRow) -> Iterator[None]:
        """The `run` span of one attempt, current while the handler runs and its outcome lands."""
        with self._tracer.start_as_current_span(
            f"run {row.intent_type}",
            context=self._parent(row),
            kind=SpanKind.CONSUMER,
            attributes=self._attempt(row),
        ):
            yield

    def failed(self, error: SymphainyError, retrying: bool) -> None:
        """Mark the current `run` span failed with `error` (and whether a retry follows)."""
        span = trace.get_current_span()
        span.record_exception(error)
        span.set_status(Status(StatusCode.ERROR, error.problem_type))
        span.set_attribute("symphainy.execution.retrying", retrying)

    def finished(self, final: ExecutionRow | None) -> None:
        """Note the status the attempt ended in (None: waiting, retrying or released)."""
        if final is not None:
            trace.get_current_span().set_attribute("symphainy.execution.status", final.status)

    def capture(self) -> SpanContext | None:
        """The current span's context, for the store commit that carries this write."""
        context = trace.get_current_span().get_span_context()
        return context if context.is_valid else None

    def committed(self, engine: str, traces: Sequence[object], started_ns: int, ok: bool) -> None:
        """One `store commit` span per group commit that carried traced writes.

        Its parent is the first traced write's span and it links the others, so one span per
        batch (not per write) shows the commit in every trace that waited for it.
        """
        contexts = [t for t in traces if isinstance(t, SpanContext)]
        if not contexts:
            return
        span = self._tracer.start_span(
            "store commit",
            context=trace.set_span_in_context(NonRecordingSpan(contexts[0])),
            links=[Link(c) for c in contexts[1 : MAX_COMMIT_LINKS + 1]],
            attributes={"db.system.name": engine, "symphainy.store.batch_size": len(traces)},
            start_time=started_ns,
        )
        if not ok:
            span.set_status(Status(StatusCode.ERROR, "the batch rolled back"))
        span.end()

    def _parent(self, row: ExecutionRow) -> Context:
        if row.traceparent is None:
            return Context()  # submitted untraced: the run starts a trace of its own
        carrier = {"traceparent": row.traceparent}
        if row.tracestate:
            carrier["tracestate"] = row.tracestate
        return _PROPAGATOR.extract(carrier)

    def _attempt(self, row: ExecutionRow) -> Attributes:
        return {**_attributes(row), "symphainy.execution.attempt": row.attempt}
