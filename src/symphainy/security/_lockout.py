"""Sign-in throttling per account: a soft lockout whose delay doubles per failure, up to a cap.

The policy (OWASP ASVS 4.0 2.2.1: effective against brute force and credential stuffing, but
no hard lockout an attacker can impose on a victim):

- Wrong passwords are counted per account, whichever address they come from. The account key
  is the email as accounts compare it (trimmed, NFKC, lowercase), and an unknown email is
  counted exactly like an existing one, so the answers say nothing about which accounts exist.
- After `login_failures_before_throttle` failures, attempts for the account are refused (429
  `rate-limited`, `Retry-After`) without checking the password, for `login_throttle_base_seconds`;
  each further failure doubles that delay, up to `login_throttle_max_seconds`. Refused attempts
  are not failures, so hammering does not extend the delay. An attempt is counted before its
  password is checked, atomically with the refusal test, so a burst of concurrent attempts gets
  no more guesses than a sequence; a check that breaks (rather than fails) is refunded.
- A successful sign-in forgets the count; so does `login_failure_window_seconds` without one.
- A source that signed in to the account successfully (a client address; for the
  `authenticate_user` intent, the submitting tenant) is "known" for
  `login_known_source_ttl_seconds` and gets its own count for that account: an attacker
  elsewhere cannot lock the owner out, and guesses from the known source are throttled alike.

Counts live where TrafficCop keeps its buckets: in this process, or in Redis (one atomic script
per attempt) when `redis_url` is set, so every node shares them.
"""

from __future__ import annotations

import math
import threading
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from symphainy.config import Settings
from symphainy.errors import AuthenticationRequired, ConfigurationError, RateLimited
from symphainy.security._shared import RedisLink

T = TypeVar("T")
R = TypeVar("R")
KEY_PREFIX = "symphainy:signin:"
PRUNE_EVERY = 1024
SECOND_US = 1_000_000
EMAIL_MAX = 254

# KEYS[1] the count; ARGV now, threshold, base, cap, window (µs). If the account is refused,
# returns until when; otherwise counts this attempt as a failure and returns "0". Integer µs
# are exact in Lua's doubles.
TAKE_LUA = """
local now = tonumber(ARGV[1])
local threshold, base = tonumber(ARGV[2]), tonumber(ARGV[3])
local cap, window = tonumber(ARGV[4]), tonumber(ARGV[5])
local seen = redis.call('HMGET', KEYS[1], 'failures', 'last', 'refused')
local refused = tonumber(seen[3]) or 0
if refused > now then return string.format('%.0f', refused) end
local failures = tonumber(seen[1]) or 0
if now - (tonumber(seen[2]) or now) > window then failures = 0 end
failures = failures + 1
refused = 0
if failures >= threshold then
  refused = now + math.min(cap, base * 2 ^ math.min(failures - threshold, 62))
end
redis.call('HSET', KEYS[1], 'failures', failures, 'last', string.format('%.0f', now),
  'refused', string.format('%.0f', refused))
redis.call('PEXPIRE', KEYS[1], math.ceil((window + cap) / 1000))
return '0'
"""

