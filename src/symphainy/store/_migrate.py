"""Schema migrations with Alembic, run on the store's own URL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from symphainy.store._dialect import Dialect

MIGRATIONS = Path(__file__).parent / "migrations"
_LOCK_ID = 0x5359_4D50  # "SYMP": one migrator at a time across processes


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    """The newest migration shipped with this code."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def upgrade(dialect: Dialect) -> None:
    """Apply every pending migration (serialised across processes on PostgreSQL)."""
    dialect.connect().close()  # creates the SQLite file and directory, sets WAL mode
    engine = create_engine(dialect.sqlalchemy_url(), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            if dialect.name == "postgres":
                conn.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK_ID})"))
            cfg = _config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()


def current_revision(dialect: Dialect) -> str | None:
    """The revision the database is at (None if never migrated)."""
    engine = create_engine(dialect.sqlalchemy_url(), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
