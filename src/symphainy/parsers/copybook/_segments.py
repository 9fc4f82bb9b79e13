"""Multi-segment files: route each record by its segment id to one output table per segment.

Cobrix semantics: `segment_field` names the field holding each record's segment id, and
`redefine_segment_id_map` says which REDEFINES group (or 01 record) each id selects. A
segment's table holds the columns outside every mapped group plus its own group's columns;
only its own records are decoded for it, so the other groups' bytes are never misread.
With `segment_children`, a child record carries the Record_Id of the nearest record of its
parent segment before it (Cobrix rebuilds nested arrays from the same relation).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._blocks import Block
from symphainy.parsers.copybook._decoder import Plan, Tally, decode_block
from symphainy.parsers.copybook._layout import Column, Layout
from symphainy.parsers.copybook._tree import Item

I64Array = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment: its table name, ids, decoding plan and parent segment (index)."""

    name: str
    ids: tuple[str, ...]
    plan: Plan
    parent: int | None


@dataclass(frozen=True, slots=True)
class Segmentation:
    """The segment id column and the segments it routes records to."""

    key: Plan
    segments: tuple[Segment, ...]
    lookup: tuple[str, ...]
    owner: I64Array
    keep: tuple[str, ...] | None = None
    routed: bool = True

    def keys(self, block: Block, tally: Tally) -> Any:
        """Each record's segment id, as trimmed text (a pyarrow string array)."""
        values = decode_block(self.key, block, tally).column(0)
        return pc.utf8_trim_whitespace(pc.cast(values, pa.string()))

    def route(self, block: Block, text: Any) -> I64Array:
        """Each record's segment index (-1: left out by `segment_filter`).

        Raises:
            ParseError: A record whose segment id is in no segment's list.
        """
        kept = np.ones(len(text), dtype=np.bool_)
        if self.keep is not None:
            kept = pc.is_in(text, value_set=pa.array(self.keep)).to_numpy(zero_copy_only=False)
        if not self.routed:
            return np.where(kept, 0, -1)
        found = pc.index_in(text, value_set=pa.array(self.lookup))
        missing = found.is_null().to_numpy(zero_copy_only=False) & kept
        if missing.any():
            row = int(np.argmax(missing))
            raise ParseError(
                f"record {block.number(row)}: segment id {text[row].as_py()!r} in "
                f"{self.key.columns[0].name} is in no redefine_segment_id_map list "
                f"({', '.join(map(repr, self.lookup))})",
                record=block.number(row),
                offset=int(block.file_offsets[row]) + self.key.columns[0].offset,
                field=self.key.columns[0].name,
                segment_id=text[row].as_py(),
            )
        index: I64Array = self.owner[found.fill_null(0).to_numpy().astype(np.int64)]
        return np.where(kept, index, -1)


def find_column(layout: Layout, name: str, option: str) -> Column:
    """The one column a user option names (column name, copybook path or data name).

    Data names match Cobrix-style too: case and `-`/`_` do not matter.
    """
    wanted = _norm(name)
    found = [
        c
        for c in layout.columns
        if name in {c.name, c.item_path} or (_norm(c.field) == wanted and c.occurrence == 0)
    ]
    if len(found) != 1:
        what = "is ambiguous" if found else "is not a field of the copybook"
        raise ParseError(f"{option} {name!r} {what}", option=option, field=name)
    return found[0]


def _norm(name: str) -> str:
    return name.upper().replace("_", "-")


def _group(layout: Layout, name: str) -> Item:
    wanted = _norm(name)
    found = [it for it in layout.items() if it.name and wanted in {_norm(it.name), it.path}]
    if len(found) != 1:
        what = "is ambiguous" if found else "is not a group of the copybook"
        raise ParseError(
            f"redefine_segment_id_map: {name!r} {what}",
            option="redefine_segment_id_map",
            field=name,
        )
    return found[0]


def single(base: Plan, field: str, keep: Sequence[str] | None) -> Segmentation:
    """A segment field without a map: one table (of the `segment_filter` records, if given)."""
    ids = tuple(keep or ())
    whole = Segment("", ids, base, None)
    owner = np.zeros(len(ids), np.int64)
    kept = ids if keep is not None else None
    return Segmentation(_key(base, field), (whole,), ids, owner, kept, routed=False)