# KEYS[1] the count: one failure fewer, if it still exists (never creates a key).
REFUND_LUA = """
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures'))
if failures and failures > 0 then redis.call('HSET', KEYS[1], 'failures', failures - 1) end
return 0
"""


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    """The sign-in throttle's limits, in integer microseconds."""

    threshold: int
    base_us: int
    cap_us: int
    window_us: int
    known_ttl_us: int

    @classmethod
    def from_settings(cls, s: Settings) -> LockoutPolicy:
        """The policy from the `login_*` settings; ConfigurationError if they make no sense."""
        policy = cls(
            s.login_failures_before_throttle,
            round(s.login_throttle_base_seconds * SECOND_US),
            round(s.login_throttle_max_seconds * SECOND_US),
            round(s.login_failure_window_seconds * SECOND_US),
            round(s.login_known_source_ttl_seconds * SECOND_US),
        )
        if policy.threshold < 1 or not 0 < policy.base_us <= policy.cap_us:
            raise ConfigurationError(
                "login throttle: need failures_before_throttle >= 1 and 0 < base <= max seconds"
            )
        # A window shorter than the cap would forget the count while the account is refused,
        # handing an attacker a fresh set of free guesses after every capped delay.
        if policy.window_us < policy.cap_us or policy.known_ttl_us <= 0:
            raise ConfigurationError(
                "login throttle: the failure window must be at least the max delay, "
                "and the known-source lifetime positive"
            )
        return policy

    def refused_until(self, failures: int, now_us: int) -> int:
        """Until when an account with `failures` consecutive failures is refused (0: not)."""
        if failures < self.threshold:
            return 0
        return now_us + min(self.cap_us, self.base_us << min(failures - self.threshold, 62))

    def script_args(self, now_us: int) -> list[int]:
        """TAKE_LUA's arguments."""
        return [now_us, self.threshold, self.base_us, self.cap_us, self.window_us]


def account_key(email: str) -> str:
    """An email as accounts compare it, valid or not: "Ada@X " and "ada@x" count together."""
    return unicodedata.normalize("NFKC", email).strip().lower()[:EMAIL_MAX]


@dataclass(slots=True)
class _Count:
    failures: int
    last_us: int
    refused_us: int


class Lockouts(Protocol):
    """Where failure counts and known sources live (this process, or Redis)."""

    async def take(self, key: str, now_us: int, policy: LockoutPolicy) -> int:
        """Until when `key` is refused; if it is not (0), count this attempt as a failure."""

    async def refund(self, key: str) -> None:
        """Take back the failure `take` counted (the check itself broke, it did not fail)."""

    async def clear(self, key: str) -> None:
        """Forget `key`'s failures."""

    async def remember(self, key: str, until_us: int, now_us: int) -> None:
        """Mark a source known until `until_us`."""

    async def known(self, key: str, now_us: int) -> bool:
        """Whether a source is known now."""


class MemoryLockouts:
    """Failure counts and known sources in this process (thread-safe).

    The methods are async only to share the `Lockouts` shape with Redis.
    """

    def __init__(self) -> None:
        self._counts: dict[str, _Count] = {}
        self._known: dict[str, int] = {}
        self._lock = threading.Lock()
        self._calls = 0

    async def take(self, key: str, now_us: int, policy: LockoutPolicy) -> int:
        """Until when `key` is refused; if it is not (0), count this attempt as a failure."""
        with self._lock:
            count = self._counts.get(key)
            if count is not None and count.refused_us > now_us:
                return count.refused_us
            fresh = count is None or now_us - count.last_us > policy.window_us
            failures = 1 if fresh or count is None else count.failures + 1
            refused = policy.refused_until(failures, now_us)
            self._counts[key] = _Count(failures, now_us, refused)
            self._prune(now_us, policy)
            return 0

    async def refund(self, key: str) -> None:
        """Take back the failure `take` counted (the check itself broke, it did not fail)."""
        with self._lock:
            count = self._counts.get(key)
            if count is not None and count.failures > 0:
                count.failures -= 1

    async def clear(self, key: str) -> None:
        """Forget `key`'s failures."""
        with self._lock:
            self._counts.pop(key, None)

    async def remember(self, key: str, until_us: int, now_us: int) -> None:
        """Mark a source known until `until_us`."""
        with self._lock:
            self._known[key] = until_us
            if len(self._known) % PRUNE_EVERY == 0:
                self._known = {k: v for k, v in self._known.items() if v > now_us}

    async def known(self, key: str, now_us: int) -> bool:
        """Whether a source is known now."""
        return self._known.get(key, 0) > now_us

    def _prune(self, now_us: int, policy: LockoutPolicy) -> None:
        self._calls += 1
        if self._calls % PRUNE_EVERY == 0:
            horizon = now_us - policy.window_us
            # A count past its window is forgotten anyway; its refusal ended with it, since
            # the window is at least the longest delay.
            self._counts = {k: c for k, c in self._counts.items() if c.last_us > horizon}


