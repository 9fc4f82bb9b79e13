"""Migrations: Alembic's schema is exactly the SQLAlchemy metadata, on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.pool import NullPool

from symphainy.store import open_store
from symphainy.store._schema import metadata
from tests.conftest import PgServer


def sa_engine(url: str) -> Engine:
    return create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1), poolclass=NullPool
    )


def schema_of(url: str) -> dict[str, Any]:
    """Tables, columns, keys and indexes as the database reports them."""
    engine = sa_engine(url)
    try:
        insp = inspect(engine)
        return {
            table: {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                    for c in insp.get_columns(table)
                ],
                "pk": insp.get_pk_constraint(table),
                "unique": sorted(
                    (u["name"], tuple(u["column_names"]))
                    for u in insp.get_unique_constraints(table)
                ),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in insp.get_indexes(table)
                ),
                "fks": insp.get_foreign_keys(table),
            }
            for table in sorted(insp.get_table_names())
            if table != "alembic_version"
        }
    finally:
        engine.dispose()


@pytest.fixture
def create_all_url(
    empty_database_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A second empty database on the same engine as `empty_database_url`, built by create_all."""
    server: PgServer | None = None
    if empty_database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path}/create_all.db"
    else:
        server = request.getfixturevalue("pg_server")
        url = server.create()
    engine = sa_engine(url)
    try:
        metadata.create_all(engine)
    finally:
        engine.dispose()
    yield url
    if server is not None:
        server.drop(url)


async def test_alembic_and_create_all_build_identical_schemas(
    empty_database_url: str, create_all_url: str
) -> None:
    async with open_store(empty_database_url) as store:
        current, head = await store.migration_status()
    assert current == head is not None
    migrated, declared = schema_of(empty_database_url), schema_of(create_all_url)
    assert set(migrated) == {t.name for t in metadata.sorted_tables}
    assert migrated == declared


async def test_autogenerate_finds_no_difference(empty_database_url: str) -> None:
    async with open_store(empty_database_url):
        pass
    engine = sa_engine(empty_database_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert diff == []


async def test_reopening_a_migrated_database_is_a_no_op(database_url: str) -> None:
    async with open_store(database_url) as store:
        before = await store.migration_status()
    schema = schema_of(database_url)
    async with open_store(database_url) as store:
        assert await store.migration_status() == before
    assert schema_of(database_url) == schema


async def test_store_without_migration_reports_no_revision(empty_database_url: str) -> None:
    async with open_store(empty_database_url, migrate=False) as store:
        current, head = await store.migration_status()
    assert current is None
    assert head is not None


NULL_AT_SUBMIT = {
    "ix_executions_parent": "parent_execution_id",
    "ix_executions_tenant_completed": "completed_at",
    "ix_executions_completed": "completed_at",
    "ix_executions_retry_of": "retry_of",
}


def index_definitions(url: str) -> dict[str, str]:
    """Each executions index's definition as the engine stores it (SQL text)."""
    engine = sa_engine(url)
    try:
        with engine.connect() as conn:
            if url.startswith("sqlite"):
                rows = conn.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = 'executions' AND sql IS NOT NULL"
                )
            else:
                rows = conn.exec_driver_sql(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'executions'"
                )
            return {str(name): str(sql) for name, sql in rows}
    finally:
        engine.dispose()


async def test_indexes_of_columns_a_new_execution_leaves_null_skip_its_rows(
    empty_database_url: str,
) -> None:
    async with open_store(empty_database_url):
        pass
    definitions = index_definitions(empty_database_url)
    for name, column in NULL_AT_SUBMIT.items():
        # SQLite keeps the text as written; PostgreSQL prints `WHERE (column IS NOT NULL)`.
        assert f"{column} IS NOT NULL" in definitions[name], definitions[name]


def test_sqlite_still_looks_up_children_and_retries_by_their_partial_indexes(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path}/plans.db"
    engine = sa_engine(url)
    try:
        metadata.create_all(engine)
        with engine.connect() as conn:
            plans = {
                index: " ".join(
                    str(row[-1])
                    for row in conn.exec_driver_sql(
                        f"EXPLAIN QUERY PLAN SELECT execution_id FROM executions WHERE {where}"
                    )
                )
                for index, where in {
                    "ix_executions_parent": "parent_execution_id = 'p'",
                    "ix_executions_retry_of": "retry_of = 'r' AND tenant_id = 't'",
                }.items()
            }
    finally:
        engine.dispose()
    for index, plan in plans.items():
        assert index in plan, plan
