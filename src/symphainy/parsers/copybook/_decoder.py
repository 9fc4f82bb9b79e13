"""Decode one block into an Arrow table: ODO geometry, per-column vectorised decoding, errors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._arrow import number_array, text_array
from symphainy.parsers.copybook._blocks import RDW_SIZE, Block
from symphainy.parsers.copybook._charset import Charset
from symphainy.parsers.copybook._layout import Column, Layout, OdoTable
from symphainy.parsers.copybook._numeric import decode_number, explain_number
from symphainy.parsers.copybook._text import decode_text, explain_text
from symphainy.types import JSONObject, JSONValue

I64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Offset = int | I64Array


LengthCheck = Literal["none", "exact", "types", "ragged"]
"""How record lengths are checked against the layout: `none` (fixed slots), `exact` (one
record type: the layout's length with its ODO counts), `types` (several 01 records: between
the shortest and the longest) or `ragged` (text lines, segments: any length, columns past a
record's end are null)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything fixed for a whole file (or one segment of it): layout, columns, checks.

    `rdw_adjustment` is set when records come after RDWs (error messages quote the RDW's
    own value); `lenient` turns invalid values into counted nulls.
    """

    layout: Layout
    charset: Charset
    columns: tuple[Column, ...]
    schema: Any
    check: LengthCheck
    shortest: int
    lenient: bool = False
    rdw_adjustment: int | None = None

    @classmethod
    def build(
        cls,
        layout: Layout,
        charset: Charset,
        *,
        check: LengthCheck,
        columns: tuple[Column, ...] | None = None,
        lenient: bool = False,
        rdw_adjustment: int | None = None,
    ) -> Plan:
        """Derive the Arrow schema and record length bounds from the layout."""
        chosen = layout.columns if columns is None else columns
        fields = [pa.field(c.name, c.element.arrow_type()) for c in chosen]
        records = [record for record in layout.records if record.level == 1]
        if check == "exact" and len(records) > 1:
            check = "types"
        shortest = (
            min(r.total_size for r in records) if check == "types" else layout.min_record_length
        )
        schema = pa.schema(fields)
        return cls(layout, charset, chosen, schema, check, shortest, lenient, rdw_adjustment)


@dataclass(slots=True)
class Tally:
    """Invalid values nulled while decoding, per column.

    `overlay` counts those in storage shared by several views (REDEFINES, several 01
    records), where only one view is valid per record; `invalid` counts those nulled in
    lenient mode and `first` keeps their first `kept` locations (record 1-based, file
    offset).
    """

    kept: int
    overlay: Counter[str] = field(default_factory=Counter)
    invalid: Counter[str] = field(default_factory=Counter)
    first: dict[str, list[JSONValue]] = field(default_factory=dict)

    def note(self, column: str, records: I64Array, offsets: I64Array) -> None:
        """Count invalid values of `column` at these records and byte offsets."""
        self.invalid[column] += int(records.size)
        first = self.first.setdefault(column, [])
        for record, offset in zip(records, offsets, strict=True):
            if len(first) >= self.kept:
                break
            first.append({"record": int(record), "offset": int(offset)})

    def to_json(self) -> JSONObject:
        """Per column: count and first locations."""
        return {
            name: {"count": count, "first": self.first[name]}
            for name, count in sorted(self.invalid.items())
        }


@dataclass(frozen=True, slots=True)
class _Geometry:
    counts: list[I64Array]
    shifts: list[Offset]


def decode_block(plan: Plan, block: Block, tally: Tally) -> Any:
    """Decode the plan's columns for every record of a block.

    Args:
        plan: The file-wide (or segment-wide) decoding plan.
        block: The records to decode.
        tally: Where nulled invalid values are counted.

    Returns:
        A `pyarrow.Table` with one row per record.

    Raises:
        ParseError: With record, offset and field for an invalid value (strict mode) or an
            inconsistent length.
    """
    if plan.check in {"exact", "types"}:
        _check_lengths(plan, block, plan.shortest, "min")
    geometry = _geometry(plan, block)
    if plan.check == "types":
        _check_lengths(plan, block, plan.layout.record_length, "max")
    elif plan.check == "exact":
        _check_lengths(plan, block, plan.layout.record_length - geometry.shifts[-1], "exact")
    if block.matrix is None and not plan.layout.variable:
        block = block.with_matrix(plan.layout.record_length)
    arrays = [_column(plan, block, geometry, column, tally) for column in plan.columns]
    return pa.Table.from_arrays(arrays, schema=plan.schema)


def _extract(block: Block, offset: Offset, length: int) -> npt.NDArray[np.uint8]:
    if block.matrix is not None and isinstance(offset, int):
        return block.matrix[:, offset : offset + length]
    index = (block.starts + offset)[:, None] + np.arange(length)
    np.clip(index, 0, block.data.size - 1, out=index)
    gathered: npt.NDArray[np.uint8] = block.data[index]
    return gathered


def _geometry(plan: Plan, block: Block) -> _Geometry:
    layout = plan.layout
    counts: list[I64Array] = []
    shifts: list[Offset] = [0]
    for table in layout.odo_tables:
        counter = layout.columns[table.counter]
        offset = counter.offset - shifts[counter.tables_before]
        count = _count(plan, block, table, offset, _present(layout, counts, table.parent))
        out_of_range = (count < table.min) | (count > table.max)
        if out_of_range.any():
            row = int(np.argmax(out_of_range))
            raise ParseError(
                f"record {block.number(row)}: {counter.name} = {int(count[row])} is "
                f"outside OCCURS {table.min} TO {table.max} of {table.path}",
                record=block.number(row),
                offset=int(block.file_offsets[row] + _at(offset, row)),
                field=counter.name,
                count=int(count[row]),
                min=table.min,
                max=table.max,
            )
        counts.append(count)
        shifts.append(shifts[-1] + (table.max - count) * table.shift_size)
    return _Geometry(counts, shifts)


def _count(
    plan: Plan, block: Block, table: OdoTable, offset: Offset, present: BoolArray | None
) -> I64Array:
    """An ODO counter's values; where the enclosing occurrence is absent, min (unread)."""
    counter = plan.layout.columns[table.counter]
    raw = _extract(block, offset, counter.element.length)
    numbers = decode_number(raw, counter.element, plan.charset)
    bad = numbers.bad if numbers.null is None else _either(numbers.bad, numbers.null)
    if bad is not None and present is not None:
        bad = bad & present
    if bad is not None and bad.any():
        raise _value_error(plan, block, counter, offset, raw, bad)
    count: I64Array = numbers.values.astype(np.int64)
    if present is None:
        return count
    return np.where(present, count, table.min)


def _either(a: BoolArray | None, b: BoolArray) -> BoolArray:
    return b if a is None else a | b


def _present(layout: Layout, counts: list[I64Array], parent: tuple[int, int] | None) -> Any:
    """Rows in which an occurrence of a (nested) ODO table exists, or None for all rows."""
    present: BoolArray | None = None
    while parent is not None:
        table, occurrence = parent
        here = counts[table] >= occurrence
        present = here if present is None else present & here
        parent = layout.odo_tables[table].parent
    return present


def _check_lengths(plan: Plan, block: Block, expected: Offset, mode: str) -> None:
    if mode == "exact":
        wrong = block.lengths != expected
    else:
        wrong = block.lengths < expected if mode == "min" else block.lengths > expected
    if not wrong.any():
        return
    row = int(np.argmax(wrong))
    need = _at(expected, row)
    counts = "with its OCCURS DEPENDING ON counts " if plan.layout.variable else ""
    bound = {"min": "at least ", "max": "at most ", "exact": ""}[mode]
    hint = ""
    if any(not table.shrinks for table in plan.layout.odo_tables):
        # The usual cause: a file written with shrinking tables, read with Cobrix's default.
        hint = (
            " (its OCCURS DEPENDING ON tables keep their maximum size: variable_size_occurs "
            "is false, the default; give variable_size_occurs true if the file's tables shrink)"
        )
    raise _length_error(plan, block, row, f"{counts}needs {bound}{need}{hint}", need)


def _length_error(plan: Plan, block: Block, row: int, needs: str, need: int) -> ParseError:
    have = int(block.lengths[row])
    record = block.number(row)
    offset = int(block.file_offsets[row])
    if plan.rdw_adjustment is None:
        return ParseError(
            f"record {record}: its length {have} does not fit the layout, which {needs} bytes",
            record=record,
            offset=offset,
            record_length=have,
            expected_length=need,
        )
    rdw = have - plan.rdw_adjustment
    return ParseError(
        f"record {record}: RDW length {rdw} gives {have} data bytes but the layout {needs}",
        record=record,
        offset=offset - RDW_SIZE,
        rdw_length=rdw,
        expected_length=need,
    )


def _at(offset: Offset, row: int) -> int:
    return offset if isinstance(offset, int) else int(offset[row])


def _column(plan: Plan, block: Block, geometry: _Geometry, column: Column, tally: Tally) -> Any:
    offset = column.offset - geometry.shifts[column.tables_before]
    raw = _extract(block, offset, column.element.length)
    nulls: BoolArray | None = None
    if column.odo_table is not None:
        nulls = ~_present(plan.layout, geometry.counts, (column.odo_table, column.occurrence))
    elif plan.check in {"types", "ragged"}:
        nulls = block.lengths < column.offset + column.element.length
    decoded: Any
    if column.element.kind == "text":
        decoded = decode_text(raw, plan.charset, column.element)
    else:
        decoded = decode_number(raw, column.element, plan.charset)
    if decoded.null is not None:  # null by the value options (improved_null_detection, ...)
        nulls = decoded.null if nulls is None else nulls | decoded.null
    nulls = _handle_bad(plan, block, column, offset, raw, decoded.bad, nulls, tally)
    if column.element.kind == "text":
        return text_array(decoded, nulls)
    return number_array(decoded, column.element, nulls)


def _handle_bad(
    plan: Plan,
    block: Block,
    column: Column,
    offset: Offset,
    raw: npt.NDArray[np.uint8],
    bad: BoolArray | None,
    nulls: BoolArray | None,
    tally: Tally,
) -> BoolArray | None:
    if bad is None or not bad.any():
        return nulls
    if nulls is not None:
        bad = bad & ~nulls
        if not bad.any():
            return nulls
    if column.overlay:
        tally.overlay[column.name] += int(bad.sum())
    elif plan.lenient:
        rows = np.flatnonzero(bad)
        where = block.file_offsets[rows] + (offset if isinstance(offset, int) else offset[rows])
        tally.note(column.name, block.record_ids[rows] + 1, where)
    else:
        raise _value_error(plan, block, column, offset, raw, bad)
    return bad if nulls is None else bad | nulls


def _value_error(
    plan: Plan,
    block: Block,
    column: Column,
    offset: Offset,
    raw: npt.NDArray[np.uint8],
    bad: BoolArray,
) -> ParseError:
    row = int(np.argmax(bad))
    field_bytes = raw[row].tobytes()
    element = column.element
    if element.kind == "text":
        index, reason = explain_text(field_bytes, plan.charset)
    else:
        index, reason = explain_number(field_bytes, element, plan.charset)
    record = block.number(row)
    position = int(block.file_offsets[row]) + _at(offset, row) + index
    pic = f" PIC {column.pic}" if column.pic else ""
    return ParseError(
        f"record {record}: {reason} in {column.name} ({element.usage}{pic}) "
        f"at file offset {position}",
        record=record,
        offset=position,
        field=column.name,
        field_offset=_at(offset, row),
        bytes=field_bytes.hex().upper(),
    )
