"""A write transaction: statements, WAL drafts and post-commit work, chained at commit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from symphainy.store._chain import GENESIS, entry_hash
from symphainy.store._dialect import Dialect, Params, Row, in_clause
from symphainy.store._json import dumps

T = TypeVar("T")

_SMALL_COMMIT_ROWS = 32  # up to this many entries go in one multi-row INSERT
_WAL_COLUMNS = "tenant_id, seq, kind, execution_id, exec_seq, payload, created_at, prev_hash, hash"
_WAL_KEYS = ("t", "s", "k", "e", "es", "p", "c", "ph", "h")


@dataclass(slots=True)
class WalDraft:
    """A WAL entry waiting for its place in the tenant's chain."""

    tenant_id: str
    kind: str
    payload: str
    created_at: float
    execution_id: str | None = None
    exec_seq: int | None = None


@dataclass(frozen=True, slots=True)
class Later(Generic[T]):
    """An operation's result that waits for its statement's answer (see `Tx.later`)."""

    finish: Callable[[], T]
    """Called by the writer once every statement of the group has been answered."""


@dataclass(slots=True)
class Tx:
    """One open write transaction, shared by every operation of a commit group."""

    dialect: Dialect
    conn: Any
    now: float
    drafts: list[WalDraft] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    finished: set[str] = field(default_factory=set)
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    new_work: bool = False
    pending_tenants: set[str] = field(default_factory=set)
    """Tenants whose pending intents this transaction created or moved (their watchers wake).
    Only pending-intent writes add to it, so the submit path pays nothing for it."""
    known_heads: set[str] = field(default_factory=set)
    tails: dict[tuple[str, int], int] = field(default_factory=dict)
    """The fair tag this transaction last queued per (tenant, priority): `_queue.place`."""
    unlimited: set[str] = field(default_factory=set)
    """Tenants this transaction found without any quota (`_quota_gate.locked`): a burst of
    one tenant's submits in one group commit reads its quota row once, not once each."""

    pipeline: Any = None
    """The dialect's pipeline for this transaction (None: every statement is a round trip)."""

    def q(self, sql: str, params: Params | None = None) -> list[Row]:
        """Execute a statement; return its rows."""
        return self.dialect.execute(self.conn, sql, params, self.pipeline)

    def send(self, sql: str, params: Params | None = None) -> None:
        """Execute a write whose answer is not read.

        On PostgreSQL it is queued and travels with the next statement that is read (or the
        commit): no round trip of its own. Its error, if any, surfaces there and fails the
        whole group as any database error does (the writer then retries each operation alone).
        """
        self.dialect.send(self.conn, sql, params)

    def later(self, sql: str, params: Params, then: Callable[[list[Row]], T]) -> Later[T]:
        """Execute a statement now and read its answer after the group's last statement.

        On PostgreSQL the statement joins the pipeline, so the answers of all the group's
        operations that end this way arrive in one round trip instead of one each. `then`
        gets the rows; what it writes (WAL entries, statements) comes after the statements
        of the operations that followed this one in the group.
        """
        asked = self.dialect.ask(self.conn, sql, params)
        return Later(lambda: then(self.dialect.answer(asked)))

    def sync(self) -> None:
        """Wait for every statement sent so far to be answered (one round trip)."""
        if self.pipeline is not None:
            self.pipeline.sync()

    def one(self, sql: str, params: Params | None = None) -> Row | None:
        """Execute a statement; return the first row or None."""
        rows = self.q(sql, params)
        return rows[0] if rows else None

    def many(self, sql: str, seq: Sequence[Params]) -> None:
        """Execute a statement once per parameter set."""
        self.dialect.executemany(self.conn, sql, seq)

    def log(
        self,
        tenant_id: str,
        kind: str,
        payload: Any,
        execution_id: str | None = None,
        exec_seq: int | None = None,
    ) -> None:
        """Add a WAL entry to this transaction (chained at commit)."""
        draft = WalDraft(tenant_id, kind, dumps(payload), self.now, execution_id, exec_seq)
        self.drafts.append(draft)
        if execution_id is not None and exec_seq is not None:
            self.touched.add(execution_id)

    def next_event_seqs(self, execution_id: str, count: int = 1) -> int:
        """Reserve `count` event numbers on an execution; return the first."""
        row = self.one(
            "UPDATE executions SET event_seq = event_seq + :n WHERE execution_id = :id "
            "RETURNING event_seq",
            {"n": count, "id": execution_id},
        )
        if row is None:
            raise LookupError(execution_id)
        return int(row[0]) - count + 1


