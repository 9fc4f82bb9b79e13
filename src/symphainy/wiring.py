"""Φ4 wiring: build the experience surfaces against a booted platform."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from symphainy.boot import Boot
from symphainy.gateway import GatewayDeps, create_gateway_app
from symphainy.sdk import LocalSDK
from symphainy.security import Principal, SecurityGuard, TrafficCop


def experience_app(boot: Boot, traffic: TrafficCop | None = None) -> FastAPI:
    """The Experience service on the booted runtime, in process (LocalSDK per principal)."""
    runtime, store = boot.runtime, boot.store
    if runtime is None or store is None:
        raise RuntimeError("boot the platform (Φ1 to Φ3) before attaching the gateway")
    settings = boot.settings

    def sdk_for(principal: Principal) -> LocalSDK:
        return LocalSDK(runtime, principal)

    async def readiness() -> dict[str, Any]:
        report = {**boot.report(), **await runtime.readiness()}
        report["ready"] = bool(
            report["sdk_ready"] and report["migrations_current"] and report["live_workers"] > 0
        )
        return report

    deps = GatewayDeps(
        settings=settings,
        guard=SecurityGuard(store, settings),
        traffic=traffic or TrafficCop(settings),
        sdk_for=sdk_for,
        readiness=readiness,
    )
    return create_gateway_app(deps)
