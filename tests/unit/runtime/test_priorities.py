"""Priorities and running limits through the caller facade, on both stores."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from pydantic import BaseModel

from symphainy.contracts import ExecutionView
from symphainy.errors import Forbidden, IntentNotFound, InvalidParameters
from symphainy.runtime import ExecutionContext, IntentRegistry, Runtime
from symphainy.security._principal import Principal
from symphainy.testing import local_runtime

A, B = "tenant-a", "tenant-b"
ALICE = Principal(A, "alice", ("member",))
ADA = Principal(A, "ada", ("member", "admin"))
MALLORY = Principal(B, "mallory", ("member", "admin"))


class Empty(BaseModel):
    pass


class Gates:
    """Lets a test hold `held` executions running until it opens the gate."""

    def __init__(self) -> None:
        self.open = asyncio.Event()


def registry(gates: Gates) -> IntentRegistry:
    reg = IntentRegistry()

    @reg.intent("held", params=Empty, result=Empty, realm="test", max_running=2)
    async def held(ctx: ExecutionContext, p: Empty) -> Empty:
        await gates.open.wait()
        return Empty()

    @reg.intent("quick", params=Empty, result=Empty, realm="test")
    async def quick(ctx: ExecutionContext, p: Empty) -> Empty:
        return Empty()

    return reg


@pytest.fixture
def gates() -> Gates:
    return Gates()


@pytest.fixture
async def runtime(database_url: str, tmp_path, gates: Gates) -> AsyncIterator[Runtime]:
    async with local_runtime(
        registry(gates), database_url=database_url, home=tmp_path, poll_seconds=0.05
    ) as rt:
        yield rt


async def _until(check: Callable[[], Awaitable[bool]], timeout: float = 20.0) -> None:
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.02)


async def _statuses(rt: Runtime, tenant: str, ids: list[str]) -> list[str]:
    return [(await rt.get_execution(tenant, i)).status for i in ids]


async def _held(rt: Runtime, who: Principal, n: int) -> list[str]:
    sdk = rt.for_caller(who)
    return [(await sdk.invoke_intent("held", {})).execution_id for _ in range(n)]


async def _settled(rt: Runtime, who: Principal) -> ExecutionView:
    """Run one unlimited intent to its end: every claim before it passed the limited ones by."""
    sdk = rt.for_caller(who)
    sub = await sdk.invoke_intent("quick", {})
    return await sdk.wait(sub.execution_id, 20)


async def test_the_execution_shows_its_priority(runtime: Runtime) -> None:
    sdk = runtime.for_caller(ALICE)
    sub = await sdk.invoke_intent("quick", {}, priority=42)
    assert (await sdk.wait(sub.execution_id, 20)).priority == 42
    plain = await sdk.invoke_intent("quick", {})
    assert (await sdk.get_execution(plain.execution_id)).priority == 0


@pytest.mark.parametrize("bad", [101, -101, True, "5", 1.5])
async def test_a_priority_out_of_range_is_refused(runtime: Runtime, bad: object) -> None:
    with pytest.raises(InvalidParameters):
        await runtime.for_caller(ALICE).invoke_intent("quick", {}, priority=bad)  # type: ignore[arg-type]


async def test_a_schedules_runs_carry_its_priority(runtime: Runtime) -> None:
    sdk = runtime.for_caller(ALICE)
    made = await sdk.create_schedule(
        intent_type="quick", cron="0 0 1 1 *", timezone="UTC", priority=-3
    )
    assert made.priority == -3
    run = await sdk.trigger_schedule(made.schedule_id)
    assert (await sdk.wait(run.execution_id, 20)).priority == -3


async def test_at_most_the_registered_limit_runs(runtime: Runtime, gates: Gates) -> None:
    ids = await _held(runtime, ALICE, 4)

    async def two_running() -> bool:
        return (await _statuses(runtime, A, ids)).count("running") == 2

    await _until(two_running)
    assert (await _settled(runtime, ALICE)).status == "completed"
    assert sorted(await _statuses(runtime, A, ids)) == ["created", "created", "running", "running"]
    gates.open.set()
    done = [await runtime.wait(A, i, 20) for i in ids]
    assert {d.status for d in done} == {"completed"}


async def test_an_admin_override_raises_the_limit_for_its_tenant_only(
    runtime: Runtime, gates: Gates
) -> None:
    ids = await _held(runtime, ALICE, 4)
    theirs = await _held(runtime, MALLORY, 4)
    view = await runtime.for_caller(ADA).set_concurrency_limit("held", 3)
    assert (view.registered, view.override, view.effective) == (2, 3, 3)

    async def three_running() -> bool:
        return (await _statuses(runtime, A, ids)).count("running") == 3

    await _until(three_running)
    await _settled(runtime, MALLORY)
    assert (await _statuses(runtime, B, theirs)).count("running") == 2
    listed = await runtime.for_caller(MALLORY).list_concurrency_limits()
    assert [(v.intent_type, v.override, v.effective) for v in listed] == [("held", None, 2)]
    gates.open.set()


async def test_only_an_admin_overrides_and_only_a_registered_intent(runtime: Runtime) -> None:
    with pytest.raises(Forbidden):
        await runtime.for_caller(ALICE).set_concurrency_limit("held", 5)
    with pytest.raises(IntentNotFound):
        await runtime.for_caller(ADA).set_concurrency_limit("nope", 5)
    with pytest.raises(InvalidParameters):
        await runtime.for_caller(ADA).set_concurrency_limit("held", 0)
    assert (await runtime.for_caller(ADA).set_concurrency_limit("quick", 1)).effective == 1
    cleared = await runtime.for_caller(ADA).set_concurrency_limit("quick", None)
    assert (cleared.override, cleared.effective) == (None, None)
