"""COBOL copybook driven decoding of mainframe fixed-length and RDW variable-length records.

`parse_copybook(text)` turns a copybook (fixed or free format) into a `Layout`;
`parse_copybook_records(path, out_dir, copybook=...)` streams a record file through it into
Parquet, one row group per ~8 MiB block, decoding each block column by column with numpy.

Output types: PIC X/A -> string (trailing spaces trimmed); integers (no implied decimals,
up to 18 digits, and binary items) -> int64 (uint64 for unsigned 8-byte binary); items with
implied decimals (V, P) or more than 18 digits -> Parquet decimal128(precision, scale), exact,
shown as strings in the preview; COMP-1/COMP-2 -> float64 (IBM hexadecimal floating point for
EBCDIC code pages, IEEE big-endian for ASCII ones).

Decoding is strict: an invalid value fails with a ParseError naming the record (1-based),
the absolute file offset of the offending byte (0-based) and the column. The one exception is
storage shared by several views (REDEFINES, several 01 record types), where by design only
one view is valid per record: invalid values there become null and are counted per column in
the outcome's `overlay_invalid_values` metadata.
"""

from __future__ import annotations

from symphainy.parsers.copybook._layout import (
    Column,
    Layout,
    OdoTable,
    parse_copybook,
)
from symphainy.parsers.copybook._reader import parse_copybook_records

__all__ = ["Column", "Layout", "OdoTable", "parse_copybook", "parse_copybook_records"]
