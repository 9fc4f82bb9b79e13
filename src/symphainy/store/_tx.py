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
    """An operation's result that waits for its statement's answer (see `Tx.batched`)."""

    finish: Callable[[], T]
    """Called by the writer once every statement of the group has been answered."""


@dataclass(slots=True)
class KeyedBatch:
    """Operations of one kind in a group commit, sent as one statement per chunk of rows.

    `statement(rows)` builds the SQL and parameters for a chunk; the answer's rows are found
    by key (`key_of(row)`), so each operation reads its own row. A key occurs once per batch:
    `Tx.batched` opens a new batch for a repeated one, which keeps the operations' order.
    """

    statement: Callable[[list[Params]], tuple[str, Params]]
    key_of: Callable[[Row], str]
    chunk: int
    keys: set[str] = field(default_factory=set)
    rows: list[Params] = field(default_factory=list)
    unread: int = 0
    """Operations whose answer has not been read yet (`Tx.check_answered`)."""
    asked: list[Any] = field(default_factory=list)
    answers: dict[str, Row] | None = None

    def send(self, tx: Tx) -> None:
        """Ask its statements (queued in a pipeline; answered after the next sync)."""
        for start in range(0, len(self.rows), self.chunk):
            sql, params = self.statement(self.rows[start : start + self.chunk])
            self.asked.append(tx.dialect.ask(tx.conn, sql, params))

    def answer(self, tx: Tx, key: str) -> list[Row]:
        """The answer's row for `key` (empty: the statement matched nothing for it)."""
        if self.answers is None:
            rows = (row for asked in self.asked for row in tx.dialect.answer(asked))
            self.answers = {self.key_of(row): row for row in rows}
        self.unread -= 1
        found = self.answers.get(key)
        return [] if found is None else [found]


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
    open_places: set[tuple[str, int]] = field(default_factory=set)
    """(tenant, priority) places this transaction read as open, nothing waiting there or
    ahead (`_queue.place`); valid only while it has made no work runnable (`new_work`)."""
    unlimited: set[str] = field(default_factory=set)
    """Tenants this transaction found without any quota (`_quota_gate.locked`): a burst of
    one tenant's submits in one group commit reads its quota row once, not once each."""
    limit_overrides: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    """Running-limit overrides this transaction read, per tenant (`_queue._overrides`): a
    burst's submits and claims read a tenant's once; `_queue.set_limit` forgets its own."""

    pipeline: Any = None
    """The dialect's pipeline for this transaction (None: every statement is a round trip)."""
    batches: list[KeyedBatch] = field(default_factory=list)
    """Batched operations (`batched`) in the order opened, sent before the answers are read."""
    open_batches: dict[str, KeyedBatch] = field(default_factory=dict)
    """The batch each kind adds to now."""
    prefetched: list[tuple[str, Params, Any]] = field(default_factory=list)
    """Reads asked ahead of need (`prefetch`): statement, parameters, pending answer. A few
    at most, matched by equality (parameters need not be hashable)."""
    prefetch_unsynced: bool = False
    """Whether a prefetched read was asked after the last round trip."""

    def prefetch(self, sql: str, params: Params) -> None:
        """Ask now a read an operation is about to make (in a pipeline; elsewhere nothing).

        It and the reads asked with it share one round trip: the first of them to be read
        syncs, the others are answered already (outside a pipeline a read costs no round
        trip, so there is nothing to save). Only for reads whose order against the statements
        between does not matter: taking a row lock (`drop_prefetched`) discards what was asked
        before it.
        """
        if self.pipeline is not None:
            self.prefetched.append((sql, dict(params), self.dialect.ask(self.conn, sql, params)))
            self.prefetch_unsynced = True

    def _take_prefetched(self, sql: str, params: Params) -> Any:
        """The pending answer of this very read if it was prefetched (None otherwise)."""
        for n, (asked_sql, asked_with, asked) in enumerate(self.prefetched):
            if asked_sql == sql and asked_with == params:
                del self.prefetched[n]
                return asked
        return None

    def drop_prefetched(self) -> None:
        """Forget the reads asked ahead (a lock was taken after them, or their operation ended)."""
        self.prefetched.clear()

    def q(self, sql: str, params: Params | None = None) -> list[Row]:
        """Execute a statement (or read its answer, when it was prefetched); return its rows."""
        asked = self._take_prefetched(sql, params or {}) if self.prefetched else None
        if asked is not None:
            if self.prefetch_unsynced:
                self.sync()
            return self.dialect.answer(asked)
        rows = self.dialect.execute(self.conn, sql, params, self.pipeline)
        self.prefetch_unsynced = False  # a read in a pipeline syncs what was asked before it
        return rows

    def send(self, sql: str, params: Params | None = None) -> None:
        """Execute a write whose answer is not read.

        On PostgreSQL it is queued and travels with the next statement that is read (or the
        commit): no round trip of its own. Its error, if any, surfaces there and fails the
        whole group as any database error does (the writer then retries each operation alone).
        """
        self.dialect.send(self.conn, sql, params)

    def batched(
        self,
        kind: str,
        key: str,
        row: Params,
        make: Callable[[], KeyedBatch],
        then: Callable[[list[Row]], T],
    ) -> Later[T]:
        """An operation whose statement the group's operations of `kind` share, answered later.

        `row` is this operation's parameters in it and `key` finds its row in the answer;
        `make` opens the kind's batch. The statement is sent after the group's last
        operation (`send_batches`); on PostgreSQL it joins the pipeline, so its answer and
        every other arrive in one round trip. `then` gets this operation's rows; what it
        writes (WAL entries, statements) comes after every operation of the group.
        """
        batch = self.open_batches.get(kind)
        if batch is None or key in batch.keys:
            batch = self.open_batches[kind] = make()
            self.batches.append(batch)
        batch.keys.add(key)
        batch.rows.append(row)
        batch.unread += 1
        return Later(lambda: then(batch.answer(self, key)))

    def send_batches(self) -> list[KeyedBatch]:
        """Send every batched statement, in the order the batches were opened; return them."""
        sent, self.batches, self.open_batches = self.batches, [], {}
        for batch in sent:
            batch.send(self)
        return sent

    @staticmethod
    def check_answered(sent: list[KeyedBatch]) -> None:
        """Refuse to commit a batched change whose follow-up (its WAL entry) never ran.

        The writer reads the answer of a `Later` an operation returns; one kept inside
        another result would leave its execution changed without its WAL entry.
        """
        if any(batch.unread for batch in sent):
            raise RuntimeError("a batched operation's Later was not returned by its operation")

    def sync(self) -> None:
        """Wait for every statement sent so far to be answered (one round trip)."""
        if self.pipeline is not None:
            self.pipeline.sync()
        self.prefetch_unsynced = False

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
