"""Retention: what a tenant keeps, and the batched, resumable run that removes the rest.

A run goes phase by phase, each a loop of short transactions of at most
`retention_batch_size` rows, so it never holds a long write lock and a run killed midway
leaves a consistent store (every batch is whole) that the next run simply continues:

1. execution trees whose every member is finished, old enough, unheld and has no stored
   artifact are deleted (rows, signals, waits, pending intents, execution state);
2. expired artifacts (the boundary contract's `retention_days`, else the policy) go
   READY → ARCHIVED (FAILED → DELETED); after the grace period ARCHIVED → DELETED and the
   blobs are removed; DELETED artifacts nothing derives from are removed;
3. the WAL is compacted: a signed wcp1 checkpoint of the last removed entry becomes the
   chain's anchor (`wal_anchors`, logged as `wal.compacted`), then the entries under it go.

The run itself is logged as `retention.run` with its counts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

from symphainy.config import Settings
from symphainy.errors import Conflict
from symphainy.runtime._wal import Wal
from symphainy.runtime._wal_checkpoint import sign_wal_checkpoint
from symphainy.security import Secret
from symphainy.store import BlobStore, HoldRow, PolicyRow, Store

DAY = 86_400.0
RUN_INTENT = "run_retention"
"""The system intent a real run executes as (see `capabilities.control_tower`)."""
START = (-1.0, "")
MAX_PASSES = 64
"""Artifact passes per run: each frees one more generation of a derived chain."""
KINDS = (
    "executions",
    "artifacts_archived",
    "artifacts_deleted",
    "artifacts_removed",
    "blobs",
    "wal_entries",
)
"""What a run counts, in the order it removes them."""


@dataclass(frozen=True, slots=True)
class Policy:
    """A tenant's effective retention, in days (`custom`: the tenant set its own)."""

    execution_days: int
    artifact_days: int
    wal_days: int
    grace_days: int
    custom: bool


