"""Control Room intents: statistics, execution metrics, system and realm health.

Figures come from `ctx.metrics` (the store, read through the runtime); scoping rules
are in `symphainy.runtime._metrics`: a tenant admin sees their tenant, an operator the platform.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from symphainy.capabilities.control_tower import _models as m
from symphainy.runtime import ExecutionContext, Slice

SLICES = 12
"""How many equal slices `get_execution_metrics` cuts its window into for the series."""


def _observers(ctx: ExecutionContext) -> tuple[str, ...]:
    """The Control Tower's reads (its intents that only read): observation, not workload.

    The console runs its panels side by side, so counted they would show one another as
    running, differently in each panel; statistics and the queue both leave them out.
    """
    realm = ctx.catalogue.spec(ctx.intent_type).realm
    return tuple(
        spec.intent_type
        for spec in ctx.catalogue
        if spec.realm == realm and all(o.endswith(".read") for o in spec.obligations)
    )


def _at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _tally(by: dict[str, int]) -> m.Tally:
    return m.Tally(total=sum(by.values()), by=by)


async def get_platform_statistics(ctx: ExecutionContext, p: m.ScopeParams) -> m.PlatformStatistics:
    """Tenants, users, sessions, executions by state, artifacts by type, pending intents."""
    metrics = ctx.metrics
    tenant = metrics.scope(ctx.tenant_id, p.scope)
    counts = await metrics.counts(tenant, _observers(ctx))
    registry = ctx.catalogue
    return m.PlatformStatistics(
        scope=p.scope,
        tenant_id=tenant,
        generated_at=_at(time.time()),
        tenants=counts.tenants,
        users=counts.users,
        sessions=_tally(counts.sessions_by_status),
        anonymous_sessions=counts.anonymous_sessions,
        executions=_tally(counts.executions_by_status),
        artifacts=_tally(counts.artifacts_by_type),
        pending_intents=_tally(counts.pending_by_status),
        registered_intents=len(registry),
        realms=len(registry.realms()),
    )


async def get_execution_metrics(
    ctx: ExecutionContext, p: m.WindowParams
) -> m.ExecutionMetricsResult:
    """Throughput, success rate and p50/p95/p99 latency per intent type in `time_range`."""
    metrics = ctx.metrics
    tenant = metrics.scope(ctx.tenant_id, p.scope)
    until = time.time()
    since = until - m.range_seconds(p.time_range)
    figures = await metrics.execution_metrics(tenant, since, until, slices=SLICES)
    return m.ExecutionMetricsResult(
        scope=p.scope,
        time_range=p.time_range,
        since=_at(figures.since),
        until=_at(figures.until),
        throughput_per_minute=figures.throughput_per_minute,
        total=figures.total,
        by_intent=figures.by_intent,
        series=[_slice(s) for s in figures.series],
    )


def _slice(part: Slice) -> m.MetricsSlice:
    t = part.timing
    return m.MetricsSlice(
        start=_at(part.start),
        end=_at(part.end),
        completed=t.completed,
        failed=t.failed,
        cancelled=t.cancelled,
        success_rate=t.success_rate,
        latency_p50_ms=t.latency_p50_ms,
        latency_p95_ms=t.latency_p95_ms,
    )


async def get_system_health(ctx: ExecutionContext, p: m.ScopeParams) -> m.SystemHealthResult:
    """Store ping, blob store, live workers, queue depth and the oldest waiting execution."""
    metrics = ctx.metrics
    health = await metrics.system_health(metrics.scope(ctx.tenant_id, p.scope), _observers(ctx))
    fields = {n: getattr(health, n) for n in m.SystemHealthResult.model_fields if n != "scope"}
    return m.SystemHealthResult(scope=p.scope, **fields)


async def get_realm_health(ctx: ExecutionContext, p: m.WindowParams) -> m.RealmHealthResult:
    """Per realm: its intents, executions finished and failed, the newest failures."""
    metrics = ctx.metrics
    tenant = metrics.scope(ctx.tenant_id, p.scope)
    realms = await metrics.realm_health(tenant, time.time() - m.range_seconds(p.time_range))
    return m.RealmHealthResult(
        scope=p.scope,
        time_range=p.time_range,
        realms=[
            m.RealmHealthView(
                realm=r.realm,
                intents=r.intents,
                finished=r.finished,
                failed=r.failed,
                rejected=r.rejected,
                status=r.status,
                recent_failures=r.recent_failures,
            )
            for r in realms
        ],
    )
