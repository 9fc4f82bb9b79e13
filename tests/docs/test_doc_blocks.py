"""Every code block in the documents runs (or says why it does not).

Python blocks of one document run in order in one namespace (a later block uses what an
earlier one defined), in a scratch directory. Bash blocks run with the venv's `symphainy` on
PATH, a scratch `SYMPHAINY_HOME` and `$REPO` pointing at the repository. TOML and JSON blocks
must parse. A block that cannot run here (it starts a long-lived server, or is a bare
signature) says so in its info string: ```` ```bash not-run: starts a server ````.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.docs._blocks import ROOT, RUNNABLE, Block, blocks, documents

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


@pytest.mark.timeout(600)
@pytest.mark.parametrize("path", RUN_DOCS, ids=[str(p.relative_to(ROOT)) for p in RUN_DOCS])
def test_document_blocks_run(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"doc:{path.name}"}
    for block in blocks(path):
        if block.not_run_reason is not None:
            continue
        if block.language == "python":
            exec(compile(block.body, block.where, "exec"), namespace)
        elif block.language == "bash":
            _bash(block, tmp_path)
        elif block.language == "toml":
            tomllib.loads(block.body)
        elif block.language == "json":
            json.loads(block.body)
    capsys.readouterr()


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
