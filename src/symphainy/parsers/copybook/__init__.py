"""COBOL copybook driven decoding of mainframe record files, at Cobrix parity.

`parse_copybook(text)` turns a copybook (fixed or free format) into a `Layout`;
`parse_copybook_records(path, out_dir, copybook=..., **options)` streams a record file
through it into Parquet, one row group per ~8 MiB block, decoding each block column by
column with numpy. The options are Cobrix's (`MainframeOptions`): record formats F, FB
(BDW blocks of fixed records, or `block_length`/`records_per_block` without BDWs), V (RDW,
either byte order, `rdw_adjustment`), VB (BDW + RDW), D (text lines), F with a
`record_length_field`; `file_start_offset`/`file_end_offset`, `record_start_offset`/
`record_end_offset`, `minimum_record_length`/`maximum_record_length`; `generate_record_id`
(File_Id, Record_Id, Record_Byte_Length, Record_Byte_Offset), `generate_record_bytes`.

Multi-segment files: `segment_field` + `redefine_segment_id_map` route each record to the
table of its segment (shared columns + its REDEFINES group or 01 record); `segment_filter`
keeps only some ids; with `segment_children`, child tables carry `Parent_Record_Id`;
`segment_id_level0..9` add Cobrix's generated Seg_Id columns. Every table's schema (column
names and types) is in the outcome's `schema` metadata and in each `ParsedTable`.

Copybook language: fixed format (sequence area 1-6 and columns 73-80 ignored) or free
format; division/section headers, PROGRAM-ID/ENVIRONMENT paragraphs and FD entries are
skipped and PROCEDURE DIVISION ends the data, as compilers do. Levels 01-49, 66 (RENAMES
[THRU], listed in the layout metadata, no column of its own), 77 and 88 (VALUE[S] with
THRU ranges); REDEFINES, OCCURS [DEPENDING ON], SIGN [IS] LEADING|TRAILING [SEPARATE
[CHARACTER]] on any numeric item (or group), VALUE, BLANK WHEN ZERO, JUSTIFIED. USAGE
DISPLAY, COMP/COMP-0/COMP-4/BINARY, COMP-5, COMP-9 (Cobrix's little-endian binary), COMP-3/
PACKED-DECIMAL, COMP-3U (Cobrix's unsigned packed), COMP-1/COMP-2, POINTER (4 bytes).
PICTURE X, A, 9, S, V, P, alphanumeric editing (B 0 /) and numeric editing (Z * + - CR DB
$ . , B 0 /, floating strings), decoded by position (COBOL de-editing). Not supported, each
a 422 naming line, column and clause:
COPY/REPLACE, SYNCHRONIZED, national/DBCS (N, G, U; NATIONAL, DISPLAY-1), INDEX,
POINTER-32/FUNCTION-/PROCEDURE-POINTER, COMP-6/COMP-X/COMP-N, floating-point editing (E),
P in edited pictures, DECIMAL-POINT IS COMMA; OCCURS DEPENDING ON inside another OCCURS or
in a REDEFINES/multi-01 view when tables shrink (`variable_size_occurs` true). With
`variable_size_occurs` false (Cobrix's default, and ours) every table keeps its maximum size and
nested tables decode, occurrences past their count being null.

Values (Cobrix's options and meaning, `ValueOptions`): `ebcdic_code_page` (common, cp037,
cp037_extended, cp273, cp500, cp875, cp1026, cp1047, cp1140-cp1148) or `ascii_charset`; a
code page we do not have is refused, never replaced. Control bytes (NUL, CR, ...) decode as
spaces (kept by `_extended` pages and `keep_all`); `string_trimming_policy` both (default),
left, right, none, keep_all; `improved_null_detection` (default on): an all-NUL text and a
blank or all-NUL DISPLAY number are null; `strict_sign_overpunching` (default on);
`floating_point_format` IBM, IBM_little_endian, IEEE754, IEEE754_little_endian (default IBM
for EBCDIC, IEEE754 for ASCII); `strict_integral_precision`; `schema_retention_policy`
keep_original (default here: names start with the 01 record) or collapse_root;
`drop_group_fillers`; `variable_size_occurs`.

Output types: PIC X/A -> string; integers (no implied decimals, up to 18 digits, and binary
items up to 8 bytes) -> int64 (uint64 for unsigned 8-byte binary); items with implied or
explicit decimals (V, P, '.') or more than 18 digits, and binary items over 8 bytes ->
Parquet decimal128(precision, scale), exact, shown as strings in the preview; COMP-1/COMP-2
-> float64.

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
from symphainy.parsers.copybook._values import ValueOptions

__all__ = [
    "Column",
    "Layout",
    "OdoTable",
    "ValueOptions",
    "parse_copybook",
    "parse_copybook_records",
]