def chain_drafts(tx: Tx) -> None:
    """Give every draft its tenant sequence number and hash, then insert them."""
    if not tx.drafts:
        return
    tenants = sorted({d.tenant_id for d in tx.drafts})
    heads = _lock_heads(tx, tenants)
    rows: list[dict[str, Any]] = []
    for d in tx.drafts:
        seq, prev = heads[d.tenant_id]
        seq += 1
        digest = entry_hash(
            prev, d.tenant_id, seq, d.kind, d.execution_id, d.exec_seq, d.payload, d.created_at
        )
        heads[d.tenant_id] = (seq, digest)
        rows.append(
            {
                "t": d.tenant_id,
                "s": seq,
                "k": d.kind,
                "e": d.execution_id,
                "es": d.exec_seq,
                "p": d.payload,
                "c": d.created_at,
                "ph": prev,
                "h": digest,
            }
        )
    # A small commit (the usual one: an intent's few events) writes its entries in one
    # multi-row statement, and on PostgreSQL moves the head in that same statement: each
    # statement is a round trip. Large groups use executemany, which psycopg pipelines.
    if len(rows) <= _SMALL_COMMIT_ROWS:
        one_head = tx.dialect.writable_cte and len(heads) == 1
        _insert_wal(tx, rows, advance=heads if one_head else None)
        if not one_head:
            _advance_heads(tx, heads)
        return
    tx.many(
        f"INSERT INTO wal ({_WAL_COLUMNS}) VALUES ({', '.join(':' + k for k in _WAL_KEYS)})",
        rows,
    )
    _advance_heads(tx, heads)


def _insert_wal(
    tx: Tx, rows: list[dict[str, Any]], advance: dict[str, tuple[int, str]] | None = None
) -> None:
    params: dict[str, Any] = {}
    values = []
    for i, row in enumerate(rows):
        values.append("(" + ", ".join(f":{k}{i}" for k in _WAL_KEYS) + ")")
        params.update({f"{k}{i}": row[k] for k in _WAL_KEYS})
    prefix = ""
    if advance is not None:  # also move the (single) tenant's head, in the same statement
        [(tenant, (seq, digest))] = advance.items()
        prefix = (
            "WITH head AS (UPDATE wal_heads SET seq = :head_s, hash = :head_h "
            "WHERE tenant_id = :head_t) "
        )
        params.update({"head_t": tenant, "head_s": seq, "head_h": digest})
    tx.send(f"{prefix}INSERT INTO wal ({_WAL_COLUMNS}) VALUES {', '.join(values)}", params)


def _advance_heads(tx: Tx, heads: dict[str, tuple[int, str]]) -> None:
    tx.many(
        "UPDATE wal_heads SET seq = :s, hash = :h WHERE tenant_id = :t",
        [{"t": t, "s": s, "h": h} for t, (s, h) in heads.items()],
    )


def _lock_heads(tx: Tx, tenants: list[str]) -> dict[str, tuple[int, str]]:
    # Head rows are never deleted: create each tenant's once per writer, not per commit.
    new = [t for t in tenants if t not in tx.known_heads]
    tx.many(
        "INSERT INTO wal_heads (tenant_id, seq, hash) VALUES (:t, 0, :g) "
        "ON CONFLICT (tenant_id) DO NOTHING",
        [{"t": t, "g": GENESIS} for t in new],
    )
    clause, params = in_clause("t", tenants)
    # Sorted order + FOR UPDATE: concurrent writers queue per tenant instead of deadlocking.
    rows = tx.q(
        f"SELECT tenant_id, seq, hash FROM wal_heads WHERE tenant_id IN {clause} "
        f"ORDER BY tenant_id{tx.dialect.for_update}",
        params,
    )
    tx.after_commit.append(lambda: tx.known_heads.update(new))
    return {r[0]: (int(r[1]), str(r[2])) for r in rows}
