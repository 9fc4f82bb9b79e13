"""`symphainy db backup|restore` on both stores: taken while the platform runs, restored into an
empty store, every tenant's chain proven to reach its backed-up head, tampering refused."""

from __future__ import annotations

import base64
import glob
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from symphainy.sdk import ExperienceSDK
from tests.contract._store_helpers import truncate_last
from tests.e2e.test_cli import cli
from tests.integration.gateway.platform import PASSWORD, platform

pytestmark = pytest.mark.slow
EMAIL = "backup@example.com"
CSV = b"a,b\n1,2\n"


def _pg_bin() -> str:
    """Where the suite's PostgreSQL lives (scripts/_lib.sh installs it there), else PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))
    if found:
        return str(Path(found[-1]).parent)
    on_path = shutil.which("pg_dump")
    assert on_path is not None, "pg_dump is needed for the PostgreSQL backup test"
    return str(Path(on_path).parent)


@pytest.fixture
def target_url(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty store of the same kind as `database_url`."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/restored/symphainy.db"
        return
    server = request.getfixturevalue("pg_server")
    url: str = server.create()
    yield url
    server.drop(url)


def env_for(home: Path, url: str) -> dict[str, str]:
    return {**os.environ, "SYMPHAINY_HOME": str(home), "SYMPHAINY_DATABASE_URL": url}


async def _work(sdk: ExperienceSDK) -> tuple[str, str]:
    """One completed intent and one ingested file: (execution id, file artifact id)."""
    session = await sdk.create_session()
    added = await sdk.wait((await sdk.invoke_intent("add_one", {"x": 41}, session)).execution_id)
    data = base64.b64encode(CSV).decode()
    ingested = await sdk.wait(
        (
            await sdk.invoke_intent(
                "ingest_file", {"ui_name": "t.csv", "file_content_base64": data}, session
            )
        ).execution_id
    )
    return added.execution_id, ingested.result["artifact_id"]


async def test_a_backup_restores_into_an_empty_store_with_its_chains_intact(
    database_url: str, target_url: str, tmp_path: Path
) -> None:
    home, restored_home, dest = tmp_path / "home", tmp_path / "restored", tmp_path / "backup"
    pg_bin = ["--pg-bin", _pg_bin()] if database_url.startswith("postgres") else []
    async with platform(database_url, home) as plat:
        await plat.http().register(EMAIL, PASSWORD, "Ada")
        execution_id, file_id = await _work(await plat.local(EMAIL))
        # Taken while the platform is up: the online copy is consistent without stopping it.
        made = cli("db", "backup", str(dest), *pg_bin, env=env_for(home, database_url))
    assert "tenant chains" in made.stdout
    manifest = json.loads((dest / "manifest.json").read_text())
    assert len(manifest["checkpoints"]) >= 1
    assert all(t.startswith("wcp1.") for t in manifest["checkpoints"].values())

    done = cli("db", "restore", str(dest), *pg_bin, env=env_for(restored_home, target_url))
    assert "intact" in done.stdout
    async with platform(target_url, restored_home) as plat:
        sdk = await plat.local(EMAIL)  # the account, its password hash and its roles came along
        assert (await sdk.get_execution(execution_id)).result == {"value": 42}
        assert await sdk.artifact_content(file_id) == CSV

    again = cli(
        "db", "restore", str(dest), *pg_bin, env=env_for(restored_home, target_url), check=False
    )
    assert again.returncode == 1
    assert "restore into a new, empty" in again.stderr
    assert "Traceback" not in again.stderr


async def test_a_changed_backup_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    home, dest, target = tmp_path / "home", tmp_path / "backup", tmp_path / "target"
    url = f"sqlite:///{home}/symphainy.db"
    async with platform(url, home) as plat:
        await plat.http().register(EMAIL, PASSWORD, "Ada")
    cli("db", "backup", str(dest), env=env_for(home, url))
    copied = bytearray((dest / "symphainy.db").read_bytes())
    copied[-1] ^= 0xFF  # one bit pattern changed in the last page
    (dest / "symphainy.db").write_bytes(bytes(copied))

    refused = cli("db", "restore", str(dest), env=env_for(target, ""), check=False)
    assert refused.returncode == 1
    assert "symphainy.db is missing or changed" in refused.stderr
    assert not target.exists() or not any(target.iterdir())


async def test_a_backup_whose_wal_was_cut_restores_but_fails_verification(tmp_path: Path) -> None:
    """Someone with the backup rewrites its database and its manifest digest; the signed
    checkpoint still catches the missing tail."""
    home, dest, target = tmp_path / "home", tmp_path / "backup", tmp_path / "target"
    url = f"sqlite:///{home}/symphainy.db"
    async with platform(url, home) as plat:
        await plat.http().register(EMAIL, PASSWORD, "Ada")
    cli("db", "backup", str(dest), env=env_for(home, url))
    manifest = json.loads((dest / "manifest.json").read_text())
    (tenant,) = manifest["checkpoints"]
    truncate_last(f"sqlite:///{dest}/symphainy.db", tenant)
    digest = hashlib.sha256((dest / "symphainy.db").read_bytes()).hexdigest()
    manifest["files"]["symphainy.db"] = digest
    (dest / "manifest.json").write_text(json.dumps(manifest))

    cut = cli("db", "restore", str(dest), env=env_for(target, ""), check=False)
    assert cut.returncode == 1
    assert f"broken WAL of {tenant}" in cut.stdout
