"""The WAL as the runtime exposes it: paged reads, domain events, and chain verification."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from symphainy.contracts import WalCheckpointView, WalEntryView, WalVerification
from symphainy.errors import (
    ConfigurationError,
    Conflict,
    InvalidCheckpoint,
    InvalidRequest,
    NotFound,
)
from symphainy.runtime._views import wal_view
from symphainy.runtime._wal_checkpoint import (
    WalCheckpoint,
    read_wal_checkpoint,
    sign_wal_checkpoint,
)
from symphainy.security import Secret
from symphainy.store import GENESIS, Store, WalRow, entry_hash

PAGE = 5000


class Wal:
    """A tenant's tamper-evident audit trail."""

    def __init__(self, store: Store, secret: Secret | None = None) -> None:
        self._store = store
        self._secret = secret
        """Checks the signed anchor a compacted chain starts from (see `_retention`)."""

    async def entries(self, tenant_id: str, after: int = 0, limit: int = 100) -> list[WalEntryView]:
        """Entries with seq greater than `after`, in chain order."""
        if not 1 <= limit <= 1000 or after < 0:
            raise InvalidRequest("limit must be 1..1000 and after >= 0")
        return [wal_view(r) for r in await self._store.wal_page(tenant_id, after, limit)]

    async def append(self, tenant_id: str, kind: str, payload: dict[str, Any]) -> None:
        """Append a domain event that belongs to no execution."""
        await self._store.write(
            lambda tx: self._store.records.append_event(tx, tenant_id, kind, payload)
        )

    async def verify(self, tenant_id: str, since: WalCheckpoint | None = None) -> WalVerification:
        """Walk the chain from genesis to its head; report the first broken link.

        With `since` (a checkpoint read with `read_wal_checkpoint`), the chain must also still
        reach that checkpoint's entry unchanged: this is what detects a truncated tail.
        NotFound for a tenant that has neither an account nor any WAL.
        """
        if since is not None and since.tenant_id != tenant_id:
            raise InvalidCheckpoint(
                f"invalid WAL checkpoint: it is for tenant {since.tenant_id!r}, not {tenant_id!r}"
            )
        head = await self._store.wal_head(tenant_id)
        if head is None:
            return await self._headless(tenant_id)
        start = await self._start(tenant_id, head[0])
        if isinstance(start, WalVerification):
            return start
        result = await self._walk(tenant_id, *head, start=start)
        if result.valid:
            result = await self._check_tail(tenant_id, result)
        if since is None or not result.valid:
            return result
        return await self._check_anchor(tenant_id, since, result, start)

    async def verify_since(
        self, tenant_id: str, checkpoint: str | None, secret: Secret
    ) -> WalVerification:
        """`verify`, against a checkpoint token when one is given (InvalidCheckpoint if forged)."""
        anchor = None if checkpoint is None else read_wal_checkpoint(secret, checkpoint)
        return await self.verify(tenant_id, since=anchor)

    async def checkpoint(
        self, tenant_id: str, secret: Secret, *, kid: str | None = None
    ) -> WalCheckpointView:
        """A signed checkpoint of the tenant's verified head (Conflict if the chain is broken)."""
        result = await self.verify(tenant_id)
        if not result.valid:
            raise Conflict(
                f"the WAL of {tenant_id} is broken at seq {result.first_broken_seq}: "
                f"{result.reason}; no checkpoint issued"
            )
        at = await self._store.wal_page(tenant_id, result.head_seq - 1, 1)
        head, now = (result.head_seq, at[0].hash), int(time.time())
        token = sign_wal_checkpoint(secret, tenant_id, head, now, kid=kid)
        return WalCheckpointView(checkpoint=token, seq=head[0], head_hash=head[1], issued_at=now)

    async def _headless(self, tenant_id: str) -> WalVerification:
        if await self._store.identity.tenant(tenant_id) is None:
            raise NotFound(f"no such tenant: {tenant_id!r} has no account and no WAL")
        # Registration logs `tenant.created` in the same transaction as the tenant row.
        return _broken(0, 0, 1, "the tenant exists but has no WAL entries (chain removed)")

    async def _start(self, tenant_id: str, head_seq: int) -> tuple[int, str] | WalVerification:
        """Where the chain starts: genesis, or the signed anchor compaction left."""
        anchor = await self._store.retention.anchor(tenant_id)
        if anchor is None:
            return 0, GENESIS
        if self._secret is None:
            raise ConfigurationError(
                f"the WAL of {tenant_id} was compacted: its anchor is checked with the service "
                "secret, and none was given"
            )
        try:
            signed = read_wal_checkpoint(self._secret, anchor[2])
        except InvalidCheckpoint as exc:
            return _broken(0, head_seq, anchor[0] + 1, f"compaction anchor: {exc}")
        if (signed.tenant_id, signed.seq, signed.head_hash) != (tenant_id, anchor[0], anchor[1]):
            reason = "compaction anchor: the stored anchor differs from its signed checkpoint"
            return _broken(0, head_seq, anchor[0] + 1, reason)
        return signed.seq, signed.head_hash

    async def _walk(
        self, tenant_id: str, head_seq: int, head_hash: str, *, start: tuple[int, str]
    ) -> WalVerification:
        # Only up to the head read first: entries appended meanwhile are a later chain's.
        prev, expected = start[1], start[0] + 1
        while expected <= head_seq:
            page = await self._store.wal_page(tenant_id, expected - 1, PAGE)
            page = [row for row in page if row.seq <= head_seq]
            if not page:
                reason = f"chain ends at seq {expected - 1}, before the recorded head {head_seq}"
                return _broken(expected - 1, head_seq, expected, f"{reason} (entries removed)")
            # Hashing a page is CPU work: off the event loop, so submits are not held up by it.
            prev, expected, problem = await asyncio.to_thread(_check_page, page, prev, expected)
            if problem is not None:
                return _broken(expected - 1, head_seq, expected, problem)
        if prev != head_hash:
            reason = "the recorded head hash does not match the last entry"
            return _broken(head_seq, head_seq, head_seq, reason)
        return WalVerification(
            valid=True, entries_checked=head_seq - start[0], head_seq=head_seq, anchor_seq=start[0]
        )

    async def _check_tail(self, tenant_id: str, result: WalVerification) -> WalVerification:
        # An entry past the head is either a commit that landed after the head was read (the
        # head, written in that same transaction, has moved since) or one that bypassed it.
        after = await self._store.wal_page(tenant_id, result.head_seq, 1)
        head = await self._store.wal_head(tenant_id) if after else None
        if after and (head is None or head[0] < after[0].seq):
            reason = f"entry seq {after[0].seq} lies beyond the recorded head {result.head_seq}"
            return _broken(result.head_seq, result.head_seq, after[0].seq, reason)
        return result

    async def _check_anchor(
        self,
        tenant_id: str,
        since: WalCheckpoint,
        result: WalVerification,
        start: tuple[int, str],
    ) -> WalVerification:
        head = result.head_seq
        if head < since.seq:
            return _broken(head, head, head + 1, _truncated(head, since.seq))
        if since.seq <= start[0]:
            # Compacted away: the signed compaction anchor vouches for what came before it.
            if since.seq == start[0] and since.head_hash != start[1]:
                reason = f"entry seq {since.seq} differs from the checkpoint (compaction anchor)"
                return _broken(head, head, since.seq, reason)
            return result
        at = await self._store.wal_page(tenant_id, since.seq - 1, 1) if since.seq else []
        if since.seq and (not at or at[0].hash != since.head_hash):
            reason = (
                f"entry seq {since.seq} differs from the checkpoint: the chain was rewritten "
                f"at or before seq {since.seq}"
            )
            return _broken(head, head, since.seq, reason)
        return result


