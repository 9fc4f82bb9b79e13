"""Suite-wide fixtures: database URLs for both engines, an opened Store, PostgreSQL databases.

Fixture names are a contract other test modules rely on:

* `database_url`: a fresh, migrated database, parametrized `sqlite` | `postgres`.
* `empty_database_url`: a fresh database with no tables, parametrized the same way.
* `store`: an opened `Store` on `database_url`.
* `pg_url`: a fresh, migrated PostgreSQL database (for PostgreSQL-only tests).
* `pg_server`: the `PgServer` helper behind the two PostgreSQL fixtures.

PostgreSQL comes from `SYMPHAINY_TEST_DATABASE_URL` (set by `scripts/test.sh`). Without it the
PostgreSQL parameters skip, except under `CI`, where they fail: CI must never skip silently.
Each PostgreSQL test gets its own database cloned from a template migrated once per session.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NoReturn

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from symphainy.store import Store, open_store
from tests.threads import store_threads

PG_ENV = "SYMPHAINY_TEST_DATABASE_URL"
# Per process, so several suites (a developer's and CI's, say) can share one server.
TEMPLATE = f"symphainy_template_{os.getpid()}"
ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


class PgServer:
    """Creates and drops throwaway databases on the test PostgreSQL server."""

    def __init__(self, url: str) -> None:
        self._base = make_url(url).set(drivername="postgresql")
        self._admin = psycopg.connect(self._url_for(self._base.database or "postgres"))
        self._admin.autocommit = True

    def _url_for(self, name: str) -> str:
        return self._base.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        """Create an empty database (or a clone of `template`); return its URL."""
        name = f"symphainy_t_{uuid.uuid4().hex[:16]}"
        stmt = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            stmt += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        self._admin.execute(stmt)
        return self._url_for(name)

    def drop(self, url: str) -> None:
        """Drop a database, disconnecting anyone still on it."""
        self._drop_name(make_url(url).database or "")

    def _drop_name(self, name: str) -> None:
        stmt = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        self._admin.execute(stmt)

    def build_template(self) -> None:
        """(Re)create the template and let a Store migrate it with Alembic."""
        self._drop_name(TEMPLATE)
        self._admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(TEMPLATE)))
        _run_isolated(_open_and_close(self._url_for(TEMPLATE)))

    def close(self) -> None:
        """Drop the template and close the admin connection."""
        self._drop_name(TEMPLATE)
        self._admin.close()


async def _open_and_close(url: str) -> None:
    async with open_store(url):
        pass


def _run_isolated(coro: object) -> None:
    # A private loop on its own thread, so the session fixture never touches pytest-asyncio's.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()  # type: ignore[arg-type]


def _pg_unavailable() -> NoReturn:
    msg = f"{PG_ENV} is not set; run the suite with `bash scripts/test.sh`"
    if os.environ.get("CI"):
        pytest.fail(f"{msg} (CI must not skip the PostgreSQL tests)")
    pytest.skip(msg)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    url = os.environ.get(PG_ENV)
    if not url:
        _pg_unavailable()
    server = PgServer(url)
    try:
        server.build_template()
        yield server
    finally:
        server.close()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    url = pg_server.create(template=TEMPLATE)
    yield url
    pg_server.drop(url)


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/symphainy.db"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(params=ENGINES)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/empty.db"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.create()
    yield url
    server.drop(url)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    async with open_store(database_url) as s:
        yield s


@pytest.fixture(autouse=True)
def _no_leaked_store_threads() -> Iterator[None]:
    """A test that leaves a store's thread running fails.

    A PostgreSQL listener left behind outlives its test's database and retries forever, logging
    a traceback each second; Python 3.11 formats those with `ast.parse`, whose recursion counter
    is shared by all threads, so a later test parsing source at the same time failed with
    "AST constructor recursion depth mismatch" (cpython gh-106905). The leak is the defect.
    """
    before = store_threads()
    yield
    left = store_threads() - before
    assert not left, f"the test left store threads running: {sorted(t.name for t in left)}"
