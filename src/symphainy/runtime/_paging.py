"""Keyset paging: the opaque `cursor` a list hands out and takes back.

Lists are in a total order, (created_at DESC, id DESC), so a page starts strictly after the
last row of the one before: rows sharing a timestamp are neither repeated nor skipped, and
rows inserted or updated meanwhile do not shift the pages (OFFSET paging did both).

A cursor is the unpadded urlsafe base64 of the JSON `[list, created_at, id]`. `created_at`
is the stored float itself, written in its shortest round-tripping form, so the next page
compares against exactly the stored value. Clients treat a cursor as opaque.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import orjson

from symphainy.contracts import ExecutionPage
from symphainy.errors import InvalidCursor, InvalidRequest
from symphainy.runtime._views import execution_view
from symphainy.security import b64url_decode, b64url_encode
from symphainy.store import ExecutionRow, Store

MAX_CURSOR_CHARS = 512
"""A format bound, not a tunable: a cursor holds a list name, a float and a 64-char id."""
MAX_PAGE = 1000
"""The largest `limit` a list takes (the wire models say the same)."""

Key = tuple[float, str]
"""Where a page starts: strictly after this (created_at, id) in list order."""


class Keyed(Protocol):
    """A row that can end a page."""

    @property
    def created_at(self) -> float:
        """Epoch seconds as stored."""
        ...


R = TypeVar("R", bound=Keyed)


@dataclass(frozen=True, slots=True)
class Page(Generic[R]):
    """One page of rows, the total matching, and the cursor of the next page (None: last)."""

    rows: list[R]
    total: int
    next_cursor: str | None


def encode_cursor(kind: str, key: Key) -> str:
    """The cursor of list `kind` that resumes after `key`."""
    raw = orjson.dumps([kind, key[0], key[1]])
    return b64url_encode(raw)


def decode_cursor(kind: str, cursor: str | None) -> Key | None:
    """The key a cursor of list `kind` stands for (None: first page); else InvalidCursor."""
    if cursor is None:
        return None
    key = _parse(kind, cursor) if len(cursor) <= MAX_CURSOR_CHARS else None
    # Only the exact form this module writes is accepted (no padding, no other spellings).
    if key is None or encode_cursor(kind, key) != cursor:
        raise InvalidCursor(f"cursor is not a {kind} cursor from this list", field="cursor")
    return key


def _parse(kind: str, cursor: str) -> Key | None:
    try:
        value = orjson.loads(b64url_decode(cursor))
    except ValueError:
        return None
    match value:
        case [str(k), float(created_at), str(key)] if k == kind:
            return created_at, key
    return None


async def page(
    kind: str,
    fetch: Callable[[Key | None, int], Awaitable[tuple[list[R], int]]],
    key_of: Callable[[R], str],
    *,
    limit: int,
    cursor: str | None,
) -> Page[R]:
    """Fetch one page of list `kind` after `cursor`; one extra row says whether more follow."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidRequest(f"limit must be 1..{MAX_PAGE}")
    rows, total = await fetch(decode_cursor(kind, cursor), limit + 1)
    if len(rows) <= limit:
        return Page(rows, total, None)
    last = rows[limit - 1]
    return Page(rows[:limit], total, encode_cursor(kind, (last.created_at, key_of(last))))


async def execution_page(
    store: Store, tenant_id: str, limit: int, cursor: str | None, filters: dict[str, Any]
) -> ExecutionPage:
    """A page of a tenant's executions (the filters as `Store.list_executions` takes them)."""

    async def fetch(after: Key | None, n: int) -> tuple[list[ExecutionRow], int]:
        return await store.list_executions(tenant_id, limit=n, after=after, **filters)

    got = await page("execution", fetch, lambda r: r.execution_id, limit=limit, cursor=cursor)
    return ExecutionPage(
        executions=[execution_view(r) for r in got.rows],
        total=got.total,
        limit=limit,
        next_cursor=got.next_cursor,
    )
