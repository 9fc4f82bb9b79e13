"""The per-account sign-in throttle in memory: counting, the window, the policy's bounds."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from symphainy.errors import AuthenticationRequired, ConfigurationError, RateLimited
from symphainy.security._traffic import TrafficCop
from tests.unit.security.conftest import FakeClock, fast_settings

LIMITS = {
    "login_failures_before_throttle": 2,
    "login_throttle_base_seconds": 10.0,
    "login_throttle_max_seconds": 40.0,
    "login_failure_window_seconds": 100.0,
}


def cop(tmp_path: Path, clock: FakeClock, **overrides: object) -> TrafficCop:
    return TrafficCop(fast_settings(tmp_path, **{**LIMITS, **overrides}), clock=clock)


async def wrong() -> str:
    raise AuthenticationRequired("email or password is incorrect")


async def right() -> str:
    return "signed in"


async def attempt(traffic: TrafficCop, check: Callable[[], Awaitable[str]], src: str = "a") -> str:
    """What one attempt for ada@example.com from `src` ends in."""
    try:
        return await traffic.sign_in("ada@example.com", src, check)
    except AuthenticationRequired:
        return "401"
    except RateLimited as exc:
        return f"429:{exc.extra['retry_after']}"


async def test_failures_throttle_then_double_to_the_cap(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)
    assert [await attempt(traffic, wrong, f"s{i}") for i in range(3)] == ["401", "401", "429:10"]
    seen = []
    for _ in range(4):
        seen.append(await attempt(traffic, right))
        clock.advance(int(seen[-1].split(":")[1]))
        assert await attempt(traffic, wrong) == "401"
    assert seen == ["429:10", "429:20", "429:40", "429:40"]


async def test_a_refused_attempt_never_runs_the_check(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)
    ran = []

    async def counted() -> str:
        ran.append(1)
        raise AuthenticationRequired("email or password is incorrect")

    outcomes = [await attempt(traffic, counted, f"s{i}") for i in range(5)]
    assert outcomes == ["401", "401", "429:10", "429:10", "429:10"]
    assert len(ran) == 2


async def test_a_concurrent_burst_gets_no_extra_guesses(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)
    assert await attempt(traffic, wrong) == "401"
    ran = []

    async def slow() -> str:  # an Argon2 check takes a while: the burst overlaps it
        ran.append(1)
        await asyncio.sleep(0.05)
        raise AuthenticationRequired("email or password is incorrect")

    outcomes = await asyncio.gather(*(attempt(traffic, slow, f"s{i}") for i in range(10)))
    assert sorted(outcomes) == ["401"] + ["429:10"] * 9
    assert len(ran) == 1


async def test_the_window_forgets_old_failures(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)
    assert await attempt(traffic, wrong) == "401"
    clock.advance(100.5)
    assert await attempt(traffic, wrong) == "401"  # the first one was forgotten
    clock.advance(99)
    assert await attempt(traffic, wrong) == "401"
    assert await attempt(traffic, right) == "429:10"


async def test_other_errors_are_not_failures(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)

    async def broken() -> str:
        raise OSError("store down")

    for _ in range(3):
        with pytest.raises(OSError, match="store down"):
            await traffic.sign_in("ada@example.com", "a", broken)
    assert await attempt(traffic, right) == "signed in"


@pytest.mark.parametrize(
    "bad",
    [
        {"login_failures_before_throttle": 0},
        {"login_throttle_base_seconds": 0.0},
        {"login_throttle_base_seconds": 50.0},  # above the cap
        {"login_failure_window_seconds": 39.0},  # shorter than the cap
        {"login_known_source_ttl_seconds": 0.0},
    ],
)
def test_invalid_policy(tmp_path: Path, clock: FakeClock, bad: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        cop(tmp_path, clock, **bad)
