"""Φ4 wiring: the Experience service on a booted runtime, or on a remote Runtime API.

In process it uses LocalSDK; `symphainy experience` uses RemoteSDK over the Runtime API.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from symphainy.boot import Boot
from symphainy.config import Settings
from symphainy.errors import BootError, SymphainyError
from symphainy.gateway import GatewayDeps, SDKFactory, create_gateway_app
from symphainy.observability import trace_context_transport
from symphainy.runtime import platform_gauges
from symphainy.sdk import LocalSDK, RemoteRuntime
from symphainy.security import (
    Principal,
    SecurityGuard,
    Team,
    TrafficCop,
    load_or_create_service_secret,
)
from symphainy.store import Store, open_store


def gateway_app(
    settings: Settings,
    store: Store,
    sdk_for: SDKFactory,
    readiness: Callable[[], Awaitable[dict[str, Any]]],
    traffic: TrafficCop | None = None,
) -> FastAPI:
    """The Experience service: identity from `store`, everything else through `sdk_for`.

    `traffic` is the runtime's TrafficCop when both run in one process, so sign-in counts
    per account are one count whether they come through /api/auth/login or the
    authenticate_user intent (across processes, Redis shares them).
    """
    deps = GatewayDeps(
        settings=settings,
        guard=SecurityGuard(store, settings),
        traffic=traffic or TrafficCop(settings),
        sdk_for=sdk_for,
        readiness=readiness,
        # Read from the store the gateway already opens for identity (here or remote alike).
        gauges=lambda: platform_gauges(store, settings.lease_seconds),
        team=Team(store),
    )
    return create_gateway_app(deps)


def experience_app(boot: Boot) -> FastAPI:
    """The Experience service on the booted runtime, in process (LocalSDK per principal)."""
    runtime, store = boot.runtime, boot.store
    if runtime is None or store is None:
        raise BootError("boot the platform (Φ1 to Φ3) before attaching the gateway")

    def sdk_for(principal: Principal) -> LocalSDK:
        return LocalSDK(runtime, principal)

    async def readiness() -> dict[str, Any]:
        report = {**boot.report(), **await runtime.readiness()}
        report["ready"] = bool(
            report["sdk_ready"] and report["migrations_current"] and report["live_workers"] > 0
        )
        return report

    traffic = runtime.services.identity.traffic
    return gateway_app(boot.settings, store, sdk_for, readiness, traffic)


def remote_gateway(settings: Settings, store: Store, remote: RemoteRuntime) -> FastAPI:
    """The Experience service over a Runtime API (RemoteSDK per principal)."""

    async def readiness() -> dict[str, Any]:
        ready = await remote.client.ready()
        return {"runtime": ready.model_dump(), "ready": ready.ready}

    return gateway_app(settings, store, remote.sdk_for, readiness)


@asynccontextmanager
async def remote_experience(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[FastAPI]:
    """Φ1 store (identity) → Φ3 Runtime API reachable (the SDK is ready) → the app."""
    secret = load_or_create_service_secret(settings)
    # With tracing on, each call carries the caller's trace on to the Runtime API.
    transport = trace_context_transport(settings, transport)
    remote = RemoteRuntime(
        settings.runtime_url, secret, settings.service_token_ttl_seconds, transport
    )
    async with open_store(settings.resolved_database_url, migrate=settings.auto_migrate) as store:
        try:
            await remote.client.health()
        except (SymphainyError, httpx.HTTPError) as exc:
            await remote.aclose()
            raise BootError(
                f"Runtime API at {settings.runtime_url} is not reachable: {exc}; "
                "start `symphainy runtime` or set SYMPHAINY_RUNTIME_URL"
            ) from exc
        try:
            yield remote_gateway(settings, store, remote)
        finally:
            await remote.aclose()
