"""Record formats at Cobrix parity (issue #16): F, FB, V, VB, D, a record length field,
file offsets, record ids, options given as strings. Every file is written byte by byte
here and every expected value derived by hand (EBCDIC: digits F0-F9, A-I C1-C9, J-R D1-D9,
S-Z E2-E9, space 40)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from symphainy.errors import InvalidParameters
from symphainy.parsers import ParseError, parse_file
from symphainy.parsers.copybook import parse_copybook_records

COPYBOOK = """
       01 REC.
          05 ID   PIC 9(3).
          05 NAME PIC X(4).
"""
# Record 1: ID 001, NAME "JOHN"; record 2: ID 002, NAME "ANN " (trimmed to "ANN").
JOHN = bytes([0xF0, 0xF0, 0xF1, 0xD1, 0xD6, 0xC8, 0xD5])
ANN = bytes([0xF0, 0xF0, 0xF2, 0xC1, 0xD5, 0xD5, 0x40])
BOB = bytes([0xF0, 0xF0, 0xF3, 0xC2, 0xD6, 0xC2, 0x40])
IBM_VB: dict[str, Any] = {
    "record_format": "VB",
    "is_bdw_big_endian": True,
    "is_rdw_big_endian": True,
    "bdw_adjustment": -4,
    "rdw_adjustment": -4,
}
"""VB as z/OS writes it: big-endian BDWs and RDWs that count their own 4 bytes."""


def cell(row: dict[str, Any], leaf: str) -> Any:
    """A row's value of the column for data name `leaf`, whatever the column naming policy."""
    keys = [k for k in row if k == leaf or k.endswith(f".{leaf}")]
    assert len(keys) == 1, (leaf, list(row))
    return row[keys[0]]


def parse(tmp_path: Path, data: bytes, copybook: str = COPYBOOK, **options: Any) -> Any:
    source = tmp_path / "records.dat"
    source.write_bytes(data)
    return parse_copybook_records(source, tmp_path / "out", copybook=copybook, **options)


def rows_of(outcome: Any, table: int = 0) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(outcome.tables[table].parquet_path).to_pylist()
    return rows


def people(rows: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(cell(r, "ID"), cell(r, "NAME")) for r in rows]


def test_fixed_with_file_offsets_and_record_ids_given_as_strings(tmp_path: Path) -> None:
    header = bytes([0xC8, 0xC4, 0xD9])  # "HDR": 3 bytes skipped by file_start_offset
    trailer = bytes([0xE3, 0xD9])  # "TR": 2 bytes skipped by file_end_offset
    outcome = parse(
        tmp_path,
        header + JOHN + ANN + trailer,
        record_format="F",
        file_start_offset="3",
        file_end_offset="2",
        generate_record_id="true",
    )
    rows = rows_of(outcome)
    assert people(rows) == [(1, "JOHN"), (2, "ANN")]
    # Record ids: one file (File_Id 0), records numbered from 0, 7 bytes each; data starts
    # after the 3-byte header, so at offsets 3 and 3 + 7 = 10.
    ids = [
        (r["File_Id"], r["Record_Id"], r["Record_Byte_Length"], r["Record_Byte_Offset"])
        for r in rows
    ]
    assert ids == [(0, 0, 7, 3), (0, 1, 7, 10)]
    assert outcome.tables[0].columns[:4] == (
        "File_Id",
        "Record_Id",
        "Record_Byte_Length",
        "Record_Byte_Offset",
    )
    assert outcome.metadata["schema"][0]["columns"][1] == {"name": "Record_Id", "type": "int64"}


def test_fixed_blocked_with_little_endian_bdws(tmp_path: Path) -> None:
    # BDW little-endian (Cobrix's default), counting only the block's payload:
    # block 1 holds 2 records = 14 bytes -> 00 00 0E 00; block 2 holds 1 record -> 00 00 07 00.
    data = bytes([0, 0, 0x0E, 0]) + JOHN + ANN + bytes([0, 0, 0x07, 0]) + BOB
    outcome = parse(tmp_path, data, record_format="FB", generate_record_id=True)
    rows = rows_of(outcome)
    assert people(rows) == [(1, "JOHN"), (2, "ANN"), (3, "BOB")]
    # offsets: 4 (after BDW), 4 + 7 = 11, then 4 + 14 + 4 = 22
    assert [r["Record_Byte_Offset"] for r in rows] == [4, 11, 22]


