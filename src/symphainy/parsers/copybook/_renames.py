"""Level-66 RENAMES entries: another name for the bytes of one item or a THRU range."""

from __future__ import annotations

from dataclasses import dataclass

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._clauses import RawItem
from symphainy.parsers.copybook._tree import Item, find_item
from symphainy.types import JSONObject


@dataclass(frozen=True, slots=True)
class Renames:
    """A level-66 RENAMES: another name for the bytes of one item or a THRU range of items."""

    name: str
    first: str
    last: str | None
    offset: int
    length: int
    line: int

    def to_json(self) -> JSONObject:
        """The alias as JSON."""
        return {
            "name": self.name,
            "renames": self.first,
            "thru": self.last,
            "offset": self.offset,
            "length": self.length,
            "line": self.line,
        }


def resolve_renames(tops: list[Item], raw: RawItem) -> Renames:
    """Resolve a level-66 entry to the bytes it names.

    A RENAMES gets no column of its own (the bytes are decoded once, under their own
    names); the layout metadata lists it with its offset and length.

    Raises:
        ParseError: When a name is undefined or ambiguous, or the range runs backwards.
    """
    assert raw.renames is not None
    assert raw.name is not None
    first_name, last_name = raw.renames
    first = _named(tops, first_name, raw)
    last = _named(tops, last_name, raw) if last_name else first
    end = last.offset + last.total_size
    if end <= first.offset:
        raise ParseError(
            f"RENAMES {first_name} THRU {last_name}: the range ends before it starts",
            line=raw.line,
            column=raw.column,
            field=raw.name,
            clause="RENAMES",
        )
    return Renames(raw.name, first_name, last_name, first.offset, end - first.offset, raw.line)


def _named(tops: list[Item], name: str, raw: RawItem) -> Item:
    where = {"line": raw.line, "column": raw.column}
    return find_item(tops, (name,), clause="RENAMES", field=raw.name or "", **where)
