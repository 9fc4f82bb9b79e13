"""OpenTelemetry: spans reach a local OTLP/HTTP collector when configured; off by default."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from symphainy.config import Settings
from symphainy.errors import MissingDependency
from symphainy.observability import tracer_provider
from symphainy.runtime.api import create_runtime_app
from tests.integration.gateway.platform import GW, PASSWORD, platform
from tests.otlp import Collector
from tests.otlp import collector as otlp_collector

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


@pytest.fixture
def collector() -> Iterator[Collector]:
    with otlp_collector() as server:
        yield server


async def test_spans_reach_the_collector_from_both_services(
    database_url: str, tmp_path: Path, collector: Collector
) -> None:
    async with platform(database_url, tmp_path, otlp_endpoint=collector.endpoint) as plat:
        rt_app = create_runtime_app(plat.runtime, plat.boot.settings)
        parent = {"traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01"}
        for app in (plat.app, rt_app):
            async with httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(app)) as c:
                assert (await c.get("/health", headers=parent)).status_code == 200
                assert (await c.get("/api/intents")).status_code == 401
            app.state.tracing.force_flush()
            app.state.tracing.shutdown()
    spans = {(s.service, s.name, s.trace_id) for s in collector.spans}
    assert ("symphainy-experience", "GET /health", TRACE_ID) in spans
    assert ("symphainy-runtime", "GET /health", TRACE_ID) in spans
    names = {(service, name) for service, name, _ in spans}
    assert ("symphainy-experience", "GET /api/intents") in names


async def test_tracing_is_off_by_default(database_url: str, tmp_path: Path) -> None:
    assert tracer_provider(Settings(home=tmp_path), "runtime") is None
    async with platform(database_url, tmp_path) as plat:
        assert plat.app.state.tracing is None
        async with httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(plat.app)) as c:
            assert (await c.get("/health")).status_code == 200


async def test_a_process_global_tracer_provider_adds_no_span_of_fastapis_own(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FastAPI 0.143+ traces every request through the global provider unless told not to;
    the services trace only through their own (`web.FASTAPI_TELEMETRY`)."""
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    # Patched, not set: the global provider can be set once per process.
    monkeypatch.setattr(trace, "get_tracer_provider", lambda: provider)
    async with platform(database_url, tmp_path) as plat:
        rt_app = create_runtime_app(plat.runtime, plat.boot.settings)
        for app in (plat.app, rt_app):
            async with httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(app)) as c:
                assert (await c.get("/health")).status_code == 200
                assert (await c.get("/api/intents")).status_code == 401
    # The provider works: a span started through it is exported.
    with trace.get_tracer_provider().get_tracer("probe").start_as_current_span("probe"):
        pass
    assert [span.name for span in exporter.get_finished_spans()] == ["probe"]


def test_endpoint_without_packages_is_a_typed_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "opentelemetry.sdk.trace", None)
    settings = Settings(home=tmp_path, otlp_endpoint="http://127.0.0.1:9/v1/traces")
    with pytest.raises(MissingDependency, match=r"symphainy\[otel\]"):
        tracer_provider(settings, "runtime")


async def test_a_separate_experience_service_carries_the_trace_to_the_runtime(
    database_url: str, tmp_path: Path, collector: Collector
) -> None:
    """Gateway → RuntimeClient → Runtime API → submit → run: one trace, parent to child."""
    async with platform(database_url, tmp_path, otlp_endpoint=collector.endpoint) as plat:
        transport = httpx.ASGITransport(plat.remote_app)
        async with httpx.AsyncClient(base_url=GW, transport=transport) as c:
            r = await c.post(
                "/api/auth/register",
                json={"email": "t@example.com", "password": PASSWORD, "name": "N"},
            )
            headers = {
                "Authorization": f"Bearer {r.json()['access_token']}",
                "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01",
            }
            r = await c.post(
                "/api/intent/submit",
                json={"intent_type": "add_one", "parameters": {"x": 1}},
                headers=headers,
            )
            assert r.status_code == 202, r.text
        execution_id = r.json()["execution_id"]
        [row] = await plat.runtime.store.executions_by_id([execution_id])
        final = await plat.runtime.wait(row.tenant_id, execution_id, timeout=30)
        assert final.status == "completed", final.error
        assert plat.runtime.tracer is not None
        plat.runtime.tracer.provider.force_flush()
        plat.remote_app.state.tracing.force_flush()
        spans = collector.wait_for(
            lambda got: any(s.name == "run add_one" and s.trace_id == TRACE_ID for s in got)
        )
    mine = {(s.service, s.name): s for s in spans if s.trace_id == TRACE_ID}
    gateway = mine["symphainy-experience", "POST /api/intent/submit"]
    runtime = mine["symphainy-runtime", "POST /api/intent/submit"]
    submit = mine["symphainy-runtime", "submit add_one"]
    run = mine["symphainy-runtime", "run add_one"]
    assert runtime.parent_span_id == gateway.span_id  # carried over HTTP by the RuntimeClient
    assert submit.parent_span_id == runtime.span_id
    assert run.parent_span_id == submit.span_id
    assert run.attributes["symphainy.execution.id"] == execution_id
