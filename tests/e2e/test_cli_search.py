"""`execution list` and `artifact list` against a real `symphainy up`."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_cli import cli, up

pytestmark = pytest.mark.slow
__all__ = ["up"]  # the fixture, shared with test_cli


def test_cli_finds_executions_by_typed_attributes_and_artifacts_by_name(
    up: dict[str, str],
) -> None:
    created = cli(
        "user", "create", "ops@example.com", "--password", "correct horse 1", "--api-key", env=up
    )
    token = re.search(r"SYMPHAINY_TOKEN=(\S+)", created.stdout)
    assert token is not None, created.stdout
    env = {**up, "SYMPHAINY_TOKEN": token.group(1)}
    ids = []
    for customer, amount in (("acme", "12"), ("acme", "13"), ("globex", "12")):
        out = cli(
            "intent", "submit", "echo", "--params", '{"message": "hi"}', "--wait",
            "--attr", f"customer={customer}", "--attr", f"amount={amount}", env=env,
        ).stdout  # fmt: skip
        found = re.search(r"execution (\w+) accepted", out)
        assert found is not None, out
        ids.append(found.group(1))
    listed = cli("execution", "list", "--attr", "customer=acme", "--attr", "amount=12", env=env)
    assert ids[0] in listed.stdout
    assert ids[1] not in listed.stdout
    assert ids[2] not in listed.stdout
    assert "1 of 1" in listed.stdout
    others = cli("execution", "list", "--exclude-attr", "customer=acme", "--top-level", env=env)
    assert (ids[2] in others.stdout, ids[0] in others.stdout) == (True, False)
    by_id = cli("execution", "list", "--id-prefix", ids[1][:10], env=env).stdout
    assert (ids[1] in by_id, "1 of 1" in by_id) == (True, True)
    assert "0 of 0" in cli("execution", "list", "--children", env=env).stdout
    as_text = cli("execution", "list", "--attr", "amount:str=12", env=env).stdout
    assert "0 of 0" in as_text
    paged = cli("execution", "list", "--attr", "customer=acme", "--limit", "1", env=env).stdout
    cursor = re.search(r"--cursor (\S+)", paged)
    assert cursor is not None, paged
    rest = cli("execution", "list", "--attr", "customer=acme", "--cursor", cursor.group(1), env=env)
    assert ids[0] in rest.stdout
    bad = cli("execution", "list", "--created-after", "2030-01-01T00:00:00", env=env, check=False)
    assert bad.returncode == 1
    assert "invalid-parameters" in bad.stderr + bad.stdout
    artifacts = cli("artifact", "list", "--intent-type", "echo", "--json", env=env).stdout
    assert '"total": 0' in artifacts
