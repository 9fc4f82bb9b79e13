"""A booted platform (runtime + Experience service app) for SDK and gateway tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI

from symphainy.boot import Boot
from symphainy.capabilities.content import register as register_content
from symphainy.config import Settings
from symphainy.runtime import IntentRegistry, Runtime
from symphainy.sdk import HttpSDK, LocalSDK
from symphainy.security import SecurityGuard
from symphainy.wiring import experience_app
from tests.unit.runtime.intents import build_registry

GW = "http://gateway.test"


def capabilities(registry: IntentRegistry) -> None:
    """The content capability plus the runtime test intents."""
    register_content(registry)
    for spec in build_registry():
        registry.register(spec, build_registry().get(spec.intent_type).handler)


@dataclass
class Platform:
    boot: Boot
    app: FastAPI
    runtime: Runtime
    guard: SecurityGuard

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
    try:
        app = experience_app(boot)
        assert boot.store is not None
        yield Platform(boot, app, runtime, SecurityGuard(boot.store, settings))
    finally:
        await boot.stop()
