"""Observability: Prometheus metrics for both services and optional OpenTelemetry traces."""

from __future__ import annotations

from symphainy.observability._prometheus import (
    CONTENT_TYPE,
    Family,
    Gauges,
    HttpMetrics,
    install_metrics,
    render,
)
from symphainy.observability._tracing import install_tracing, tracer_provider

__all__ = [
    "CONTENT_TYPE",
    "Family",
    "Gauges",
    "HttpMetrics",
    "install_metrics",
    "install_tracing",
    "render",
    "tracer_provider",
]
