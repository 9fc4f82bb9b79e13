"""Sign-in throttling per account over real HTTP: many addresses cannot brute-force one account,
and the throttle is a bounded delay, never a lockout the owner cannot get past."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from symphainy.errors import RateLimited
from symphainy.security import TrafficCop
from tests.integration.gateway.platform import GW, PASSWORD, Platform, platform
from tests.unit.security.conftest import FakeClock

THROTTLE = {
    "login_failures_before_throttle": 5,
    "login_throttle_base_seconds": 30.0,
    "login_throttle_max_seconds": 120.0,
}
THROTTLED_DETAIL = "too many failed sign-ins for this account; retry in 30s"
IP = "198.51.100.200"


@pytest.fixture
async def plat(database_url: str, tmp_path: Path) -> AsyncIterator[Platform]:
    async with platform(database_url, tmp_path, **THROTTLE) as p:
        yield p


@pytest.fixture
def clock(plat: Platform) -> FakeClock:
    """The gateway's TrafficCop on a clock the test moves."""
    fake = FakeClock()
    deps = plat.app.state.deps
    plat.app.state.deps = dataclasses.replace(deps, traffic=TrafficCop(deps.settings, clock=fake))
    return fake


async def login(plat: Platform, email: str, password: str, ip: str) -> httpx.Response:
    """POST /api/auth/login from the client address `ip` (the ASGI peer)."""
    transport = httpx.ASGITransport(plat.app, client=(ip, 40000))
    async with httpx.AsyncClient(base_url=GW, transport=transport) as c:
        return await c.post("/api/auth/login", json={"email": email, "password": password})


async def register(plat: Platform, email: str) -> None:
    async with httpx.AsyncClient(base_url=GW, transport=httpx.ASGITransport(plat.app)) as c:
        body = {"email": email, "password": PASSWORD, "name": "Victim"}
        assert (await c.post("/api/auth/register", json=body)).status_code == 201


def assert_throttled(r: httpx.Response) -> int:
    assert r.status_code == 429, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"] == "https://symphainy.dev/problems/rate-limited"
    assert r.json()["scope"] == "account"
    return int(r.headers["Retry-After"])


async def test_thirty_addresses_cannot_brute_force_one_account(
    plat: Platform, clock: FakeClock
) -> None:
    await register(plat, "victim@example.com")
    codes = [
        (await login(plat, "victim@example.com", f"guess-{i}", f"198.51.100.{i}")).status_code
        for i in range(30)
    ]
    assert codes == [401] * 5 + [429] * 25
    # Refused attempts do not count: the delay is still the first one (30 s), and the right
    # password is refused too while the account is throttled.
    right = await login(plat, "victim@example.com", PASSWORD, "203.0.113.9")
    assert assert_throttled(right) == 30
    clock.advance(30)
    assert (await login(plat, "victim@example.com", "guess-x", "198.51.100.77")).status_code == 401
    clock.advance(30)  # the 6th failure doubled the delay to 60 s
    assert assert_throttled(await login(plat, "victim@example.com", PASSWORD, "203.0.113.9")) == 30
    clock.advance(30)
    ok = await login(plat, "victim@example.com", PASSWORD, "203.0.113.9")
    assert ok.status_code == 200, ok.text
    # A successful sign-in resets the counter: five more failures before the next refusal.
    codes = [
        (await login(plat, "victim@example.com", "nope-nope", f"192.0.2.{i}")).status_code
        for i in range(6)
    ]
    assert codes == [401] * 5 + [429]


async def test_the_delay_doubles_up_to_the_cap(plat: Platform, clock: FakeClock) -> None:
    await register(plat, "capped@example.com")
    for i in range(5):
        await login(plat, "capped@example.com", "wrong-pass", f"198.51.100.{i}")
    waits = []
    for i in range(5):
        waits.append(assert_throttled(await login(plat, "capped@example.com", "x-pass-1", IP)))
        clock.advance(waits[-1])
        r = await login(plat, "capped@example.com", "wrong-pass", f"198.51.100.{i}")
        assert r.status_code == 401, r.text  # the delay passed: the password is checked again
    assert waits == [30, 60, 120, 120, 120]


async def test_email_variants_share_a_counter_and_unknown_accounts_look_the_same(
    plat: Platform, clock: FakeClock
) -> None:
    await register(plat, "ada@example.com")
    for account in ("ada@example.com", "nobody@example.com"):
        variants = [account, account.upper(), f"  {account.title()} ", account, f"{account}\t"]
        for i, email in enumerate(variants):
            r = await login(plat, email, "wrong-pass", f"198.51.100.{i}")
            assert r.status_code == 401, r.text
            assert r.json()["type"].endswith("/authentication-required")
        r = await login(plat, account, PASSWORD, "198.51.100.99")
        assert (assert_throttled(r), r.json()["detail"]) == (30, THROTTLED_DETAIL)


async def test_an_address_that_signed_in_before_is_not_locked_out(
    plat: Platform, clock: FakeClock
) -> None:
    await register(plat, "owner@example.com")
    home = "203.0.113.50"
    assert (await login(plat, "owner@example.com", PASSWORD, home)).status_code == 200
    for i in range(12):  # an attacker keeps the account throttled from elsewhere
        await login(plat, "owner@example.com", "wrong-pass", f"198.51.100.{i}")
        clock.advance(1)
    assert_throttled(await login(plat, "owner@example.com", PASSWORD, "198.51.100.1"))
    # The owner's address has its own counter: the attack does not lock the owner out ...
    assert (await login(plat, "owner@example.com", PASSWORD, home)).status_code == 200
    # ... and guessing from that address is throttled on that counter, just the same.
    codes = [
        (await login(plat, "owner@example.com", "bad-guess", home)).status_code for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]


async def test_login_and_authenticate_user_share_one_count_in_one_process(
    database_url: str, tmp_path: Path
) -> None:
    # `symphainy up` runs gateway and runtime in one process, with no Redis: failures through
    # /api/auth/login must count against authenticate_user too, or an attacker gets twice the
    # guesses by alternating the two doors.
    async with platform(database_url, tmp_path, **THROTTLE) as plat:
        await register(plat, "shared@example.com")
        for i in range(5):
            r = await login(plat, "shared@example.com", f"guess-{i}", f"198.51.100.{i}")
            assert r.status_code == 401
        identity = plat.runtime.services.identity
        with pytest.raises(RateLimited) as refused:
            await identity.authenticate("some-tenant", "shared@example.com", PASSWORD)
        assert refused.value.extra["scope"] == "account"