def test_variable_little_endian_rdw_without_adjustment(tmp_path: Path) -> None:
    # Cobrix's default RDW: bytes 2-3 little-endian, not counting itself: 7 -> 00 00 07 00
    data = bytes([0, 0, 7, 0]) + JOHN + bytes([0, 0, 7, 0]) + ANN
    outcome = parse(tmp_path, data, record_format="V", generate_record_id=True)
    rows = rows_of(outcome)
    assert people(rows) == [(1, "JOHN"), (2, "ANN")]
    assert [r["Record_Byte_Offset"] for r in rows] == [4, 15]  # 4, then 4 + 7 + 4


def test_variable_big_endian_rdw_counting_itself(tmp_path: Path) -> None:
    # IBM RDW: bytes 0-1 big-endian, counting its own 4 bytes: 7 + 4 = 11 -> 00 0B 00 00
    data = bytes([0, 0x0B, 0, 0]) + JOHN + bytes([0, 0x0B, 0, 0]) + ANN
    outcome = parse(
        tmp_path, data, record_format="V", is_rdw_big_endian="true", rdw_adjustment="-4"
    )
    assert people(rows_of(outcome)) == [(1, "JOHN"), (2, "ANN")]
    # the same bytes under the earlier name "rdw"
    again = parse(tmp_path, data, record_format="rdw")
    assert people(rows_of(again)) == [(1, "JOHN"), (2, "ANN")]


def test_variable_blocked_bdw_and_rdw(tmp_path: Path) -> None:
    # Big-endian words that count themselves (bdw_adjustment = rdw_adjustment = -4).
    # RDW: 4 + 7 = 11 -> 00 0B 00 00. Block 1: BDW 4 + 2 * 11 = 26 -> 00 1A 00 00;
    # block 2: BDW 4 + 11 = 15 -> 00 0F 00 00.
    rdw = bytes([0, 0x0B, 0, 0])
    data = bytes([0, 0x1A, 0, 0]) + rdw + JOHN + rdw + ANN + bytes([0, 0x0F, 0, 0]) + rdw + BOB
    outcome = parse(tmp_path, data, **IBM_VB, generate_record_id=True)
    rows = rows_of(outcome)
    assert people(rows) == [(1, "JOHN"), (2, "ANN"), (3, "BOB")]
    # data offsets: 4 + 4 = 8; 8 + 7 + 4 = 19; block 2 at 4 + 22 = 26, data at 26 + 8 = 34
    assert [r["Record_Byte_Offset"] for r in rows] == [8, 19, 34]


def test_vb_block_not_filled_by_its_records_is_refused(tmp_path: Path) -> None:
    rdw = bytes([0, 0x0B, 0, 0])
    data = bytes([0, 0x1B, 0, 0]) + rdw + JOHN + rdw + ANN + b"\x40"  # BDW says one byte more
    with pytest.raises(ParseError) as caught:
        parse(tmp_path, data, **IBM_VB)
    assert "after its last whole record" in caught.value.detail
    assert caught.value.extra["record"] == 3


def test_text_lines(tmp_path: Path) -> None:
    # ASCII lines; CR LF and LF both end a record; the empty line is skipped; the last line
    # has no newline; "004" is shorter than the layout, so NAME (bytes 3-6) is null there.
    data = b"001JOHN\r\n002ANN \n\n003BOB \n004"
    outcome = parse(tmp_path, data, record_format="D", encoding="ascii", generate_record_id=True)
    rows = rows_of(outcome)
    assert people(rows) == [(1, "JOHN"), (2, "ANN"), (3, "BOB"), (4, None)]
    # line starts: 0; 9 (after "001JOHN\r\n"); 18 (after "002ANN \n\n"); 26
    assert [r["Record_Byte_Offset"] for r in rows] == [0, 9, 18, 26]
    assert [r["Record_Byte_Length"] for r in rows] == [7, 7, 7, 3]


