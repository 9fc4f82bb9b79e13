"""TrafficCop through Redis: two instances (two nodes) share one budget."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from symphainy.errors import AuthenticationRequired, RateLimited
from symphainy.security._traffic import TrafficCop
from tests.unit.security.conftest import FakeClock, fast_settings

pytest.importorskip("redis")


def _redis_server() -> str | None:
    found = shutil.which("redis-server")
    if found is None and os.geteuid() == 0:
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "redis-server"],
            check=False,
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = shutil.which("redis-server")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("redis-server exited at start")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("redis-server did not start")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = _redis_server()
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port, workdir = _free_port(), tmp_path_factory.mktemp("redis")
    args = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(workdir)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(port, proc)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def redis_cop(tmp_path: Path, url: str, clock: FakeClock) -> TrafficCop:
    settings = fast_settings(
        tmp_path, rate_limit_per_ip_per_minute=4, rate_limit_per_tenant_per_minute=6
    )
    return TrafficCop(settings, url, clock=clock)


async def test_two_nodes_share_one_limit(tmp_path: Path, redis_url: str) -> None:
    clock = FakeClock(time.time())
    ip = f"203.0.113.{os.getpid() % 250}"
    async with (
        redis_cop(tmp_path, redis_url, clock) as a,
        redis_cop(tmp_path, redis_url, clock) as b,
    ):
        assert a.shared
        assert b.shared
        for node in (a, b, a, b):
            await node.check_ip(ip)
        for node in (a, b):
            with pytest.raises(RateLimited) as info:
                await node.check_ip(ip)
            assert info.value.extra["retry_after"] == 15
        clock.advance(15)
        await b.check_ip(ip)
        with pytest.raises(RateLimited):
            await a.check_ip(ip)


async def test_tenants_shared_across_nodes(tmp_path: Path, redis_url: str) -> None:
    clock = FakeClock(time.time())
    tenant = f"t_{os.getpid()}_{time.time_ns()}"
    async with (
        redis_cop(tmp_path, redis_url, clock) as a,
        redis_cop(tmp_path, redis_url, clock) as b,
    ):
        for i in range(6):
            await (a if i % 2 else b).check_tenant(tenant)
        with pytest.raises(RateLimited):
            await a.check_tenant(tenant)
        await b.check_tenant(tenant + "-other")


async def test_falls_back_to_memory_when_redis_is_down(tmp_path: Path) -> None:
    clock = FakeClock(time.time())
    url = f"redis://127.0.0.1:{_free_port()}/0"
    async with redis_cop(tmp_path, url, clock) as cop:
        for _ in range(4):
            await cop.check_ip("192.0.2.1")
        with pytest.raises(RateLimited):
            await cop.check_ip("192.0.2.1")


async def test_full_burst_through_redis(tmp_path: Path, redis_url: str) -> None:
    clock = FakeClock(time.time())
    settings = fast_settings(tmp_path, rate_limit_auth_per_ip_per_minute=7)
    ip = f"198.51.100.{os.getpid() % 250}"
    async with TrafficCop(settings, redis_url, clock=clock) as cop:
        for _ in range(7):
            await cop.check_auth(ip)
        with pytest.raises(RateLimited) as info:
            await cop.check_auth(ip)
        assert info.value.extra["retry_after"] == 9  # ceil(60 / 7)


async def _fail(cop: TrafficCop, email: str, source: str) -> None:
    async def wrong() -> None:
        raise AuthenticationRequired("email or password is incorrect")

    with pytest.raises(AuthenticationRequired):
        await cop.sign_in(email, source, wrong)


async def _right() -> str:
    return "signed in"


async def test_sign_in_failures_are_shared_across_nodes(tmp_path: Path, redis_url: str) -> None:
    clock = FakeClock(time.time())
    email = f"victim-{os.getpid()}-{time.time_ns()}@example.com"
    settings = fast_settings(
        tmp_path, login_failures_before_throttle=3, login_throttle_base_seconds=20.0
    )
    async with (
        TrafficCop(settings, redis_url, clock=clock) as a,
        TrafficCop(settings, redis_url, clock=clock) as b,
    ):
        await _fail(a, email, "ip:198.51.100.1")
        await _fail(b, email.upper(), "ip:198.51.100.2")
        await _fail(a, f" {email} ", "ip:198.51.100.3")
        for node in (a, b):
            with pytest.raises(RateLimited) as info:
                await node.sign_in(email, "ip:203.0.113.1", _right)
            assert info.value.extra == {"retry_after": 20, "scope": "account"}
        clock.advance(20)
        assert await b.sign_in(email, "ip:203.0.113.1", _right) == "signed in"
        # Success forgot the count on every node, and made 203.0.113.1 a known source.
        for source in ("ip:1", "ip:2", "ip:3"):
            await _fail(a, email, source)
        with pytest.raises(RateLimited):
            await b.sign_in(email, "ip:198.51.100.9", _right)
        assert await b.sign_in(email, "ip:203.0.113.1", _right) == "signed in"


async def test_sign_in_throttle_falls_back_to_memory(tmp_path: Path) -> None:
    clock = FakeClock(time.time())
    settings = fast_settings(tmp_path, login_failures_before_throttle=2)
    async with TrafficCop(settings, f"redis://127.0.0.1:{_free_port()}/0", clock=clock) as cop:
        await _fail(cop, "ada@example.com", "ip:1")
        await _fail(cop, "ada@example.com", "ip:2")
        with pytest.raises(RateLimited):
            await cop.sign_in("ada@example.com", "ip:3", _right)


async def test_a_burst_across_nodes_gets_one_guess(tmp_path: Path, redis_url: str) -> None:
    clock = FakeClock(time.time())
    email = f"burst-{os.getpid()}-{time.time_ns()}@example.com"
    settings = fast_settings(tmp_path, login_failures_before_throttle=1)
    ran = []

    async def slow() -> None:
        ran.append(1)
        await asyncio.sleep(0.05)
        raise AuthenticationRequired("email or password is incorrect")

    async with (
        TrafficCop(settings, redis_url, clock=clock) as a,
        TrafficCop(settings, redis_url, clock=clock) as b,
    ):
        tries = [(a, b)[i % 2].sign_in(email, f"ip:{i}", slow) for i in range(8)]
        outcomes = await asyncio.gather(*tries, return_exceptions=True)
    assert (
        sorted(type(o).__name__ for o in outcomes)
        == ["AuthenticationRequired"] + ["RateLimited"] * 7
    )
    assert len(ran) == 1
