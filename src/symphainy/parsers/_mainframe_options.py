"""The mainframe (copybook) parser's options, under Cobrix's names and defaults."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, Field, TypeAdapter, model_validator

from symphainy.parsers._option_base import ParserOptions, TextEncoding

RecordFormat = Literal["F", "FB", "V", "VB", "D"]
EbcdicCodePage = Literal[
    "cp037", "cp037_extended", "cp273", "cp500", "cp875", "cp1026", "cp1047", "cp1140",
    "cp1141", "cp1142", "cp1143", "cp1144", "cp1145", "cp1146", "cp1147", "cp1148",
    "common",
]  # fmt: skip
"""The EBCDIC code pages offered, by Cobrix's names (copybook._codepages holds them)."""
MAX_RECORD = 16 * 1_048_576


def _segment_map(value: object) -> object:
    """Cobrix's `"NAME => A,B"` strings (one or a list) as `{"NAME": ["A", "B"]}`."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        pairs = [v.split("=>", 1) for v in value]
        if any(len(p) != 2 for p in pairs):
            raise ValueError("expected 'NAME => VALUE1,VALUE2'")
        value = {name.strip(): ids for name, ids in pairs}
    if isinstance(value, Mapping):
        return {
            str(k): [s.strip() for s in v.split(",")] if isinstance(v, str) else v
            for k, v in value.items()
        }
    return value


def _id_list(value: object) -> object:
    """Cobrix's comma-separated ids (`"C,P"`) as a list."""
    return [v.strip() for v in value.split(",")] if isinstance(value, str) else value


_FLAG = TypeAdapter(bool)


def _cobrix_flags(data: Mapping[str, Any]) -> dict[str, Any]:
    """Cobrix's older flags as the options they stand for; a contradiction is refused."""
    out = dict(data)
    for flag, key, value in (
        ("is_record_sequence", "record_format", "V"),
        ("is_rdw_part_of_record_length", "rdw_adjustment", -4),
    ):
        given = flag in out and _FLAG.validate_python(out[flag])
        if given and str(out.setdefault(key, value)) != str(value):
            raise ValueError(f"{flag}=true means {key}={value!r}, not {out[key]!r}")
    return out


SegmentIds = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=64)]],
    BeforeValidator(_id_list),
    Field(min_length=1, max_length=1000),
]
SegmentMap = Annotated[
    dict[
        Annotated[str, Field(min_length=1, max_length=128)],
        Annotated[list[Annotated[str, Field(min_length=1, max_length=64)]], Field(min_length=1)],
    ],
    BeforeValidator(_segment_map),
    Field(min_length=1, max_length=1000),
]


