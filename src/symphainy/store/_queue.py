"""The queue's order and admission: priorities, tenants round-robin, running limits per intent.

Order. A claim takes queued executions by `priority` (higher first) and then by `fair_seq`, a
tag given at submit (start-time fair queuing): a new execution queues one place after the later
of the head of its priority's line and its own tenant's last queued execution there. Tags count
down (a claim takes the highest first) so that one plain ascending index, read backwards, gives
the claim order on both engines. A tenant's burst of 100,000 takes tags head-1 … head-100,000,
while another tenant's single intent, sent in the middle of it, takes the tag just after the
head of the line: tenants take turns, and no burst makes anyone else wait behind all of it.
Submit's lookups (`place`: the head, its tenant's tail, higher priority waiting; one round
trip) and the claim read one end of a partial index over queued rows only
(`ix_executions_queue`, `ix_executions_tenant_queue`), so they cost the same with an empty
queue or a million rows queued (on PostgreSQL: 0.25 ms for `place` with 4,000 of the
tenant's own queued, where a MIN() over the same index took 2.6 ms and grew with the burst).

Admission. A claim may start a queued execution only while its tenant runs fewer than the
limit of its intent type (a tenant's override in `concurrency_limits`, else the limit
registered with the intent, else none). On PostgreSQL the count is taken under a transaction
advisory lock per (tenant, intent type), taken in sorted order, so two workers of any nodes
never both take the last slot; on SQLite the single writer serializes claims already. Other
caps (a tenant's own `max_running` quota, `_quota_gate.RunningRoom`) are checked beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from symphainy.errors import RateLimited
from symphainy.store._delayed import QUEUED_SQL
from symphainy.store._dialect import Dialect, Row, in_clause
from symphainy.store._quota_gate import RunningRoom
from symphainy.store._rows import ExecutionRow, NewExecution
from symphainy.store._tx import Tx

Group = tuple[str, str]
"""(tenant_id, intent_type): the unit a running limit counts."""
Limits = Mapping[str, int]
"""Registered running limits: intent type → most running at once per tenant."""
NO_LIMITS: Limits = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Inline:
    """When a submit may claim its own execution for its worker (see `starts_inline`)."""

    limits: Limits = field(default_factory=lambda: NO_LIMITS)
    """The registered running limits."""
    required: bool = False
    """It must start here or not be recorded (its secret parameters live in this process
    only): it skips the queue's order, never a running limit (refused with a 429 then)."""


QUEUE_ORDER = Inline()

_ORDER = "ORDER BY priority DESC, fair_seq DESC"
"""The claim order: `ix_executions_queue` read backwards."""
# Two int4 keys (a hash collision only makes two groups wait for each other, briefly).
_ADVISORY_LOCK = "SELECT pg_advisory_xact_lock(hashtext(:t), hashtext(:i))"


@dataclass(frozen=True, slots=True)
class Place:
    """Where a new execution of a tenant at a priority would queue (see the module doc)."""

    head: int | None
    """The tag of the head of its priority's runnable line (None: the line is empty)."""
    tail: int | None
    """The tag of its tenant's last queued execution at that priority (None: it has none)."""
    higher: bool
    """Whether runnable work of a higher priority is queued."""

    @property
    def tag(self) -> int:
        """Its `fair_seq`: one place after the later of the head and its tenant's tail."""
        return min((t for t in (self.head, self.tail) if t is not None), default=0) - 1

    @property
    def waiting_ahead(self) -> bool:
        """Whether it would queue behind more than the head of its line.

        True when runnable work of a higher priority is queued, or when the tenant has
        queued work of its own at this priority (its new one queues behind that).
        """
        return self.higher or self.tail is not None


OPEN = Place(head=None, tail=None, higher=False)
"""A place with nothing runnable in its line or ahead of it."""


def place_sql(dialect: Dialect) -> str:
    """The statement `place` runs (parameters :p priority, :t tenant, :now)."""
    ix = dialect.by_queue_index
    runnable = f"status IN {QUEUED_SQL} AND run_after <= :now"
    return (
        f"SELECT (SELECT fair_seq FROM executions{ix} "
        f"WHERE {runnable} AND priority = :p {_ORDER} LIMIT 1), "
        # ORDER BY … LIMIT 1, not MIN(): PostgreSQL may plan MIN() as an aggregate over every
        # queued row of the tenant (2.6 ms per submit at 4,000 queued, growing with the burst).
        f"(SELECT fair_seq FROM executions WHERE status IN {QUEUED_SQL} "
        "AND tenant_id = :t AND priority = :p ORDER BY tenant_id, priority, fair_seq LIMIT 1), "
        f"(SELECT 1 FROM executions{ix} WHERE {runnable} AND priority > :p {_ORDER} LIMIT 1)"
    )


