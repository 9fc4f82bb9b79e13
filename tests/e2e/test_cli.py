"""The CLI against a real `symphainy up`: create a user, list and submit intents, watch, verify."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from symphainy.config import Settings
from symphainy.security import SecurityGuard
from symphainy.store import open_store
from symphainy.testing import platform_process
from tests.contract._store_helpers import truncate_last

pytestmark = pytest.mark.slow


def cli(
    *args: str, env: dict[str, str], check: bool = True, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "symphainy.cli", *args],
        env=env,
        input=input,
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
    contract = cli("intent", "show", "echo", env=env).stdout
    assert '"intent_type": "echo"' in contract
    assert '"parameters_schema"' in contract
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


@pytest.fixture
def operator(tmp_path: Path, database_url: str) -> dict[str, str]:
    """The environment of an operator at a terminal 40 columns wide, output piped."""
    return {
        **os.environ,
        "SYMPHAINY_HOME": str(tmp_path),
        "SYMPHAINY_DATABASE_URL": database_url,
        "COLUMNS": "40",
    }


def create_tenant(env: dict[str, str]) -> tuple[str, str]:
    """`user create --api-key`: (tenant id, the SYMPHAINY_TOKEN line's value)."""
    out = cli(
        "user", "create", "ops@example.com", "--password", "correct horse 1", "--api-key", env=env
    )
    tenant = re.search(r"admin of tenant (\S+)$", out.stdout, re.MULTILINE)
    token = re.search(r"^SYMPHAINY_TOKEN=(\S+)$", out.stdout, re.MULTILINE)
    assert tenant is not None, out.stdout
    assert token is not None, out.stdout
    return tenant.group(1), token.group(1)


def test_the_token_line_stays_whole_when_piped_to_a_narrow_terminal(
    operator: dict[str, str],
) -> None:
    _, token = create_tenant(operator)
    # The whole API key, not the first 40 columns of it: sym_ak_<id>.<secret>.
    assert re.fullmatch(r"sym_ak_[0-9a-f]{32}\.[\w-]{40,}", token), token


def test_wal_checkpoint_detects_truncation_from_the_cli(
    operator: dict[str, str], database_url: str
) -> None:
    tenant, _ = create_tenant(operator)
    checkpoint = cli("wal", "checkpoint", tenant, env=operator).stdout.strip()
    assert re.fullmatch(r"wcp1\.[\w-]+\.[\w-]+", checkpoint), checkpoint
    assert (
        "reaches checkpoint"
        in cli("wal", "verify", tenant, "--since", checkpoint, env=operator).stdout
    )

    truncate_last(database_url, tenant)
    assert "intact" in cli("wal", "verify", tenant, env=operator).stdout
    cut = cli("wal", "verify", tenant, "--since", checkpoint, env=operator, check=False)
    assert cut.returncode == 1
    assert "truncated" in cut.stdout
    assert "Traceback" not in cut.stderr

    forged = checkpoint[:-1] + ("A" if checkpoint[-1] != "A" else "B")
    refused = cli("wal", "verify", tenant, "--since", forged, env=operator, check=False)
    assert refused.returncode == 1
    assert "invalid WAL checkpoint" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_wal_verify_of_an_unknown_tenant_fails(operator: dict[str, str]) -> None:
    create_tenant(operator)
    for command in (("verify",), ("checkpoint",)):
        missing = cli("wal", *command, "t_nobody", env=operator, check=False)
        assert missing.returncode == 1
        assert "no such tenant" in missing.stderr
        assert "intact" not in missing.stdout


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    "command",
    [
        ("intent", "list"),
        ("intent", "show", "echo"),
        ("intent", "submit", "echo"),
        ("execution", "show", "e1"),
        ("execution", "watch", "e1"),
    ],
)
def test_an_unreachable_server_is_one_line(tmp_path: Path, command: tuple[str, ...]) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    env = {
        **os.environ,
        "SYMPHAINY_HOME": str(tmp_path),
        "SYMPHAINY_EXPERIENCE_URL": url,
        "SYMPHAINY_TOKEN": "sym_ak_x.y",
    }
    failed = cli(*command, env=env, check=False)
    assert failed.returncode == 1
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1, failed.stderr
    assert lines[0].startswith(f"cannot reach {url}/")
    assert "Connection refused" in lines[0]
    assert "SYMPHAINY_EXPERIENCE_URL" in lines[0]
    assert "--url" in lines[0]


