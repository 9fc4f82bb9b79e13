"""Carry the current trace to the Runtime API: a separate Experience service's calls continue it.

Only installed when tracing is on (`trace_context_transport`); OpenTelemetry is imported then.
"""

from __future__ import annotations

import httpx

from symphainy.config import Settings


class TraceContextTransport(httpx.AsyncBaseTransport):
    """Adds the current span's W3C `traceparent`/`tracestate` to each request it sends."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

        self._inner = inner
        self._propagator = TraceContextTextMapPropagator()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` with the trace context of the task that sends it."""
        self._propagator.inject(request.headers)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()


def trace_context_transport(
    settings: Settings, inner: httpx.AsyncBaseTransport | None
) -> httpx.AsyncBaseTransport | None:
    """`inner` (None: httpx's default) sending the trace context when tracing is on; else as is."""
    if not settings.otlp_endpoint:
        return inner
    return TraceContextTransport(inner or httpx.AsyncHTTPTransport())
