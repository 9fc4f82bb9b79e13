"""Ruff over the documents' Python blocks, with the project's configuration."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.docs._blocks import MARKER, ROOT, Block, python_source

RUFF = str(Path(sys.executable).parent / "ruff")
STORE_NAME = "database_url"
"""The name a document uses for the store under test; the doc test supplies it per store."""
# Blocks are linted as if they lived in tests/ (the examples are tests of sorts, so the
# per-file ignores of tests/** apply). A document is not a module: it imports where a name
# is first needed (E402), needs no `from __future__` line (I002) and may grow a definition
# as it goes (F811: step 6 of the handoff shows `register` with a journey added).
OVERRIDES = ("lint.extend-ignore = ['E402', 'F811', 'I002']", f"builtins = ['{STORE_NAME}']")
_REPORT = re.compile(r"^[^:]+:(\d+):(\d+): (.*)$")


def lint(path: Path) -> str:
    """Ruff's findings on the document's running Python blocks ('' when clean)."""
    return lint_source(path, python_source(path))


def lint_source(path: Path, source: str) -> str:
    """Ruff's findings on `source` (blocks after MARKER lines), each named by document line."""
    args = [RUFF, "check", "--no-fix", "--output-format=concise", "--quiet"]
    for override in OVERRIDES:
        args += ["--config", override]
    done = subprocess.run(
        [*args, "--stdin-filename", f"tests/docs/{path.name}.py", "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    lines = source.splitlines()
    return "\n".join(_where(lines, m) for m in map(_REPORT.match, done.stdout.splitlines()) if m)


def _where(lines: list[str], found: re.Match[str]) -> str:
    number = int(found.group(1))
    marks = [i for i in range(number) if lines[i].startswith(MARKER)]
    if not marks:
        return f"line {number}: {found.group(3)}"
    doc, fence = lines[marks[-1]].removeprefix(MARKER).rsplit(":", 1)
    return f"{doc}:{int(fence) + number - 1 - marks[-1]}: {found.group(3)}"


def unformatted_block(block: Block) -> bool:
    """Whether `ruff format` would change the block."""
    done = subprocess.run(
        [RUFF, "format", "--check", "--quiet", "--stdin-filename", "block.py", "-"],
        input=block.body,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return done.returncode != 0
