"""Copybook source text to entries: fixed (sequence area, indicator column) or free format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from symphainy.parsers._model import ParseError

SourceFormat = Literal["auto", "fixed", "free"]
TokenKind = Literal["word", "literal", "end"]

_INDICATORS = frozenset(" *-/Dd")
_DIRECTIVES = ("EJECT", "SKIP1", "SKIP2", "SKIP3", "TITLE ", "TITLE\t")
_LITERAL_PREFIXES = frozenset({"X", "N", "G", "Z", "NX", "B"})
_CODE_END = 72
_DIVISIONS = frozenset({"IDENTIFICATION", "ID", "ENVIRONMENT", "DATA", "PROCEDURE"})
_SECTIONS = frozenset({"WORKING-STORAGE", "LINKAGE", "LOCAL-STORAGE", "FILE"})
_SECTIONS |= frozenset({"COMMUNICATION", "REPORT", "SCREEN", "CONFIGURATION", "INPUT-OUTPUT"})
_FILE_ENTRIES = frozenset({"FD", "SD", "RD", "CD"})


@dataclass(frozen=True, slots=True)
class Token:
    """One word, literal or entry-ending period, with its 1-based source line."""

    text: str
    line: int
    kind: TokenKind = "word"
    column: int = 1


@dataclass(frozen=True, slots=True)
class Entry:
    """One data description entry: the tokens between two separator periods."""

    tokens: tuple[Token, ...]

    @property
    def line(self) -> int:
        """The source line the entry starts on."""
        return self.tokens[0].line

    @property
    def column(self) -> int:
        """The source column (1-based) the entry starts at."""
        return self.tokens[0].column


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    code: str
    continuation: bool
    start: int = 1


def split_entries(text: str, source_format: SourceFormat = "auto") -> list[Entry]:
    """Split copybook text into entries, dropping comments, sequence and identification areas.

    Args:
        text: The copybook source.
        source_format: "fixed" (columns 1-6 sequence, 7 indicator, 8-72 code), "free", or
            "auto" to detect which one the text is.

    Returns:
        The entries in source order; a last entry without its period is accepted.

    Raises:
        ParseError: On an unterminated literal or an unknown indicator character.
    """
    raw_lines = [line.expandtabs(8).rstrip("\r\n") for line in text.splitlines()]
    fixed = _looks_fixed(raw_lines) if source_format == "auto" else source_format == "fixed"
    lines = _fixed_lines(raw_lines) if fixed else _free_lines(raw_lines)
    return _drop_headers(_group(_Tokenizer(fixed).run(lines)))


def _looks_fixed(lines: list[str]) -> bool:
    """Fixed format unless some line cannot be.

    A line rules fixed format out with code in the sequence area or column 7, text past
    column 80, or a word running across column 72 with no continuation line after it.
    """
    seen = False
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if len(line) > 80 and line[80:].strip() and not line[:6].strip():
            return False
        sequence = line[:6]
        if sequence.strip() and " " in sequence.strip():
            return False
        if len(line) > 6 and line[6] not in _INDICATORS:
            return False
        numbered = sequence.strip().isdigit()
        if _crosses_code_end(line) and not numbered and not _continued(lines, index):
            return False
        seen = True
    return seen


def _crosses_code_end(line: str) -> bool:
    return len(line) > _CODE_END and line[_CODE_END - 1] != " " and line[_CODE_END] != " "


def _continued(lines: list[str], index: int) -> bool:
    following = next((line for line in lines[index + 1 :] if line.strip()), "")
    return len(following) > 6 and following[6] == "-"


def _fixed_lines(lines: list[str]) -> list[_Line]:
    out: list[_Line] = []
    for number, line in enumerate(lines, start=1):
        indicator = line[6] if len(line) > 6 else " "
        if indicator in "*/Dd":
            continue
        if indicator not in _INDICATORS:
            raise ParseError(f"unknown indicator {indicator!r} in column 7", line=number)
        code = _strip_inline_comment(line[7:_CODE_END].ljust(_CODE_END - 7))
        if not _is_directive(code):
            out.append(_Line(number, code, indicator == "-", 8))
    return out


def _free_lines(lines: list[str]) -> list[_Line]:
    out: list[_Line] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith(("*", ">>")):
            continue
        code = _strip_inline_comment(line)
        if code.strip() and not _is_directive(code):
            out.append(_Line(number, code, False))
    return out


def _is_directive(code: str) -> bool:
    head = code.strip().upper()
    return head.rstrip(".") in _DIRECTIVES[:4] or head.startswith(_DIRECTIVES[4:])


def _strip_inline_comment(code: str) -> str:
    quote = ""
    for i, char in enumerate(code):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif code.startswith("*>", i):
            return code[:i]
    return code


def _ends_word(code: str, i: int) -> bool:
    return i + 1 >= len(code) or code[i + 1].isspace()


class _Tokenizer:
    """Turns code lines into tokens; keeps an open literal across continuation lines."""

    def __init__(self, fixed: bool) -> None:
        self.fixed = fixed
        self.tokens: list[Token] = []
        self.open_quote = ""
        self.open_text = ""
        self.open_line = 0
        self.open_prefixed = False
        self.open_column = 0
        self.base = 1

    def run(self, lines: list[_Line]) -> list[Token]:
        for line in lines:
            self._line(line)
        if self.open_quote:
            raise ParseError("unterminated literal", line=self.open_line)
        return self.tokens

    def _line(self, line: _Line) -> None:
        code, start = line.code, 0
        self.base = line.start
        if self.open_quote:
            if not line.continuation:
                raise ParseError("unterminated literal", line=self.open_line)
            body = code.lstrip()
            if not body.startswith(self.open_quote):
                raise ParseError("continuation line must start with a quote", line=line.number)
            start = len(code) - len(body) + 1
            start = self._literal(code, start, self.open_quote, line.number, self.open_text)
        elif line.continuation and self.tokens:
            start = self._continue_word(code, line.number)
        self._scan(code, start, line.number)

    def _continue_word(self, code: str, number: int) -> int:
        body = code.lstrip()
        end = len(body.split()[0]) if body.split() else 0
        last = self.tokens.pop()
        self.tokens.append(Token(last.text + body[:end].upper(), last.line, last.kind, last.column))
        return len(code) - len(body) + end

    def _scan(self, code: str, i: int, number: int) -> None:
        while i < len(code):
            char = code[i]
            if char.isspace() or (char in ",;" and _ends_word(code, i)):
                i += 1
            elif char == "." and _ends_word(code, i):
                self.tokens.append(Token(".", number, "end", self.base + i))
                i += 1
            elif char in "'\"":
                i = self._literal(code, i + 1, char, number, "")
            else:
                i = self._word(code, i, number)

    def _word(self, code: str, i: int, number: int) -> int:
        start = i
        while i < len(code) and not code[i].isspace():
            char = code[i]
            if char in "'\"" and code[start:i].upper() in _LITERAL_PREFIXES:
                return self._literal(code, i + 1, char, number, code[start : i + 1].upper())
            if char in ".,;" and _ends_word(code, i):
                break
            i += 1
        self.tokens.append(Token(code[start:i].upper(), number, "word", self.base + start))
        return i

    def _literal(self, code: str, i: int, quote: str, number: int, prefix: str) -> int:
        text = prefix
        prefixed = (bool(prefix) and not self.open_quote) or self.open_prefixed
        column = self.open_column or self.base + i - 1
        while i < len(code):
            if code[i] == quote and code.startswith(quote * 2, i):
                text, i = text + quote, i + 2
            elif code[i] == quote:
                final = text + quote if prefixed else text
                self.tokens.append(Token(final, self.open_line or number, "literal", column))
                self.open_quote, self.open_text, self.open_line = "", "", 0
                self.open_column = 0
                self.open_prefixed = False
                return i + 1
            else:
                text, i = text + code[i], i + 1
        if not self.fixed:
            raise ParseError("unterminated literal", line=number)
        self.open_quote, self.open_text = quote, text
        self.open_line, self.open_prefixed = self.open_line or number, prefixed
        self.open_column = column
        return i


def _drop_headers(entries: list[Entry]) -> list[Entry]:
    """Skip what compilers accept around the data entries of a copybook.

    Division and section headers go, the paragraphs of the divisions before DATA DIVISION
    (PROGRAM-ID, AUTHOR, SELECT ...) and FD/SD file entries go too, and PROCEDURE DIVISION
    ends the data description. DECIMAL-POINT IS COMMA would change how edited pictures read,
    so it is refused rather than skipped.
    """
    out: list[Entry] = []
    skipping = False
    for entry in entries:
        head = [token.text for token in entry.tokens[:2]] + [""]
        if skipping and any(token.text == "DECIMAL-POINT" for token in entry.tokens):
            raise ParseError(
                "DECIMAL-POINT IS COMMA is not supported: edited pictures are read with '.'",
                line=entry.line,
                column=entry.column,
                clause="DECIMAL-POINT",
            )
        if head[1] == "DIVISION" and head[0] in _DIVISIONS:
            if head[0] == "PROCEDURE":
                break
            skipping = head[0] != "DATA"
        elif not (skipping or head[0] in _FILE_ENTRIES or _is_section(head)):
            out.append(entry)
    return out


def _is_section(head: list[str]) -> bool:
    return head[1] == "SECTION" and head[0] in _SECTIONS


def _group(tokens: list[Token]) -> list[Entry]:
    entries: list[Entry] = []
    current: list[Token] = []
    for token in tokens:
        if token.kind == "end":
            if current:
                entries.append(Entry(tuple(current)))
            current = []
        else:
            current.append(token)
    if current:
        entries.append(Entry(tuple(current)))
    return entries
