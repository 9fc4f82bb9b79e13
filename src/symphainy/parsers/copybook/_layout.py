"""The record layout: flattened output columns, OCCURS DEPENDING ON tables, and metadata."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._clauses import parse_entry
from symphainy.parsers.copybook._elements import Element
from symphainy.parsers.copybook._item_json import item_json
from symphainy.parsers.copybook._renames import Renames, resolve_renames
from symphainy.parsers.copybook._source import SourceFormat, split_entries
from symphainy.parsers.copybook._tree import Item, build_tree, find_item, place
from symphainy.parsers.copybook._values import ValueOptions
from symphainy.types import JSONObject

MAX_COLUMNS = 100_000


@dataclass(frozen=True, slots=True)
class Column:
    """One output column: an elementary item (one occurrence of it, under OCCURS).

    `offset` is static: where the column sits when every ODO table before it is full.
    `odo_table`/`occurrence` say which ODO table occurrence (1-based) holds the column;
    `tables_before` counts the ODO tables wholly before it (each one shifts it).
    `overlay` marks storage shared with another view (REDEFINES, several 01 records).
    """

    name: str
    field: str
    element: Element
    offset: int
    tables_before: int = 0
    odo_table: int | None = None
    occurrence: int = 0
    overlay: bool = False
    pic: str = ""
    item_path: str = ""
    """The copybook path of the item (`REC.GROUP.FIELD`), whatever the column's name."""


@dataclass(frozen=True, slots=True)
class OdoTable:
    """An OCCURS ... DEPENDING ON table and the column holding its count."""

    path: str
    offset: int
    element_size: int
    min: int
    max: int
    counter: int
    shrinks: bool = True
    parent: tuple[int, int] | None = None

    @property
    def end(self) -> int:
        """Static end offset (table at its maximum)."""
        return self.offset + self.element_size * self.max

    @property
    def shift_size(self) -> int:
        """Bytes each missing occurrence removes from the record.

        0 when tables keep their maximum size (Cobrix's `variable_size_occurs` false).
        """
        return self.element_size if self.shrinks else 0


