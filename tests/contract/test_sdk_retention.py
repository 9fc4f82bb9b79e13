"""Retention operations through every Experience SDK, and across tenants."""

from __future__ import annotations

import pytest

from symphainy.errors import InvalidParameters, NotFound
from symphainy.sdk import ExperienceSDK
from tests.integration.gateway.platform import PASSWORD, Platform


async def test_policy_holds_and_runs(sdk: ExperienceSDK) -> None:
    assert not (await sdk.get_retention_policy()).custom
    policy = await sdk.set_retention_policy(execution_days=1, wal_days=2)
    assert (policy.execution_days, policy.wal_days, policy.custom) == (1, 2, True)
    with pytest.raises(InvalidParameters):
        await sdk.set_retention_policy(execution_days=0)
    session = await sdk.create_session()
    sub = await sdk.invoke_intent("add_one", {"x": 1}, session)
    await sdk.wait(sub.execution_id, timeout=30)
    hold = await sdk.place_legal_hold("execution", sub.execution_id, "audit")
    assert (hold.kind, hold.target_id) == ("execution", sub.execution_id)
    assert [h.target_id for h in (await sdk.list_legal_holds()).holds] == [sub.execution_id]
    dry = await sdk.run_retention(dry_run=True)
    assert dry.counts is not None
    assert dry.counts.executions == 0
    assert dry.execution_id is None
    started = await sdk.run_retention()
    assert started.execution_id is not None
    done = await sdk.wait(started.execution_id, timeout=60)
    assert done.status == "completed", done.error
    assert done.result is not None
    assert done.result["counts"]["executions"] == 0
    assert (await sdk.release_legal_hold("execution", sub.execution_id)).holds == []
    with pytest.raises(NotFound):
        await sdk.release_legal_hold("execution", sub.execution_id)


async def test_one_tenants_admin_cannot_touch_anothers(plat: Platform) -> None:
    owner, attacker = plat.http(), plat.http()
    await owner.register("owner@example.com", PASSWORD, "Owner")
    await attacker.register("attacker@example.com", PASSWORD, "Mallory")
    session = await owner.create_session()
    sub = await owner.invoke_intent("add_one", {"x": 1}, session)
    await owner.wait(sub.execution_id, timeout=30)
    await owner.set_retention_policy(execution_days=3)
    await owner.place_legal_hold("execution", sub.execution_id, "audit")
    with pytest.raises(NotFound):
        await attacker.place_legal_hold("execution", sub.execution_id, "steal")
    with pytest.raises(NotFound):
        await attacker.release_legal_hold("execution", sub.execution_id)
    assert (await attacker.list_legal_holds()).holds == []
    assert not (await attacker.get_retention_policy()).custom
    await attacker.set_retention_policy(execution_days=1)
    assert (await owner.get_retention_policy()).execution_days == 3
    assert len((await owner.list_legal_holds()).holds) == 1
    await owner.aclose()
    await attacker.aclose()


async def test_an_admin_schedules_retention(sdk: ExperienceSDK) -> None:
    schedule = await sdk.create_schedule(intent_type="run_retention", every_seconds=86_400)
    run = await sdk.trigger_schedule(schedule.schedule_id)
    done = await sdk.wait(run.execution_id, timeout=60)
    assert done.status == "completed", done.error
    assert done.schedule_id == schedule.schedule_id
    assert set(done.result["counts"]) >= {"executions", "wal_entries"}  # type: ignore[index]
