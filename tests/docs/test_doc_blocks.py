"""Every code block in the documents runs (or says why it does not).

Python blocks of one document run in order in one namespace (a later block uses what an
earlier one defined), in a scratch directory. Bash blocks run with the venv's `symphainy` on
PATH, a scratch `SYMPHAINY_HOME` and `$REPO` pointing at the repository. TOML and JSON blocks
must parse. A block that cannot run here (it starts a long-lived server, or is a bare
signature) says so in its info string: ```` ```bash not-run: starts a server ````.

A document whose Python uses `database_url` runs once per store (the suite's `database_url`
fixture: SQLite, and PostgreSQL when `SYMPHAINY_TEST_DATABASE_URL` is set), with the fixture's
value under that name, as pytest would pass it to a test. Python blocks are also held to the
project's ruff rules (each document's blocks together, as they run), and each block is
formatted as `ruff format` would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.docs._blocks import ROOT, RUNNABLE, Block, blocks, documents, python_source
from tests.docs._lint import STORE_NAME, lint, lint_source, unformatted_block

DOCS = documents()


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(ROOT)) for p in DOCS])
def test_every_block_is_runnable_or_says_why_not(path: Path) -> None:
    for block in blocks(path):
        reason = block.not_run_reason
        assert block.language, f"{block.where}: give the block a language"
        if reason is None:
            assert block.language in RUNNABLE, (
                f"{block.where}: {block.language!r} blocks cannot run; "
                "mark it `not-run: <reason>` or use one of " + ", ".join(sorted(RUNNABLE))
            )
        else:
            assert reason, f"{block.where}: `not-run:` needs a reason"


RUN_DOCS = [p for p in DOCS if any(b.not_run_reason is None for b in blocks(p))]
STORE_DOCS = [p for p in RUN_DOCS if STORE_NAME in python_source(p)]
ONE_STORE_DOCS = [p for p in RUN_DOCS if p not in STORE_DOCS]


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("path", ONE_STORE_DOCS, ids=_ids(ONE_STORE_DOCS))
def test_document_blocks_run(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(path, {}, tmp_path, monkeypatch)
    capsys.readouterr()


@pytest.mark.timeout(600)
@pytest.mark.parametrize("path", STORE_DOCS, ids=_ids(STORE_DOCS))
def test_document_blocks_run_on_both_stores(
    path: Path,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _run(path, {STORE_NAME: database_url}, tmp_path, monkeypatch)
    capsys.readouterr()


def test_a_store_document_exists() -> None:
    assert ROOT / "docs" / "HANDOFF_TO_TEAM_B.md" in STORE_DOCS


@pytest.mark.parametrize("path", RUN_DOCS, ids=_ids(RUN_DOCS))
def test_python_blocks_are_ruff_clean(path: Path) -> None:
    assert lint(path) == ""
    running = [b for b in blocks(path) if b.language == "python" and b.not_run_reason is None]
    unformatted = [b.where for b in running if unformatted_block(b)]
    assert unformatted == [], f"not `ruff format`ted: {unformatted}"


def test_the_linter_reports_where_a_block_is() -> None:
    report = lint_source(ROOT / "docs" / "x.md", "# block docs/x.md:3\nimport os\n")
    assert "F401" in report
    assert "docs/x.md:4: F401" in report  # the line after the fence at line 3


def _run(
    path: Path, given: dict[str, object], scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(scratch)
    namespace: dict[str, object] = {"__name__": f"doc:{path.name}", **given}
    for block in blocks(path):
        if block.not_run_reason is not None:
            continue
        if block.language == "python":
            exec(compile(block.body, block.where, "exec"), namespace)
        elif block.language == "bash":
            _bash(block, scratch)
        elif block.language == "toml":
            tomllib.loads(block.body)
        elif block.language == "json":
            json.loads(block.body)


def _bash(block: Block, scratch: Path) -> None:
    venv_bin = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
        "SYMPHAINY_HOME": str(scratch / "home"),
        "REPO": str(ROOT),
    }
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block.body],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, (
        f"{block.where} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    )
