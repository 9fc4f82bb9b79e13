"""Versioned intents and journeys on both stores: newest by default, named kept, retired typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from symphainy.errors import ConfigurationError, IntentNotFound, IntentVersionRetired
from symphainy.runtime import IntentRegistry, IntentSpec, Runtime
from symphainy.runtime._facade import CallerFacade
from symphainy.security._principal import Principal
from symphainy.testing import local_runtime
from tests.unit.runtime.retry_intents import Calls, Value, Versioned, retry_registry

T = "tenant-v"


def member(rt: Runtime) -> CallerFacade:
    return rt.for_caller(Principal(T, "u1", ("member",)))


async def test_newest_version_by_default_and_a_named_one_when_asked(
    database_url: str, tmp_path: Path
) -> None:
    async with local_runtime(
        retry_registry(Calls()), database_url=database_url, home=tmp_path, poll_seconds=0.05
    ) as rt:
        caller = member(rt)
        session = await caller.create_session()
        newest = await caller.invoke_intent("versioned", {"x": 4}, session)
        named = await caller.invoke_intent("versioned", {"x": 4}, session, intent_version=1)
        done_newest = await caller.wait(newest.execution_id, timeout=30)
        done_named = await caller.wait(named.execution_id, timeout=30)
        assert (done_newest.intent_version, done_newest.result) == (2, {"value": 42})
        assert (done_named.intent_version, done_named.result) == (1, {"value": 41})
        with pytest.raises(IntentNotFound) as missing:
            await caller.invoke_intent("versioned", {"x": 4}, session, intent_version=3)
        assert missing.value.extra["versions"] == [1, 2]
        contract = await caller.get_intent("versioned")
        assert (contract.version, contract.versions) == (2, [1, 2])
        assert (await caller.get_intent("versioned", version=1)).version == 1
        listed = {c.intent_type: c for c in await caller.list_intents()}
        assert (listed["versioned"].version, listed["versioned"].versions) == (2, [1, 2])
        assert (listed["counted"].version, listed["counted"].versions) == (1, [1])


async def test_a_retired_version_fails_typed_instead_of_running_new_code(
    database_url: str, tmp_path: Path
) -> None:
    # Deploy 1 knows versions 1 and 2 and records a version-1 execution (no worker runs it).
    async with local_runtime(
        retry_registry(Calls()),
        database_url=database_url,
        home=tmp_path,
        workers_enabled=False,
    ) as rt:
        caller = member(rt)
        session = await caller.create_session()
        queued = await caller.invoke_intent("versioned", {"x": 1}, session, intent_version=1)
    # Deploy 2 dropped version 1: the execution fails typed instead of running version 2.
    async with local_runtime(
        retry_registry(Calls(), versions=(2,)),
        database_url=database_url,
        home=tmp_path,
        poll_seconds=0.05,
    ) as rt:
        final = await member(rt).wait(queued.execution_id, timeout=30)
        assert final.status == "failed"
        assert final.error is not None
        assert final.error.type.endswith("/intent-version-retired")
        assert final.error.model_dump()["version"] == 1
        assert (final.result, final.intent_version) == (None, 1)
        with pytest.raises(IntentVersionRetired):
            await member(rt).retry_execution(queued.execution_id)
        assert (await member(rt).list_executions(retry_of=queued.execution_id)).total == 0


async def test_journeys_keep_the_version_they_started_with(
    database_url: str, tmp_path: Path
) -> None:
    calls = Calls()
    async with local_runtime(
        retry_registry(calls), database_url=database_url, home=tmp_path, poll_seconds=0.05
    ) as rt:
        caller = member(rt)
        session = await caller.create_session()
        views = {j.journey_id: j for j in await caller.list_journeys()}
        assert (views["grown"].version, views["grown"].versions) == (2, [1, 2])
        newest = await caller.trigger_journey("grown", {}, session)
        old = await caller.trigger_journey("grown", {}, session, journey_version=1)
        done_newest = await caller.wait(newest.execution_id, timeout=30)
        done_old = await caller.wait(old.execution_id, timeout=30)
        assert done_newest.parameters["journey_version"] == 2
        assert [s["step"] for s in done_newest.result["steps"]] == ["one", "two"]
        assert done_old.parameters["journey_version"] == 1
        assert [s["step"] for s in done_old.result["steps"]] == ["one"]


def test_a_version_registers_once_and_starts_at_one() -> None:
    reg = IntentRegistry()
    reg.register(IntentSpec("v", Versioned, Value, "test"), lambda ctx, p: None)
    with pytest.raises(ConfigurationError):
        reg.register(IntentSpec("v", Versioned, Value, "test"), lambda ctx, p: None)
    with pytest.raises(ConfigurationError):
        reg.register(IntentSpec("v", Versioned, Value, "test", version=0), lambda ctx, p: None)
    reg.register(IntentSpec("v", Versioned, Value, "test", version=3), lambda ctx, p: None)
    assert reg.versions("v") == [1, 3]
    assert reg.get("v").spec.version == 3
    assert len(reg) == 1
    with pytest.raises(IntentVersionRetired):
        reg.pinned("v", 2)
