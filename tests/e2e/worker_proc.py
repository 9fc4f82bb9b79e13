"""A runtime worker process for the crash and multi-process tests."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from pathlib import Path

from pydantic import BaseModel

from symphainy.config import Settings
from symphainy.runtime import (
    ExecutionContext,
    IntentRegistry,
    Journey,
    RetryPolicy,
    Runtime,
    Step,
    register_journey_engine,
)
from tests.unit.runtime.signal_intents import register_signal_test_intents

# record → slow_marker (sleeps on its first attempt: the test kills the process then) → record.
# Long enough that a busy 2-core machine never loses a live worker's lease (a lost lease would
# rerun an execution and fail the "exactly once" checks), short enough to recover quickly.
LEASE_SECONDS = 3.0

LIMIT = 3
"""The registered running limit of the `limited` intent."""

CRASHY = Journey(
    "crashy",
    "Three steps; the process running the second is killed.",
    (
        Step("first", "record", {"log_path": "$input.log_path"}),
        Step(
            "second",
            "slow_marker",
            {"seconds": 60, "marker_dir": "$input.marker_dir"},
            after=("first",),
        ),
        Step("third", "record", {"log_path": "$input.log_path"}, after=("second",)),
    ),
)


class Slow(BaseModel):
    seconds: float
    marker_dir: str


class Record(BaseModel):
    log_path: str


class Done(BaseModel):
    attempt: int
    pid: int


def registry() -> IntentRegistry:
    reg = IntentRegistry()
    register_journey_engine(reg)

    @reg.intent(
        "slow_marker",
        params=Slow,
        result=Done,
        realm="test",
        retry=RetryPolicy(max_attempts=2, backoff_seconds=0.01),
    )
    async def slow_marker(ctx: ExecutionContext, p: Slow) -> Done:
        Path(p.marker_dir, f"{ctx.execution_id}.{ctx.attempt}").write_text(str(os.getpid()))
        if ctx.attempt == 1:
            await asyncio.sleep(p.seconds)
        return Done(attempt=ctx.attempt, pid=os.getpid())

    @reg.intent("record", params=Record, result=Done, realm="test")
    async def record(ctx: ExecutionContext, p: Record) -> Done:
        with open(p.log_path, "a") as fh:
            fh.write(f"{ctx.execution_id} {os.getpid()}\n")
        await asyncio.sleep(0.005)
        return Done(attempt=ctx.attempt, pid=os.getpid())

    @reg.intent("limited", params=Record, result=Done, realm="test", max_running=LIMIT)
    async def limited(ctx: ExecutionContext, p: Record) -> Done:
        await asyncio.sleep(0.02)
        return Done(attempt=ctx.attempt, pid=os.getpid())

    register_signal_test_intents(reg)
    reg.register_journey(CRASHY)
    reg.check()
    return reg


async def main(database_url: str, home: str, lease: float, poll: float, concurrency: int) -> None:
    settings = Settings(
        home=Path(home),
        database_url=database_url,
        lease_seconds=lease,
        poll_seconds=poll,
        worker_concurrency=concurrency,
    )
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with Runtime(settings, registry()):
        print("ready", flush=True)
        await stop.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("home")
    parser.add_argument("--lease", type=float, default=LEASE_SECONDS)
    parser.add_argument("--poll", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    asyncio.run(main(args.database_url, args.home, args.lease, args.poll, args.concurrency))
