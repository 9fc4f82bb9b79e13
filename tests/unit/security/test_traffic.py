"""TrafficCop in memory: limits, recovery, scopes, and who counts as the client."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from symphainy.errors import ConfigurationError, MissingDependency, RateLimited
from symphainy.security._traffic import TrafficCop
from tests.unit.security.conftest import FakeClock, fast_settings


def cop(tmp_path: Path, clock: FakeClock, **limits: object) -> TrafficCop:
    fields: dict[str, object] = {
        "rate_limit_per_ip_per_minute": 5,
        "rate_limit_per_tenant_per_minute": 8,
        "rate_limit_auth_per_ip_per_minute": 2,
    }
    fields.update(limits)
    return TrafficCop(fast_settings(tmp_path, **fields), clock=clock)


async def exhaust(check, times: int) -> None:
    for _ in range(times):
        await check()


async def test_limit_reached_raises_with_retry_after(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)
    await exhaust(lambda: traffic.check_ip("203.0.113.7"), 5)
    with pytest.raises(RateLimited) as info:
        await traffic.check_ip("203.0.113.7")
    problem = info.value.to_problem()
    assert problem["status"] == 429
    assert problem["retry_after"] == 12  # one request earned back every 60/5 s
    assert problem["scope"] == "ip"


async def test_window_recovers(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)
    await exhaust(lambda: traffic.check_ip("203.0.113.7"), 5)
    clock.advance(11.9)
    with pytest.raises(RateLimited) as info:
        await traffic.check_ip("203.0.113.7")
    assert info.value.extra["retry_after"] == 1
    clock.advance(0.1)
    await traffic.check_ip("203.0.113.7")  # exactly one earned back
    with pytest.raises(RateLimited):
        await traffic.check_ip("203.0.113.7")
    clock.advance(60)
    await exhaust(lambda: traffic.check_ip("203.0.113.7"), 5)  # the full burst again
    with pytest.raises(RateLimited):
        await traffic.check_ip("203.0.113.7")


async def test_rejected_requests_do_not_extend_the_wait(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)
    await exhaust(lambda: traffic.check_ip("203.0.113.7"), 5)
    for _ in range(50):
        with pytest.raises(RateLimited):
            await traffic.check_ip("203.0.113.7")
    clock.advance(12)
    await traffic.check_ip("203.0.113.7")


async def test_ips_are_limited_separately(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)
    await exhaust(lambda: traffic.check_ip("203.0.113.7"), 5)
    await traffic.check_ip("203.0.113.8")
    with pytest.raises(RateLimited):
        await traffic.check_ip("203.0.113.7")


async def test_ipv6_clients_share_their_64(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)
    for i in range(5):
        await traffic.check_ip(f"2001:db8:1:2::{i + 1}")
    with pytest.raises(RateLimited):
        await traffic.check_ip("2001:db8:1:2:ffff::1")
    await traffic.check_ip("2001:db8:1:3::1")


async def test_tenant_limit_is_separate_from_ip_limit(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)
    for i in range(8):
        await traffic.check(f"198.51.100.{i}", "tenant-a")  # eight clients, one tenant
    with pytest.raises(RateLimited) as info:
        await traffic.check("198.51.100.200", "tenant-a")
    assert info.value.extra["scope"] == "tenant"
    await traffic.check("198.51.100.200", "tenant-b")
    await traffic.check_tenant("tenant-b")
    # The IP budget is its own: an IP that spent it is limited whatever the tenant.
    await exhaust(lambda: traffic.check_ip("198.51.100.250"), 5)
    with pytest.raises(RateLimited) as info:
        await traffic.check("198.51.100.250", "tenant-c")
    assert info.value.extra["scope"] == "ip"


async def test_auth_limit_is_stricter_and_separate(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock)
    await exhaust(lambda: traffic.check_auth("192.0.2.1"), 2)
    with pytest.raises(RateLimited) as info:
        await traffic.check_auth("192.0.2.1")
    assert info.value.extra == {"retry_after": 30, "scope": "auth"}
    await traffic.check_ip("192.0.2.1")  # ordinary traffic still flows


async def test_invalid_configuration(tmp_path: Path, clock: FakeClock) -> None:
    with pytest.raises(ConfigurationError):
        cop(tmp_path, clock, rate_limit_per_ip_per_minute=0)
    with pytest.raises(ConfigurationError):
        cop(tmp_path, clock, trusted_proxies=("10.0.0.0/33",))


def test_redis_url_without_redis_package(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)
    monkeypatch.setitem(sys.modules, "redis.asyncio", None)
    with pytest.raises(MissingDependency):
        TrafficCop(fast_settings(tmp_path), "redis://127.0.0.1:1/0", clock=clock)


HOSTILE = {
    "X-Forwarded-For": "1.1.1.1",
    "X-Test-Mode": "true",
    "X-Test-ID": "me",
    "X-Real-IP": "2.2.2.2",
}


def test_forwarded_for_ignored_from_untrusted_peer(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock, trusted_proxies=("10.0.0.0/8",))
    assert traffic.client_ip("203.0.113.9", HOSTILE) == "203.0.113.9"
    assert traffic.client_ip("203.0.113.9", {}) == "203.0.113.9"
    no_proxies = cop(tmp_path, clock)
    assert no_proxies.client_ip("10.0.0.1", HOSTILE) == "10.0.0.1"


def test_forwarded_for_honoured_from_trusted_proxy(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock, trusted_proxies=("10.0.0.0/8", "fd00::/8"))
    # The client forged the first hop; the proxy appended the address it really saw.
    headers = {"x-forwarded-for": "1.1.1.1, 198.51.100.4"}
    assert traffic.client_ip("10.0.0.1", headers) == "198.51.100.4"
    # Two trusted proxies in a row: skip both, take the first untrusted hop from the right.
    chain = [("X-Forwarded-For", "1.1.1.1"), ("X-Forwarded-For", "198.51.100.4, 10.1.1.1")]
    assert traffic.client_ip("10.0.0.2", chain) == "198.51.100.4"
    assert traffic.client_ip("fd00::1", {"X-Forwarded-For": "[2001:db8::5]:443"}) == "2001:db8::5"
    assert traffic.client_ip("::ffff:10.0.0.1", {"X-Forwarded-For": "192.0.2.9"}) == "192.0.2.9"
    # Only proxies in the chain: the left-most proxy is all we know.
    assert traffic.client_ip("10.0.0.1", {"X-Forwarded-For": "10.9.9.9"}) == "10.9.9.9"
    # Nothing forwarded, or garbage right after a proxy: the proxy itself.
    assert traffic.client_ip("10.0.0.1", {}) == "10.0.0.1"
    assert traffic.client_ip("10.0.0.1", {"X-Forwarded-For": "1.1.1.1, junk"}) == "10.0.0.1"


async def test_forged_headers_cannot_dodge_limits(tmp_path: Path, clock: FakeClock) -> None:
    traffic = cop(tmp_path, clock, trusted_proxies=("10.0.0.0/8",))
    for i in range(5):
        headers = {"X-Forwarded-For": f"1.1.1.{i}", "X-Test-Mode": "true", "X-Test-ID": str(i)}
        await traffic.check_ip(traffic.client_ip("203.0.113.9", headers))
    with pytest.raises(RateLimited):
        await traffic.check_ip(traffic.client_ip("203.0.113.9", {"X-Forwarded-For": "9.9.9.9"}))


@pytest.mark.parametrize("per_minute", [7, 13, 600])
async def test_full_burst_at_real_clock_magnitudes(tmp_path: Path, per_minute: int) -> None:
    clock = FakeClock(1_764_000_000.123457)  # where float seconds lose sub-microsecond precision
    traffic = cop(tmp_path, clock, rate_limit_per_ip_per_minute=per_minute)
    await exhaust(lambda: traffic.check_ip("192.0.2.77"), per_minute)
    with pytest.raises(RateLimited):
        await traffic.check_ip("192.0.2.77")
