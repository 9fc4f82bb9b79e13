"""`--compare`: each figure of a new result beside the same figure of the previous run.

Only the figures whose direction is known are compared: rates (`*_per_s`, higher is better)
and times (`*_ms`, `*_us`, `*seconds`, `*_s`: lower is better). Each line reads
`path: old → new (xratio)` and is marked `REGRESSION` when the figure moved the wrong way by
more than `THRESHOLD`, so a slower run shows at a glance.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

THRESHOLD = 0.10
"""Relative change past which a figure that moved the wrong way is flagged."""
_HIGHER = ("_per_s",)
_LOWER = ("_ms", "_us", "seconds", "_s")


def _direction(key: str) -> int:
    """+1: higher is better; -1: lower is better; 0: not a figure we judge."""
    if key.endswith(_HIGHER):
        return 1
    if key.endswith(_LOWER) and key != "wall_seconds":
        return -1
    return 0


def _figures(node: Any, path: str = "") -> Iterator[tuple[str, str, float]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _figures(value, f"{path}.{key}" if path else key)
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield path, path.rsplit(".", 1)[-1], float(node)


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """One line per figure present in both results, in the new result's order."""
    before = {path: value for path, _, value in _figures(old)}
    lines = []
    for path, key, value in _figures(new):
        direction = _direction(key)
        if not direction or path not in before or before[path] == 0:
            continue
        ratio = value / before[path]
        worse = (ratio - 1) * direction < -THRESHOLD
        flag = "  REGRESSION" if worse else ""
        lines.append(f"{path}: {before[path]:g} → {value:g} (x{ratio:.2f}){flag}")
    return lines
