"""An in-process OTLP/HTTP traces receiver: what a real collector (Jaeger, Tempo) is sent.

It accepts the protobuf POSTs of `/v1/traces`, decodes them with opentelemetry-proto's
`ExportTraceServiceRequest` and keeps every span, so tests assert on what went over the wire.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue

Value = str | int | bool | float


@dataclass(frozen=True)
class Span:
    """One received span, ids as hex."""

    service: str
    instance: str
    name: str
    kind: int
    trace_id: str
    span_id: str
    parent_span_id: str
    start_ns: int
    end_ns: int
    attributes: dict[str, Value]
    links: tuple[tuple[str, str], ...] = field(default=())
    status_code: int = 0


def _value(v: AnyValue) -> Value:
    kind = v.WhichOneof("value")
    assert kind is not None, v
    found: Value = getattr(v, kind)
    return found


class Collector(ThreadingHTTPServer):
    """Receives on 127.0.0.1 (an ephemeral port); `endpoint` is the URL to configure."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Receive)
        self.spans: list[Span] = []
        self._changed = threading.Condition()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1/traces"

    def add(self, spans: list[Span]) -> None:
        with self._changed:
            self.spans.extend(spans)
            self._changed.notify_all()

    def wait_for(self, found: Callable[[list[Span]], bool], timeout: float = 60.0) -> list[Span]:
        """The spans once `found(spans)` holds; AssertionError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not found(list(self.spans)):
                left = deadline - time.monotonic()
                if left <= 0:
                    names = sorted({(s.service, s.name) for s in self.spans})
                    raise AssertionError(f"spans never arrived; received {names}")
                self._changed.wait(left)
            return list(self.spans)


class _Receive(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:
        assert self.path == "/v1/traces", self.path
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.add(_decode(ExportTraceServiceRequest.FromString(body)))
        reply = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        return


def _decode(request: ExportTraceServiceRequest) -> list[Span]:
    spans: list[Span] = []
    for rs in request.resource_spans:
        resource = {a.key: _value(a.value) for a in rs.resource.attributes}
        for ss in rs.scope_spans:
            for s in ss.spans:
                spans.append(
                    Span(
                        service=str(resource["service.name"]),
                        instance=str(resource.get("service.instance.id", "")),
                        name=s.name,
                        kind=s.kind,
                        trace_id=s.trace_id.hex(),
                        span_id=s.span_id.hex(),
                        parent_span_id=s.parent_span_id.hex(),
                        start_ns=s.start_time_unix_nano,
                        end_ns=s.end_time_unix_nano,
                        attributes={a.key: _value(a.value) for a in s.attributes},
                        links=tuple((ln.trace_id.hex(), ln.span_id.hex()) for ln in s.links),
                        status_code=s.status.code,
                    )
                )
    return spans


@contextmanager
def collector() -> Iterator[Collector]:
    """A running Collector, shut down afterwards."""
    server = Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
