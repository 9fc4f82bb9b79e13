"""One-to-one column matching from deterministic and semantic evidence.

Each (source, target) pair is scored on five kinds of evidence: names (0.35), meaning (0.25,
embedding cosine), shared values (0.2), type family (0.1) and detected format (0.1). When the
values of either side are unknown their weight is spread over the rest. Pairs are then taken
greedily, most confident first, each column at most once; pairs below `min_confidence` are
left unmatched rather than forced.
"""

from __future__ import annotations

from typing import Any, Final

from symphainy.capabilities.insights import _columns
from symphainy.capabilities.insights._columns import ColumnInfo, Meanings

WEIGHTS: Final = {"name": 0.35, "semantic": 0.25, "values": 0.2, "type": 0.1, "pattern": 0.1}


def evidence(a: ColumnInfo, b: ColumnInfo, meanings: Meanings) -> dict[str, float | None]:
    """The five similarities of two columns (values is None when either side's are unknown)."""
    return {
        "name": _columns.name_similarity(a.name, b.name),
        "semantic": meanings.similarity(a, b),
        "values": _columns.jaccard(a, b)
        if a.family == b.family or "text" in (a.family, b.family)
        else 0.0,
        "type": _columns.type_similarity(a, b),
        "pattern": _columns.format_similarity(a, b),
    }


def confidence(scores: dict[str, float | None]) -> float:
    """The weighted mean of the known similarities."""
    known = {k: v for k, v in scores.items() if v is not None}
    total = sum(WEIGHTS[k] for k in known)
    return round(sum(WEIGHTS[k] * v for k, v in known.items()) / total, 6) if total else 0.0


def match(
    sources: list[ColumnInfo], targets: list[ColumnInfo], meanings: Meanings, min_confidence: float
) -> tuple[list[dict[str, Any]], list[ColumnInfo], list[ColumnInfo]]:
    """Greedy one-to-one assignment; returns (mappings, unmatched sources, unmatched targets)."""
    scored = []
    for i, a in enumerate(sources):
        for j, b in enumerate(targets):
            scores = evidence(a, b, meanings)
            scored.append((confidence(scores), i, j, scores))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    used_s: set[int] = set()
    used_t: set[int] = set()
    mappings = []
    for conf, i, j, scores in scored:
        if conf < min_confidence or i in used_s or j in used_t:
            continue
        used_s.add(i)
        used_t.add(j)
        mappings.append(_mapping(sources[i], targets[j], conf, scores))
    mappings.sort(key=lambda m: [s.name for s in sources].index(m["source_column"]))
    rest_s = [c for i, c in enumerate(sources) if i not in used_s]
    rest_t = [c for j, c in enumerate(targets) if j not in used_t]
    return mappings, rest_s, rest_t


def _mapping(
    a: ColumnInfo, b: ColumnInfo, conf: float, scores: dict[str, float | None]
) -> dict[str, Any]:
    name, meaning = scores["name"] or 0.0, scores["semantic"] or 0.0
    method = "exact_name" if name == 1.0 else "semantic" if meaning >= name else "name"
    return {
        "source_column": a.name,
        "target_column": b.name,
        "confidence": conf,
        "method": method,
        "evidence": scores,
        "transform": _transform(a, b),
    }


def _transform(a: ColumnInfo, b: ColumnInfo) -> str | None:
    """What a load would have to do to move values from `a` into `b`."""
    if a.family != b.family:
        return f"convert {a.family} to {b.family}"
    if a.fmt != b.fmt and a.fmt and b.fmt:
        return f"reformat {a.fmt} as {b.fmt}"
    return None
