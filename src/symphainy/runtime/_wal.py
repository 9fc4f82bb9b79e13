"""The WAL as the runtime exposes it: paged reads, domain events, and chain verification."""

from __future__ import annotations

from typing import Any

from symphainy.contracts import WalEntryView, WalVerification
from symphainy.errors import InvalidRequest
from symphainy.runtime._views import wal_view
from symphainy.store import GENESIS, Store, WalRow, entry_hash

PAGE = 5000


class Wal:
    """A tenant's tamper-evident audit trail."""

    def __init__(self, store: Store) -> None:
        self._store = store

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

    async def verify(self, tenant_id: str) -> WalVerification:
        """Walk the tenant's chain from genesis; report the first broken link."""
        prev, expected, checked = GENESIS, 1, 0
        while True:
            page = await self._store.wal_page(tenant_id, expected - 1, PAGE)
            for row in page:
                problem = check_link(row, prev, expected)
                if problem is not None:
                    return WalVerification(
                        valid=False,
                        entries_checked=checked,
                        head_seq=expected - 1,
                        first_broken_seq=row.seq if row.seq == expected else expected,
                        reason=problem,
                    )
                prev, expected, checked = row.hash, expected + 1, checked + 1
            if len(page) < PAGE:
                break
        return await self._check_head(tenant_id, prev, checked)

    async def _check_head(self, tenant_id: str, prev: str, checked: int) -> WalVerification:
        head = await self._store.wal_head(tenant_id)
        head_seq, head_hash = head if head is not None else (0, GENESIS)
        if head_seq != checked or head_hash != prev:
            return WalVerification(
                valid=False,
                entries_checked=checked,
                head_seq=head_seq,
                first_broken_seq=checked + 1,
                reason="chain ends before the recorded head (entries removed)",
            )
        return WalVerification(valid=True, entries_checked=checked, head_seq=head_seq)


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