@dataclass(slots=True)
class Counts:
    """What one run removed (or, dry, would remove), per kind."""

    executions: int = 0
    artifacts_archived: int = 0
    artifacts_deleted: int = 0
    artifacts_removed: int = 0
    blobs: int = 0
    wal_entries: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts by kind."""
        return asdict(self)


class Retention:
    """Policies, legal holds and runs for every tenant (each call names its tenant)."""

    def __init__(
        self, store: Store, blobs: BlobStore, wal: Wal, settings: Settings, secret: Secret
    ) -> None:
        self._store, self._blobs, self._wal = store, blobs, wal
        self._settings, self._secret = settings, secret
        self._batch = settings.retention_batch_size

    async def policy(self, tenant_id: str) -> Policy:
        """The tenant's effective policy: its own values over the platform defaults."""
        row = await self._store.retention.policy(tenant_id)
        s = self._settings
        own = row or PolicyRow(tenant_id, None, None, None, None, 0.0)
        return Policy(
            execution_days=_pick(own.execution_days, s.retention_execution_days),
            artifact_days=_pick(own.artifact_days, s.retention_artifact_days),
            wal_days=_pick(own.wal_days, s.retention_wal_days),
            grace_days=s.retention_grace_days,
            custom=row is not None,
        )

    async def set_policy(self, tenant_id: str, by: str, days: dict[str, int | None]) -> Policy:
        """Store the tenant's policy (None for a field: the platform default)."""
        row = PolicyRow(
            tenant_id,
            days["execution_days"],
            days["artifact_days"],
            days["wal_days"],
            by,
            time.time(),
        )
        await self._store.retention.set_policy(row)
        return await self.policy(tenant_id)

    async def place_hold(
        self, tenant_id: str, kind: str, target_id: str, reason: str, by: str
    ) -> HoldRow:
        """Hold an execution or artifact of the tenant: no run removes it until released."""
        row = HoldRow(tenant_id, kind, target_id, reason, by, time.time())
        return await self._store.retention.place_hold(row)

    async def release_hold(self, tenant_id: str, kind: str, target_id: str, by: str) -> None:
        """Release a hold."""
        await self._store.retention.release_hold(tenant_id, kind, target_id, by)

    async def holds(self, tenant_id: str) -> list[HoldRow]:
        """The tenant's holds."""
        return await self._store.retention.holds(tenant_id)

    async def run(
        self, tenant_id: str, *, dry_run: bool = False, now: float | None = None
    ) -> dict[str, int]:
        """Apply the tenant's policy (dry: count what would go, remove nothing)."""
        now = time.time() if now is None else now
        policy, counts = await self.policy(tenant_id), Counts()
        await self._executions(tenant_id, now - policy.execution_days * DAY, counts, dry_run)
        await self._artifacts(tenant_id, now, policy, counts, dry_run)
        await self._compact(tenant_id, now - policy.wal_days * DAY, counts, dry_run)
        if not dry_run:
            await self._wal.append(tenant_id, "retention.run", counts.as_dict())
        return counts.as_dict()

    async def _executions(self, tenant_id: str, before: float, counts: Counts, dry: bool) -> None:
        store, after = self._store.retention, START
        while batch := await store.execution_roots(tenant_id, before, after, self._batch):
            after, roots = batch[-1], [r[1] for r in batch]
            act = store.trees if dry else store.remove_trees
            counts.executions += len(await act(tenant_id, roots, before))

    async def _artifacts(
        self, tenant_id: str, now: float, policy: Policy, counts: Counts, dry: bool
    ) -> None:
        # A chain of derived artifacts frees one generation per pass (a child first).
        for _ in range(MAX_PASSES):
            before = counts.artifacts_archived + counts.artifacts_deleted + counts.artifacts_removed
            await self._expire(tenant_id, now, policy, counts, dry)
            await self._delete_archived(tenant_id, now - policy.grace_days * DAY, counts, dry)
            await self._purge(tenant_id, counts, dry)
            after = counts.artifacts_archived + counts.artifacts_deleted + counts.artifacts_removed
            if dry or after == before:
                return

    async def _expire(
        self, tenant_id: str, now: float, policy: Policy, counts: Counts, dry: bool
    ) -> None:
        store = self._store.retention

        async def step(rows: list[tuple[float, str, str, str]]) -> None:
            due = [r[1] for r in rows if r[0] + _days(r[2], policy.artifact_days) * DAY < now]
            moved = due if dry or not due else await store.expire_artifacts(tenant_id, due)
            counts.artifacts_archived += len(moved)

        await _scan(lambda after: store.expirable(tenant_id, after, self._batch), step)

    async def _delete_archived(
        self, tenant_id: str, before: float, counts: Counts, dry: bool
    ) -> None:
        store = self._store.retention

        async def step(rows: list[tuple[float, str]]) -> None:
            ids = [r[1] for r in rows]
            moved = ids if dry else await store.delete_archived(tenant_id, ids)
            counts.artifacts_deleted += len(moved)

        await _scan(lambda after: store.archived_since(tenant_id, before, after, self._batch), step)

    async def _purge(self, tenant_id: str, counts: Counts, dry: bool) -> None:
        store = self._store.retention

        async def step(rows: list[tuple[float, str, str, str]]) -> None:
            ids = [r[1] for r in rows]
            if dry:
                counts.artifacts_removed += len(ids)
                return
            # Bytes first: a run killed here leaves a DELETED row the next run purges again.
            counts.blobs += await self._drop_blobs(tenant_id, ids, rows)
            counts.artifacts_removed += len(await store.purge_artifacts(tenant_id, ids))

        await _scan(lambda after: store.purgeable(tenant_id, after, self._batch), step)

    async def _drop_blobs(
        self, tenant_id: str, ids: list[str], rows: list[tuple[float, str, str, str]]
    ) -> int:
        wanted, removed = set(ids), 0
        for row in rows:
            if row[1] in wanted:
                for mat in json.loads(row[3]):
                    if mat.get("storage_type") == "blob":
                        removed += await self._blobs.delete(tenant_id, mat["uri"])
        return removed

    async def _compact(self, tenant_id: str, older_than: float, counts: Counts, dry: bool) -> None:
        store = self._store.retention
        anchor = await store.anchor(tenant_id)
        anchored = 0 if anchor is None else anchor[0]
        limit = await store.compaction_limit(tenant_id, anchored, older_than)
        if dry:
            counts.wal_entries = 0 if limit is None else limit - anchored
            return
        if limit is not None:
            await self._anchor(tenant_id, limit, counts)
        counts.wal_entries += await self._drop_under_anchor(tenant_id)

    async def _anchor(self, tenant_id: str, seq: int, counts: Counts) -> None:
        # Never sign over a broken chain: compaction would erase the evidence.
        verdict = await self._wal.verify(tenant_id)
        if not verdict.valid:
            raise Conflict(
                f"the WAL of {tenant_id} is broken at seq {verdict.first_broken_seq}: "
                f"{verdict.reason}; not compacted"
            )
        at = await self._store.wal_page(tenant_id, seq - 1, 1)
        head = (seq, at[0].hash)
        token = sign_wal_checkpoint(self._secret, tenant_id, head, time.time())
        await self._store.retention.write_anchor(tenant_id, head, token, counts.as_dict())

    async def _drop_under_anchor(self, tenant_id: str) -> int:
        store, removed = self._store.retention, 0
        anchor, bounds = await store.anchor(tenant_id), await store.wal_bounds(tenant_id)
        if anchor is None or bounds is None:
            return 0
        low = bounds[0] - 1
        while low < anchor[0]:
            upto = min(low + self._batch, anchor[0])
            removed += await store.drop_wal(tenant_id, low, upto)
            low = upto
        return removed


class BoundRetention:
    """One tenant's retention runs, as an execution of `run_retention` sees them."""

    def __init__(self, retention: Retention, tenant_id: str) -> None:
        self._retention = retention
        self._tenant = tenant_id

    async def run(self, *, dry_run: bool = False) -> dict[str, int]:
        """Apply the tenant's policy now (dry: only count)."""
        return await self._retention.run(self._tenant, dry_run=dry_run)


async def _scan(
    fetch: Callable[[tuple[float, str]], Awaitable[list[Any]]],
    step: Callable[[list[Any]], Awaitable[None]],
) -> None:
    after: tuple[float, str] = START
    while rows := await fetch(after):
        after = (rows[-1][0], rows[-1][1])
        await step(rows)


def _pick(own: int | None, default: int) -> int:
    return default if own is None else own


def _days(descriptor: str, default: int) -> int:
    """The boundary contract's `retention_days`, else the policy's."""
    contract = json.loads(descriptor).get("boundary_contract")
    days = contract.get("retention_days") if isinstance(contract, dict) else None
    return days if isinstance(days, int) and not isinstance(days, bool) else default
