"""Submit lanes: a tenant's submissions enter the writer at most `depth` at a time, in order."""

from __future__ import annotations

import asyncio

import pytest

from symphainy.runtime._submit_lanes import SubmitLanes


class Writer:
    """Store writes that finish when the test says so, recording who was inside when."""

    def __init__(self) -> None:
        self.inside: list[str] = []
        self.entered: list[str] = []
        self.most = 0
        self.gates: dict[str, asyncio.Event] = {}

    def write(self, name: str) -> asyncio.Future[str]:
        gate = self.gates.setdefault(name, asyncio.Event())

        async def run() -> str:
            self.inside.append(name)
            self.entered.append(name)
            self.most = max(self.most, len(self.inside))
            await gate.wait()
            self.inside.remove(name)
            return name

        return asyncio.ensure_future(run())


def start(lanes: SubmitLanes, writer: Writer, name: str, tenant: str = "t") -> asyncio.Task[str]:
    """One submission of `tenant`, writing as `name`."""
    return asyncio.create_task(lanes.run(tenant, lambda: writer.write(name)))


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_at_most_depth_inside_and_the_rest_enter_in_order() -> None:
    lanes, writer = SubmitLanes(2), Writer()
    names = [f"s{i}" for i in range(6)]
    tasks = [start(lanes, writer, name) for name in names]
    await settle()
    assert writer.inside == ["s0", "s1"]
    writer.gates["s0"].set()
    await settle()
    assert writer.inside == ["s1", "s2"]
    for name in names:  # the rest may pass as soon as they enter
        writer.gates.setdefault(name, asyncio.Event()).set()
    assert await asyncio.gather(*tasks) == names
    assert writer.entered == names
    assert writer.most == 2
    assert lanes._lanes == {}  # an idle tenant's lane is dropped


async def test_another_tenant_is_not_behind_a_full_lane() -> None:
    lanes, writer = SubmitLanes(1), Writer()
    first = start(lanes, writer, "a1", "busy")
    queued = start(lanes, writer, "a2", "busy")
    other = start(lanes, writer, "b1", "other")
    await settle()
    assert writer.inside == ["a1", "b1"]
    for name in ("b1", "a1", "a2"):
        writer.gates.setdefault(name, asyncio.Event()).set()
        await settle()
    assert [await t for t in (first, queued, other)] == ["a1", "a2", "b1"]


@pytest.mark.parametrize("when", ["while it waits", "as its turn comes"])
async def test_a_cancelled_waiter_loses_no_slot(when: str) -> None:
    lanes, writer = SubmitLanes(1), Writer()
    inside, gone, after = [start(lanes, writer, name) for name in ("in", "gone", "after")]
    await settle()
    if when == "while it waits":
        gone.cancel()
        await settle()
        writer.gates["in"].set()
    else:
        writer.gates["in"].set()
        await asyncio.sleep(0)  # "in" leaves and hands its slot to "gone"...
        await asyncio.sleep(0)
        gone.cancel()  # ...which is cancelled before it runs again: it hands the slot on
    await settle()
    assert writer.inside == ["after"]
    writer.gates["after"].set()
    assert (await inside, await after) == ("in", "after")
    with pytest.raises(asyncio.CancelledError):
        await gone
    assert "gone" not in writer.entered
    # The slot came back: the lane was dropped once everyone left.
    assert lanes._lanes == {}
