"""What differs between SQLite and PostgreSQL: connecting, parameter style, locking clauses."""

from __future__ import annotations

import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, Protocol

from symphainy.errors import ConfigurationError, MissingDependency

_NAMED = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")

Params = Mapping[str, Any]
Row = tuple[Any, ...]


class Connection(Protocol):
    """The DB-API subset both drivers offer."""

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...


class Dialect(ABC):
    """One database engine's connection and SQL particulars."""

    name: str
    for_update: str = ""
    for_share: str = ""
    skip_locked: str = ""
    supports_notify: bool = False
    writable_cte: bool = False
    """Whether `WITH x AS (UPDATE …) INSERT …` runs both writes (one round trip for two)."""
    by_queue_index: str = ""
    """Follows `FROM executions` in queue-order reads to make them read the queue index."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._cache: dict[str, str] = {}

    @abstractmethod
    def connect(self, *, autocommit: bool = False) -> Any:
        """Open a new DB-API connection."""

    @abstractmethod
    def begin(self, conn: Any) -> None:
        """Start a write transaction."""

    @abstractmethod
    def sqlalchemy_url(self) -> str:
        """The URL SQLAlchemy/Alembic should use."""

    def sql(self, text: str) -> str:
        """Translate neutral `:name` parameters to the driver's style (cached)."""
        return text

    def execute(
        self, conn: Any, text: str, params: Params | None = None, pipeline: Any = None
    ) -> list[Row]:
        """Run one statement and return its rows (empty for non-queries).

        In a `pipeline`, it first waits for every statement `send` queued before it.
        """
        cur = conn.execute(self.sql(text), params or {})
        return list(cur.fetchall()) if cur.description else []

    def pipeline(self, conn: Any) -> AbstractContextManager[Any]:
        """A write transaction's pipeline, in which `send` only queues (None: no pipelining)."""
        return nullcontext()

    def send(self, conn: Any, text: str, params: Params | None = None) -> None:
        """Run a statement whose answer is not read (queued, inside a pipeline)."""
        self.execute(conn, text, params)

    def ask(self, conn: Any, text: str, params: Params | None = None) -> Any:
        """Run a statement whose answer is read later with `answer` (queued, in a pipeline)."""
        return self.execute(conn, text, params)

    def answer(self, asked: Any) -> list[Row]:
        """The rows of an `ask`, once its pipeline has been synced."""
        return list(asked)

    def executemany(self, conn: Any, text: str, seq: Sequence[Params]) -> None:
        """Run one statement for each parameter set."""
        if seq:
            conn.cursor().executemany(self.sql(text), seq)


class SQLiteDialect(Dialect):
    """SQLite in WAL journal mode: the embedded default."""

    name = "sqlite"
    # Without ANALYZE statistics SQLite prefers ix_executions_claim and sorts the whole queue
    # (47 ms at 100,000 queued, against 0.3 ms reading the queue index).
    by_queue_index = " INDEXED BY ix_executions_queue"

    def __init__(self, url: str) -> None:
        super().__init__(url)
        path = url.removeprefix("sqlite:///")
        if not path or path == url:
            raise ConfigurationError(f"Unsupported SQLite URL {url!r}; use sqlite:///path/to.db")
        self.path = Path(path)

    def connect(self, *, autocommit: bool = False) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        # synchronous=FULL keeps the promise that an accepted intent survives power loss.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    def begin(self, conn: Any) -> None:
        conn.execute("BEGIN IMMEDIATE")

    def sqlalchemy_url(self) -> str:
        return f"sqlite:///{self.path}"


_TUPLES_OK = 2  # libpq's PGRES_TUPLES_OK (psycopg.pq.ExecStatus.TUPLES_OK)


class PostgresDialect(Dialect):
    """PostgreSQL through psycopg 3: the scale-out engine."""

    name = "postgres"
    for_update = " FOR UPDATE"
    for_share = " FOR SHARE"
    skip_locked = " FOR UPDATE SKIP LOCKED"
    supports_notify = True
    writable_cte = True

    def __init__(self, url: str) -> None:
        super().__init__(url)
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise MissingDependency("pip install 'symphainy[postgres]'") from exc
        self.dsn = re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", url)

    def connect(self, *, autocommit: bool = False) -> Any:
        import psycopg

        return psycopg.connect(self.dsn, autocommit=autocommit)

    def begin(self, conn: Any) -> None:
        """Psycopg opens a transaction implicitly on the first statement."""

    def sql(self, text: str) -> str:
        cached = self._cache.get(text)
        if cached is None:
            cached = _NAMED.sub(r"%(\1)s", text.replace("%", "%%"))
            self._cache[text] = cached
        return cached

    def execute(
        self, conn: Any, text: str, params: Params | None = None, pipeline: Any = None
    ) -> list[Row]:
        cur = conn.execute(self.sql(text), params or {})
        if pipeline is not None:
            pipeline.sync()  # one round trip: this statement and every one queued before it
        # The result status says whether there are rows; `cur.description` would first build
        # a Column object per field on every statement.
        result = cur.pgresult
        return list(cur.fetchall()) if result is not None and result.status == _TUPLES_OK else []

    def executemany(self, conn: Any, text: str, seq: Sequence[Params]) -> None:
        if seq:
            with conn.cursor() as cur:
                cur.executemany(self.sql(text), seq)

    def pipeline(self, conn: Any) -> AbstractContextManager[Any]:
        # libpq pipeline mode: statements whose answer is not read travel together with the
        # next one that is, so a write costs no round trip of its own.
        return conn.pipeline()  # type: ignore[no-any-return]

    def send(self, conn: Any, text: str, params: Params | None = None) -> None:
        conn.execute(self.sql(text), params or {})

    def ask(self, conn: Any, text: str, params: Params | None = None) -> Any:
        return conn.execute(self.sql(text), params or {})

    def answer(self, asked: Any) -> list[Row]:
        result = asked.pgresult
        return list(asked.fetchall()) if result is not None and result.status == _TUPLES_OK else []

    def sqlalchemy_url(self) -> str:
        return self.dsn.replace("postgresql://", "postgresql+psycopg://", 1)


def dialect_for(url: str) -> Dialect:
    """Pick the dialect for a database URL."""
    if url.startswith("sqlite:"):
        return SQLiteDialect(url)
    if url.startswith(("postgresql", "postgres:")):
        return PostgresDialect(url)
    raise ConfigurationError(f"Unsupported database URL scheme in {url!r}")


def in_clause(prefix: str, values: Iterable[Any]) -> tuple[str, dict[str, Any]]:
    """Build `(:p0, :p1, …)` and its parameters for an IN list."""
    params = {f"{prefix}{i}": v for i, v in enumerate(values)}
    return "(" + ", ".join(f":{k}" for k in params) + ")", params
