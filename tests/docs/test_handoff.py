"""The handoff states the import rules the linter enforces, in the linter's own terms."""

from __future__ import annotations

import tomllib
from typing import Any

from tests.docs._blocks import ROOT

HANDOFF = ROOT / "docs" / "HANDOFF_TO_TEAM_B.md"
CAPABILITIES = "symphainy.capabilities"


def _capability_contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return [
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if CAPABILITIES
        in [*c.get("source_modules", []), *c.get("packages_with_private_modules", [])]
    ]


def _rule(contract: dict[str, Any]) -> str:
    """What the handoff must say about one contract."""
    if contract["type"] != "forbidden":
        return f"*{contract['name']}*"
    names = [f"`{m}`" for m in sorted(contract["forbidden_modules"])]
    how = "directly" if contract.get("allow_indirect_imports") else "directly or indirectly"
    return f"*{contract['name']}*: {how}, none of {', '.join(names)}."


def test_the_import_rules_are_the_linters() -> None:
    contracts = _capability_contracts()
    assert contracts, "pyproject.toml has no import-linter contract for the capabilities"
    text = " ".join(HANDOFF.read_text().split())
    drifted = [c["name"] for c in contracts if _rule(c) not in text]
    assert drifted == [], "HANDOFF: state these contracts as " + " / ".join(
        _rule(c) for c in contracts
    )
