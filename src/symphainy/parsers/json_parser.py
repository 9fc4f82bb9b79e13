"""JSON, JSON Lines and generic YAML: arrays of objects become a table, anything else a document."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import orjson
import yaml

from symphainy.parsers._common import (
    ColumnKinds,
    Options,
    ParquetBatchWriter,
    build_frame,
    json_value,
    safe_name,
    write_table,
)
from symphainy.parsers._encoding import read_sample, read_text
from symphainy.parsers._model import ParsedTable, ParseError, ParseOutcome
from symphainy.parsers._options import JsonOptions, YamlOptions
from symphainy.parsers.sniffer import looks_like_json_lines
from symphainy.types import JSONObject, JSONValue

_MAX_YAML_NODES = 5_000_000


def parse_json(path: Path, out_dir: Path, options: Options | None = None) -> ParseOutcome:
    """Parse JSON or JSON Lines (detected from the content, or `options["format"]`).

    A top-level array of objects (or JSON Lines of objects) becomes a table; any other
    value becomes the document.

    Args:
        path: the file to parse.
        out_dir: where Parquet output is written.
        options: `JsonOptions`: `format` ("json" or "jsonl") to skip detection;
            `batch_rows` for JSON Lines.

    Raises:
        ParseError: invalid JSON, with `line` and `column`.
        InvalidParameters: an option the json parser does not take.
    """
    opts = JsonOptions.of(options)
    fmt = opts.format
    if fmt is None:
        sample, complete = read_sample(path)
        text = sample.decode("utf-8", errors="replace").lstrip("\ufeff")
        fmt = "jsonl" if looks_like_json_lines(text, complete) else "json"
    if fmt == "jsonl":
        return _parse_json_lines(path, out_dir, opts.batch_rows)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror}", offset=0) from exc
    value = _loads(data.removeprefix(b"\xef\xbb\xbf"), line_base=0)
    return value_outcome(value, path, out_dir, parser="json", kind="json")


def parse_yaml(path: Path, out_dir: Path, options: Options | None = None) -> ParseOutcome:
    """Parse generic YAML (all documents); a list of mappings becomes a table.

    Args:
        path: the file to parse.
        out_dir: where Parquet output is written.
        options: `YamlOptions`: `encoding` to skip detection.

    Raises:
        ParseError: invalid YAML, with `line` and `column`.
        InvalidParameters: an option the yaml parser does not take.
    """
    text, _ = read_text(path, YamlOptions.of(options).encoding)
    documents = load_yaml_documents(text)
    value: object = documents[0] if len(documents) == 1 else {"documents": documents}
    return value_outcome(value, path, out_dir, parser="yaml", kind="yaml")


def load_yaml_documents(text: str) -> list[object]:
    """All documents of a YAML stream, loaded safely.

    Raises:
        ParseError: the YAML is invalid (with `line` and `column` when known).
    """
    try:
        documents = list(yaml.safe_load_all(text))
    except RecursionError as exc:
        raise ParseError("YAML nesting is too deep") from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = {"line": mark.line + 1, "column": mark.column + 1} if mark else {}
        raise ParseError(f"invalid YAML: {exc.problem or exc}", **where) from exc
    except yaml.YAMLError as exc:
        raise ParseError(f"invalid YAML: {exc}") from exc
    size = _expanded_size(documents, {})
    if size > _MAX_YAML_NODES:
        # Aliases share nodes; expanded (as JSON must be) they can grow exponentially.
        raise ParseError(f"YAML expands to {size} nodes; the limit is {_MAX_YAML_NODES}")
    return documents


def _expanded_size(value: object, memo: dict[int, int]) -> int:
    """Node count of `value` with aliases expanded, computed without expanding them.

    Raises:
        ParseError: an alias refers to a node that contains it (a cycle).
    """
    if not isinstance(value, dict | list):
        return 1
    key = id(value)
    if key in memo:
        if memo[key] < 0:
            raise ParseError("YAML contains a recursive alias")
        return memo[key]
    memo[key] = -1
    children = value.values() if isinstance(value, dict) else value
    memo[key] = 1 + sum(_expanded_size(child, memo) for child in children)
    return memo[key]


def _loads(data: bytes, line_base: int) -> object:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ParseError(
            f"invalid JSON: {exc.msg}", line=line_base + exc.lineno, column=exc.colno
        ) from exc


def value_outcome(
    value: object, path: Path, out_dir: Path, *, parser: str, kind: str
) -> ParseOutcome:
    """Turn a loaded value into an outcome: a table for a list of objects, else a document."""
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        kinds = ColumnKinds()
        for row in value:
            kinds.observe(row)
        frame = build_frame(kinds, value)
        stem = safe_name(path.stem, "data")
        table = write_table(frame, stem, out_dir, stem)
        return ParseOutcome(
            parser=parser,
            content_kind=kind,
            record_count=table.row_count,
            tables=(table,),
            metadata={"top_level": "array"},
        )
    converted = json_value(value)
    document: JSONObject = converted if isinstance(converted, dict) else {"value": converted}
    count = len(value) if isinstance(value, list | Mapping) else 1
    return ParseOutcome(
        parser=parser,
        content_kind=kind,
        record_count=count,
        document=document,
        metadata={"top_level": type(value).__name__},
    )


def _json_lines(path: Path) -> Iterator[tuple[int, object]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw
            if line.strip():
                yield number, _loads(line, line_base=number - 1)


def _parse_json_lines(path: Path, out_dir: Path, batch_rows: int) -> ParseOutcome:
    kinds = ColumnKinds()
    count, objects_only = 0, True
    for _, value in _json_lines(path):
        count += 1
        if isinstance(value, Mapping):
            kinds.observe(value)
        else:
            objects_only = False
    if count == 0:
        raise ParseError("the file holds no JSON records", line=1)
    if not objects_only:
        records: list[JSONValue] = [json_value(v) for _, v in _json_lines(path)]
        return ParseOutcome(
            parser="json",
            content_kind="jsonl",
            record_count=count,
            document={"records": records},
            metadata={"top_level": "lines"},
        )
    table = _write_lines_table(path, out_dir, kinds, batch_rows)
    return ParseOutcome(
        parser="json",
        content_kind="jsonl",
        record_count=count,
        tables=(table,),
        metadata={"top_level": "lines"},
    )


def _write_lines_table(
    path: Path, out_dir: Path, kinds: ColumnKinds, batch_rows: int
) -> ParsedTable:
    stem = safe_name(path.stem, "data")
    writer = ParquetBatchWriter(out_dir / f"{stem}.parquet")
    batch: list[Mapping[str, object]] = []
    try:
        for _, value in _json_lines(path):
            if isinstance(value, Mapping):
                batch.append(value)
            if len(batch) >= batch_rows:
                writer.write(build_frame(kinds, batch))
                batch = []
        if batch or writer.rows == 0:
            writer.write(build_frame(kinds, batch))
    finally:
        writer.close()
    frame_columns = kinds.columns
    schema = build_frame(kinds, []).schema
    return ParsedTable(
        name=stem,
        columns=tuple(frame_columns),
        dtypes=tuple(str(schema[c]) for c in frame_columns),
        row_count=writer.rows,
        parquet_path=writer.path,
        preview=writer.preview,
    )