def _key(base: Plan, field: str) -> Plan:
    key = replace(base, columns=(find_column(base.layout, field, "segment_field"),), lenient=False)
    return replace(key, schema=pa.schema([pa.field("key", key.columns[0].element.arrow_type())]))


def segmentation(
    base: Plan,
    field: str,
    mapping: Mapping[str, Sequence[str]],
    children: Mapping[str, Sequence[str]] | None,
    keep: Sequence[str] | None = None,
) -> Segmentation:
    """Build each segment's plan from the options (names checked against the layout)."""
    layout = base.layout
    # Tables come in copybook order: option maps may arrive with their keys sorted.
    order = {id(item): n for n, item in enumerate(layout.items())}
    mapping = dict(sorted(mapping.items(), key=lambda kv: order[id(_group(layout, kv[0]))]))
    key = _key(base, field)
    groups = [_group(layout, name) for name in mapping]
    inside = [set(_columns_of(layout, g)) for g in groups]
    shared = [i for i in range(len(layout.columns)) if not any(i in s for s in inside)]
    parents = _parents(list(mapping), children or {})
    items = {it.path: it for it in layout.items()}
    segments = []
    for (name, ids), group, own in zip(mapping.items(), groups, inside, strict=True):
        columns = [layout.columns[i] for i in shared] + [
            _own(items, group, layout.columns[i]) for i in sorted(own)
        ]
        plan = replace(base, columns=tuple(columns), schema=_schema(columns))
        segments.append(Segment(name, tuple(ids), plan, parents.get(name)))
    lookup = tuple(value for ids in mapping.values() for value in ids)
    if len(set(lookup)) != len(lookup):
        raise ParseError("redefine_segment_id_map: a segment id is listed twice")
    _check_filter(keep, lookup)
    owner = np.repeat(np.arange(len(mapping)), [len(ids) for ids in mapping.values()])
    kept = None if keep is None else tuple(keep)
    return Segmentation(key, tuple(segments), lookup, owner.astype(np.int64), kept)


def _check_filter(keep: Sequence[str] | None, lookup: tuple[str, ...]) -> None:
    if unknown := sorted(set(keep or ()) - set(lookup)):
        raise ParseError(
            f"segment_filter: {', '.join(map(repr, unknown))} in no redefine_segment_id_map list",
            option="segment_filter",
        )


def _columns_of(layout: Layout, group: Item) -> list[int]:
    prefix = f"{group.path}."
    return [
        i
        for i, c in enumerate(layout.columns)
        if c.item_path == group.path or c.item_path.startswith(prefix)
    ]


def _own(items: Mapping[str, Item], group: Item, column: Column) -> Column:
    """The column with `overlay` only for views nested inside the segment's own group."""
    item: Item | None = items.get(column.item_path)
    nested = False
    while item is not None and item is not group:
        nested = nested or item.overlay
        item = item.parent
    return replace(column, overlay=nested)


def _schema(columns: Sequence[Column]) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.element.arrow_type()) for c in columns])


def _parents(names: list[str], children: Mapping[str, Sequence[str]]) -> dict[str, int]:
    norm = {_norm(n): i for i, n in enumerate(names)}
    parents: dict[str, int] = {}
    for parent, kids in children.items():
        for kid in [parent, *kids]:
            if _norm(kid) not in norm:
                raise ParseError(
                    f"segment_children: {kid!r} is not a redefine_segment_id_map group",
                    option="segment_children",
                    field=kid,
                )
        for kid in kids:
            parents[names[norm[_norm(kid)]]] = norm[_norm(parent)]
    return parents


class ParentTracker:
    """The nearest record of each parent segment, carried from block to block."""

    def __init__(self, count: int) -> None:
        """Start with no parent record seen for any of `count` segments."""
        self.last = np.full(count, -1, dtype=np.int64)

    def latest(self, segment: I64Array, ids: I64Array) -> npt.NDArray[np.int64]:
        """(n_segments, n_rows): the last Record_Id of each segment at or before each row."""
        table = np.where(segment[None, :] == np.arange(self.last.size)[:, None], ids, -1)
        table = np.maximum.accumulate(np.maximum(table, self.last[:, None]), axis=1)
        if table.shape[1]:
            self.last = table[:, -1].copy()
        return table
