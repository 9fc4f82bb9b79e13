"""The runtime's modules import one another without a cycle (issue #15).

The rule itself is the import-linter contract `runtime-acyclic` in pyproject.toml, so
`make check` and this test judge alike; the test runs it so a cycle fails the suite too.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CONTRACT = "runtime-acyclic"


def _contract() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    importlinter = config["tool"]["importlinter"]
    # A type-only import still couples two modules: the contract must see TYPE_CHECKING imports.
    assert not importlinter.get("exclude_type_checking_imports", False)
    (contract,) = [c for c in importlinter["contracts"] if c.get("id") == CONTRACT]
    return dict(contract)


def test_the_contract_covers_the_whole_runtime() -> None:
    contract = _contract()
    assert contract["type"] == "acyclic_siblings"
    assert contract["ancestors"] == ["symphainy.runtime"]
    assert "skip_descendants" not in contract


def test_no_import_cycle_in_the_runtime() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--contract", CONTRACT, "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # On failure the output names the imports that close each cycle.
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
