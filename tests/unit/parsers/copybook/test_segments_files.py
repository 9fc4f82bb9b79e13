"""Multi-segment files (issue #16): Cobrix's segment_field + redefine_segment_id_map give one
table per segment; segment_children links each child record to its parent's Record_Id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.unit.parsers.copybook.test_files_formats import cell, parse, rows_of

from symphainy.parsers import ParseError

# Cobrix's README example, shortened: a company (C) record and its contact (P) records.
COPYBOOK = """
       01 COMPANY-DETAILS.
          05 SEGMENT-ID      PIC X(1).
          05 COMPANY-ID      PIC 9(3).
          05 STATIC-DETAILS.
             10 COMPANY-NAME PIC X(6).
             10 EMPLOYEES    PIC 9(3) COMP-3.
          05 CONTACTS REDEFINES STATIC-DETAILS.
             10 PHONE        PIC 9(5).
             10 FILLER       PIC X(3).
"""
RDW = bytes([0, 0x0C + 4, 0, 0])  # 12-byte records after big-endian RDWs counting themselves


def company(ident: int, name: str, employees: int) -> bytes:
    # C, ID as zoned digits, name in EBCDIC, employees packed: 3 digits + sign C in 2 bytes
    digits = f"{employees:03d}"
    packed = bytes([int(digits[0]) << 4 | int(digits[1]), int(digits[2]) << 4 | 0xC])
    return (
        RDW
        + "C".encode("cp037")
        + f"{ident:03d}".encode("cp037")
        + name.ljust(6).encode("cp037")
        + packed
    )


def contact(ident: int, phone: str) -> bytes:
    return (
        RDW
        + "P".encode("cp037")
        + f"{ident:03d}".encode("cp037")
        + phone.encode("cp037")
        + b"\x40" * 3
    )


DATA = (
    company(1, "ACME", 12)  # record 0
    + contact(1, "55501")  # record 1
    + contact(1, "55502")  # record 2
    + company(2, "GLOBEX", 5)  # record 3
    + contact(2, "55503")  # record 4
)
OPTIONS: dict[str, Any] = {
    "record_format": "V",
    "is_rdw_big_endian": "true",
    "rdw_adjustment": "-4",
    "segment_field": "SEGMENT_ID",  # Cobrix spelling of SEGMENT-ID
    "redefine_segment_id_map": ["STATIC-DETAILS => C", "CONTACTS => P"],
}


def test_one_table_per_segment(tmp_path: Path) -> None:
    outcome = parse(tmp_path, DATA, COPYBOOK, generate_record_id=True, **OPTIONS)
    assert [t.name for t in outcome.tables] == ["STATIC-DETAILS", "CONTACTS"]
    companies, contacts = rows_of(outcome, 0), rows_of(outcome, 1)
    assert [
        (r["Record_Id"], cell(r, "COMPANY-ID"), cell(r, "COMPANY-NAME"), cell(r, "EMPLOYEES"))
        for r in companies
    ] == [(0, 1, "ACME", 12), (3, 2, "GLOBEX", 5)]
    assert [(r["Record_Id"], cell(r, "COMPANY-ID"), cell(r, "PHONE")) for r in contacts] == [
        (1, 1, 55501),
        (2, 1, 55502),
        (4, 2, 55503),
    ]
    # a segment's table holds the shared columns and its own group's, never the other's
    assert not any("PHONE" in c for c in outcome.tables[0].columns)
    assert not any("EMPLOYEES" in c for c in outcome.tables[1].columns)
    assert outcome.record_count == 5
    # contacts never decode the company bytes: no invalid value was met anywhere
    assert outcome.metadata["overlay_invalid_values"] == {}
    assert [s["table"] for s in outcome.metadata["schema"]] == ["STATIC-DETAILS", "CONTACTS"]


def test_children_carry_their_parent_record_id(tmp_path: Path) -> None:
    outcome = parse(
        tmp_path, DATA, COPYBOOK, segment_children="STATIC-DETAILS => CONTACTS", **OPTIONS
    )
    contacts = rows_of(outcome, 1)
    # contacts 1 and 2 follow company record 0; contact 4 follows company record 3
    assert [(r["Record_Id"], r["Parent_Record_Id"]) for r in contacts] == [(1, 0), (2, 0), (4, 3)]
    assert "Parent_Record_Id" not in outcome.tables[0].columns


def test_parent_ids_cross_read_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from symphainy.parsers.copybook import _reader

    monkeypatch.setattr(_reader, "BLOCK_BYTES", 20)  # about one record per read step
    mapping = {"STATIC-DETAILS": ["C"], "CONTACTS": ["P"]}
    options = {**OPTIONS, "redefine_segment_id_map": mapping}
    outcome = parse(
        tmp_path, DATA, COPYBOOK, segment_children={"STATIC-DETAILS": ["CONTACTS"]}, **options
    )
    assert [r["Parent_Record_Id"] for r in rows_of(outcome, 1)] == [0, 0, 3]


def test_an_invalid_value_in_the_own_group_is_not_hidden_as_an_overlay(tmp_path: Path) -> None:
    bad = bytearray(company(3, "INITEC", 7))
    bad[-2] = 0xAB  # EMPLOYEES' first byte: digit nibbles A and B are not decimal digits
    with pytest.raises(ParseError) as caught:
        parse(tmp_path, DATA + bytes(bad), COPYBOOK, **OPTIONS)
    # record 6 (1-based); its data starts at 5 * 16 + 4 = 84; EMPLOYEES is at byte 10
    assert (caught.value.extra["record"], caught.value.extra["offset"]) == (6, 94)


def test_an_unmapped_segment_id_is_refused(tmp_path: Path) -> None:
    other = bytearray(contact(9, "00000"))
    other[4] = "X".encode("cp037")[0]
    with pytest.raises(ParseError) as caught:
        parse(tmp_path, DATA + bytes(other), COPYBOOK, **OPTIONS)
    assert caught.value.extra["segment_id"] == "X"
    assert (caught.value.extra["record"], caught.value.extra["offset"]) == (6, 84)


def test_an_unknown_group_is_refused(tmp_path: Path) -> None:
    options = {**OPTIONS, "redefine_segment_id_map": {"NO-SUCH-GROUP": ["C"]}}
    with pytest.raises(ParseError, match="'NO-SUCH-GROUP' is not a group of the copybook"):
        parse(tmp_path, DATA, COPYBOOK, **options)


def test_header_detail_trailer_01_records_as_segments(tmp_path: Path) -> None:
    # each 01 record is a segment: a 9-byte header, 11-byte details, a 7-byte trailer
    copybook = """
       01 HEADER-REC.
          05 H-TYPE   PIC X.
          05 H-DATE   PIC 9(8).
       01 DETAIL-REC.
          05 D-TYPE   PIC X.
          05 D-ID     PIC 9(4).
          05 D-NAME   PIC X(6).
       01 TRAILER-REC.
          05 T-TYPE   PIC X.
          05 T-COUNT  PIC 9(6).
    """
    records = ["H20240229", "D0017WIDGET", "D0018GADGET", "T000002"]
    data = b"".join((len(r) + 4).to_bytes(2, "big") + b"\0\0" + r.encode("cp037") for r in records)
    outcome = parse(
        tmp_path,
        data,
        copybook,
        record_format="rdw",
        segment_field="H-TYPE",
        redefine_segment_id_map=["HEADER-REC => H", "DETAIL-REC => D", "TRAILER-REC => T"],
    )
    assert [t.name for t in outcome.tables] == ["HEADER-REC", "DETAIL-REC", "TRAILER-REC"]
    (head,), lines, (tail,) = rows_of(outcome, 0), rows_of(outcome, 1), rows_of(outcome, 2)
    assert (cell(head, "H-TYPE"), cell(head, "H-DATE")) == ("H", 20240229)
    assert [(cell(r, "D-ID"), cell(r, "D-NAME")) for r in lines] == [(17, "WIDGET"), (18, "GADGET")]
    assert cell(tail, "T-COUNT") == 2
    # each record is decoded only as its own record type: nothing invalid, nothing nulled
    assert outcome.metadata["overlay_invalid_values"] == {}
    assert not any("D-" in c for c in outcome.tables[0].columns)


def test_segment_filter_alone_keeps_the_listed_records(tmp_path: Path) -> None:
    options = {k: v for k, v in OPTIONS.items() if k != "redefine_segment_id_map"}
    outcome = parse(
        tmp_path, DATA, COPYBOOK, segment_filter="C", generate_record_id=True, **options
    )
    assert len(outcome.tables) == 1
    rows = rows_of(outcome)
    # the two company records (0 and 3); contacts are skipped, Record_Id still counts them
    assert [(r["Record_Id"], cell(r, "COMPANY-NAME")) for r in rows] == [(0, "ACME"), (3, "GLOBEX")]
    assert outcome.record_count == 2


def test_segment_filter_with_a_map(tmp_path: Path) -> None:
    outcome = parse(tmp_path, DATA, COPYBOOK, segment_filter=["P"], **OPTIONS)
    assert [t.row_count for t in outcome.tables] == [0, 3]
    with pytest.raises(ParseError, match="segment_filter: 'Q' in no redefine_segment_id_map"):
        parse(tmp_path, DATA, COPYBOOK, segment_filter="P,Q", **OPTIONS)


def test_generated_segment_ids_as_cobrix(tmp_path: Path) -> None:
    # Cobrix's segment_id_level0/1 with prefix "A": a company (root) record starts
    # "A_0_{record}"; each contact counts within its company: "{root}_L1_{n}"; Seg_Id1 is
    # null on root records. Records: C0 P1 P2 C3 P4.
    options = {k: v for k, v in OPTIONS.items() if k != "redefine_segment_id_map"}
    outcome = parse(
        tmp_path,
        DATA,
        COPYBOOK,
        segment_id_level0="C",
        segment_id_level1="_",  # every other id: the contacts
        segment_id_prefix="A",
        **options,
    )
    rows = rows_of(outcome)
    assert [(r["Seg_Id0"], r["Seg_Id1"]) for r in rows] == [
        ("A_0_0", None),
        ("A_0_0", "A_0_0_L1_1"),
        ("A_0_0", "A_0_0_L1_2"),
        ("A_0_3", None),
        ("A_0_3", "A_0_3_L1_1"),
    ]
    # with a map, each segment's table carries them; companies and contacts join on Seg_Id0
    levels = {"segment_id_level0": "C", "segment_id_level1": "P", "segment_id_prefix": "A"}
    split = parse(tmp_path, DATA, COPYBOOK, **levels, **OPTIONS)
    assert [r["Seg_Id0"] for r in rows_of(split, 1)] == ["A_0_0", "A_0_0", "A_0_3"]
    with pytest.raises(ParseError, match="from level 0 without gaps"):
        parse(tmp_path, DATA, COPYBOOK, segment_id_level1="P", **OPTIONS)
