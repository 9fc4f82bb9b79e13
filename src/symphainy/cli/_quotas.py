"""`symphainy quota show|set TENANT` (Experience API, an admin's credential)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import typer

from symphainy.cli._client import URL, _sdk
from symphainy.cli._common import console, run
from symphainy.contracts._quotas import TenantQuotasView
from symphainy.sdk import HttpSDK

quota_app = typer.Typer(help="Per-tenant quotas (admins).", no_args_is_help=True)
RESETTABLE = (
    "max_queued, max_running, max_submits_per_minute, storage_bytes, reasoning_tokens_per_day"
)


def _print(call: Callable[[HttpSDK], Awaitable[TenantQuotasView]], url: str | None) -> None:
    async def go() -> TenantQuotasView:
        async with _sdk(url) as sdk:
            return await call(sdk)

    view = run(go())
    console.print(f"tenant {view.tenant_id}")
    for q in view.quotas:
        limit = "unlimited" if q.limit is None else str(q.limit)
        resets = "" if q.resets_at is None else f"  resets {q.resets_at.isoformat()}"
        console.print(f"  {q.quota:<26} {q.current:>12} / {limit:<12} ({q.source}){resets}")


@quota_app.command("show")
def show(tenant: str, url: str | None = URL) -> None:
    """A tenant's quotas: current use / limit (and where the limit comes from)."""
    _print(lambda sdk: sdk.get_tenant_quotas(tenant), url)


@quota_app.command("set")
def set_quotas(
    tenant: str,
    max_queued: int | None = typer.Option(None, help="Executions waiting to run at once."),
    max_running: int | None = typer.Option(None, help="Executions running at once."),
    max_submits_per_minute: int | None = typer.Option(None, help="Submissions per minute."),
    storage_bytes: int | None = typer.Option(None, help="Bytes of blobs held."),
    reasoning_tokens_per_day: int | None = typer.Option(None, help="Reasoning tokens per day."),
    reset: list[str] = typer.Option([], help=f"Back to the default (repeatable): {RESETTABLE}."),
    url: str | None = URL,
) -> None:
    """Override some of a tenant's quotas; print them all."""
    values: dict[str, Any] = {
        "max_queued": max_queued,
        "max_running": max_running,
        "max_submits_per_minute": max_submits_per_minute,
        "storage_bytes": storage_bytes,
        "reasoning_tokens_per_day": reasoning_tokens_per_day,
        "reset": reset,
    }
    _print(lambda sdk: sdk.set_tenant_quotas(tenant, **values), url)
