"""Fenced code blocks of the Markdown documents, and how each one is run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNNABLE = frozenset({"python", "bash", "toml", "json"})
_FENCE = re.compile(r"^(```+)(.*)$")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its info string and its text."""

    path: Path
    line: int
    info: str
    body: str

    @property
    def language(self) -> str:
        return self.info.split(" ", 1)[0] if self.info else ""

    @property
    def not_run_reason(self) -> str | None:
        """The reason after `not-run:`, or None when the block runs."""
        if "not-run" not in self.info:
            return None
        match = re.search(r"not-run:\s*(\S.*)$", self.info)
        return match.group(1).strip() if match else ""

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def documents() -> list[Path]:
    """README.md and every Markdown file under docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of one document, in order."""
    found: list[Block] = []
    fence = info = ""
    start, body = 0, list[str]()
    for number, line in enumerate(path.read_text().splitlines(), 1):
        match = _FENCE.match(line)
        if not fence and match:
            fence, info, start, body = match.group(1), match.group(2).strip(), number, []
        elif fence and line.strip() == fence:
            found.append(Block(path, start, info, "\n".join(body) + "\n"))
            fence = ""
        elif fence:
            body.append(line)
    assert not fence, f"{path}:{start}: unclosed code block"
    return found


def python_source(path: Path) -> str:
    """The document's Python blocks that run, in order, each after a `# block <where>` line."""
    return "\n\n".join(
        f"{MARKER}{b.where}\n{b.body}"
        for b in blocks(path)
        if b.language == "python" and b.not_run_reason is None
    )


MARKER = "# block "
