"""Traces across the queue and across processes: a caller's trace, continued by the HTTP submit
of one `symphainy up`, is continued again by the worker of the next one after a restart, as a
real OTLP receiver sees it."""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from symphainy.testing import platform_server
from tests.e2e.test_cli import cli
from tests.otlp import Collector, Span, collector

pytestmark = pytest.mark.slow
TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
CALLER_SPAN = "b7ad6b7169203331"
DELAY = 6.0
"""Seconds from submit to the due time: room to stop the first process before it."""


@pytest.fixture
def receiver() -> Iterator[Collector]:
    with collector() as server:
        yield server


def one(spans: list[Span], name: str) -> Span:
    [span] = [s for s in spans if s.name == name and s.trace_id == TRACE_ID]
    return span


def has(*names: str) -> Callable[[list[Span]], bool]:
    return lambda spans: all(
        any(s.name == n and s.trace_id == TRACE_ID for s in spans) for n in names
    )


def submit(url: str, token: str) -> tuple[str, datetime]:
    """Submit an `echo` due DELAY seconds from now; (execution id, due time)."""
    not_before = datetime.fromtimestamp(time.time() + DELAY, UTC)
    reply = httpx.post(
        f"{url}/api/intent/submit",
        json={
            "intent_type": "echo",
            "parameters": {"message": "hi"},
            "not_before": not_before.isoformat(),
        },
        headers={
            "Authorization": f"Bearer {token}",
            "traceparent": f"00-{TRACE_ID}-{CALLER_SPAN}-01",
        },
        timeout=30,
    )
    reply.raise_for_status()
    return str(reply.json()["execution_id"]), not_before


def test_the_worker_of_another_process_continues_the_submit_trace(
    database_url: str, tmp_path: Path, receiver: Collector
) -> None:
    env = {
        **os.environ,
        "SYMPHAINY_HOME": str(tmp_path),
        "SYMPHAINY_DATABASE_URL": database_url,
        "SYMPHAINY_OTLP_ENDPOINT": receiver.endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "100",  # export within 0.1 s, not the default 5 s
        "COLUMNS": "200",
    }
    with platform_server(tmp_path, env) as (first, url):
        env["SYMPHAINY_EXPERIENCE_URL"] = url
        made = cli(
            "user", "create", "t@example.com", "--password", "pw 1234567", "--api-key", env=env
        )
        token = re.search(r"SYMPHAINY_TOKEN=(\S+)", made.stdout)
        assert token is not None, made.stdout
        execution_id, due = submit(url, token.group(1))
        receiver.wait_for(has("POST /api/intent/submit", "submit echo"))
        first.send_signal(signal.SIGINT)  # stopped before the due time: another process runs it
        first.wait(timeout=30)
    with platform_server(tmp_path, env):
        spans = receiver.wait_for(has("run echo"))

    http = one(spans, "POST /api/intent/submit")
    submitted, wait, claim, run = (
        one(spans, n) for n in ("submit echo", "queue wait", "claim", "run echo")
    )
    assert http.service == "symphainy-experience"
    assert http.parent_span_id == CALLER_SPAN
    assert submitted.parent_span_id == http.span_id
    assert wait.parent_span_id == claim.parent_span_id == run.parent_span_id == submitted.span_id
    assert run.instance != submitted.instance  # another process, after a restart
    assert wait.end_ns <= claim.start_ns <= claim.end_ns <= run.start_ns
    # The wait starts when the execution became runnable (its due time), not at submit.
    assert abs(wait.start_ns - due.timestamp() * 1e9) < 1e6
    for span in (submitted, wait, claim, run):
        assert span.attributes["symphainy.execution.id"] == execution_id
        assert span.attributes["symphainy.intent.type"] == "echo"
        assert str(span.attributes["symphainy.tenant.id"])
    assert run.attributes["symphainy.execution.attempt"] == 1
    assert run.attributes["symphainy.execution.status"] == "completed"