class RedisLockouts:
    """Failure counts and known sources in Redis, shared by every node."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._take = client.register_script(TAKE_LUA)
        self._refund = client.register_script(REFUND_LUA)

    async def take(self, key: str, now_us: int, policy: LockoutPolicy) -> int:
        """Until when `key` is refused; if it is not (0), count this attempt as a failure."""
        return int(await self._take(keys=[KEY_PREFIX + key], args=policy.script_args(now_us)))

    async def refund(self, key: str) -> None:
        """Take back the failure `take` counted (the check itself broke, it did not fail)."""
        await self._refund(keys=[KEY_PREFIX + key])

    async def clear(self, key: str) -> None:
        """Forget `key`'s failures."""
        await self._client.delete(KEY_PREFIX + key)

    async def remember(self, key: str, until_us: int, now_us: int) -> None:
        """Mark a source known until `until_us` (Redis drops it then)."""
        ttl_ms = max(1, (until_us - now_us) // 1000)
        await self._client.set(KEY_PREFIX + key, str(until_us), px=ttl_ms)

    async def known(self, key: str, now_us: int) -> bool:
        """Whether a source is known now."""
        raw = await self._client.get(KEY_PREFIX + key)
        return raw is not None and int(raw) > now_us


class SignInThrottle:
    """The per-account throttle both sign-in paths share (gateway login, `authenticate_user`).

    Args:
        policy: The limits.
        now_us: The clock, in integer microseconds (TrafficCop's).
        link: Redis, when counts are shared; failures fall back to this process's counts.
        shared: The counts in Redis (with `link`).
    """

    def __init__(
        self,
        policy: LockoutPolicy,
        now_us: Callable[[], int],
        link: RedisLink | None = None,
        shared: RedisLockouts | None = None,
    ) -> None:
        self._policy = policy
        self._now_us = now_us
        self._link = link
        self._shared = shared
        self._memory = MemoryLockouts()

    async def attempt(self, email: str, source: str, check: Callable[[], Awaitable[T]]) -> T:
        """Run `check` unless the account is refused; count its AuthenticationRequired."""
        account = account_key(email)
        known = f"known:{account}|{source}"
        now = self._now_us()
        own = await self._on(lambda c: c.known(known, now))
        key = f"fails:{account}|{source}" if own else f"fails:{account}"
        # Counted before the check, atomically with the refusal test: a burst of concurrent
        # attempts cannot all pass the test before the first of them has failed.
        refused = await self._on(lambda c: c.take(key, now, self._policy))
        if refused:
            raise _throttled(refused - now)
        try:
            result = await check()
        except Exception as exc:
            if not isinstance(exc, AuthenticationRequired):
                await self._on(lambda c: c.refund(key))
            raise
        await self._on(lambda c: c.clear(key))
        until = now + self._policy.known_ttl_us
        await self._on(lambda c: c.remember(known, until, now))
        return result

    async def _on(self, op: Callable[[Lockouts], Awaitable[R]]) -> R:
        """`op` on the shared counts, or on this process's when there are none (or Redis fails)."""
        link, shared = self._link, self._shared
        if link is None or shared is None:
            return await op(self._memory)
        return await link.run(lambda: op(shared), lambda: op(self._memory))


def _throttled(wait_us: int) -> RateLimited:
    retry_after = max(1, math.ceil(wait_us / SECOND_US))
    return RateLimited(
        f"too many failed sign-ins for this account; retry in {retry_after}s",
        retry_after=retry_after,
        scope="account",
    )


__all__ = [
    "LockoutPolicy",
    "Lockouts",
    "MemoryLockouts",
    "RedisLockouts",
    "SignInThrottle",
    "account_key",
]
