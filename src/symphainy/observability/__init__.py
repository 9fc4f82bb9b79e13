"""Observability: Prometheus metrics for both services and optional OpenTelemetry traces."""

from __future__ import annotations

from symphainy.observability._log_context import (
    ExecutionLogFilter,
    annotate_handlers,
    running_execution,
)
from symphainy.observability._prometheus import (
    CONTENT_TYPE,
    Family,
    Gauges,
    HttpMetrics,
    histogram_samples,
    install_metrics,
    render,
)
from symphainy.observability._propagation import trace_context_transport
from symphainy.observability._tracing import execution_tracer, install_tracing, tracer_provider

__all__ = [
    "CONTENT_TYPE",
    "ExecutionLogFilter",
    "Family",
    "Gauges",
    "HttpMetrics",
    "annotate_handlers",
    "execution_tracer",
    "histogram_samples",
    "install_metrics",
    "install_tracing",
    "render",
    "running_execution",
    "trace_context_transport",
    "tracer_provider",
]
