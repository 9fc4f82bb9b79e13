"""OpenTelemetry: spans reach a local OTLP/HTTP collector when configured; off by default."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from symphainy.config import Settings
from symphainy.errors import MissingDependency
from symphainy.observability import tracer_provider
from symphainy.runtime.api import create_runtime_app
from tests.integration.gateway.platform import GW, platform

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


class Collector(ThreadingHTTPServer):
    """An OTLP/HTTP traces receiver on 127.0.0.1 that keeps (service, span name, trace id)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Receive)
        self.spans: list[tuple[str, str, str]] = []

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1/traces"


class _Receive(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        request = ExportTraceServiceRequest.FromString(body)
        for rs in request.resource_spans:
            attrs = {a.key: a.value.string_value for a in rs.resource.attributes}
            for ss in rs.scope_spans:
                for span in ss.spans:
                    name = (attrs["service.name"], span.name, span.trace_id.hex())
                    self.server.spans.append(name)
        reply = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


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
    spans = set(collector.spans)
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


def test_endpoint_without_packages_is_a_typed_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "opentelemetry.sdk.trace", None)
    settings = Settings(home=tmp_path, otlp_endpoint="http://127.0.0.1:9/v1/traces")
    with pytest.raises(MissingDependency, match=r"symphainy\[otel\]"):
        tracer_provider(settings, "runtime")