def test_cli_retries_a_failed_execution_and_counts_the_failed_ones(up: dict[str, str]) -> None:
    created = cli(
        "user", "create", "ops@example.com", "--password", "correct horse 1", "--api-key", env=up
    )
    token = re.search(r"SYMPHAINY_TOKEN=(\S+)", created.stdout)
    assert token is not None, created.stdout
    env = {**up, "SYMPHAINY_TOKEN": token.group(1)}
    params = '{"required_permissions": ["fly"]}'
    failing = cli(
        "intent",
        "submit",
        "validate_authorization",
        "--params",
        params,
        "--wait",
        env=env,
        check=False,
    )
    assert failing.returncode == 1
    original = re.search(r"execution (\w+) accepted", failing.stdout)
    assert original is not None, failing.stdout
    dry = cli(
        "execution",
        "retry",
        "--failed",
        "--intent-type",
        "validate_authorization",
        "--since",
        "2000-01-01T00:00:00Z",
        "--dry-run",
        env=env,
    ).stdout
    assert '"matched": 1' in dry
    assert original.group(1) in dry
    retried = cli("execution", "retry", original.group(1), env=env).stdout
    assert f"(retry of {original.group(1)})" in retried
    again = cli("execution", "retry", original.group(1), env=env, check=False)
    assert again.returncode == 1
    assert "illegal-transition" in again.stderr + again.stdout
    neither = cli("execution", "retry", env=env, check=False)
    assert neither.returncode == 2
    shown = cli("intent", "show", "validate_authorization", "--version", "1", env=env).stdout
    assert '"version": 1' in shown


def test_cli_submits_a_json_lines_file_in_batches(up: dict[str, str], tmp_path: Path) -> None:
    created = cli(
        "user", "create", "ops@example.com", "--password", "correct horse 1", "--api-key", env=up
    )
    token = re.search(r"SYMPHAINY_TOKEN=(\S+)", created.stdout)
    assert token is not None, created.stdout
    env = {**up, "SYMPHAINY_TOKEN": token.group(1)}
    lines = [
        f'{{"intent_type": "echo", "parameters": {{"message": "m{i}"}}, "idempotency_key": "k{i}"}}'
        for i in range(5)
    ]
    source = tmp_path / "intents.jsonl"
    source.write_text("\n".join([*lines, "", '{"intent_type": "no_such_intent"}']) + "\n")
    first = cli("intent", "submit-batch", str(source), "--chunk", "2", env=env, check=False)
    assert first.returncode == 1  # one line was refused
    accepted = re.findall(r"^(\d): execution (\w+) accepted$", first.stdout, re.M)
    assert [line for line, _ in accepted] == ["1", "2", "3", "4", "5"], first.stdout
    assert "6: refused: Unknown intent" in first.stdout
    assert "5 accepted, 1 refused" in first.stdout
    # The same lines again: every key matches, nothing runs twice.
    again = cli("intent", "submit-batch", "-", env=env, input="\n".join(lines))
    assert again.stdout.count("(deduplicated)") == 5
    assert re.findall(r"execution (\w+) accepted", again.stdout) == [e for _, e in accepted]
    # A request the server refuses whole (an unknown key): what went before is on screen.
    refused = cli(
        "intent",
        "submit-batch",
        "-",
        "--chunk",
        "2",
        env=env,
        input="\n".join([*lines[:2], '{"intent_type": "echo", "bogus": 1}']),
        check=False,
    )
    assert refused.returncode == 1
    assert refused.stdout.count("(deduplicated)") == 2
    assert "(invalid-parameters)" in refused.stderr
    bad = cli("intent", "submit-batch", "-", env=env, input="not json\n", check=False)
    assert bad.returncode == 2
    assert "line 1 is not JSON" in bad.stderr


async def test_user_create_with_tenant_joins_an_existing_tenant(
    operator: dict[str, str], database_url: str, tmp_path: Path
) -> None:
    tenant, _ = create_tenant(operator)
    joined = cli(
        "user", "create", "viewer@example.com", "--password", "correct horse 2",
        "--tenant", tenant, "--role", "viewer", "--api-key", env=operator,
    )  # fmt: skip
    assert re.search(rf"^user \S+ is viewer of tenant {tenant}$", joined.stdout, re.MULTILINE)
    async with open_store(database_url) as store:
        guard = SecurityGuard(store, Settings(home=tmp_path, database_url=database_url))
        pair = await guard.login("viewer@example.com", "correct horse 2")
        signed_in = await guard.authenticate(pair.access_token)
        key = re.search(r"^SYMPHAINY_TOKEN=(\S+)$", joined.stdout, re.MULTILINE)
        assert key is not None
        service = await guard.authenticate_api_key(key.group(1))
    assert (signed_in.tenant_id, signed_in.roles) == (tenant, ("viewer",))
    assert (service.tenant_id, service.roles) == (tenant, ("viewer",))

    nowhere = cli(
        "user", "create", "x@example.com", "--password", "correct horse 3",
        "--tenant", "t_nowhere", env=operator, check=False,
    )  # fmt: skip
    assert nowhere.returncode == 1
    assert "tenant t_nowhere not found" in nowhere.stderr
    stray = cli(
        "user", "create", "y@example.com", "--password", "correct horse 3",
        "--role", "viewer", env=operator, check=False,
    )  # fmt: skip
    assert stray.returncode == 2
    # Typer boxes the message at the terminal's 40 columns: read it without the frame.
    assert "--role applies with --tenant" in " ".join(re.sub("[│╭╮╰╯─]", " ", stray.stderr).split())
