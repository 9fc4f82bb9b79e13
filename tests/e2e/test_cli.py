"""The CLI against a real `symphainy up`: create a user, list and submit intents, watch, verify."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from symphainy.testing import platform_process

pytestmark = pytest.mark.slow


def cli(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "symphainy.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=check,
    )


@pytest.fixture
def up(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {**os.environ, "SYMPHAINY_HOME": str(tmp_path), "COLUMNS": "200"}
    with platform_process(tmp_path, env) as url:
        yield {**env, "SYMPHAINY_EXPERIENCE_URL": url}


def test_cli_round_trip(up: dict[str, str]) -> None:
    created = cli(
        "user", "create", "ops@example.com", "--password", "correct horse 1", "--api-key", env=up
    )
    token = re.search(r"SYMPHAINY_TOKEN=(\S+)", created.stdout)
    tenant = re.search(r"admin of tenant (\S+)", created.stdout)
    assert token is not None, created.stdout
    assert tenant is not None, created.stdout
    env = {**up, "SYMPHAINY_TOKEN": token.group(1)}
    listing = cli("intent", "list", env=env).stdout
    assert "ingest_file" in listing
    assert "parse_content" in listing
    done = cli(
        "intent", "submit", "echo", "--params", '{"message": "hello"}', "--wait", env=env
    ).stdout
    assert "execution.completed" in done
    assert '"echo": "hello"' in done
    execution_id = re.search(r"execution (\w+) accepted", done)
    assert execution_id is not None
    shown = cli("execution", "show", execution_id.group(1), env=env).stdout
    assert '"status": "completed"' in shown
    verified = cli("wal", "verify", tenant.group(1), env=env).stdout
    assert "intact" in verified
    refused = cli("intent", "submit", "no_such_intent", env=env, check=False)
    assert refused.returncode == 1
    assert "intent-not-found" in refused.stderr + refused.stdout
    anonymous = cli("intent", "list", env={**up, "SYMPHAINY_TOKEN": ""}, check=False)
    assert anonymous.returncode == 1
