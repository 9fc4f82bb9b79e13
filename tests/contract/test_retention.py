"""Retention on both stores: exactly what the policy says goes, the WAL stays verifiable."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from symphainy.config import Settings
from symphainy.errors import ConfigurationError, NotFound
from symphainy.runtime import ArtifactRegistry, Wal
from symphainy.runtime._retention import DAY, Retention
from symphainy.runtime._wal_checkpoint import sign_wal_checkpoint
from symphainy.store import LocalBlobStore, Store
from tests.contract._store_helpers import TENANT_A, TENANT_B, raw_execute, submit

SECRET = b"s" * 32
LATER = 400 * DAY  # past every default retention


def retention(
    store: Store, home: Path, **settings: object
) -> tuple[Retention, Wal, ArtifactRegistry]:
    blobs = LocalBlobStore(home / "blobs")
    wal = Wal(store, SECRET)
    values = Settings(home=home, **settings)  # type: ignore[arg-type]
    return Retention(store, blobs, wal, values, SECRET), wal, ArtifactRegistry(store, blobs)


async def finished(store: Store, tenant: str = TENANT_A, **overrides: object) -> str:
    execution_id = await submit(store, tenant, **overrides)
    await store.claim("w", 100, 30.0)
    await store.finish(execution_id, "w", "completed", result="1")
    return execution_id


async def family(store: Store, *, finish_parent: bool = True) -> tuple[str, str]:
    parent = await submit(store)
    await store.claim("w", 100, 30.0)
    child = await finished(store, parent_execution_id=parent)
    if finish_parent:
        await store.finish(parent, "w", "completed", result="1")
    return parent, child


async def count(store: Store, table: str, tenant: str = TENANT_A) -> int:
    rows = await store.reader.rows(
        f"SELECT COUNT(*) FROM {table} WHERE tenant_id = :t", {"t": tenant}
    )
    return int(rows[0][0])


async def test_removes_exactly_what_the_policy_says(store: Store, tmp_path: Path) -> None:
    ret, wal, artifacts = retention(store, tmp_path)
    old = [await finished(store) for _ in range(3)]
    parent, child = await family(store)
    held = await finished(store)
    running_parent, kept_child = await family(store, finish_parent=False)
    other_tenant = await finished(store, TENANT_B)
    unfinished = await submit(store)  # never claimed: created, not finished
    await ret.place_hold(TENANT_A, "execution", held, "litigation", "admin")

    blob = await artifacts.store_bytes(TENANT_A, b"bytes", "binary")
    contract = {"boundary_contract": {"retention_days": 10}}
    await artifacts.register(
        TENANT_A, "file", descriptor=contract, materializations=[blob], lifecycle_state="READY"
    )
    blob_b = await artifacts.store_bytes(TENANT_A, b"other", "binary")
    file_b = await artifacts.register(
        TENANT_A, "file", descriptor=contract, materializations=[blob_b], lifecycle_state="READY"
    )
    derived = await artifacts.register(
        TENANT_A, "parsed", parents=[file_b.artifact_id], lifecycle_state="READY"
    )
    await ret.place_hold(TENANT_A, "artifact", derived.artifact_id, "evidence", "admin")
    assert (await wal.verify(TENANT_A)).valid

    now = time.time() + 20 * DAY  # artifacts expired (10 days), executions not yet (90)
    dry = await ret.run(TENANT_A, dry_run=True, now=now)
    assert dry["artifacts_archived"] == 1
    assert dry["executions"] == 0
    assert await count(store, "executions") == 9
    done = await ret.run(TENANT_A, now=now)
    assert (done["artifacts_archived"], done["artifacts_deleted"]) == (1, 0)
    # Grace over: file_a is deleted, its blob removed, its row purged; file_b stays (held child).
    later = time.time() + LATER
    dry = await ret.run(TENANT_A, dry_run=True, now=later)
    done = await ret.run(TENANT_A, now=later)
    assert done["executions"] == dry["executions"] == 5  # 3 old, a finished parent + child
    assert (done["artifacts_deleted"], done["artifacts_removed"], done["blobs"]) == (1, 1, 1)
    remaining = {
        r[0]
        for r in await store.reader.rows(
            "SELECT execution_id FROM executions WHERE tenant_id = :t", {"t": TENANT_A}
        )
    }
    assert remaining == {held, unfinished, running_parent, kept_child}
    assert not (set(old) | {parent, child}) & remaining
    assert await count(store, "executions", TENANT_B) == 1
    assert other_tenant
    ids = {
        r[0]
        for r in await store.reader.rows(
            "SELECT artifact_id FROM artifacts WHERE tenant_id = :t", {"t": TENANT_A}
        )
    }
    assert ids == {file_b.artifact_id, derived.artifact_id}
    with pytest.raises(NotFound):
        await artifacts.blobs.info(TENANT_A, blob.uri)
    assert (await artifacts.blobs.info(TENANT_A, blob_b.uri)).size == 5
    verdict = await wal.verify(TENANT_A)
    assert verdict.valid, verdict
    assert verdict.anchor_seq > 0
    assert done["wal_entries"] > 0
    kinds = [r.kind for r in await store.wal_page(TENANT_A, verdict.anchor_seq, 100000)]
    assert "wal.compacted" in kinds
    assert kinds[-1] == "retention.run"


async def compacted(store: Store, tmp_path: Path) -> tuple[Wal, int]:
    ret, wal, _ = retention(store, tmp_path)
    for _ in range(5):
        await finished(store)
    await ret.run(TENANT_A, now=time.time() + LATER)
    verdict = await wal.verify(TENANT_A)
    assert verdict.valid
    assert verdict.anchor_seq > 0
    return wal, verdict.anchor_seq


async def test_tampering_after_compaction_is_detected(
    store: Store, tmp_path: Path, database_url: str
) -> None:
    wal, anchor = await compacted(store, tmp_path)
    raw_execute(
        database_url,
        "UPDATE wal SET payload = '{\"x\": 1}' WHERE tenant_id = :t AND seq = :s",
        {"t": TENANT_A, "s": anchor + 1},
    )
    verdict = await wal.verify(TENANT_A)
    assert not verdict.valid
    assert verdict.first_broken_seq == anchor + 1


async def test_a_removed_anchor_is_detected(
    store: Store, tmp_path: Path, database_url: str
) -> None:
    wal, _anchor = await compacted(store, tmp_path)
    raw_execute(database_url, "DELETE FROM wal_anchors WHERE tenant_id = :t", {"t": TENANT_A})
    verdict = await wal.verify(TENANT_A)
    assert not verdict.valid
    assert verdict.first_broken_seq == 1


async def test_a_forged_or_moved_anchor_is_detected(
    store: Store, tmp_path: Path, database_url: str
) -> None:
    wal, anchor = await compacted(store, tmp_path)
    rows = await store.reader.rows(
        "SELECT hash FROM wal_anchors WHERE tenant_id = :t", {"t": TENANT_A}
    )
    forged = sign_wal_checkpoint(b"f" * 32, TENANT_A, (anchor, str(rows[0][0])), time.time())
    raw_execute(
        database_url,
        "UPDATE wal_anchors SET checkpoint = :c WHERE tenant_id = :t",
        {"c": forged, "t": TENANT_A},
    )
    assert "compaction anchor" in str((await wal.verify(TENANT_A)).reason)
    genuine = sign_wal_checkpoint(SECRET, TENANT_A, (anchor, str(rows[0][0])), time.time())
    raw_execute(
        database_url,
        "UPDATE wal_anchors SET checkpoint = :c, seq = :s WHERE tenant_id = :t",
        {"c": genuine, "s": anchor - 1, "t": TENANT_A},
    )
    assert not (await wal.verify(TENANT_A)).valid
    with pytest.raises(ConfigurationError):
        await Wal(store).verify(TENANT_A)


async def test_a_run_stopped_midway_leaves_a_consistent_store(store: Store, tmp_path: Path) -> None:
    ret, wal, _ = retention(store, tmp_path, retention_batch_size=1)
    for _ in range(20):
        await finished(store)
    task = asyncio.ensure_future(ret.run(TENANT_A, now=time.time() + LATER))
    while await count(store, "executions") > 15:
        await asyncio.sleep(0)  # yield until a few batches have committed
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await wal.verify(TENANT_A)).valid
    done = await ret.run(TENANT_A, now=time.time() + LATER)
    assert await count(store, "executions") == 0
    assert done["executions"] >= 1
    assert (await wal.verify(TENANT_A)).valid


async def test_policy_and_holds_are_per_tenant(store: Store, tmp_path: Path) -> None:
    ret, _, _ = retention(store, tmp_path)
    policy = await ret.set_policy(
        TENANT_A, "admin", {"execution_days": 7, "artifact_days": None, "wal_days": 30}
    )
    assert (policy.execution_days, policy.wal_days, policy.custom) == (7, 30, True)
    assert not (await ret.policy(TENANT_B)).custom
    execution = await finished(store, TENANT_B)
    with pytest.raises(NotFound):
        await ret.place_hold(TENANT_A, "execution", execution, "x", "admin")
    assert await ret.holds(TENANT_B) == []
