"""Facts every layer shares are defined once, in `symphainy.contracts`, and imported elsewhere.

A second spelling drifts: the terminal statuses were written five times (one of them SQL) and
the journey intent's name four. The console's static JS cannot import Python, so its copies
are compared with the constants instead.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import get_args

from symphainy.contracts import JOURNEY_INTENT, TERMINAL, ExecutionStatus
from symphainy.security import ROLES

SRC = Path(__file__).resolve().parents[2] / "src" / "symphainy"
CONSOLE_JS = SRC / "console" / "static" / "js"
DEFINED_IN = {("contracts", "_models.py"), ("contracts", "_journeys.py")}


def _python_files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.parts[-2:] not in DEFINED_IN)


def _spellings(tree: ast.AST) -> list[int]:
    """Lines holding the journey intent's name or the terminal statuses as literals."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            sql = all(f"'{s}'" in node.value for s in TERMINAL)
            if node.value == JOURNEY_INTENT or sql:
                found.append(node.lineno)
        elif isinstance(node, ast.Set) and _constants(node.elts) == TERMINAL:
            found.append(node.lineno)
    return found


def _constants(nodes: list[ast.expr]) -> set[object]:
    return {n.value if isinstance(n, ast.Constant) else n for n in nodes}


def test_terminal_statuses_and_the_journey_intent_are_spelled_only_in_contracts() -> None:
    spelled = {
        f"{path.relative_to(SRC)}:{line}"
        for path in _python_files()
        for line in _spellings(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert spelled == set()


def test_terminal_statuses_are_execution_statuses() -> None:
    assert set(get_args(ExecutionStatus)) > TERMINAL


def test_the_consoles_copies_match_the_contracts() -> None:
    api = (CONSOLE_JS / "api.js").read_text(encoding="utf-8")
    copy = re.search(r"const TERMINAL = new Set\((\[.*?\])\);", api)
    assert copy is not None
    assert set(json.loads(copy.group(1))) == TERMINAL
    journeys = (CONSOLE_JS / "views" / "journeys.js").read_text(encoding="utf-8")
    assert f'intent_type: "{JOURNEY_INTENT}"' in journeys


def test_the_consoles_roles_match_the_server() -> None:
    # The catalogue offers Run by role rank: its ranking must be the server's.
    catalogue = (CONSOLE_JS / "views" / "catalogue.js").read_text(encoding="utf-8")
    copy = re.search(r"const RANKS = (\[.*?\]);", catalogue)
    assert copy is not None
    assert tuple(json.loads(copy.group(1))) == ROLES
