"""Where quotas meet the queue: the check on submit and the running cap on claim.

Both run inside the write transaction that then inserts or claims, so a refusal leaves nothing
written and concurrent submitters (64 threads, or many nodes on PostgreSQL) cannot overshoot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from symphainy.store._delayed import QUEUED_SQL
from symphainy.store._dialect import in_clause
from symphainy.store._quotas import SELECT_SQL, QuotaLimits, TenantQuotaRow, exceeded, lock, read
from symphainy.store._rows import NewExecution
from symphainy.store._tx import Tx

MINUTE = 60.0
NONE = QuotaLimits()
# Claims that must respect a running cap queue on this PostgreSQL advisory lock, so two nodes
# cannot both count a tenant's running executions and both take its last slot.
_RUNNING_LOCK_KEY = 0x5359_4D51_5255_4E  # "SYMQRUN"


def admit(
    tx: Tx, new: NewExecution, owner: str | None, defaults: QuotaLimits, must_claim: bool
) -> str | None:
    """Check `new` against its tenant's quotas; the owner it may be claimed by (None: queue it).

    A child execution (one a running handler starts) is never refused: its parent was admitted
    and refusing a step half-way would fail accepted work. It still counts, and still waits when
    its tenant is at its running cap.

    Raises:
        QuotaExceeded: The tenant is at `max_queued` or `max_submits_per_minute`, or at
            `max_running` for a submission that cannot wait in the queue (`must_claim`).
    """
    row = locked(tx, new.tenant_id, defaults)
    if row is None:
        return owner
    limits = row.overrides.over(defaults)
    owner = _claimable(tx, new.tenant_id, owner, limits.max_running, must_claim)
    if new.parent_execution_id is None:
        _check_queued(tx, new.tenant_id, limits.max_queued)
        _count_submit(tx, row, limits.max_submits_per_minute)  # last: it writes the counter
    return owner


def _claimable(
    tx: Tx, tenant_id: str, owner: str | None, cap: int | None, must_claim: bool
) -> str | None:
    """`owner` if the tenant is below its running cap (or has none), else None (queue it)."""
    if owner is None or cap is None:
        return owner
    _serialise_running(tx)
    running = _count(tx, "status = 'running'", tenant_id, cap)
    if running < cap:
        return owner
    if must_claim:
        raise exceeded("max_running", cap, running, None)
    return None


def locked(tx: Tx, tenant_id: str, defaults: QuotaLimits) -> TenantQuotaRow | None:
    """The tenant's quota row, locked for the check; None (and no lock) if it has no limit."""
    # A tenant with no limit at all (the default) costs one read per group commit and leaves
    # no row behind. Remembered for the rest of the transaction: on PostgreSQL a limit another
    # node sets meanwhile applies from this node's next group commit (`lock` forgets it when
    # this transaction sets one).
    if tenant_id in tx.unlimited:
        return None
    if read(tx.q(SELECT_SQL, {"t": tenant_id}), tenant_id).overrides.over(defaults) == NONE:
        tx.unlimited.add(tenant_id)
        return None
    return lock(tx, tenant_id)


def prefetch_row(tx: Tx, tenant_id: str) -> None:
    """Ask the quota row read `locked` will make (`Tx.prefetch`)."""
    if tenant_id not in tx.unlimited:
        tx.prefetch(SELECT_SQL, {"t": tenant_id})


def _count(tx: Tx, where: str, tenant_id: str, bound: int, **params: object) -> int:
    # Bounded: counting stops at the limit, so a long queue costs no more than the limit.
    row = tx.one(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM executions WHERE tenant_id = :t AND {where} "
        f"LIMIT :n) AS held",
        {"t": tenant_id, "n": bound, **params},
    )
    return 0 if row is None else int(row[0])


def _check_queued(tx: Tx, tenant_id: str, limit: int | None) -> None:
    if limit is None:
        return
    queued = _count(tx, f"status IN {QUEUED_SQL}", tenant_id, limit)
    if queued >= limit:
        raise exceeded("max_queued", limit, queued, None)


def _count_submit(tx: Tx, row: TenantQuotaRow, limit: int | None) -> None:
    """Refuse past `limit` submissions this UTC clock minute; else count this one.

    The count lives on the (locked) tenant row, so a check costs O(1) however fast the tenant
    submits; it is recounted from the executions when it belongs to another minute.
    """
    if limit is None:
        return
    start = tx.now - tx.now % MINUTE  # fixed clock minutes: the reset time is exact
    done = row.minute_count if row.minute_start == start else _recount(tx, row.tenant_id, start)
    if done >= limit:
        raise exceeded("max_submits_per_minute", limit, done, start + MINUTE)
    tx.q(
        "UPDATE tenant_quotas SET minute_start = :s, minute_count = :c WHERE tenant_id = :t",
        {"s": start, "c": done + 1, "t": row.tenant_id},
    )


def _recount(tx: Tx, tenant_id: str, start: float) -> int:
    row = tx.one(
        "SELECT COUNT(*) FROM executions WHERE tenant_id = :t AND created_at >= :since "
        "AND parent_execution_id IS NULL",
        {"t": tenant_id, "since": start},
    )
    return 0 if row is None else int(row[0])


def _serialise_running(tx: Tx) -> None:
    if tx.dialect.name == "postgres":
        tx.q("SELECT pg_advisory_xact_lock(:k)", {"k": _RUNNING_LOCK_KEY})


@dataclass(slots=True)
class RunningRoom:
    """How many more executions each capped tenant may start (tenants without a cap: any)."""

    caps: dict[str, int]
    running: dict[str, int]
    default: int | None
    taken: dict[str, int] = field(default_factory=dict)

    def _cap(self, tenant_id: str) -> int | None:
        return self.caps.get(tenant_id, self.default)

    def full(self) -> list[str]:
        """Tenants at their cap now (their queued work is not even read)."""
        return sorted(
            t for t, n in self.running.items() if (c := self._cap(t)) is not None and n >= c
        )

    def has_room(self, tenant_id: str) -> bool:
        """Whether one more queued execution of `tenant_id` may start in this claim."""
        cap = self._cap(tenant_id)
        used = self.running.get(tenant_id, 0) + self.taken.get(tenant_id, 0)
        return cap is None or used < cap

    def count(self, tenant_id: str) -> None:
        """Count one execution of `tenant_id` started by this claim."""
        self.taken[tenant_id] = self.taken.get(tenant_id, 0) + 1

    def skip_sql(self) -> tuple[str, dict[str, object]]:
        """An `AND tenant_id NOT IN (...)` for the queued branch of the claim, and its params."""
        full = self.full()
        if not full:
            return "", {}
        clause, params = in_clause("capped", full)
        return f" AND tenant_id NOT IN {clause}", dict(params)


def running_room(tx: Tx, default: int | None) -> RunningRoom | None:
    """The running cap of every tenant that has one, and what each runs now (None: no caps)."""
    rows = tx.q("SELECT tenant_id, max_running FROM tenant_quotas WHERE max_running IS NOT NULL")
    caps = {str(r[0]): int(r[1]) for r in rows}
    if default is None and not caps:
        return None
    _serialise_running(tx)
    counts = tx.q(
        "SELECT tenant_id, COUNT(*) FROM executions WHERE status = 'running' GROUP BY tenant_id"
    )
    return RunningRoom(caps, {str(r[0]): int(r[1]) for r in counts}, default)


__all__ = ["RunningRoom", "admit", "running_room"]
