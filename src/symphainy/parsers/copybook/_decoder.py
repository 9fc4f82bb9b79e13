"""Decode one block into an Arrow table: ODO geometry, per-column vectorised decoding, errors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._arrow import number_array, text_array
from symphainy.parsers.copybook._blocks import RDW_SIZE, Block
from symphainy.parsers.copybook._charset import Charset
from symphainy.parsers.copybook._layout import Column, Layout
from symphainy.parsers.copybook._numeric import decode_number, explain_number
from symphainy.parsers.copybook._text import decode_text, explain_text

I64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Offset = int | I64Array


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything fixed for a whole file: layout, code page, schema, record framing.

    With several 01 records (record types) an RDW record may be as short as the shortest
    of them; columns past a record's end are then null.
    """

    layout: Layout
    charset: Charset
    schema: Any
    variable_records: bool
    record_types: bool
    shortest: int

    @classmethod
    def build(cls, layout: Layout, charset: Charset, *, variable_records: bool) -> Plan:
        """Derive the Arrow schema and record length bounds from the layout."""
        fields = [pa.field(c.name, c.element.arrow_type()) for c in layout.columns]
        records = [record for record in layout.records if record.level == 1]
        record_types = len(records) > 1
        shortest = min(r.total_size for r in records) if record_types else layout.min_record_length
        return cls(layout, charset, pa.schema(fields), variable_records, record_types, shortest)


@dataclass(frozen=True, slots=True)
class _Geometry:
    counts: list[I64Array]
    shifts: list[Offset]


def decode_block(plan: Plan, block: Block, invalid: Counter[str]) -> Any:
    """Decode every column of a block.

    Args:
        plan: The file-wide decoding plan.
        block: The records to decode.
        invalid: Tally of invalid values nulled in REDEFINES/multi-01 views, per column.

    Returns:
        A `pyarrow.Table` with one row per record.

    Raises:
        ParseError: With record, offset and field for any invalid value or inconsistent length.
    """
    if plan.variable_records:
        _check_lengths(plan, block, plan.shortest, "min")
    geometry = _geometry(plan, block)
    if plan.variable_records:
        if plan.record_types:
            _check_lengths(plan, block, plan.layout.record_length, "max")
        else:
            _check_lengths(plan, block, plan.layout.record_length - geometry.shifts[-1], "exact")
        if not plan.layout.variable:
            block = block.with_matrix(plan.layout.record_length)
    arrays = [_column(plan, block, geometry, column, invalid) for column in plan.layout.columns]
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
        raw = _extract(block, offset, counter.element.length)
        numbers = decode_number(raw, counter.element, plan.charset)
        if numbers.bad is not None and numbers.bad.any():
            raise _value_error(plan, block, counter, offset, raw, numbers.bad)
        count = numbers.values.astype(np.int64)
        out_of_range = (count < table.min) | (count > table.max)
        if out_of_range.any():
            row = int(np.argmax(out_of_range))
            raise ParseError(
                f"record {block.first_record + row + 1}: {counter.name} = {int(count[row])} is "
                f"outside OCCURS {table.min} TO {table.max} of {table.path}",
                record=block.first_record + row + 1,
                offset=int(block.file_offsets[row] + _at(offset, row)),
                field=counter.name,
                count=int(count[row]),
                min=table.min,
                max=table.max,
            )
        counts.append(count)
        shifts.append(shifts[-1] + (table.max - count) * table.element_size)
    return _Geometry(counts, shifts)


def _check_lengths(plan: Plan, block: Block, expected: Offset, mode: str) -> None:
    if mode == "exact":
        wrong = block.lengths != expected
    else:
        wrong = block.lengths < expected if mode == "min" else block.lengths > expected
    if not wrong.any():
        return
    row = int(np.argmax(wrong))
    need = _at(expected, row)
    have = int(block.lengths[row])
    counts = "with its OCCURS DEPENDING ON counts " if plan.layout.variable else ""
    bound = {"min": "at least ", "max": "at most ", "exact": ""}[mode]
    raise ParseError(
        f"record {block.first_record + row + 1}: RDW length {have + RDW_SIZE} gives {have} data "
        f"bytes but the layout {counts}needs {bound}{need}",
        record=block.first_record + row + 1,
        offset=int(block.file_offsets[row]) - RDW_SIZE,
        rdw_length=have + RDW_SIZE,
        expected_length=need,
    )


def _at(offset: Offset, row: int) -> int:
    return offset if isinstance(offset, int) else int(offset[row])


def _column(
    plan: Plan, block: Block, geometry: _Geometry, column: Column, invalid: Counter[str]
) -> Any:
    offset = column.offset - geometry.shifts[column.tables_before]
    raw = _extract(block, offset, column.element.length)
    nulls: BoolArray | None = None
    if column.odo_table is not None:
        nulls = geometry.counts[column.odo_table] < column.occurrence
    elif plan.record_types and plan.variable_records:
        nulls = block.lengths < column.offset + column.element.length
    decoded: Any
    if column.element.kind == "text":
        decoded = decode_text(raw, plan.charset)
    else:
        decoded = decode_number(raw, column.element, plan.charset)
    nulls = _handle_bad(plan, block, column, offset, raw, decoded.bad, nulls, invalid)
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
    invalid: Counter[str],
) -> BoolArray | None:
    if bad is None or not bad.any():
        return nulls
    if nulls is not None:
        bad = bad & ~nulls
        if not bad.any():
            return nulls
    if not column.overlay:
        raise _value_error(plan, block, column, offset, raw, bad)
    invalid[column.name] += int(bad.sum())
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
    record = block.first_record + row + 1
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
