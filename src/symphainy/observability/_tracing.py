"""OpenTelemetry traces over OTLP/HTTP, when `SYMPHAINY_OTLP_ENDPOINT` is set (off by default).

Each service gets its own TracerProvider (never the process-global one) and one server span per
HTTP request, continuing a caller's W3C `traceparent` when one is sent; the runtime also traces
each execution through the queue (`execution_tracer`, spans in `_execution_spans`). With no endpoint
nothing is imported or started; with an endpoint but without the packages, boot fails with
`MissingDependency` rather than running untraced in silence.
"""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING, Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from symphainy.config import Settings
from symphainy.errors import MissingDependency

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Tracer

    from symphainy.observability._execution_spans import ExecutionTracer


def tracer_provider(settings: Settings, service: str) -> TracerProvider | None:
    """A provider exporting to the configured endpoint, or None when tracing is off."""
    if not settings.otlp_endpoint:
        return None
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as exc:
        raise MissingDependency(
            f"SYMPHAINY_OTLP_ENDPOINT is set but OpenTelemetry is not installed ({exc.name}): "
            "pip install 'symphainy[otel]'"
        ) from exc
    # The instance says which process ran a span: an execution's spans may come from several.
    instance = f"{socket.gethostname()}:{os.getpid()}"
    resource = Resource.create(
        {"service.name": f"symphainy-{service}", "service.instance.id": instance}
    )
    provider = TracerProvider(resource=resource)
    exporter = OTLPSpanExporter(endpoint=settings.otlp_endpoint, timeout=10)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def execution_tracer(settings: Settings) -> ExecutionTracer | None:
    """The runtime's execution spans, or None when tracing is off (nothing is imported then)."""
    provider = tracer_provider(settings, "runtime")
    if provider is None:
        return None
    from symphainy.observability._execution_spans import ExecutionTracer

    return ExecutionTracer(provider)


def install_tracing(
    app: Any, settings: Settings, service: str, provider: TracerProvider | None = None
) -> TracerProvider | None:
    """Trace every HTTP request of a FastAPI `app` when an endpoint is configured.

    `provider` shares an existing one (the runtime's, so a process exports through one
    pipeline); by default the app gets its own. It is kept on `app.state.tracing` (None when
    off) so its owner can flush it.
    """
    if provider is None:
        provider = tracer_provider(settings, service)
    app.state.tracing = provider
    if provider is not None:
        app.add_middleware(_Traced, tracer=provider.get_tracer("symphainy"))
    return provider


class _Traced:
    def __init__(self, app: ASGIApp, tracer: Tracer) -> None:
        self._app, self._tracer = app, tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        from opentelemetry.trace import SpanKind, Status, StatusCode
        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        parent = TraceContextTextMapPropagator().extract(headers)
        method = scope["method"]
        with self._tracer.start_as_current_span(
            method, context=parent, kind=SpanKind.SERVER
        ) as span:
            span.set_attribute("http.request.method", method)
            span.set_attribute("url.path", scope["path"])

            async def tap(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status = int(message["status"])
                    span.set_attribute("http.response.status_code", status)
                    if status >= 500:
                        span.set_status(Status(StatusCode.ERROR))
                await send(message)

            await self._app(scope, receive, tap)
            route = getattr(scope.get("route"), "path", None)
            if route is not None:
                span.set_attribute("http.route", route)
                span.update_name(f"{method} {route}")