@dataclass(frozen=True, slots=True)
class Layout:
    """A parsed copybook: item tree, output columns and record lengths."""

    records: tuple[Item, ...]
    columns: tuple[Column, ...]
    odo_tables: tuple[OdoTable, ...]
    record_length: int
    min_record_length: int
    renames: tuple[Renames, ...] = ()
    values: ValueOptions = field(default_factory=ValueOptions)

    @property
    def variable(self) -> bool:
        """True when OCCURS DEPENDING ON makes record lengths vary."""
        return bool(self.odo_tables)

    def items(self) -> Iterator[Item]:
        """Every item, groups and FILLER included, in source order."""
        for record in self.records:
            yield from record.walk()

    def item(self, name: str) -> Item:
        """The item with this data name or dotted path (KeyError when absent/ambiguous)."""
        found = [it for it in self.items() if name in {it.name, it.path}]
        if len(found) != 1:
            raise KeyError(name)
        return found[0]

    def column(self, name: str) -> Column:
        """The output column with this flattened name."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def to_json(self) -> JSONObject:
        """The layout as JSON: lengths, every item with offset/length/usage/PIC/conditions."""
        return {
            "record_length": self.record_length,
            "min_record_length": self.min_record_length,
            "variable_length": self.variable,
            "fields": [item_json(item, self.values) for item in self.items()],
            "odo_tables": [_table_json(table, self.columns) for table in self.odo_tables],
            "renames": [alias.to_json() for alias in self.renames],
        }


def parse_copybook(
    text: str, *, source_format: SourceFormat = "auto", values: ValueOptions | None = None
) -> Layout:
    """Parse COBOL copybook text into a record layout.

    Args:
        text: The copybook source, fixed format (columns 7-72) or free format.
        source_format: "auto" (default) detects the format; "fixed" or "free" forces it.
        values: Value and naming options (Cobrix's), applied to the columns.

    Returns:
        The layout with its output columns.

    Raises:
        ParseError: With `line` (and `field` where known) for anything unsupported or wrong.
    """
    raws = [parse_entry(entry) for entry in split_entries(text, source_format)]
    tops = build_tree([raw for raw in raws if raw.level != 66])
    record_length = place(tops)
    renames = tuple(resolve_renames(tops, raw) for raw in raws if raw.level == 66)
    flat = _Flattener(values or ValueOptions())
    for top in tops:
        flat.visit(top, "", 0, in_occurs=False, overlay=False, odo=None)
    if not flat.columns:
        raise ParseError("the copybook has no named elementary items to decode")
    tables = tuple(flat.resolve_tables(tops))
    shrink = sum((t.max - t.min) * t.shift_size for t in tables)
    minimum = record_length - shrink
    columns = tuple(flat.columns)
    return Layout(tuple(tops), columns, tables, record_length, minimum, renames, flat.values)


class _Flattener:
    def __init__(self, values: ValueOptions) -> None:
        self.values = values
        self.columns: list[Column] = []
        self.names: set[str] = set()
        self.tables: list[tuple[Item, int, tuple[int, int] | None, int]] = []
        self.column_at: dict[tuple[int, int], int] = {}

    def visit(
        self,
        item: Item,
        prefix: str,
        shift: int,
        *,
        in_occurs: bool,
        overlay: bool,
        odo: tuple[int, int] | None,
    ) -> None:
        overlay = overlay or item.overlay
        if self.values.drop_group_fillers and item.name is None and item.children:
            return
        if item.occurs is None:
            collapse = self.values.schema_retention_policy == "collapse_root"
            root = collapse and item.parent is None and bool(item.children)
            path = "" if root else _join(prefix, item.name)
            self._visit_one(item, path, shift, in_occurs=in_occurs, overlay=overlay, odo=odo)
            return
        table = self._odo_table(item, shift, in_occurs=in_occurs, overlay=overlay, odo=odo)
        for index in range(item.occurs.max):
            path = _join(prefix, f"{item.label}[{index + 1}]")
            where = (table, index + 1) if table is not None else odo
            here = shift + index * item.size
            self._visit_one(item, path, here, in_occurs=True, overlay=overlay, odo=where)

    def _visit_one(
        self,
        item: Item,
        path: str,
        shift: int,
        *,
        in_occurs: bool,
        overlay: bool,
        odo: tuple[int, int] | None,
    ) -> None:
        for child in item.children:
            self.visit(child, path, shift, in_occurs=in_occurs, overlay=overlay, odo=odo)
        if item.children or item.name is None or item.element is None:
            return
        self._add(item, path, item.offset + shift, overlay=overlay, odo=odo, in_occurs=in_occurs)

    def _add(
        self,
        item: Item,
        path: str,
        offset: int,
        *,
        overlay: bool,
        odo: tuple[int, int] | None,
        in_occurs: bool,
    ) -> None:
        self._check_room(item, path)
        assert item.element is not None
        before = sum(1 for t, start, _, _ in self.tables if start + t.total_size <= offset)
        table, occurrence = odo if odo is not None else (None, 0)
        pic = item.pic.text if item.pic else ""
        self.column_at[(id(item), offset)] = len(self.columns)
        self.names.add(path)
        self.columns.append(
            Column(
                path,
                item.label,
                self.values.element(item.element),
                offset,
                before,
                table,
                occurrence,
                overlay,
                pic,
                item.path,
            )
        )

    def _check_room(self, item: Item, path: str) -> None:
        if path in self.names:
            raise ParseError(
                f"duplicate column name {path}", line=item.line, column=item.column, field=path
            )
        if len(self.columns) >= MAX_COLUMNS:
            raise ParseError(f"the layout expands to more than {MAX_COLUMNS} columns")

    def _odo_table(
        self,
        item: Item,
        shift: int,
        *,
        in_occurs: bool,
        overlay: bool,
        odo: tuple[int, int] | None,
    ) -> int | None:
        if item.occurs is None or item.occurs.depending_on is None:
            return None
        if (in_occurs or overlay) and self.values.variable_size_occurs:
            where = "inside another OCCURS" if in_occurs else "in a REDEFINES/multi-01 view"
            raise ParseError(
                f"OCCURS DEPENDING ON {where} is supported only with variable_size_occurs "
                "false (every table at its maximum size, Cobrix's default)",
                line=item.line,
                column=item.column,
                field=item.path,
                clause="OCCURS DEPENDING ON",
            )
        self.tables.append((item, item.offset + shift, odo, shift))
        return len(self.tables) - 1

    def resolve_tables(self, tops: list[Item]) -> Iterator[OdoTable]:
        for item, start, parent, shift in self.tables:
            occurs = item.occurs
            if occurs is None or occurs.depending_on is None:
                continue
            counter = find_item(
                tops,
                occurs.depending_on,
                clause="DEPENDING ON",
                line=item.line,
                column=item.column,
                field=item.path,
            )
            index = self._counter(counter, item, start, shift)
            shrinks = self.values.variable_size_occurs
            yield OdoTable(
                item.path, start, item.size, occurs.min, occurs.max, index, shrinks, parent
            )

    def _counter(self, counter: Item, table: Item, start: int, shift: int) -> int:
        """The column index of a table's counter, checked to be an integer before it."""
        index = self._counter_column(counter, table, shift)
        element = counter.element
        problem = ""
        if index is None or element is None or not _is_count(element):
            problem = (
                "must be an integer item outside any OCCURS or in the same occurrence as the table"
            )
        elif self.columns[index].offset + element.length > start:
            problem = "must come before the table"
        if index is None or problem:
            raise ParseError(
                f"DEPENDING ON {counter.path} {problem}",
                line=table.line,
                column=table.column,
                field=table.path,
            )
        return index

    def _counter_column(self, counter: Item, table: Item, shift: int) -> int | None:
        """The column of a counter outside every OCCURS or in the table's own occurrence.

        A counter with the table's OCCURS ancestors moves with the table's shift.
        """
        if counter.occurs is not None:
            return None
        chain = _occurs_ancestors(counter)
        if chain and chain != _occurs_ancestors(table):
            return None
        return self.column_at.get((id(counter), counter.offset + (shift if chain else 0)))


def _occurs_ancestors(item: Item) -> list[Item]:
    chain = []
    parent = item.parent
    while parent is not None:
        if parent.occurs is not None:
            chain.append(parent)
        parent = parent.parent
    return chain


def _is_count(element: Element) -> bool:
    integer = element.kind in {"zoned", "packed", "binary"} and element.scale == 0
    return integer and not element.wide


def _join(prefix: str, name: str | None) -> str:
    if name is None:
        return prefix
    return f"{prefix}.{name}" if prefix else name


def _table_json(table: OdoTable, columns: tuple[Column, ...]) -> JSONObject:
    return {
        "path": table.path,
        "offset": table.offset,
        "element_size": table.element_size,
        "min": table.min,
        "max": table.max,
        "depending_on": columns[table.counter].name,
    }