def place(tx: Tx, tenant_id: str, priority: int) -> Place:
    """The `Place` of a new execution, read in one round trip (three index lookups).

    A tenant's second and later submissions at a priority in one group commit (a burst) read
    nothing: the tag this transaction gave the previous one is its tail (tags count down, so
    it is the lowest of the tenant's queued), and a known tail alone decides the tag and that
    it waits. `queued` records it; `dequeued` forgets it when it leaves the queue.

    Likewise a place read as `OPEN` (nothing of the tenant queued there, nothing runnable of
    a higher priority) stays open for the rest of the transaction while it makes no work
    runnable: the submits it starts at once queue nothing, and claims only take work away.
    The first write that makes work runnable (`tx.new_work`) ends that, so a burst whose
    executions all start at once reads its place once, not once per submit.
    """
    key = (tenant_id, priority)
    known = _known_place(tx, key)
    if known is not None:
        return known
    row = tx.one(place_sql(tx.dialect), {"p": priority, "t": tenant_id, "now": tx.now})
    assert row is not None  # a SELECT without FROM returns one row
    found = Place(
        head=None if row[0] is None else int(row[0]),
        tail=None if row[1] is None else int(row[1]),
        higher=row[2] is not None,
    )
    if found == OPEN and not tx.new_work:
        tx.open_places.add(key)
    return found


def prefetch_place(tx: Tx, tenant_id: str, priority: int) -> None:
    """Ask the read `place` will make, when it will make one (`Tx.prefetch`)."""
    if _known_place(tx, (tenant_id, priority)) is None:
        tx.prefetch(place_sql(tx.dialect), {"p": priority, "t": tenant_id, "now": tx.now})


def _known_place(tx: Tx, key: tuple[str, int]) -> Place | None:
    """The place this transaction already knows, without reading (see `place`)."""
    tail = tx.tails.get(key)
    if tail is not None:
        return Place(head=None, tail=tail, higher=False)
    if not tx.new_work and key in tx.open_places:
        return OPEN
    return None


def queued(tx: Tx, tenant_id: str, priority: int, tag: int) -> None:
    """A new execution of `tenant_id` was queued at `priority` with `tag` (see `place`)."""
    tx.tails[(tenant_id, priority)] = tag


def dequeued(tx: Tx, rows: Iterable[ExecutionRow]) -> None:
    """`rows` left the queue in `tx` (claimed, cancelled): forget a remembered tail among them.

    A tail stays right while executions of higher tags leave (claims take those first); when
    the tail itself leaves, the next one is unknown here, so `place` reads it again.
    """
    for row in rows:
        key = (row.tenant_id, row.priority)
        if tx.tails.get(key) == row.fair_seq:
            del tx.tails[key]


def starts_inline(tx: Tx, new: NewExecution, inline: Inline, where: Place) -> bool:
    """Whether a submit may claim its own execution at once (its worker has a free slot).

    Queued, it would take the place right behind the head of its line (its tenant has
    nothing queued there, and nothing of a higher priority waits: `Place.waiting_ahead`), so
    starting at once moves it one place at most, and saves a round trip through the queue.
    Otherwise, or when its running limit is full, it queues.
    """
    if not inline.required and where.waiting_ahead:
        return False
    if Admission(tx, inline.limits).admits((new.tenant_id, new.intent_type)):
        return True
    if inline.required:
        raise RateLimited(
            f"{new.intent_type} is at its limit of running executions and takes secret "
            "parameters, which cannot wait in the queue: retry shortly",
            retry_after=1,
        )
    return False


def admitted(
    tx: Tx, cols: str, slots: int, limits: Limits, window: int, room: RunningRoom | None = None
) -> list[Row]:
    """Up to `slots` queued executions (`cols` of each) that may start now, in claim order.

    With `room` (tenants' running caps, `_quota_gate.running_room`), tenants at their cap are
    not even read, and a tenant stops being admitted once this claim fills its cap.
    """
    if slots <= 0:
        return []
    found = candidates(tx, window, room)
    admission = Admission(tx, limits)
    admission.prepare((tenant, intent) for _, tenant, intent in found)
    ids: list[str] = []
    for execution_id, tenant, intent in found:
        if len(ids) == slots:
            break
        if room is not None and not room.has_room(tenant):
            continue
        if admission.admits((tenant, intent)):
            ids.append(execution_id)
            if room is not None:
                room.count(tenant)
    if not ids:
        return []
    clause, params = in_clause("e", ids)
    rows = tx.q(f"SELECT {cols} FROM executions WHERE execution_id IN {clause}", params)
    order = {i: n for n, i in enumerate(ids)}
    return sorted(rows, key=lambda r: order[r[0]])


