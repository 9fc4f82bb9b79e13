"""Traces across the queue, in one process on both stores: what a real OTLP receiver gets.

A traced caller submits; the execution's spans (submit, queue wait, run, store commit) and
those of a child it starts all land in the caller's trace, parented as documented in
docs/OPERATIONS.md; a failed attempt and its retry are two `run` spans of one trace; log
records emitted while handling an execution name it and its trace.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from opentelemetry.sdk.trace import TracerProvider
from pydantic import BaseModel

from symphainy.observability import ExecutionLogFilter
from symphainy.runtime import ExecutionContext, IntentRegistry, Runtime, SubmitIntent
from symphainy.testing import local_runtime
from tests.otlp import Collector, Span, collector
from tests.unit.runtime.intents import build_registry

T = "tenant-traced"
LOG = logging.getLogger("tests.traces")


class Nothing(BaseModel):
    pass


class Child(BaseModel):
    child: str


def registry() -> IntentRegistry:
    reg = build_registry()

    @reg.intent("starts_a_child", params=Nothing, result=Child, realm="test")
    async def starts_a_child(ctx: ExecutionContext, p: Nothing) -> Child:
        child = await ctx.children.submit("add_one", {"x": 1}, key="only")
        LOG.info("started child %s", child.execution_id)
        return Child(child=child.execution_id)

    return reg


@pytest.fixture
def receiver() -> Iterator[Collector]:
    with collector() as server:
        yield server


@pytest.fixture
async def traced(database_url: str, tmp_path: Path, receiver: Collector) -> AsyncIterator[Runtime]:
    async with local_runtime(
        registry(), database_url=database_url, home=tmp_path, otlp_endpoint=receiver.endpoint
    ) as rt:
        yield rt


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.addFilter(ExecutionLogFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def records() -> Iterator[Records]:
    handler, root = Records(), logging.getLogger()
    root.addHandler(handler)
    level, root.level = root.level, logging.INFO
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.level = level


def by_name(spans: list[Span], name: str, execution_id: str) -> list[Span]:
    return [
        s
        for s in spans
        if s.name == name and s.attributes.get("symphainy.execution.id") == execution_id
    ]


async def submit_in_a_span(
    rt: Runtime, intent_type: str, params: dict[str, int]
) -> tuple[str, str, str]:
    """Submit inside a caller's span (as an HTTP server span would be); (execution, trace, span)."""
    caller = TracerProvider().get_tracer("test-caller")
    with caller.start_as_current_span("caller") as span:
        sub = await rt.submit(SubmitIntent(tenant_id=T, intent_type=intent_type, parameters=params))
        context = span.get_span_context()
    final = await rt.wait(T, sub.execution_id, timeout=60)
    assert final.status == "completed", final.error
    return sub.execution_id, f"{context.trace_id:032x}", f"{context.span_id:016x}"


async def test_an_execution_and_its_child_are_one_trace(
    traced: Runtime, receiver: Collector, records: Records
) -> None:
    parent_id, trace_id, caller_span = await submit_in_a_span(traced, "starts_a_child", {})
    child_id = str((await traced.wait(T, parent_id)).result["child"])
    await traced.wait(T, child_id, timeout=60)
    traced.tracer.provider.force_flush()  # type: ignore[union-attr]
    spans = receiver.wait_for(lambda got: len(by_name(got, "run add_one", child_id)) == 1)

    [submit] = by_name(spans, "submit starts_a_child", parent_id)
    [wait] = by_name(spans, "queue wait", parent_id)
    [run] = by_name(spans, "run starts_a_child", parent_id)
    assert submit.parent_span_id == caller_span  # the caller's span, e.g. the HTTP request's
    assert wait.parent_span_id == run.parent_span_id == submit.span_id
    assert {s.trace_id for s in (submit, wait, run)} == {trace_id}
    assert run.attributes == {
        "symphainy.intent.type": "starts_a_child",
        "symphainy.intent.version": 1,
        "symphainy.tenant.id": T,
        "symphainy.execution.id": parent_id,
        "symphainy.execution.attempt": 1,
        "symphainy.execution.status": "completed",
    }
    # The child's submit happened in the parent's handler: its trace continues there.
    [child_submit] = by_name(spans, "submit add_one", child_id)
    [child_run] = by_name(spans, "run add_one", child_id)
    assert child_submit.parent_span_id == run.span_id
    assert child_run.parent_span_id == child_submit.span_id
    assert child_run.trace_id == trace_id
    assert child_run.attributes["symphainy.execution.parent_id"] == parent_id
    # Every write of the trace went through a group commit that shows up in it.
    commits = [s for s in spans if s.name == "store commit" and s.trace_id == trace_id]
    assert commits
    assert all(s.attributes["db.system.name"] == traced.store.engine for s in commits)
    assert {s.parent_span_id for s in commits} & {submit.span_id, run.span_id}

    [line] = [r for r in records.records if r.name == LOG.name]
    assert line.execution_id == parent_id  # type: ignore[attr-defined]
    assert line.trace_id == trace_id  # type: ignore[attr-defined]
    assert line.execution_suffix == f" execution_id={parent_id} trace_id={trace_id}"  # type: ignore[attr-defined]


async def test_a_retried_execution_has_one_run_span_per_attempt(
    traced: Runtime, receiver: Collector, records: Records
) -> None:
    execution_id, trace_id, _ = await submit_in_a_span(traced, "flaky", {"fail_times": 1})
    traced.tracer.provider.force_flush()  # type: ignore[union-attr]
    spans = receiver.wait_for(lambda got: len(by_name(got, "run flaky", execution_id)) == 2)
    [submit] = by_name(spans, "submit flaky", execution_id)
    first, second = sorted(by_name(spans, "run flaky", execution_id), key=lambda s: s.start_ns)
    assert (first.attributes["symphainy.execution.attempt"], first.status_code) == (1, 2)  # ERROR
    assert first.attributes["symphainy.execution.retrying"] is True
    assert second.attributes["symphainy.execution.attempt"] == 2
    assert second.attributes["symphainy.execution.status"] == "completed"
    assert {first.parent_span_id, second.parent_span_id} == {submit.span_id}
    # The retry waited for its backoff, then for a claim: its own queue wait and claim spans.
    waits = by_name(spans, "queue wait", execution_id)
    claims = by_name(spans, "claim", execution_id)
    assert len(waits) == 2
    assert len(claims) == 1
    assert claims[0].attributes["symphainy.execution.attempt"] == 2
    assert claims[0].parent_span_id == submit.span_id
    assert claims[0].trace_id == trace_id
    [failure] = [r for r in records.records if "handler flaky failed" in r.getMessage()]
    assert (failure.execution_id, failure.trace_id) == (execution_id, trace_id)  # type: ignore[attr-defined]


async def test_untraced_runtime_stores_no_trace_context(database_url: str, tmp_path: Path) -> None:
    async with local_runtime(registry(), database_url=database_url, home=tmp_path) as rt:
        assert rt.tracer is None
        sub = await rt.submit(SubmitIntent(tenant_id=T, intent_type="add_one", parameters={"x": 1}))
        await rt.wait(T, sub.execution_id, timeout=60)
        [row] = await rt.store.executions_by_id([sub.execution_id])
    assert (row.traceparent, row.tracestate) == (None, None)
