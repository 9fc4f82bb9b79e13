"""A booted platform (runtime + Experience service app) for SDK and gateway tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI

from symphainy.boot import Boot
from symphainy.capabilities import (
    content,
    control_tower,
    insights,
    journeys,
    operations,
    outcomes,
)
from symphainy.config import Settings
from symphainy.observability import trace_context_transport
from symphainy.runtime import IntentRegistry, Runtime
from symphainy.runtime.api import create_runtime_app
from symphainy.sdk import HttpSDK, LocalSDK, RemoteRuntime
from symphainy.security import SecurityGuard, load_or_create_service_secret
from symphainy.wiring import experience_app, remote_gateway
from tests.unit.runtime.intents import register_test_intents
from tests.unit.runtime.journey_intents import register_journey_test_intents

GW = "http://gateway.test"
PASSWORD = "correct horse 1"


def capabilities(registry: IntentRegistry) -> None:
    """Content, insights, operations, outcomes, Control Tower and the shipped journeys (whose
    steps need all of them), plus the test intents."""
    for capability in (content, insights, operations, outcomes, control_tower, journeys):
        capability.register(registry)
    register_test_intents(registry)
    register_journey_test_intents(registry)


@dataclass
class Platform:
    boot: Boot
    app: FastAPI
    runtime: Runtime
    guard: SecurityGuard
    remote_app: FastAPI
    """The same gateway over RemoteSDK → Runtime API (ASGI) → the runtime."""

    def remote_http(self, token: str | None = None) -> HttpSDK:
        return HttpSDK(GW, token, transport=httpx.ASGITransport(self.remote_app))

    def http(self, token: str | None = None) -> HttpSDK:
        return HttpSDK(GW, token, transport=httpx.ASGITransport(self.app))

    async def local(self, email: str, password: str = "correct horse 1") -> LocalSDK:
        pair = await self.guard.login(email, password)
        return LocalSDK(self.runtime, await self.guard.authenticate(pair.access_token))


@asynccontextmanager
async def platform(database_url: str, home: Path, **overrides: object) -> AsyncIterator[Platform]:
    values: dict[str, object] = {
        "poll_seconds": 0.05,
        "rate_limit_auth_per_ip_per_minute": 1000,
        "rate_limit_per_ip_per_minute": 100000,
        **overrides,
    }
    settings = Settings(home=home, database_url=database_url, **values)
    boot = Boot(settings, capabilities=[capabilities])
    runtime = await boot.start()
    assert boot.store is not None
    runtime_api = create_runtime_app(runtime, settings)
    remote = RemoteRuntime(
        "http://runtime.test",
        load_or_create_service_secret(settings),
        60.0,
        trace_context_transport(settings, httpx.ASGITransport(runtime_api)),
    )
    try:
        app = experience_app(boot)
        remote_app = remote_gateway(settings, boot.store, remote)
        yield Platform(boot, app, runtime, SecurityGuard(boot.store, settings), remote_app)
    finally:
        await remote.aclose()
        await boot.stop()
