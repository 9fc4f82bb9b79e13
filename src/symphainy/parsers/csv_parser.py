"""CSV / TSV parser: encoding and dialect detection, streamed to Parquet with polars."""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path
from typing import Final

import polars as pl

from symphainy.parsers._common import (
    Options,
    safe_name,
    table_from_parquet,
)
from symphainy.parsers._csv_checks import blank_rows_or_raise, locate_problems
from symphainy.parsers._csv_dialect import Dialect, detect_dialect
from symphainy.parsers._encoding import (
    UTF8_FAMILY,
    detect_encoding,
    find_decode_error,
    normalise,
    read_sample,
    transcode_to_utf8,
)
from symphainy.parsers._model import ParseError, ParseOutcome
from symphainy.parsers._options import CsvOptions

# Schema inference attempts: a 10k-row sample, then the whole file, then all-text columns.
_INFER_STEPS: tuple[int | None, ...] = (10_000, None, 0)
_INFER_LABELS = {10_000: "sampled", None: "full", 0: "text"}
_COMPRESSION: Final = "zstd"
_COMPRESSION_LEVEL: Final = 1


class _InvalidUtf8(Exception):
    """Polars met bytes that are not UTF-8; carries the located ParseError."""

    def __init__(self, error: ParseError) -> None:
        super().__init__(error.detail)
        self.error = error


def parse_csv(path: Path, out_dir: Path, options: Options | None = None) -> ParseOutcome:
    """Parse a delimited text file into one Parquet-backed table.

    Args:
        path: the file to parse.
        out_dir: where the Parquet file is written.
        options: `CsvOptions`: `encoding`, `delimiter`, `quotechar` (empty string
            disables quoting), `has_header` (bool).

    Returns:
        A ParseOutcome with one table and the detected encoding and dialect as metadata.

    Raises:
        ParseError: the file is empty, not decodable, or has a ragged record (with `line`).
        InvalidParameters: an option the csv parser does not take.
    """
    opts = CsvOptions.of(options)
    sample, complete = read_sample(path)
    if not sample.strip():
        raise ParseError("the file is empty", line=1)
    forced = opts.encoding
    encoding = normalise(forced) if forced else detect_encoding(sample, complete=complete)
    try:
        return _parse_with(path, out_dir, opts, encoding)
    except _InvalidUtf8 as exc:
        if forced or not sample.isascii():
            raise exc.error from None
        # An ASCII-only sample hid a legacy single-byte encoding further down the file.
        return _parse_with(path, out_dir, opts, "cp1252")


def _parse_with(path: Path, out_dir: Path, options: CsvOptions, encoding: str) -> ParseOutcome:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = safe_name(path.stem, "data")
    target = out_dir / f"{stem}.parquet"
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".csv-") as scratch:
        source = _utf8_source(path, encoding, Path(scratch))
        dialect = _dialect(source, options)
        partial = Path(scratch) / "partial.parquet"
        inference = _convert(source, dialect, partial)
        partial.replace(target)
    table = table_from_parquet(stem, target)
    return ParseOutcome(
        parser="csv",
        content_kind="tsv" if dialect.delimiter == "\t" else "csv",
        record_count=table.row_count,
        tables=(table,),
        metadata={
            "encoding": encoding,
            "delimiter": dialect.delimiter,
            "quotechar": dialect.quotechar,
            "has_header": dialect.has_header,
            "schema_inference": _INFER_LABELS[inference],
        },
    )


def _utf8_source(path: Path, encoding: str, scratch: Path) -> Path:
    if encoding in UTF8_FAMILY:
        return path
    target = scratch / "utf8.csv"
    transcode_to_utf8(path, encoding, target)
    return target


def _dialect(source: Path, options: CsvOptions) -> Dialect:
    sample, complete = read_sample(source)
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(sample, final=complete)
    return detect_dialect(
        text.removeprefix("\ufeff"),
        complete,
        delimiter=options.delimiter,
        quotechar=options.quotechar,
        has_header=options.has_header,
    )


def _convert(source: Path, dialect: Dialect, target: Path) -> int | None:
    """Stream the CSV into `target`; return the schema-inference step that worked."""
    for infer in _INFER_STEPS:
        try:
            _sink(source, dialect, target, infer, drop=())
        except pl.exceptions.PolarsError as exc:
            target.unlink(missing_ok=True)
            message = str(exc)
            if "could not parse" in message and "dtype `str`" not in message and infer != 0:
                continue
            raise _translate(message, source, dialect) from exc
        blanks = blank_rows_or_raise(source, dialect, target)
        if blanks:
            _sink(source, dialect, target, infer, drop=blanks)
        return infer
    raise AssertionError("unreachable: the all-text step cannot fail on types")


def _sink(
    source: Path,
    dialect: Dialect,
    target: Path,
    infer: int | None,
    drop: tuple[int, ...] | list[int],
) -> None:
    frame = pl.scan_csv(
        source,
        separator=dialect.delimiter,
        quote_char=dialect.quotechar,
        has_header=dialect.has_header,
        new_columns=list(dialect.columns),
        infer_schema=infer != 0,
        infer_schema_length=infer,
        truncate_ragged_lines=False,
        raise_if_empty=False,
    )
    if drop:
        index = "__symphainy_row__"
        frame = frame.with_row_index(index).filter(~pl.col(index).is_in(drop)).drop(index)
    frame.sink_parquet(target, compression=_COMPRESSION, compression_level=_COMPRESSION_LEVEL)


def _translate(message: str, source: Path, dialect: Dialect) -> Exception:
    if "invalid utf-8" in message.lower():
        located = find_decode_error(source, "utf-8")
        line, offset, reason = located if located else (None, None, "invalid byte sequence")
        return _InvalidUtf8(
            ParseError(f"the file is not valid UTF-8: {reason}", line=line, offset=offset)
        )
    locate_problems(source, dialect, strict=True)
    summary = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return ParseError(f"CSV could not be parsed: {summary}")
