"""`symphainy db backup|restore`: a consistent, verifiable copy of one platform.

A backup is a directory: the database (SQLite's online backup API, or `pg_dump` custom format),
the blobs, the service secret when it lives in a file, and `manifest.json` with a SHA-256 per
file and one signed WAL checkpoint per tenant. The checkpoints are taken *before* the database
is copied, so the copy holds at least every checkpointed entry; `restore` copies everything into
an empty target, applies pending migrations, and verifies each tenant's chain against its
checkpoint, so a restored platform is proven to carry the chains that were backed up. Blobs are
copied after the database: an artifact row in the copy always finds its bytes.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

from symphainy.cli._common import run
from symphainy.config import Settings
from symphainy.errors import Conflict, InvalidRequest, MissingDependency
from symphainy.runtime import Wal
from symphainy.security import load_or_create_service_secret
from symphainy.store import PostgresDialect, SQLiteDialect, dialect_for, open_store

FORMAT = "symphainy-backup/1"
MANIFEST = "manifest.json"
SQLITE_FILE = "symphainy.db"
PG_FILE = "postgres.dump"
BLOBS = "blobs"
SECRET = "service_secret"
SCRATCH = ".scratch"  # abandoned upload scratch is not data


def backup(settings: Settings, dest: Path, pg_bin: Path | None) -> dict[str, Any]:
    """Write a backup of the platform `settings` names into the empty directory `dest`."""
    _require_empty(dest, "backup directory")
    secret = load_or_create_service_secret(settings)
    dialect = dialect_for(settings.resolved_database_url)
    dump = _pg_tool("pg_dump", pg_bin) if isinstance(dialect, PostgresDialect) else None
    dest.mkdir(parents=True, exist_ok=True)
    revision, checkpoints = run(_snapshot(settings, secret, dest))
    if dump is not None:
        assert isinstance(dialect, PostgresDialect)
        _run([str(dump), "--format=custom", f"--file={dest / PG_FILE}", f"--dbname={dialect.dsn}"])
    _copy_blobs(settings.resolved_blob_dir, dest / BLOBS)
    from_file = not settings.service_secret.get_secret_value()
    if from_file:
        _copy_secret(settings.home / SECRET, dest / SECRET)
    manifest = {
        "format": FORMAT,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "store": dialect.name,
        "revision": revision,
        "service_secret": "file" if from_file else "environment",
        "checkpoints": checkpoints,
        "files": _digests(dest),
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


async def _snapshot(
    settings: Settings, secret: bytes, dest: Path
) -> tuple[str | None, dict[str, str]]:
    """Sign every tenant's WAL head, then (SQLite) copy the database: checkpoints come first."""
    dialect = dialect_for(settings.resolved_database_url)
    async with open_store(settings.resolved_database_url) as store:
        revision = (await store.migration_status())[0]
        rows = await store.reader.rows("SELECT tenant_id FROM wal_heads ORDER BY tenant_id", {})
        wal = Wal(store, secret)
        checkpoints = {r[0]: (await wal.checkpoint(r[0], secret)).checkpoint for r in rows}
        if isinstance(dialect, SQLiteDialect):
            await asyncio.to_thread(_sqlite_copy, dialect.path, dest / SQLITE_FILE)
    return revision, checkpoints


def restore(settings: Settings, src: Path, pg_bin: Path | None) -> dict[str, bool]:
    """Restore the backup in `src` into the empty platform `settings` names; verify its chains.

    Every precondition is checked before anything is written, so a refused restore leaves the
    target as it was. Returns whether each tenant's chain reached its checkpoint intact.
    """
    manifest = _read_manifest(src)
    dialect = dialect_for(settings.resolved_database_url)
    if manifest["store"] != dialect.name:
        raise InvalidRequest(
            f"this is a {manifest['store']} backup; restore it into a {manifest['store']} store, "
            f"not {dialect.name}"
        )
    restore_tool = _pg_tool("pg_restore", pg_bin) if isinstance(dialect, PostgresDialect) else None
    _require_empty_store(settings.resolved_database_url)
    _require_empty(settings.resolved_blob_dir, "blob directory")
    secret_file = settings.home / SECRET
    from_file = manifest["service_secret"] == "file"
    if (
        from_file
        and secret_file.exists()
        and secret_file.read_bytes() != (src / SECRET).read_bytes()
    ):
        raise Conflict(f"{secret_file} holds a different service secret; move it away first")
    if isinstance(dialect, SQLiteDialect):
        dialect.path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / SQLITE_FILE, dialect.path)
    elif restore_tool is not None and isinstance(dialect, PostgresDialect):
        options = ["--no-owner", "--no-privileges", "--exit-on-error"]
        _run([str(restore_tool), *options, f"--dbname={dialect.dsn}", str(src / PG_FILE)])
    _copy_blobs(src / BLOBS, settings.resolved_blob_dir)
    if from_file and not secret_file.exists():
        _copy_secret(src / SECRET, secret_file)
    return run(_verify(settings, manifest["checkpoints"]))


async def _verify(settings: Settings, checkpoints: dict[str, str]) -> dict[str, bool]:
    secret = load_or_create_service_secret(settings)
    async with open_store(settings.resolved_database_url) as store:  # migrates an older backup
        wal = Wal(store, secret)
        return {
            tenant: (await wal.verify_since(tenant, token, secret)).valid
            for tenant, token in sorted(checkpoints.items())
        }


def _read_manifest(src: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((src / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise InvalidRequest(f"{src} is not a backup: {MANIFEST} unreadable ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise InvalidRequest(f"{src / MANIFEST} is not a {FORMAT} manifest")
    found = _digests(src)
    for name, digest in manifest["files"].items():
        if found.get(name) != digest:
            raise Conflict(f"backup file {name} is missing or changed since the backup was made")
    return manifest


def _require_empty_store(url: str) -> None:
    dialect = dialect_for(url)
    if isinstance(dialect, SQLiteDialect):
        if dialect.path.exists():
            raise Conflict(f"{dialect.path} exists; restore into a new, empty store")
        return
    conn = dialect.connect(autocommit=True)
    try:
        tables = dialect.execute(
            conn, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
    finally:
        conn.close()
    if tables[0][0]:
        raise Conflict("the target database has tables; restore into a new, empty database")


def _require_empty(path: Path, what: str) -> None:
    if path.exists() and any(path.iterdir()):
        raise Conflict(f"the {what} {path} is not empty")


def _sqlite_copy(source: Path, target: Path) -> None:
    # The online backup API copies a consistent snapshot while the platform keeps writing.
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _copy_blobs(source: Path, target: Path) -> None:
    if source.exists():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(SCRATCH), dirs_exist_ok=True)
    else:
        target.mkdir(parents=True, exist_ok=True)


def _copy_secret(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(source.read_bytes())


def _digests(root: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name != MANIFEST):
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        out[path.relative_to(root).as_posix()] = digest.hexdigest()
    return out


def _pg_tool(name: str, pg_bin: Path | None) -> Path:
    found = pg_bin / name if pg_bin is not None else shutil.which(name)
    if found is None or not Path(found).is_file():
        where = f"in {pg_bin}" if pg_bin is not None else "on PATH"
        raise MissingDependency(f"{name} not found {where}; install PostgreSQL's client tools")
    return Path(found)


def _run(argv: list[str]) -> None:
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        # The DSN may carry a password: name the tool and its own error, never the command line.
        raise Conflict(f"{Path(argv[0]).name} failed: {proc.stderr.strip()[-500:]}")
