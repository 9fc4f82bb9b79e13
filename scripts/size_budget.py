"""Module size budget: fail on any src/**/*.py over 500 lines, warn over 400."""

from __future__ import annotations

import sys
from pathlib import Path

WARN, LIMIT = 400, 500


def main(root: Path) -> int:
    over = 0
    for path in sorted(root.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LIMIT:
            print(f"error: {path}: {lines} lines (limit {LIMIT}; split it)")
            over += 1
        elif lines > WARN:
            print(f"warning: {path}: {lines} lines (budget {WARN})")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "src")))