def test_record_length_field(tmp_path: Path) -> None:
    copybook = """
       01 REC.
          05 LEN  PIC 9(2).
          05 ID   PIC 9(3).
          05 NAME PIC X(4).
    """
    # LEN counts the bytes after itself, so rdw_adjustment = 2 gives the record length:
    # record 1: LEN 07 -> 9 bytes (LEN, ID 001, NAME JOHN); record 2: LEN 03 -> 5 bytes
    # (LEN, ID 002, no NAME: null); record 3: LEN 07 -> 9 bytes.
    data = (
        bytes([0xF0, 0xF7])
        + JOHN
        + bytes([0xF0, 0xF3, 0xF0, 0xF0, 0xF2])
        + bytes([0xF0, 0xF7])
        + BOB
    )
    outcome = parse(
        tmp_path,
        data,
        copybook,
        record_format="F",
        record_length_field="LEN",
        rdw_adjustment=2,
        generate_record_id=True,
    )
    rows = rows_of(outcome)
    assert people(rows) == [(1, "JOHN"), (2, None), (3, "BOB")]
    assert [r["Record_Byte_Offset"] for r in rows] == [0, 9, 14]


def test_record_length_field_too_small_is_refused(tmp_path: Path) -> None:
    copybook = "01 REC. 05 LEN PIC 9(2). 05 ID PIC 9(3)."
    with pytest.raises(ParseError) as caught:
        parse(tmp_path, bytes([0xF0, 0xF1, 0xF0]), copybook, record_length_field="LEN")
    # LEN = 01: a 1-byte record cannot even hold the 2 bytes of LEN itself
    assert "gives record length 1, but a record needs at least 2 bytes" in caught.value.detail
    assert (caught.value.extra["record"], caught.value.extra["offset"]) == (1, 0)


def test_bad_options_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="record_length applies to fixed records only"):
        parse(tmp_path, JOHN, record_format="V", record_length=7)
    with pytest.raises(ParseError, match="pedantic=false is not offered"):
        parse(tmp_path, JOHN, pedantic="false")
    with pytest.raises(ParseError, match="segment_field goes with redefine_segment_id_map"):
        parse(tmp_path, JOHN, segment_field="ID")
    with pytest.raises(ParseError, match="file_start_offset 5 plus file_end_offset 5"):
        parse(tmp_path, JOHN, file_start_offset=5, file_end_offset=5)


def test_parse_file_refuses_an_unknown_option_naming_it(tmp_path: Path) -> None:
    source = tmp_path / "records.dat"
    source.write_bytes(JOHN)
    options = {"copybook": COPYBOOK, "record_format": "V", "is_rdw_big_endianness": "true"}
    with pytest.raises(InvalidParameters) as caught:
        parse_file(source, tmp_path / "out", "mainframe", options)
    assert caught.value.status == 422
    assert caught.value.extra["errors"][0]["loc"][-1] == "is_rdw_big_endianness"


def test_text_lines_are_ascii_unless_told(tmp_path: Path) -> None:
    outcome = parse(tmp_path, b"001JOHN\n002ANN \n", record_format="D")
    assert people(rows_of(outcome)) == [(1, "JOHN"), (2, "ANN")]
    with pytest.raises(ParseError, match="record_format D reads ASCII text lines"):
        parse(tmp_path, b"001JOHN\n", record_format="D", encoding="ebcdic")


def test_a_record_over_the_maximum_length_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from symphainy.parsers.copybook import _self_delimited

    monkeypatch.setattr(_self_delimited, "MAX_RECORD", 8)
    # a "text" file without a line end in its first 8 bytes is not read to the end in memory
    with pytest.raises(ParseError, match="no line end within 8 bytes of offset 8"):
        parse(tmp_path, b"001JOHN\n" + b"X" * 20, record_format="D")
    # a length field announcing 1 + 99 = 100 bytes, over the maximum of 8
    copybook = "01 REC. 05 LEN PIC 9(2). 05 ID PIC 9(3)."
    data = bytes([0xF9, 0xF9, 0xF0, 0xF0, 0xF1])
    with pytest.raises(ParseError, match="record length 100 is over the 8-byte maximum"):
        parse(tmp_path, data, copybook, record_length_field="LEN", rdw_adjustment=1)


