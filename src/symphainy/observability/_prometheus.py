"""Prometheus text exposition (format 0.0.4) and per-route HTTP request metrics.

Written here rather than with `prometheus_client`: we expose a handful of families, some
computed from the store at scrape time (async), which the client library's synchronous
collectors do not fit; the format itself is a few lines.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from symphainy.errors import AuthenticationRequired
from symphainy.histogram import Histogram

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
"""Request-duration histogram bounds in seconds."""


@dataclass(frozen=True, slots=True)
class Family:
    """One metric family: its samples as (label set, value) pairs."""

    name: str
    kind: Literal["counter", "gauge", "histogram"]
    help: str
    samples: list[tuple[Mapping[str, str], float]] = field(default_factory=list)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _sample(name: str, labels: Mapping[str, str], value: float) -> str:
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in labels.items())
    text = repr(float(value)) if value != int(value) else str(int(value))
    return f"{name}{{{inner}}} {text}" if inner else f"{name} {text}"


def render(families: Iterable[Family]) -> str:
    """The text exposition of `families`."""
    lines: list[str] = []
    for fam in families:
        lines.append(f"# HELP {fam.name} {fam.help}")
        lines.append(f"# TYPE {fam.name} {fam.kind}")
        suffix = "_total" if fam.kind == "counter" else ""
        for labels, value in fam.samples:
            name = labels.get("__name__", fam.name + suffix)
            lines.append(_sample(name, {k: v for k, v in labels.items() if k != "__name__"}, value))
    return "\n".join(lines) + "\n"


@dataclass(slots=True)
class _Route:
    count: dict[str, int] = field(default_factory=dict)
    """Requests by status code."""
    seconds: Histogram = field(default_factory=lambda: Histogram(BUCKETS))


class HttpMetrics:
    """Counts and times every HTTP request by method, route template and status."""

    def __init__(self, service: str) -> None:
        self.service = service
        self._routes: dict[tuple[str, str], _Route] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Record one finished request."""
        entry = self._routes.setdefault((method, route), _Route())
        code = str(status)
        entry.count[code] = entry.count.get(code, 0) + 1
        entry.seconds.observe(seconds)

    def families(self) -> list[Family]:
        """`symphainy_http_requests_total` and `symphainy_http_request_duration_seconds`."""
        requests = Family(
            "symphainy_http_requests", "counter", "HTTP requests handled, by route and status."
        )
        durations = Family(
            "symphainy_http_request_duration_seconds",
            "histogram",
            "Time from request to the last byte of the response.",
        )
        for (method, route), entry in sorted(self._routes.items()):
            base = {"service": self.service, "method": method, "route": route}
            for code, n in sorted(entry.count.items()):
                requests.samples.append(({**base, "status": code}, n))
            durations.samples.extend(histogram_samples(durations.name, base, entry.seconds))
        return [requests, durations]

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """Wrap an ASGI app so that each HTTP request is observed."""

        async def observed(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            start, status = time.perf_counter(), [500]

            async def tap(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status[0] = int(message["status"])
                await send(message)

            try:
                await app(scope, receive, tap)
            finally:
                route = getattr(scope.get("route"), "path", None) or "<unmatched>"
                self.observe(scope["method"], route, status[0], time.perf_counter() - start)

        return observed


def histogram_samples(
    name: str, base: Mapping[str, str], histogram: Histogram
) -> list[tuple[Mapping[str, str], float]]:
    """The `_bucket`, `_sum` and `_count` samples of one histogram with labels `base`."""
    samples: list[tuple[Mapping[str, str], float]] = [
        ({"__name__": f"{name}_bucket", **base, "le": le}, n) for le, n in histogram.cumulative()
    ]
    samples.append(({"__name__": f"{name}_sum", **base}, round(histogram.total, 6)))
    samples.append(({"__name__": f"{name}_count", **base}, histogram.count))
    return samples


Gauges = Callable[[], Awaitable[list[Family]]]


def metrics_endpoint(
    metrics: HttpMetrics, gauges: Gauges, token: str
) -> Callable[[Request], Awaitable[Response]]:
    """A `/metrics` handler: HTTP families plus `gauges()`; bearer `token` required if set."""

    async def endpoint(request: Request) -> Response:
        if token:
            _check_bearer(request.headers.get("authorization", ""), token)
        families = [*metrics.families(), *await gauges()]
        return Response(render(families), media_type=CONTENT_TYPE)

    return endpoint


def _check_bearer(header: str, token: str) -> None:
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(presented.encode(), token.encode()):
        raise AuthenticationRequired("send `Authorization: Bearer <SYMPHAINY_METRICS_TOKEN>`")


def install_metrics(app: Any, service: str, gauges: Gauges, token: str) -> HttpMetrics:
    """Observe every request of a FastAPI `app` and serve `/metrics` (outside the schema)."""
    metrics = HttpMetrics(service)
    app.add_middleware(_Middleware, metrics=metrics)
    app.add_api_route(
        "/metrics",
        metrics_endpoint(metrics, gauges, token),
        methods=["GET"],
        include_in_schema=False,
    )
    return metrics


class _Middleware:
    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self._app = metrics.middleware(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)