def candidates(tx: Tx, window: int, room: RunningRoom | None = None) -> list[tuple[str, str, str]]:
    """The first `window` runnable queued executions in claim order: (id, tenant, intent type).

    Tenants `room` says are at their running cap are passed over in the query, so their queue
    cannot fill the window ahead of others'. PostgreSQL locks the rows (SKIP LOCKED: rows
    another claim holds are passed over, not waited for) until the claim commits.
    """
    skip, params = room.skip_sql() if room is not None else ("", {})
    rows = tx.q(
        f"SELECT execution_id, tenant_id, intent_type FROM executions{tx.dialect.by_queue_index} "
        f"WHERE status IN {QUEUED_SQL} AND run_after <= :now{skip} "
        f"{_ORDER} LIMIT :w{tx.dialect.skip_locked}",
        {"now": tx.now, "w": window, **params},
    )
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]


class Admission:
    """Which queued executions may start now, given the running limits (one per claim)."""

    def __init__(self, tx: Tx, registered: Mapping[str, int]) -> None:
        self._tx = tx
        self._registered = registered
        self._limits: dict[Group, int | None] = {}
        self._running: dict[Group, int] = {}

    def prepare(self, groups: Iterable[Group]) -> None:
        """Read (and on PostgreSQL lock) the limit and running count of each limited group."""
        todo = sorted(set(groups) - self._limits.keys())
        overrides = _overrides(self._tx, {tenant for tenant, _ in todo})
        for group in todo:  # sorted: two claims lock shared groups in one order, no deadlock
            limit = overrides.get(group, self._registered.get(group[1]))
            self._limits[group] = limit
            if limit is not None:
                if self._tx.dialect.name == "postgres":
                    self._tx.q(_ADVISORY_LOCK, {"t": group[0], "i": group[1]})
                self._running[group] = running(self._tx, group)

    def admits(self, group: Group) -> bool:
        """Whether one more of `group` may start; counts it as started when it may."""
        self.prepare([group])
        limit = self._limits[group]
        if limit is None:
            return True
        if self._running[group] >= limit:
            return False
        self._running[group] += 1
        return True


def _overrides(tx: Tx, tenants: set[str]) -> dict[Group, int]:
    """The overrides of `tenants` (one query for a whole claim window, once per transaction)."""
    known = tx.limit_overrides
    unread = sorted(tenants - known.keys())
    if unread:
        rows = tx.q(*_overrides_sql(unread))
        for tenant in unread:
            known[tenant] = {}
        for tenant, intent, limit in rows:
            known[str(tenant)][(str(tenant), str(intent))] = int(limit)
    return {group: limit for tenant in tenants for group, limit in known[tenant].items()}


def prefetch_overrides(tx: Tx, tenant_id: str) -> None:
    """Ask the overrides read an admission of `tenant_id` will make (`Tx.prefetch`)."""
    if tenant_id not in tx.limit_overrides:
        tx.prefetch(*_overrides_sql([tenant_id]))


def _overrides_sql(tenants: list[str]) -> tuple[str, dict[str, Any]]:
    clause, params = in_clause("t", tenants)
    columns = "tenant_id, intent_type, max_running"
    return f"SELECT {columns} FROM concurrency_limits WHERE tenant_id IN {clause}", params


def running(tx: Tx, group: Group) -> int:
    """How many executions of `group` run now (a lease lost but not yet re-claimed included)."""
    row = tx.one(
        "SELECT COUNT(*) FROM executions WHERE status = 'running' AND tenant_id = :t "
        "AND intent_type = :i",
        {"t": group[0], "i": group[1]},
    )
    return int(row[0]) if row is not None else 0


def set_limit(tx: Tx, tenant_id: str, intent_type: str, max_running: int | None) -> None:
    """Set (None: remove) a tenant's override of an intent type's running limit; WAL-logged."""
    params: dict[str, Any] = {"t": tenant_id, "i": intent_type, "n": max_running, "now": tx.now}
    tx.limit_overrides.pop(tenant_id, None)  # read again by the next admission
    tx.q("DELETE FROM concurrency_limits WHERE tenant_id = :t AND intent_type = :i", params)
    if max_running is not None:
        tx.q(
            "INSERT INTO concurrency_limits (tenant_id, intent_type, max_running, updated_at) "
            "VALUES (:t, :i, :n, :now)",
            params,
        )
    tx.log(
        tenant_id,
        "concurrency_limit.set",
        {"intent_type": intent_type, "max_running": max_running},
    )
    # A raised limit may let waiting work start now.
    tx.new_work = True
