"""Fixtures for the security tests: a settable clock, cheap Argon2 settings, a guard per engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from symphainy.config import Settings
from symphainy.security._guard import SecurityGuard
from symphainy.security._principal import Principal
from symphainy.store import Store

PASSWORD = "correct horse battery"


class FakeClock:
    """Wall-clock seconds that move only when a test says so."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def fast_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings with Argon2 cheap enough for a test suite."""
    fields: dict[str, object] = {
        "home": tmp_path,
        "password_hash_time_cost": 1,
        "password_hash_memory_kib": 1024,
        "password_hash_parallelism": 1,
    }
    fields.update(overrides)
    return Settings(**fields)  # type: ignore[arg-type]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return fast_settings(tmp_path)


@pytest.fixture
def guard(store: Store, settings: Settings, clock: FakeClock) -> SecurityGuard:
    return SecurityGuard(store, settings, clock=clock)


@pytest.fixture
async def admin(guard: SecurityGuard) -> Principal:
    """The admin of a fresh tenant, authenticated through a real login."""
    await guard.register("Ada@Example.com", PASSWORD, "Ada", tenant_name="Analytical")
    pair = await guard.login("ada@example.com", PASSWORD)
    return await guard.authenticate(pair.access_token)
