"""TrafficCop: rate limits per client IP, per tenant and for sign-in, in memory or via Redis.

Each limit is a token bucket in its GCRA form: a key may spend its whole per-minute budget at
once, then earns one request back every `60 / limit` seconds. In memory the buckets are per
process; with `redis_url` they live in Redis and one atomic Lua script updates them, so every
node shares them. If Redis becomes unreachable the limits keep working per process. Wrong
passwords are also throttled per account (`sign_in`, policy in `_lockout.py`), in the same place.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from symphainy.config import Settings
from symphainy.errors import ConfigurationError, RateLimited
from symphainy.security._lockout import LockoutPolicy, RedisLockouts, SignInThrottle
from symphainy.security._shared import RedisLink

Scope = Literal["ip", "tenant", "auth"]
T = TypeVar("T")
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Headers = Mapping[str, str] | Iterable[tuple[str, str]]

PERIOD_US = 60_000_000
PRUNE_EVERY = 1024
KEY_PREFIX = "symphainy:rl:"

# Times are integer microseconds (exact in Lua's doubles): float seconds near 1.7e9 would
# round by ~0.2 µs per step and refuse the last request of a burst.
# KEYS[1] bucket; ARGV now, interval, period. Returns the wait in µs ("0": allowed).
GCRA_LUA = """
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local raw = redis.call('GET', KEYS[1])
local tat = raw and tonumber(raw) or now
if tat < now then tat = now end
local new_tat = tat + interval
local wait = new_tat - period - now
if wait > 0 then return string.format('%.0f', wait) end
local ttl_ms = math.max(1, math.ceil((new_tat - now) / 1000))
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', ttl_ms)
return '0'
"""


class MemoryBuckets:
    """GCRA buckets in this process (thread-safe)."""

    def __init__(self) -> None:
        self._tat: dict[str, int] = {}
        self._lock = threading.Lock()
        self._calls = 0

    def take(self, key: str, per_minute: int, now_us: int) -> int:
        """Spend one request from `key`'s bucket; return 0 or the microseconds to wait."""
        interval = PERIOD_US // per_minute
        with self._lock:
            tat = max(self._tat.get(key, now_us), now_us)
            wait = tat + interval - PERIOD_US - now_us
            if wait > 0:
                return wait
            self._tat[key] = tat + interval
            self._prune(now_us)
            return 0

    def _prune(self, now_us: int) -> None:
        self._calls += 1
        if self._calls % PRUNE_EVERY == 0:
            # A bucket whose theoretical arrival time has passed is full again: forget it.
            self._tat = {k: v for k, v in self._tat.items() if v > now_us}