class MainframeOptions(ParserOptions):
    """mainframe parser: record files described by a COBOL copybook.

    Option names and defaults are Cobrix's (the Spark COBOL data source), so options that
    worked there work here; values may be strings as in Spark (`"true"`, `"4"`). Unknown
    options are always an error (Cobrix's `pedantic` mode is our only mode).
    """

    parser = "mainframe"
    copybook: str | None = Field(default=None, max_length=2_000_000)
    """The copybook source (or give `copybook` / `copybook_file_id` to parse_content)."""
    encoding: str = Field(default="ebcdic", min_length=1, max_length=64)
    """`ebcdic` (default; the code page is `ebcdic_code_page`) or `ascii` (the default, and
    the only choice, for record_format D); a single-byte code page name such as `cp500` is
    also taken."""
    ebcdic_code_page: EbcdicCodePage = "cp037"
    """EBCDIC files: the code page. Control characters (NUL, CR, ...) decode as spaces, as
    in Cobrix; `cp037_extended` keeps them."""
    ascii_charset: TextEncoding | None = None
    """ASCII files (`encoding` `ascii`): a single-byte codec Python ships, e.g. `latin-1`
    or `cp1252`; left out, `ascii`."""
    floating_point_format: (
        Literal["IBM", "IBM_little_endian", "IEEE754", "IEEE754_little_endian"] | None
    ) = None
    """COMP-1/COMP-2 storage; left out, IBM hexadecimal for EBCDIC and IEEE754 for ASCII."""
    string_trimming_policy: Literal["both", "left", "right", "none", "keep_all"] = "both"
    """Which ends of a text lose their spaces; `keep_all` trims nothing and also keeps
    control characters."""
    improved_null_detection: bool = True
    """A text of NUL bytes only, and a DISPLAY number of spaces or NULs only, is null (off:
    the text is empty and the number invalid)."""
    strict_sign_overpunching: bool = True
    """An overpunched sign on an unsigned number is invalid; off, a positive one is taken
    and a negative one makes the value null."""
    strict_integral_precision: bool = False
    """Integers come back as decimal(digits, 0) with the copybook's digits, not int64."""
    schema_retention_policy: Literal["keep_original", "collapse_root"] = "keep_original"
    """`keep_original` (default, this parser's naming): column names start with the 01
    record's name (`RECORD.ID`); `collapse_root` drops it (`ID`), as Cobrix's default."""
    drop_group_fillers: bool = False
    """Leave FILLER groups, and every field under them, out of the output."""
    variable_size_occurs: bool = False
    """`false` (default, as in Cobrix, so a Spark job's options read a file the same way
    here): every OCCURS DEPENDING ON table keeps its maximum size, which also allows ODO
    tables inside other OCCURS (nested) and in REDEFINES views; occurrences past a count are
    null. `true` (the IBM variable layout, as COBOL writes variable records): a table takes
    only its current occurrences and what follows moves up."""
    record_format: RecordFormat = "F"
    """`F` fixed (default), `FB` fixed blocked (each block after a 4-byte BDW), `V` variable
    (each record after a 4-byte RDW), `VB` variable blocked (BDW, then RDW records), `D` text
    lines (records end at a newline). `fixed` and `rdw` (big-endian RDWs that count
    themselves, the IBM convention) are this parser's earlier names, still taken."""
    record_length: int | None = Field(default=None, ge=1, le=MAX_RECORD)
    """F/FB only: bytes per record, when the file's record is longer than the copybook."""
    block_length: int | None = Field(default=None, ge=1, le=MAX_RECORD)
    """FB without BDWs: bytes per block, a multiple of the record length (the blocks then hold
    fixed records back to back, as F)."""
    records_per_block: int | None = Field(default=None, ge=1, le=MAX_RECORD)
    """FB without BDWs: records per block (as `block_length`)."""
    is_rdw_big_endian: bool = False
    """V/VB: RDW length in bytes 0-1 big-endian (the IBM layout); false (Cobrix's default)
    reads it from bytes 2-3 little-endian."""
    rdw_adjustment: int = Field(default=0, ge=-MAX_RECORD, le=MAX_RECORD)
    """Added to every RDW length (and to `record_length_field` values): `-4` for RDWs that
    count their own 4 bytes."""
    is_bdw_big_endian: bool = False
    """FB/VB: BDW length byte order, as `is_rdw_big_endian`."""
    bdw_adjustment: int = Field(default=0, ge=-MAX_RECORD, le=MAX_RECORD)
    """FB/VB: added to every BDW length: `-4` for BDWs that count their own 4 bytes."""
    record_length_field: str | None = Field(default=None, min_length=1, max_length=128)
    """F only: a numeric field of the copybook holding each record's length in bytes
    (plus `rdw_adjustment`); records then follow each other at those lengths."""
    file_start_offset: int = Field(default=0, ge=0)
    """Bytes skipped at the start of the file (a header)."""
    file_end_offset: int = Field(default=0, ge=0)
    """Bytes skipped at the end of the file (a trailer)."""
    record_start_offset: int = Field(default=0, ge=0, le=MAX_RECORD)
    """Bytes skipped at the start of every record before the copybook's fields (a per-record
    header); F/FB records are that much longer than the copybook."""
    record_end_offset: int = Field(default=0, ge=0, le=MAX_RECORD)
    """Bytes skipped at the end of every record after the copybook's fields."""
    minimum_record_length: int | None = Field(default=None, ge=0, le=MAX_RECORD)
    """Records shorter than this (after record offsets) are skipped, as in Cobrix (a stray
    EOF byte in a text file, say); Record_Id still counts them."""
    maximum_record_length: int | None = Field(default=None, ge=0, le=MAX_RECORD)
    """Records longer than this are skipped; Record_Id still counts them."""
    generate_record_id: bool = False
    """Adds File_Id, Record_Id (0-based), Record_Byte_Length (as Cobrix) and
    Record_Byte_Offset (the record's data offset in the file) before the copybook columns."""
    generate_record_bytes: bool = False
    """Adds Record_Bytes: each record's raw bytes (binary; hexadecimal in the preview)."""
    segment_field: str | None = Field(default=None, min_length=1, max_length=128)
    """The field naming each record's segment (record type); with
    `redefine_segment_id_map`, each segment gets its own output table."""
    redefine_segment_id_map: SegmentMap | None = None
    """Which REDEFINES group or 01 record each segment id selects, as an object
    `{"STATIC-DETAILS": ["C", "D"]}` or Cobrix's `"STATIC-DETAILS => C,D"` strings (one, or a
    list). A record whose segment id is in no list is an error naming it."""
    segment_filter: SegmentIds | None = None
    """Cobrix `segment_filter`: only records with these segment ids (a list or `"C,P"`) are
    parsed, the others skipped (Record_Id still counts them); with a map, each id must be in
    it."""
    segment_id_level0: SegmentIds | None = None
    """Cobrix's generated segment ids: the root segment's ids (then segment_id_level1, 2, ...
    for the levels below). A root record starts Seg_Id0 `{prefix}_0_{Record_Id}`; a record
    of level N gets Seg_IdN `{Seg_Id0}_L{N}_{count within its root}`; levels above a
    record's own are null. `_` at a level stands for every id no level lists."""
    segment_id_level1: SegmentIds | None = None
    """Level 1 of the generated segment ids (see segment_id_level0)."""
    segment_id_level2: SegmentIds | None = None
    """Level 2 of the generated segment ids (see segment_id_level0)."""
    segment_id_level3: SegmentIds | None = None
    """Level 3 of the generated segment ids (see segment_id_level0)."""
    segment_id_level4: SegmentIds | None = None
    """Level 4 of the generated segment ids (see segment_id_level0)."""
    segment_id_level5: SegmentIds | None = None
    """Level 5 of the generated segment ids (see segment_id_level0)."""
    segment_id_level6: SegmentIds | None = None
    """Level 6 of the generated segment ids (see segment_id_level0)."""
    segment_id_level7: SegmentIds | None = None
    """Level 7 of the generated segment ids (see segment_id_level0)."""
    segment_id_level8: SegmentIds | None = None
    """Level 8 of the generated segment ids (see segment_id_level0)."""
    segment_id_level9: SegmentIds | None = None
    """Level 9 of the generated segment ids (see segment_id_level0)."""
    segment_id_prefix: str | None = Field(default=None, min_length=1, max_length=64)
    """Prefix of the generated segment ids; left out, the parse's UTC time as
    `yyyyMMddHHmmss` (Cobrix's default), so ids differ from one parse to the next."""
    segment_children: SegmentMap | None = None
    """Parent-child segments (Cobrix `segment-children`): `{"COMPANY": ["CONTACTS"]}` or
    `"COMPANY => CONTACTS"`; a child table's `Parent_Record_Id` is the Record_Id of the
    nearest parent record before it."""
    invalid_values: Literal["strict", "null"] = "strict"
    """`strict` (default): the first invalid value (a blank or letter in a zoned field, a bad
    packed nibble) fails the parse, naming record, offset and field. `null`: the field
    becomes null and the result's `invalid_values` metadata counts them per column with the
    first locations (record, field offset; the server Setting
    `parse_invalid_value_locations`, 5 by default); an invalid OCCURS DEPENDING ON counter still
    fails, as the record's shape is then unknown. Strict is the default because a copybook
    that does not match the file (the usual first mistake) turns into a column of nulls in
    lenient mode; the error names the exact byte, and one option turns on the lenient
    reading for dirty extracts."""
    is_record_sequence: bool = Field(default=False, json_schema_extra={"deprecated": True})
    """Cobrix's older spelling of `record_format` V (true: records after RDWs)."""
    is_rdw_part_of_record_length: bool = Field(
        default=False, json_schema_extra={"deprecated": True}
    )
    """Cobrix's older spelling of `rdw_adjustment` -4 (true: RDWs count themselves)."""
    pedantic: bool = Field(default=True, json_schema_extra={"readOnly": True})
    """Cobrix's switch for refusing unknown options: taken, but only as true."""

    @model_validator(mode="before")
    @classmethod
    def _earlier_names(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and data.get("record_format") in {"fixed", "rdw"}:
            data = dict(data)
            if data["record_format"] == "rdw":
                data.setdefault("is_rdw_big_endian", True)
                data.setdefault("rdw_adjustment", -4)
            data["record_format"] = "F" if data["record_format"] == "fixed" else "V"
        if isinstance(data, Mapping) and data.get("record_format") == "D":
            # Text lines end at an ASCII line feed: D files are ASCII (as in Cobrix).
            data = {"encoding": "ascii", **data}
        return _cobrix_flags(data) if isinstance(data, Mapping) else data

    @property
    def segment_levels(self) -> list[list[str]]:
        """The segment_id_level0..N lists given, in order (validated to have no gaps)."""
        levels = (getattr(self, f"segment_id_level{n}") for n in range(10))
        return [list(ids) for ids in levels if ids is not None]

    @model_validator(mode="after")
    def _levels(self) -> Self:
        given = [n for n in range(10) if getattr(self, f"segment_id_level{n}") is not None]
        if given != list(range(len(given))):
            raise ValueError("segment_id_level0, 1, ... must be given from level 0 without gaps")
        return self

    @model_validator(mode="after")
    def _blocking(self) -> Self:
        given = [n for n in ("block_length", "records_per_block") if getattr(self, n) is not None]
        if given and self.record_format != "FB":
            raise ValueError(f"{given[0]} applies to record_format FB only")
        if len(given) > 1:
            raise ValueError("give block_length or records_per_block, not both")
        return self

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not self.pedantic:
            raise ValueError("pedantic=false is not offered: unknown options are always errors")
        if self.record_format == "D" and self.encoding == "ebcdic":
            raise ValueError("record_format D reads ASCII text lines: encoding must be ascii")
        fixed = self.record_format in {"F", "FB"}
        if self.record_length is not None and not fixed:
            raise ValueError("record_length applies to fixed records only (F, FB)")
        if self.record_length_field is not None and self.record_format != "F":
            raise ValueError("record_length_field applies to record_format F only")
        if self.record_length_field is not None and self.record_length is not None:
            raise ValueError("give record_length or record_length_field, not both")
        routed = self.redefine_segment_id_map is not None or self.segment_filter is not None
        if (self.segment_field is None) == (routed or bool(self.segment_levels)):
            raise ValueError(
                "segment_field goes with redefine_segment_id_map, segment_filter or "
                "segment_id_level0"
            )
        if self.segment_children is not None and self.redefine_segment_id_map is None:
            raise ValueError("segment_children needs redefine_segment_id_map")
        return self
