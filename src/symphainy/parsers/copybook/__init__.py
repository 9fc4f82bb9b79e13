"""COBOL copybook driven decoding of mainframe record files, at Cobrix parity.

`parse_copybook(text)` turns a copybook (fixed or free format) into a `Layout`;
`parse_copybook_records(path, out_dir, copybook=..., **options)` streams a record file
through it into Parquet, one row group per ~8 MiB block, decoding each block column by
column with numpy. The options are Cobrix's (`MainframeOptions`): record formats F, FB
(BDW blocks of fixed records), V (RDW, either byte order, `rdw_adjustment`), VB (BDW + RDW),
D (text lines), F with a `record_length_field`; `file_start_offset`/`file_end_offset`;
`generate_record_id` (File_Id, Record_Id, Record_Byte_Length, Record_Byte_Offset).

Multi-segment files: `segment_field` + `redefine_segment_id_map` route each record to the
table of its segment (shared columns + its REDEFINES group or 01 record); with
`segment_children`, child tables carry `Parent_Record_Id`. Every table's schema (column
names and types) is in the outcome's `schema` metadata and in each `ParsedTable`.

Output types: PIC X/A -> string (trailing spaces trimmed); integers (no implied decimals,
up to 18 digits, and binary items) -> int64 (uint64 for unsigned 8-byte binary); items with
implied decimals (V, P) or more than 18 digits -> Parquet decimal128(precision, scale), exact,
shown as strings in the preview; COMP-1/COMP-2 -> float64 (IBM hexadecimal floating point for
EBCDIC code pages, IEEE big-endian for ASCII ones).

Decoding is strict by default: an invalid value fails with a ParseError naming the record
(1-based), the absolute file offset of the offending byte (0-based) and the column. With
`invalid_values="null"` it becomes null instead, counted per column with its first locations
in the outcome's `invalid_values` metadata. Storage shared by several views (REDEFINES,
several 01 record types, unless segments say which view a record uses) is always lenient,
since by design only one view is valid per record: invalid values there become null and are
counted per column in `overlay_invalid_values`.
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