class RedisBuckets:
    """GCRA buckets shared through Redis (one atomic script call per request)."""

    def __init__(self, client: Any) -> None:
        self._script = client.register_script(GCRA_LUA)

    async def take(self, key: str, per_minute: int, now_us: int) -> int:
        """Spend one request from `key`'s shared bucket; return 0 or the microseconds to wait."""
        args = [now_us, PERIOD_US // per_minute, PERIOD_US]
        raw = await self._script(keys=[KEY_PREFIX + key], args=args)
        return int(raw)


@dataclass(frozen=True, slots=True)
class Shared:
    """TrafficCop's state in Redis: the connection, the buckets and the sign-in counts."""

    link: RedisLink
    buckets: RedisBuckets
    lockouts: RedisLockouts

    @classmethod
    def connect(cls, url: str) -> Shared:
        """Shared state at `url` (MissingDependency without the redis package)."""
        link = RedisLink(url)
        return cls(link, RedisBuckets(link.client), RedisLockouts(link.client))


class TrafficCop:
    """Decides whether a request may proceed; raises RateLimited (429) with `retry_after`.

    Args:
        settings: Limits (`rate_limit_*_per_minute`), `trusted_proxies` and `redis_url`.
        redis_url: Overrides `settings.redis_url`; empty or None with no setting: in memory.
        clock: Wall-clock seconds (shared buckets compare times across nodes).
    """

    def __init__(
        self,
        settings: Settings,
        redis_url: str | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._limits: dict[Scope, int] = {
            "ip": settings.rate_limit_per_ip_per_minute,
            "tenant": settings.rate_limit_per_tenant_per_minute,
            "auth": settings.rate_limit_auth_per_ip_per_minute,
        }
        if any(v < 1 for v in self._limits.values()):
            raise ConfigurationError("rate limits must be at least 1 request per minute")
        self._trusted = parse_networks(settings.trusted_proxies)
        self._clock = clock
        self._memory = MemoryBuckets()
        url = settings.redis_url if redis_url is None else redis_url
        self._shared = Shared.connect(url) if url else None
        self._sign_ins = SignInThrottle(
            LockoutPolicy.from_settings(settings),
            self._now_us,
            self._shared.link if self._shared else None,
            self._shared.lockouts if self._shared else None,
        )

    @property
    def shared(self) -> bool:
        """Whether limits are shared through Redis."""
        return self._shared is not None

    async def check(self, ip: str, tenant_id: str | None = None) -> None:
        """Count one request from `ip` (and, when known, for `tenant_id`)."""
        await self.check_ip(ip)
        if tenant_id is not None:
            await self.check_tenant(tenant_id)

    async def check_ip(self, ip: str) -> None:
        """Count one request from a client IP (IPv6 clients are grouped by /64)."""
        await self._take("ip", ip_key(ip))

    async def check_tenant(self, tenant_id: str) -> None:
        """Count one request for a tenant, whichever client made it."""
        await self._take("tenant", tenant_id)

    async def check_auth(self, ip: str) -> None:
        """Count one login or registration attempt from a client IP (a much smaller budget)."""
        await self._take("auth", ip_key(ip))

    async def check_attempt(self, subject: str) -> None:
        """Count one credential attempt against `subject` (an email, a submitting tenant).

        Shares the sign-in budget (`rate_limit_auth_per_ip_per_minute`): security intents
        reach credentials without passing the gateway's per-IP sign-in limit.
        """
        await self._take("auth", f"subject:{subject}")

    async def sign_in(self, email: str, source: str, attempt: Callable[[], Awaitable[T]]) -> T:
        """Run one password check for `email` under the per-account sign-in throttle.

        RateLimited (scope `account`) without running `attempt` while the account is refused;
        an AuthenticationRequired from `attempt` counts as a failure. `source` names where the
        attempt comes from (`TrafficCop.address_source(ip)`, or a submitting tenant): a source
        that signed in to this account before has a count of its own. See `_lockout.py`.
        """
        return await self._sign_ins.attempt(email, source, attempt)

    @staticmethod
    def address_source(ip: str) -> str:
        """The sign-in source of a client address (IPv6 grouped by /64, as the IP limits are)."""
        return f"ip:{ip_key(ip)}"

    async def _take(self, scope: Scope, key: str) -> None:
        limit, name = self._limits[scope], f"{scope}:{key}"
        wait_us = await self._wait(name, limit)
        if wait_us > 0:
            retry_after = max(1, math.ceil(wait_us / 1_000_000))
            raise RateLimited(
                f"too many requests ({scope} limit {limit}/min); retry in {retry_after}s",
                retry_after=retry_after,
                scope=scope,
            )

    async def _wait(self, name: str, limit: int) -> int:
        now = self._now_us()

        async def local() -> int:
            return self._memory.take(name, limit, now)

        if (shared := self._shared) is None:
            return await local()
        return await shared.link.run(lambda: shared.buckets.take(name, limit, now), local)

    def _now_us(self) -> int:
        # Integer microseconds: exact in Redis's Lua doubles, comparable across nodes.
        return round(self._clock() * 1_000_000)

    def client_ip(self, peer_ip: str, headers: Headers) -> str:
        """The client's address: the peer, or, behind trusted proxies, the forwarded client.

        `X-Forwarded-For` is read only when the peer is a trusted proxy; hops are walked from
        the right and the first untrusted one is the client, so a client cannot choose it.
        """
        peer = parse_ip(peer_ip)
        if peer is None:
            return peer_ip.strip() or "unknown"
        if not self._is_trusted(peer):
            return str(peer)
        for hop in reversed(forwarded_for(headers)):
            addr = parse_ip(hop)
            if addr is None:
                break
            peer = addr
            if not self._is_trusted(addr):
                break
        return str(peer)

    def _is_trusted(self, addr: Address) -> bool:
        return any(addr.version == net.version and addr in net for net in self._trusted)

    async def aclose(self) -> None:
        """Release the Redis connection pool, if any."""
        if self._shared is not None:
            await self._shared.link.aclose()

    async def __aenter__(self) -> TrafficCop:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def parse_networks(cidrs: Iterable[str]) -> tuple[Network, ...]:
    """Parse proxy CIDRs (a bare address means a single host); ConfigurationError if invalid."""
    try:
        return tuple(ipaddress.ip_network(c.strip(), strict=False) for c in cidrs)
    except ValueError as exc:
        raise ConfigurationError(f"invalid trusted_proxies entry: {exc}") from None


def parse_ip(text: str) -> Address | None:
    """An address from `1.2.3.4`, `1.2.3.4:80`, `::1` or `[::1]:80`; None if not one."""
    value = text.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        addr = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def forwarded_for(headers: Headers) -> list[str]:
    """Every `X-Forwarded-For` hop, left to right, across repeated headers."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    values = [v for k, v in pairs if k.lower() == "x-forwarded-for"]
    return [hop.strip() for v in values for hop in v.split(",") if hop.strip()]


def ip_key(ip: str) -> str:
    """The bucket key of a client address: IPv4 as is, IPv6 by its /64 network."""
    addr = parse_ip(ip)
    if isinstance(addr, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((int(addr) >> 64 << 64, 64)))
    return str(addr) if addr is not None else ip


__all__ = ["TrafficCop"]
