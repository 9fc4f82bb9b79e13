"""A runtime with the security capability, cheap Argon2, and accounts made through the guard."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from symphainy.capabilities import security
from symphainy.runtime import IntentRegistry, Runtime, SubmitIntent
from symphainy.testing import local_runtime

PASSWORD = "correct horse battery"
FAST = {
    "password_hash_time_cost": 1,
    "password_hash_memory_kib": 1024,
    "password_hash_parallelism": 1,
    "poll_seconds": 0.05,
}


@dataclass
class Account:
    """A real user with a real login."""

    user_id: str
    tenant_id: str
    email: str
    access_token: str
    refresh_token: str


async def run(rt: Runtime, intent: str, params: dict[str, Any], tenant: str, **kw: Any) -> Any:
    """Submit and wait (tenant as the credential would give it)."""
    sub = await rt.submit(SubmitIntent(tenant, intent, params, **kw))
    return await rt.wait(tenant, sub.execution_id, timeout=30)


async def ok(rt: Runtime, intent: str, params: dict[str, Any], tenant: str, **kw: Any) -> Any:
    """Run an intent that must complete; return its result."""
    view = await run(rt, intent, params, tenant, **kw)
    assert view.status == "completed", (intent, view.error)
    return view.result


async def problem(rt: Runtime, intent: str, params: dict[str, Any], tenant: str, **kw: Any) -> str:
    """Run an intent that must fail; return its problem type's last segment."""
    view = await run(rt, intent, params, tenant, **kw)
    assert view.status == "failed", (intent, view.result)
    assert view.error is not None
    return view.error.type.rsplit("/", 1)[-1]


async def signup(rt: Runtime, email: str, tenant_name: str = "Acme") -> Account:
    """Register through the SecurityGuard (as /api/auth/register does) and log in."""
    guard = rt.services.identity.guard
    user, _ = await guard.register(email, PASSWORD, email.split("@")[0], tenant_name)
    pair = await guard.login(email, PASSWORD)
    return Account(user.user_id, user.tenant_id, email, pair.access_token, pair.refresh_token)


def registry() -> IntentRegistry:
    reg = IntentRegistry()
    security.register(reg)
    return reg


@pytest.fixture
async def rt(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    async with local_runtime(registry(), database_url=database_url, home=tmp_path, **FAST) as r:
        yield r