def test_record_offsets(tmp_path: Path) -> None:
    # each fixed record: a 2-byte prefix ("XX" = E7 E7), the 7 copybook bytes, a 1-byte
    # suffix ("Z" = E9): 10 bytes a record; the copybook's fields start 2 bytes in
    fixed = b"".join(b"\xe7\xe7" + r + b"\xe9" for r in (JOHN, ANN))
    outcome = parse(
        tmp_path, fixed, record_start_offset="2", record_end_offset="1", generate_record_id=True
    )
    rows = rows_of(outcome)
    assert people(rows) == [(1, "JOHN"), (2, "ANN")]
    assert [r["Record_Byte_Offset"] for r in rows] == [2, 12]  # 0 + 2, 10 + 2
    assert outcome.metadata["record_length"] == 10
    # V: RDW (little-endian, 9 data bytes: 09 00 in bytes 2-3), then the 2-byte prefix
    variable = b"".join(bytes([0, 0, 9, 0]) + b"\xe7\xe7" + r for r in (JOHN, BOB))
    outcome = parse(tmp_path, variable, record_format="V", record_start_offset=2)
    assert people(rows_of(outcome)) == [(1, "JOHN"), (3, "BOB")]
    with pytest.raises(ParseError, match="cannot hold record_start_offset 20"):
        parse(tmp_path, variable, record_format="V", record_start_offset=20)


def test_cobrix_older_flags(tmp_path: Path) -> None:
    # is_record_sequence = record_format V; is_rdw_part_of_record_length = rdw_adjustment -4
    data = bytes([0, 0x0B, 0, 0]) + JOHN + bytes([0, 0x0B, 0, 0]) + ANN
    options = {"is_rdw_big_endian": "true", "is_rdw_part_of_record_length": "true"}
    outcome = parse(tmp_path, data, is_record_sequence="true", **options)
    assert people(rows_of(outcome)) == [(1, "JOHN"), (2, "ANN")]
    with pytest.raises(ParseError, match="is_record_sequence=true means record_format='V'"):
        parse(tmp_path, data, is_record_sequence=True, record_format="F")


def test_fixed_blocked_without_bdws(tmp_path: Path) -> None:
    # Cobrix's FB with block_length / records_per_block: blocks of fixed records, no BDWs
    data = JOHN + ANN + BOB
    for blocking in ({"block_length": "14"}, {"records_per_block": 2}):
        outcome = parse(tmp_path, data, record_format="FB", **blocking)
        assert people(rows_of(outcome)) == [(1, "JOHN"), (2, "ANN"), (3, "BOB")]
    with pytest.raises(ParseError, match="block_length 10 is not a multiple"):
        parse(tmp_path, data, record_format="FB", block_length=10)
    with pytest.raises(ParseError, match="block_length applies to record_format FB only"):
        parse(tmp_path, data, block_length=14)


def test_record_bytes(tmp_path: Path) -> None:
    # Cobrix's generate_record_bytes: the raw bytes of each record (RDW excluded), after the
    # record ids; the preview shows them in hexadecimal
    data = bytes([0, 0, 7, 0]) + JOHN + bytes([0, 0, 7, 0]) + ANN
    outcome = parse(
        tmp_path, data, record_format="V", generate_record_id=True, generate_record_bytes="true"
    )
    rows = rows_of(outcome)
    assert [r["Record_Bytes"] for r in rows] == [JOHN, ANN]
    assert outcome.tables[0].columns[4] == "Record_Bytes"
    assert outcome.tables[0].preview[0]["Record_Bytes"] == "F0F0F1D1D6C8D5"


def test_minimum_and_maximum_record_length(tmp_path: Path) -> None:
    # text lines of 7, 1 (a stray "\x1a" EOF byte), 7 and 9 bytes; keep those of 2 to 8
    data = b"001JOHN\n\x1a\n003BOB \n004ALICES\n"
    outcome = parse(
        tmp_path,
        data,
        record_format="D",
        minimum_record_length=2,
        maximum_record_length="8",
        generate_record_id=True,
    )
    rows = rows_of(outcome)
    assert [(r["Record_Id"], cell(r, "ID"), cell(r, "NAME")) for r in rows] == [
        (0, 1, "JOHN"),
        (2, 3, "BOB"),
    ]
