"""One copybook entry's tokens to a RawItem: level, name and the clauses that shape storage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook._source import Entry, Token
from symphainy.types import JSONScalar

Usage = Literal[
    "DISPLAY", "COMP", "COMP-3", "COMP-3U", "COMP-5", "COMP-9", "COMP-1", "COMP-2", "POINTER"
]

_USAGES: dict[str, Usage] = {
    "DISPLAY": "DISPLAY",
    "COMP": "COMP",
    "COMPUTATIONAL": "COMP",
    "COMP-4": "COMP",
    "COMP-0": "COMP",
    "COMPUTATIONAL-0": "COMP",
    "COMPUTATIONAL-4": "COMP",
    "BINARY": "COMP",
    "COMP-3": "COMP-3",
    "COMPUTATIONAL-3": "COMP-3",
    "PACKED-DECIMAL": "COMP-3",
    "COMP-3U": "COMP-3U",
    "COMP-5": "COMP-5",
    "COMPUTATIONAL-5": "COMP-5",
    "COMP-9": "COMP-9",
    "POINTER": "POINTER",
    "COMP-1": "COMP-1",
    "COMPUTATIONAL-1": "COMP-1",
    "COMP-2": "COMP-2",
    "COMPUTATIONAL-2": "COMP-2",
}
_UNSUPPORTED_USAGES = frozenset(
    {"INDEX", "POINTER-32", "NATIONAL", "DISPLAY-1", "COMP-6", "COMPUTATIONAL-6"}
    | {"COMP-X", "COMP-N", "FUNCTION-POINTER", "PROCEDURE-POINTER", "OBJECT", "UTF-8"}
)
_IGNORED = frozenset({"JUSTIFIED", "JUST", "RIGHT", "GLOBAL", "EXTERNAL"})
_KEYWORDS = (
    frozenset({"REDEFINES", "PIC", "PICTURE", "USAGE", "SIGN", "LEADING", "TRAILING"})
    | frozenset({"OCCURS", "VALUE", "VALUES", "BLANK", "SYNC", "SYNCHRONIZED", "RENAMES"})
    | frozenset({"ASCENDING", "DESCENDING", "INDEXED", "DEPENDING", "TIMES", "IS", "THRU"})
    | frozenset({"THROUGH"})
    | frozenset(_USAGES)
    | _UNSUPPORTED_USAGES
    | _IGNORED
)
_FIGURATIVE: dict[str, JSONScalar] = {
    "SPACE": " ",
    "SPACES": " ",
    "ZERO": 0,
    "ZEROS": 0,
    "ZEROES": 0,
    "LOW-VALUE": "\u0000",
    "LOW-VALUES": "\u0000",
    "HIGH-VALUE": "\u00ff",
    "HIGH-VALUES": "\u00ff",
    "QUOTE": '"',
    "QUOTES": '"',
    "NULL": "\u0000",
    "NULLS": "\u0000",
}
_NAME = re.compile(r"[A-Z0-9][A-Z0-9_-]*")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")
_LEVELS = frozenset(range(1, 50)) | {66, 77, 88}


@dataclass(frozen=True, slots=True)
class SignClause:
    """SIGN IS LEADING/TRAILING [SEPARATE CHARACTER]."""

    leading: bool
    separate: bool


@dataclass(frozen=True, slots=True)
class Occurs:
    """OCCURS [min TO] max TIMES [DEPENDING ON name [OF group]...]."""

    min: int
    max: int
    depending_on: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """A level-88 condition name: single values and THRU ranges."""

    name: str
    values: tuple[JSONScalar, ...]
    ranges: tuple[tuple[JSONScalar, JSONScalar], ...]
    line: int


@dataclass(frozen=True, slots=True)
class RawItem:
    """One entry as written, before layout (no inheritance or sizes yet)."""

    level: int
    name: str | None
    line: int
    pic: str | None = None
    column: int = 1
    usage: Usage | None = None
    sign: SignClause | None = None
    occurs: Occurs | None = None
    redefines: str | None = None
    condition: Condition | None = None
    renames: tuple[str, str | None] | None = None


def parse_entry(entry: Entry) -> RawItem:
    """Parse one data description entry.

    Args:
        entry: The entry's tokens.

    Returns:
        The entry's level, name and clauses.

    Raises:
        ParseError: On an unknown or unsupported clause, with the source line.
    """
    return _EntryParser(entry).parse()


class _EntryParser:
    def __init__(self, entry: Entry) -> None:
        self.tokens = entry.tokens
        self.pos = 0
        self.line = entry.line
        self.column = self.start_column = entry.column
        self.seen: set[str] = set()
        self.clause = "level"
        self.pic: str | None = None
        self.usage: Usage | None = None
        self.sign: SignClause | None = None
        self.occurs: Occurs | None = None
        self.redefines: str | None = None

    def parse(self) -> RawItem:
        level = self._level()
        name = self._name(level)
        line, column = self.line, self.start_column
        if level == 88:
            self.clause = "VALUE"
            return RawItem(level, name, line, column=column, condition=self._condition(name))
        if level == 66:
            self.clause = "RENAMES"
            return RawItem(level, name, line, column=column, renames=self._renames(name))
        while self._peek() is not None:
            self._clause(self._next())
        return RawItem(
            level, name, line, self.pic, column, self.usage, self.sign, self.occurs, self.redefines
        )

    def _error(self, message: str) -> ParseError:
        return ParseError(message, line=self.line, column=self.column, clause=self.clause)

    def _peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _next(self) -> Token:
        token = self._peek()
        if token is None:
            raise self._error(f"entry ends early after {self.tokens[-1].text!r}")
        self.pos += 1
        self.line, self.column = token.line, token.column
        return token

    def _accept(self, *words: str) -> bool:
        token = self._peek()
        if token is not None and token.kind == "word" and token.text in words:
            self.pos += 1
            return True
        return False

    def _word(self, what: str) -> str:
        token = self._next()
        if token.kind != "word":
            raise self._error(f"expected {what}, found literal {token.text!r}")
        return token.text

    def _int(self, what: str) -> int:
        text = self._word(what)
        if not text.isdigit():
            raise self._error(f"expected {what}, found {text!r}")
        return int(text)

    def _level(self) -> int:
        text = self._word("a level number")
        if text in {"COPY", "REPLACE"}:
            raise self._error(f"{text} statements are not supported; inline the copybook text")
        if not text.isdigit() or len(text) > 2 or int(text) not in _LEVELS:
            raise self._error(f"expected a level number (01-49, 66, 77, 88), found {text!r}")
        return int(text)

    def _name(self, level: int) -> str | None:
        token = self._peek()
        if token is None or token.kind != "word" or token.text in _KEYWORDS:
            if level == 88:
                raise self._error("a level-88 entry needs a condition name")
            return None
        self.pos += 1
        if not _NAME.fullmatch(token.text) or token.text.isdigit():
            raise self._error(f"invalid data name {token.text!r}")
        return None if token.text == "FILLER" else token.text

    def _once(self, clause: str) -> None:
        if clause in self.seen:
            raise self._error(f"duplicate {clause} clause")
        self.seen.add(clause)

    def _clause(self, token: Token) -> None:
        word = token.text if token.kind == "word" else ""
        self.clause = word or token.text
        if word == "REDEFINES":
            self._once("REDEFINES")
            self.redefines = self._word("the redefined data name")
        elif word in {"PIC", "PICTURE"}:
            self._accept("IS")
            self._once("PICTURE")
            self.pic = self._word("a PICTURE string")
        elif word == "USAGE":
            self._accept("IS")
            self._usage(self._word("a USAGE"))
        elif word in _USAGES or word in _UNSUPPORTED_USAGES:
            self._usage(word)
        elif word in {"SIGN", "LEADING", "TRAILING"}:
            self._sign(word)
        elif word == "OCCURS":
            self._once("OCCURS")
            self.occurs = self._occurs()
        elif word in {"VALUE", "VALUES"}:
            self._values()
        else:
            self._other(token, word)

    def _other(self, token: Token, word: str) -> None:
        if word in _IGNORED:
            return
        if word == "BLANK":
            self._accept("WHEN")
            if not self._accept("ZERO", "ZEROS", "ZEROES"):
                raise self._error("expected ZERO after BLANK WHEN")
        elif word in {"SYNC", "SYNCHRONIZED"}:
            raise self._error("SYNCHRONIZED (slack-byte alignment) is not supported")
        elif word == "RENAMES":
            raise self._error("RENAMES belongs on a level-66 entry")
        else:
            raise self._error(f"unexpected {token.text!r} (unknown clause or missing period?)")

    def _values(self) -> None:
        """VALUE [IS] / VALUES [ARE] with one literal or more (they only document the item)."""
        self._accept("IS", "ARE")
        self._literal()
        while (ahead := self._peek()) is not None and ahead.text not in _KEYWORDS:
            self._literal()

    def _usage(self, word: str) -> None:
        if word not in _USAGES:
            raise self._error(f"USAGE {word} is not supported")
        self._once("USAGE")
        self.usage = _USAGES[word]

    def _sign(self, word: str) -> None:
        if word == "SIGN":
            self._accept("IS")
            word = self._word("LEADING or TRAILING")
        if word not in {"LEADING", "TRAILING"}:
            raise self._error(f"expected LEADING or TRAILING, found {word!r}")
        separate = self._accept("SEPARATE")
        if separate:
            self._accept("CHARACTER")
        self._once("SIGN")
        self.sign = SignClause(word == "LEADING", separate)

    def _occurs(self) -> Occurs:
        low = high = self._int("an OCCURS count")
        if self._accept("TO"):
            high = self._int("the OCCURS maximum")
        self._accept("TIMES")
        depending: tuple[str, ...] | None = None
        if self._accept("DEPENDING"):
            self._accept("ON")
            depending = self._qualified_name()
        elif low != high:
            raise self._error("OCCURS n TO m needs DEPENDING ON")
        self._occurs_keys()
        if high < 1 or low > high:
            raise self._error(f"invalid OCCURS bounds {low} TO {high}")
        return Occurs(low, high, depending)

    def _qualified_name(self) -> tuple[str, ...]:
        names = [self._word("a data name")]
        while self._accept("OF", "IN"):
            names.append(self._word("a data name"))
        return tuple(names)

    def _occurs_keys(self) -> None:
        while self._accept("ASCENDING", "DESCENDING", "INDEXED"):
            self._accept("KEY", "BY")
            self._accept("IS")
            while (token := self._peek()) is not None and token.text not in _KEYWORDS:
                self.pos += 1

    def _renames(self, name: str | None) -> tuple[str, str | None]:
        if name is None or not self._accept("RENAMES") or self._peek() is None:
            raise self._error("a level-66 entry is `66 name RENAMES item [THRU item]`")
        first = self._word("the renamed data name")
        last = self._word("the last renamed data name") if self._accept("THRU", "THROUGH") else None
        if self._peek() is not None:
            raise self._error(f"unexpected {self._next().text!r} after RENAMES")
        return first, last

    def _condition(self, name: str | None) -> Condition:
        if not self._accept("VALUE", "VALUES"):
            raise self._error("a level-88 entry needs a VALUE clause")
        self._accept("IS", "ARE")
        values: list[JSONScalar] = []
        ranges: list[tuple[JSONScalar, JSONScalar]] = []
        while self._peek() is not None and not self._accept("WHEN"):
            low = self._literal()
            if self._accept("THRU", "THROUGH"):
                ranges.append((low, self._literal()))
            else:
                values.append(low)
        self.pos = len(self.tokens)
        if not values and not ranges:
            raise self._error("a level-88 VALUE clause needs at least one value")
        return Condition(name or "", tuple(values), tuple(ranges), self.line)

    def _literal(self) -> JSONScalar:
        token = self._next()
        if token.kind == "literal":
            return token.text
        if token.text in _FIGURATIVE:
            return _FIGURATIVE[token.text]
        if token.text == "ALL":
            return self._literal()
        if not _NUMBER.fullmatch(token.text):
            raise self._error(f"expected a literal, found {token.text!r}")
        number = Decimal(token.text)
        return int(number) if number == number.to_integral_value() else str(number)
