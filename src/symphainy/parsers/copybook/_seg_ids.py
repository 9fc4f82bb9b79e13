"""Cobrix's generated segment ids (`segment_id_level0..N`): the Seg_Id0..Seg_IdN columns.

A root record (an id of level 0) starts `{prefix}_{file}_{record index}`; a record of level
N counts within its root and gets `{root}_L{N}_{count}`; levels above a record's own are
null. A record whose id is at no level keeps the ids of the record before it. This is
Cobrix's SegmentIdAccumulator, record by record, carried across blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

REST = "_"
"""At a level, stands for every segment id that no level lists (Cobrix's `_`)."""


class SegmentLevels:
    """The running state of the generated ids over a file's records, in order."""

    def __init__(self, levels: Sequence[Sequence[str]], prefix: str) -> None:
        """Levels of segment ids (level 0 the root) and the ids' prefix."""
        self.levels = [frozenset(ids) for ids in levels]
        self.prefix = prefix
        self.counts = [0] * len(levels)
        self.current = -1
        self.root = ""

    @property
    def fields(self) -> list[Any]:
        """The Seg_Id columns' Arrow fields."""
        return [pa.field(f"Seg_Id{n}", pa.string()) for n in range(len(self.levels))]

    def ids(self, keys: Sequence[str | None], record_ids: npt.NDArray[np.int64]) -> list[Any]:
        """Each record's Seg_Id values, one string array per level."""
        columns: list[list[str | None]] = [[] for _ in self.levels]
        for key, record in zip(keys, record_ids.tolist(), strict=True):
            self._see(key, record)
            for level, column in enumerate(columns):
                column.append(self._id(level))
        return [pa.array(column, type=pa.string()) for column in columns]

    def _level(self, key: str | None) -> int | None:
        listed = [n for n, ids in enumerate(self.levels) if key in ids]
        if listed:
            return listed[0]
        rest = [n for n, ids in enumerate(self.levels) if REST in ids]
        return rest[0] if rest and key is not None else None

    def _see(self, key: str | None, record: int) -> None:
        level = self._level(key)
        if level is None:
            return
        self.current = level
        if level == 0:
            self.root = f"{self.prefix}_0_{record}"
            self.counts = [0] * len(self.counts)
        else:
            self.counts[level] += 1

    def _id(self, level: int) -> str | None:
        if level > self.current:
            return None
        return self.root if level == 0 else f"{self.root}_L{level}_{self.counts[level]}"
