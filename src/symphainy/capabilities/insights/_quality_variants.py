"""Near-duplicate categories: one category of a low-cardinality text column written several ways.

Two spellings are one category when they are equal once case and spacing are normalised
('Cigna', 'cigna', 'CIGNA ', 'Blue  Cross' / 'Blue Cross'), or when their normalised forms are a
small edit apart ('Medicare' / 'Medicar'). The edit distance is rapidfuzz's optimal string
alignment (a swap of two neighbouring letters is one edit). Spelling matches are held back
where they would join real categories: short values ('gold' / 'bold'), values whose digits
differ ('Level 1' / 'Level 2') and values differing in a short word ('Type A' / 'Type B').
Each group names its dominant spelling, the one to keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

import polars as pl
from rapidfuzz.distance import OSA

from symphainy.capabilities.insights._models import Finding
from symphainy.capabilities.insights._quality_checks import ROW, Column, finding, rows_of

MAX_CATEGORIES: Final = 50
"""A text column is categorical when it holds at most this many distinct normalised values…"""
MAX_CATEGORY_SHARE: Final = 0.6
"""…and they are at most this share of its present values (categories repeat; names do not)."""
MIN_SPELLING_LENGTH: Final = 5
"""Values shorter than this are matched only by case and spacing, never by spelling."""
LONG_VALUE: Final = 10
"""Values of this length or more may be two edits apart; shorter ones one edit."""
MIN_WORD: Final = 3
"""A differing word shorter than this is a code ('Type A' / 'Type B'), not a typo."""


@dataclass
class _Group:
    """One category: its spellings as (value, count, rows), most frequent first."""

    spellings: list[tuple[str, int, list[int]]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)

    @property
    def off(self) -> int:
        """Values not written in the dominant spelling, padding aside.

        A value differing only by surrounding spaces ('Cigna ') is listed among the variants
        but counted by the whitespace check, so no value counts twice against consistency.
        """
        keep = self.spellings[0][0].strip()
        return sum(n for value, n, _ in self.spellings[1:] if value.strip() != keep)


def normal(values: pl.Expr) -> pl.Expr:
    """Case-folded, trimmed, inner whitespace collapsed."""
    return values.str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")


def near_duplicates(col: Column, present: pl.Series) -> Finding | None:
    """Groups of spellings of one category, each with counts, rows and the dominant spelling."""
    if col.series.dtype != pl.String:
        return None
    frame = rows_of(col.series).filter(present)
    spell = (
        frame.group_by("v")
        .agg(pl.len().alias("n"), pl.col(ROW).min().alias("first"), pl.col(ROW).head(col.examples))
        .with_columns(normal(pl.col("v")).alias("key"))
    )
    categories = spell["key"].n_unique()
    if categories > MAX_CATEGORIES or categories > MAX_CATEGORY_SHARE * frame.height:
        return None
    # Most frequent first; a tie goes to an unpadded spelling, then to the one seen first.
    ordered = spell.sort(
        pl.col("n"),
        pl.col("v") != pl.col("v").str.strip_chars(),
        pl.col("first"),
        descending=[True, False, False],
    )
    groups = [g for g in _groups(ordered) if len(g.spellings) > 1]
    if not groups:
        return None
    return _finding(col, sorted(groups, key=lambda g: -sum(n for _, n, _ in g.spellings)), frame)


def _groups(ordered: pl.DataFrame) -> list[_Group]:
    by_key: dict[str, _Group] = {}
    for value, n, _, rows, key in ordered.iter_rows():
        by_key.setdefault(key, _Group(keys={key})).spellings.append((value, n, list(rows)))
    groups = list(by_key.values())
    merged: list[_Group] = []
    for group in groups:  # most frequent categories first, so each absorbs its misspellings
        home = next(
            (m for m in merged if any(_similar(a, b) for a in m.keys for b in group.keys)), None
        )
        if home is None:
            merged.append(group)
            continue
        home.keys |= group.keys
        home.spellings = sorted(home.spellings + group.spellings, key=lambda s: -s[1])
    return merged


def _similar(a: str, b: str) -> bool:
    """Two normalised values a small edit apart that are not two codes (see the module doc)."""
    if min(len(a), len(b)) < MIN_SPELLING_LENGTH:
        return False
    if re.findall(r"\d", a) != re.findall(r"\d", b):
        return False
    words_a, words_b = a.split(), b.split()
    if len(words_a) == len(words_b) and any(
        x != y and min(len(x), len(y)) < MIN_WORD for x, y in zip(words_a, words_b, strict=True)
    ):
        return False
    limit = 2 if min(len(a), len(b)) >= LONG_VALUE else 1
    return OSA.distance(a, b, score_cutoff=limit) <= limit


def _kind(group: _Group) -> str:
    return "case or spacing" if len(group.keys) == 1 else "spelling"


def _finding(col: Column, groups: list[_Group], frame: pl.DataFrame) -> Finding:
    examples = [_example(group) for group in groups[: col.examples]]
    top = groups[0]
    hint = (
        f"{len(groups)} categor{'y' if len(groups) == 1 else 'ies'} typed several ways, e.g. "
        f"{len(top.spellings)} spellings of {top.spellings[0][0]!r} ({_kind(top)}): "
        "free-text entry without a pick list; map the variants to the dominant spelling"
    )
    issue, count = "category written in several ways", sum(g.off for g in groups)
    return finding("consistency", issue, count, frame.height, examples, hint, floor="medium")


def _example(group: _Group) -> dict[str, object]:
    """The dominant spelling (`suggested`) and every variant with its count and rows."""
    (keep, kept, _), *others = group.spellings
    variants = [{"value": keep, "count": kept}]
    variants += [{"value": v, "count": n, "rows": rows} for v, n, rows in others]
    return {"suggested": keep, "kind": _kind(group), "variants": variants}
