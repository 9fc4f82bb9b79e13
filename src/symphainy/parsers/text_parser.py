"""Plain text and Markdown: sections by heading, paragraphs, pipe tables, line/word counts.

A Markdown paragraph's lines are joined with spaces (a soft break is a space). A plain-text
paragraph keeps its line breaks and its lines' indentation relative to the paragraph: in plain
text they are the structure (a numbered list, its indented sub-items, a wrapped line).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from symphainy.parsers._common import Options, text_rows_table
from symphainy.parsers._encoding import read_text
from symphainy.parsers._model import ParsedTable, ParseError, ParseOutcome
from symphainy.parsers._options import MarkdownOptions, TextOptions
from symphainy.types import JSONObject, JSONValue

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def parse_text(path: Path, out_dir: Path, options: Options | None = None) -> ParseOutcome:
    """Parse plain text into paragraphs (blank-line separated) with line and word counts.

    Args:
        path: the text file.
        out_dir: unused for plain text; accepted for a uniform parser signature.
        options: `encoding` to skip detection.

    Raises:
        ParseError: the bytes are not text (with `line` and `offset`).
    """
    return _parse(path, out_dir, TextOptions.of(options).encoding, markdown=False)


def parse_markdown(path: Path, out_dir: Path, options: Options | None = None) -> ParseOutcome:
    """Parse Markdown into sections by heading (ATX and setext), paragraphs and pipe tables.

    Args:
        path: the Markdown file.
        out_dir: where pipe tables are written as Parquet.
        options: `encoding` to skip detection.

    Raises:
        ParseError: the bytes are not text (with `line` and `offset`).
    """
    return _parse(path, out_dir, MarkdownOptions.of(options).encoding, markdown=True)


def _parse(path: Path, out_dir: Path, forced: str | None, *, markdown: bool) -> ParseOutcome:
    text, encoding = read_text(path, forced)
    nul = text.find("\x00")
    if nul >= 0:
        raise ParseError("binary content in a text file", line=text.count("\n", 0, nul) + 1)
    lines = text.splitlines()
    builder = _Builder(out_dir, markdown=markdown)
    builder.feed(lines)
    kind = "markdown" if markdown else "text"
    return ParseOutcome(
        parser=kind,
        content_kind=kind,
        record_count=builder.paragraph_count,
        tables=tuple(builder.tables),
        document={
            "title": builder.title(),
            "sections": list(builder.sections),
            "line_count": len(lines),
            "word_count": len(text.split()),
            "char_count": len(text),
            "paragraph_count": builder.paragraph_count,
        },
        metadata={"encoding": encoding},
    )


class _Builder:
    """Line-by-line block parser; plain text uses only the paragraph rules."""

    def __init__(self, out_dir: Path, *, markdown: bool) -> None:
        self.out_dir = out_dir
        self.markdown = markdown
        self.sections: list[JSONObject] = []
        self.tables: list[ParsedTable] = []
        self.paragraph_count = 0
        self._buffer: list[str] = []

    def title(self) -> str | None:
        """The text of the first heading, if any."""
        return next((str(s["heading"]) for s in self.sections if s["heading"]), None)

    def feed(self, lines: list[str]) -> None:
        """Consume every line of the file."""
        index = 0
        while index < len(lines):
            index = self._step(lines, index)
        self._flush()

    def _step(self, lines: list[str], index: int) -> int:
        line = lines[index]
        if not line.strip():
            self._flush()
            return index + 1
        if not self.markdown:
            self._buffer.append(line.rstrip())
            return index + 1
        if _FENCE.match(line):
            return self._fence(lines, index)
        if self._is_table(lines, index):
            return self._table(lines, index)
        heading = _ATX.match(line)
        if heading:
            self._flush()
            self._heading((heading.group(2) or "").strip(), len(heading.group(1)))
            return index + 1
        setext = _SETEXT.match(line)
        if setext and self._buffer:
            text, self._buffer = " ".join(self._buffer), []
            self._heading(text, 1 if setext.group(1).startswith("=") else 2)
            return index + 1
        self._buffer.append(line.strip())
        return index + 1

    def _current(self) -> JSONObject:
        if not self.sections:
            self.sections.append({"heading": None, "level": 0, "paragraphs": [], "tables": []})
        return self.sections[-1]

    def _heading(self, text: str, level: int) -> None:
        self.sections.append({"heading": text, "level": level, "paragraphs": [], "tables": []})

    def _add(self, key: str, value: JSONValue) -> None:
        bucket = self._current()[key]
        if isinstance(bucket, list):
            bucket.append(value)

    def _flush(self) -> None:
        if self._buffer:
            if self.markdown:
                paragraph = " ".join(self._buffer)
            else:
                paragraph = textwrap.dedent("\n".join(self._buffer).expandtabs(4))
            self._add("paragraphs", paragraph)
            self.paragraph_count += 1
            self._buffer = []

    def _fence(self, lines: list[str], index: int) -> int:
        self._flush()
        opening = _FENCE.match(lines[index])
        marker = opening.group(1) if opening else "```"
        end = index + 1
        while end < len(lines) and not lines[end].lstrip().startswith(marker):
            end += 1
        self._add("paragraphs", "\n".join(lines[index + 1 : end]))
        self.paragraph_count += 1
        return end + 1

    @staticmethod
    def _is_table(lines: list[str], index: int) -> bool:
        return (
            "|" in lines[index]
            and index + 1 < len(lines)
            and "-" in lines[index + 1]
            and bool(_TABLE_RULE.match(lines[index + 1]))
        )

    def _table(self, lines: list[str], index: int) -> int:
        self._flush()
        rows = [_cells(lines[index])]
        end = index + 2
        while end < len(lines) and lines[end].strip() and "|" in lines[end]:
            rows.append(_cells(lines[end]))
            end += 1
        name = f"table_{len(self.tables) + 1}"
        self.tables.append(text_rows_table(name, rows, self.out_dir, header=True))
        self._add("tables", name)
        return end


def _cells(line: str) -> list[str]:
    body = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]