def _truncated(head: int, anchored: int) -> str:
    gone = f"entry {anchored} is" if head + 1 == anchored else f"entries {head + 1}..{anchored} are"
    return (
        f"truncated: the checkpoint recorded the head at seq {anchored}, the chain now ends at "
        f"seq {head}; {gone} missing"
    )


def _broken(checked: int, head_seq: int, first: int, reason: str) -> WalVerification:
    return WalVerification(
        valid=False,
        entries_checked=checked,
        head_seq=head_seq,
        first_broken_seq=first,
        reason=reason,
    )


def _check_page(page: list[WalRow], prev: str, expected: int) -> tuple[str, int, str | None]:
    """Check consecutive rows; where it stopped (prev hash, next seq) and the problem, if any."""
    for row in page:
        problem = check_link(row, prev, expected)
        if problem is not None:
            return prev, expected, problem
        prev, expected = row.hash, expected + 1
    return prev, expected, None


def check_link(row: WalRow, prev: str, expected: int) -> str | None:
    """Why `row` is not the valid successor of `prev` at position `expected`, or None."""
    if row.seq != expected:
        return f"missing entry: expected seq {expected}, found {row.seq}"
    if row.prev_hash != prev:
        return "prev_hash does not match the previous entry's hash"
    digest = entry_hash(
        prev,
        row.tenant_id,
        row.seq,
        row.kind,
        row.execution_id,
        row.exec_seq,
        row.payload,
        row.created_at,
    )
    if digest != row.hash:
        return "entry content does not match its hash (modified)"
    return None
