"""`Store.solutions`: a tenant's composed solutions, one immutable row per version.

A change never rewrites a row: it adds the next version (WAL: `solution.composed` for the first,
`solution.versioned` after), so an execution that recorded version n can read what n was.
Deleting removes every version (WAL: `solution.deleted`). Reads are scoped to one tenant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from symphainy.errors import Conflict, SolutionLimitReached, SolutionNotFound
from symphainy.store._dialect import Row
from symphainy.store._rows import build, columns
from symphainy.store._tx import Tx

if TYPE_CHECKING:
    from symphainy.store._store import Store


@dataclass(frozen=True, slots=True)
class SolutionRow:
    """One version of a composed solution (`definition` is JSON)."""

    tenant_id: str
    solution_id: str
    version: int
    name: str
    description: str
    definition: str
    status: str
    created_at: float
    created_by: str | None


@dataclass(frozen=True, slots=True)
class SolutionRun:
    """A top-level execution started under a composed solution (what its metrics count)."""

    intent_type: str
    status: str
    created_at: float
    started_at: float | None
    completed_at: float | None
    error: str | None
    parameters: str
    metadata: str


COLS = columns(SolutionRow)
_RUN_COLS = "intent_type, status, created_at, started_at, completed_at, error, parameters, metadata"
_LATEST = (
    f"SELECT {COLS} FROM composed_solutions c WHERE tenant_id = :t AND version = "
    "(SELECT MAX(version) FROM composed_solutions m "
    "WHERE m.tenant_id = c.tenant_id AND m.solution_id = c.solution_id)"
)


def _current(tx: Tx, tenant_id: str, solution_id: str) -> int:
    raw = tx.one(
        "SELECT MAX(version) FROM composed_solutions WHERE tenant_id = :t AND solution_id = :s",
        {"t": tenant_id, "s": solution_id},
    )
    return 0 if raw is None or raw[0] is None else int(raw[0])


def _check_limit(tx: Tx, tenant_id: str, limit: int) -> None:
    held = tx.one(
        "SELECT COUNT(DISTINCT solution_id) FROM composed_solutions WHERE tenant_id = :t",
        {"t": tenant_id},
    )
    if held is not None and int(held[0]) >= limit:
        raise SolutionLimitReached(limit=limit, setting="composed_solutions_per_tenant")


def put(tx: Tx, row: SolutionRow, expected: int, limit: int) -> SolutionRow:
    """Write `row` as version `expected + 1` (0: a new solution), or Conflict.

    `expected` is the version the writer read: another change in between is a conflict, never
    a silent overwrite. A new solution counts against `limit` (SolutionLimitReached).
    """
    current = _current(tx, row.tenant_id, row.solution_id)
    if current != expected:
        raise _conflict(row.solution_id, current, expected)
    if expected == 0:
        _check_limit(tx, row.tenant_id, limit)
    values = {**_values(row), "version": expected + 1, "created_at": tx.now}
    names = ", ".join(values)
    inserted = tx.q(
        f"INSERT INTO composed_solutions ({names}) VALUES "
        f"({', '.join(':' + k for k in values)}) ON CONFLICT DO NOTHING RETURNING {COLS}",
        values,
    )
    if not inserted:  # a concurrent writer took this version first
        raise _conflict(row.solution_id, expected + 1, expected)
    kind = "solution.composed" if expected == 0 else "solution.versioned"
    tx.log(
        row.tenant_id,
        kind,
        {"solution_id": row.solution_id, "version": expected + 1, "status": row.status},
    )
    return build(SolutionRow, inserted[0])


def _values(row: SolutionRow) -> dict[str, Any]:
    return {c.strip(): getattr(row, c.strip()) for c in COLS.split(",")}


def _conflict(solution_id: str, current: int, expected: int) -> Conflict:
    if current and not expected:
        return Conflict(
            f"solution {solution_id!r} already exists", solution_id=solution_id, version=current
        )
    return Conflict(
        f"solution {solution_id!r} is at version {current}, not {expected}: read it again",
        solution_id=solution_id,
        version=current,
        expected_version=expected,
    )


def delete(tx: Tx, tenant_id: str, solution_id: str, by: str | None) -> int:
    """Remove every version of the solution; how many there were (SolutionNotFound: none)."""
    versions = _current(tx, tenant_id, solution_id)
    if not versions:
        raise SolutionNotFound(
            f"no solution named {solution_id!r} is composed", solution_id=solution_id
        )
    tx.q(
        "DELETE FROM composed_solutions WHERE tenant_id = :t AND solution_id = :s",
        {"t": tenant_id, "s": solution_id},
    )
    tx.log(
        tenant_id, "solution.deleted", {"solution_id": solution_id, "versions": versions, "by": by}
    )
    return versions


class SolutionStore:
    """Composed solutions of every tenant: reads scoped to one tenant, WAL-logged writes."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def put(self, row: SolutionRow, expected: int, limit: int) -> SolutionRow:
        """Add the next version; see `put`."""
        return await self._store.write(lambda tx: put(tx, row, expected, limit))

    async def delete(self, tenant_id: str, solution_id: str, by: str | None) -> int:
        """Remove every version; see `delete`."""
        return await self._store.write(lambda tx: delete(tx, tenant_id, solution_id, by))

    async def get(
        self, tenant_id: str, solution_id: str, version: int | None = None
    ) -> SolutionRow | None:
        """The newest version (or `version`) of the tenant's solution, or None."""
        where = "version = :v" if version is not None else "1 = 1"
        rows = await self._store.reader.rows(
            f"SELECT {COLS} FROM composed_solutions WHERE tenant_id = :t AND solution_id = :s "
            f"AND {where} ORDER BY version DESC LIMIT 1",
            {"t": tenant_id, "s": solution_id, "v": version},
        )
        return build(SolutionRow, rows[0]) if rows else None

    async def latest(self, tenant_id: str) -> list[SolutionRow]:
        """The newest version of each of the tenant's solutions, by id."""
        rows = await self._store.reader.rows(f"{_LATEST} ORDER BY solution_id", {"t": tenant_id})
        return [build(SolutionRow, r) for r in rows]

    async def versions(self, tenant_id: str, solution_id: str) -> list[SolutionRow]:
        """Every version of the tenant's solution, oldest first."""
        rows = await self._store.reader.rows(
            f"SELECT {COLS} FROM composed_solutions WHERE tenant_id = :t AND solution_id = :s "
            "ORDER BY version",
            {"t": tenant_id, "s": solution_id},
        )
        return [build(SolutionRow, r) for r in rows]

    async def runs(
        self, tenant_id: str, solution_id: str, since: float, until: float, limit: int
    ) -> tuple[list[SolutionRun], bool]:
        """Top-level executions started under the solution in `[since, until)`, newest first.

        At most `limit`; the flag says whether more were left out.
        """
        rows: list[Row] = await self._store.reader.rows(
            f"SELECT {_RUN_COLS} FROM executions WHERE tenant_id = :t AND solution_id = :s "
            "AND parent_execution_id IS NULL AND created_at >= :since AND created_at < :until "
            "ORDER BY created_at DESC LIMIT :n",
            {"t": tenant_id, "s": solution_id, "since": since, "until": until, "n": limit + 1},
        )
        return [SolutionRun(*r) for r in rows[:limit]], len(rows) > limit


__all__ = ["SolutionRow", "SolutionRun", "SolutionStore"]
