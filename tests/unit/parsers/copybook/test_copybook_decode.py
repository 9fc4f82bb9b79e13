"""Decoding real encoded records value by value: numbers, text, OCCURS, ODO, REDEFINES."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from copybook_encode import binary, decode, packed, text, zoned

FIXTURES = Path(__file__).parent / "fixtures"


def test_comp3_positive_negative_and_implied_decimals(tmp_path: Path) -> None:
    copybook = """
       01 R.
          05 AMT   PIC S9(7)V99 COMP-3.
          05 QTY   PIC S9(5)    COMP-3.
          05 EVEN  PIC 9(4)     COMP-3.
          05 BIG   PIC S9(17)V9 COMP-3.
    """
    values = [(12345, 5, 9999, 10**17 + 1), (-1, -99999, 0, -(10**18 - 1)), (0, 0, 1, 0)]
    data = b"".join(
        packed(a, 9) + packed(q, 5) + packed(e, 4, signed=False) + packed(b, 18)
        for a, q, e, b in values
    )
    outcome, rows = decode(tmp_path, copybook, data)
    assert [r["R.AMT"] for r in rows] == [Decimal("123.45"), Decimal("-0.01"), Decimal("0.00")]
    assert [r["R.QTY"] for r in rows] == [5, -99999, 0]
    assert [r["R.EVEN"] for r in rows] == [9999, 0, 1]
    assert [r["R.BIG"] for r in rows] == [
        Decimal("10000000000000000.1"),
        Decimal("-99999999999999999.9"),
        Decimal("0.0"),
    ]
    assert outcome.tables[0].dtypes == ("decimal128(9, 2)", "int64", "int64", "decimal128(18, 1)")
    assert outcome.tables[0].preview[1]["R.AMT"] == "-0.01"


def test_wide_packed_and_zoned_over_18_digits(tmp_path: Path) -> None:
    copybook = "01 R. 05 P PIC S9(25)V9(5) COMP-3. 05 Z PIC S9(20)."
    big = 1234567890123456789012345_12345
    data = packed(-big, 30) + zoned(10**19 + 7, 20)
    outcome, rows = decode(tmp_path, copybook, data)
    assert rows[0]["R.P"] == Decimal("-1234567890123456789012345.12345")
    assert rows[0]["R.Z"] == Decimal("10000000000000000007")
    assert outcome.tables[0].preview[0]["R.Z"] == "10000000000000000007"


def test_binary_comp_comp4_binary_and_comp5(tmp_path: Path) -> None:
    copybook = """
       01 R.
          05 H   PIC S9(4)  COMP.
          05 UH  PIC 9(4)   COMP-4.
          05 F   PIC S9(9)  BINARY.
          05 D   PIC S9(18) COMP.
          05 UD  PIC 9(18)  COMP-5.
          05 N5  PIC S9(4)  COMP-5.
          05 DEC PIC S9(5)V99 COMP.
    """
    rows_in = [
        (-2, 65535, -123456789, -(10**18) + 1, 2**64 - 1, -32768, -12345),
        (32767, 0, 2**31 - 1, 42, 7, 32767, 1),
    ]
    data = b"".join(
        binary(h, 2)
        + binary(uh, 2, signed=False)
        + binary(f, 4)
        + binary(d, 8)
        + binary(ud, 8, signed=False)
        + binary(n5, 2)
        + binary(dec, 4)
        for h, uh, f, d, ud, n5, dec in rows_in
    )
    outcome, rows = decode(tmp_path, copybook, data)
    for row, (h, uh, f, d, ud, n5, dec) in zip(rows, rows_in, strict=True):
        assert (row["R.H"], row["R.UH"], row["R.F"], row["R.D"]) == (h, uh, f, d)
        assert (row["R.UD"], row["R.N5"]) == (ud, n5)
        assert row["R.DEC"] == Decimal(dec).scaleb(-2)
    assert outcome.tables[0].dtypes[4] == "uint64"
    assert outcome.tables[0].preview[0]["R.UD"] == 2**64 - 1


@pytest.mark.parametrize("leading", [False, True])
def test_signed_zoned_overpunch_and_separate(tmp_path: Path, leading: bool) -> None:
    sign = "LEADING" if leading else "TRAILING"
    copybook = f"""
       01 R.
          05 A PIC S9(5)V99 SIGN {sign}.
          05 B PIC S9(3) SIGN IS {sign} SEPARATE CHARACTER.
          05 C PIC 9(4).
          05 D PIC S9(3).
    """
    cases = [(-1234567, -5, 1234, 0), (89, 999, 0, -100), (0, -999, 9, 7)]
    data = b"".join(
        zoned(a, 7, leading=leading)
        + zoned(b, 3, leading=leading, separate=True)
        + zoned(c, 4, signed=False)
        + zoned(d, 3)
        for a, b, c, d in cases
    )
    _, rows = decode(tmp_path, copybook, data)
    for row, (a, b, c, d) in zip(rows, cases, strict=True):
        assert row["R.A"] == Decimal(a).scaleb(-2)
        assert (row["R.B"], row["R.C"], row["R.D"]) == (b, c, d)


def test_ebcdic_accepts_alternate_sign_zones(tmp_path: Path) -> None:
    data = bytes([0xF1, 0xF2, 0xF3]) + bytes([0xF4, 0xF5, 0xB6]) + bytes([0x12, 0x3A])
    _, rows = decode(tmp_path, "01 R. 05 A PIC S999. 05 B PIC S999. 05 C PIC S999 COMP-3.", data)
    assert (rows[0]["R.A"], rows[0]["R.B"], rows[0]["R.C"]) == (123, -456, 123)


def test_ascii_records_text_and_overpunch(tmp_path: Path) -> None:
    copybook = "01 R. 05 NAME PIC X(8). 05 N PIC S9(4). 05 M PIC S9(3) SIGN LEADING. 05 U PIC 9(2)."
    data = (
        text("Zoë", 8, "latin-1")
        + zoned(-1234, 4, ebcdic=False)
        + zoned(56, 3, ebcdic=False, leading=True)
        + zoned(7, 2, signed=False, ebcdic=False)
        + text("", 8, "latin-1")
        + b"012p"  # Micro Focus style negative zero-digit overpunch
        + b"}00"
        + b"99"
    )
    outcome, rows = decode(tmp_path, copybook, data, encoding="latin-1")
    assert [(r["R.NAME"], r["R.N"], r["R.M"], r["R.U"]) for r in rows] == [
        ("Zoë", -1234, 56, 7),
        ("", -120, 0, 99),
    ]
    assert outcome.metadata["code_page_family"] == "ascii"


def test_cp037_versus_cp500_text(tmp_path: Path) -> None:
    copybook = "01 R. 05 T PIC X(6)."
    data = "[a!b] ".encode("cp500")
    _, cp500_rows = decode(tmp_path, copybook, data, encoding="cp500")
    assert cp500_rows[0]["R.T"] == "[a!b]"
    _, cp037_rows = decode(tmp_path, copybook, data, encoding="cp037")
    assert cp037_rows[0]["R.T"] == data.decode("cp037").rstrip(" ")
    assert cp037_rows[0]["R.T"] != "[a!b]"


def test_text_is_trimmed_right_only_and_keeps_accents(tmp_path: Path) -> None:
    copybook = "01 R. 05 T PIC X(10). 05 U PIC X(3)."
    data = text("  café  é", 10) + text("", 3) + text("ÀÉÎÕÜ", 10) + text("abc", 3)
    _, rows = decode(tmp_path, copybook, data, string_trimming_policy="right")
    assert [(r["R.T"], r["R.U"]) for r in rows] == [("  café  é", ""), ("ÀÉÎÕÜ", "abc")]


def test_fixture_fixed_file_with_redefines_occurs_filler_and_88(tmp_path: Path) -> None:
    copybook = (FIXTURES / "custmast.cpy").read_text()

    def record(branch, number, name, status, balance, limit, opened, risk, txns, phones):
        body = (
            zoned(branch, 3, signed=False)
            + zoned(number, 7, signed=False)
            + text(name, 25)
            + text(status, 1)
            + packed(balance, 11)
            + packed(limit, 9)
            + zoned(opened, 8, signed=False)
            + zoned(risk, 4, leading=True, separate=True)
            + binary(txns, 4)
            + b"".join(text(kind, 1) + text(num, 12) for kind, num in phones)
            + text("FILLER DATA IGNORED", 30)
        )
        assert len(body) == 120
        return body

    data = record(
        1,
        42,
        "ACME CORP",
        "A",
        -123456,
        500000,
        20240131,
        -125,
        7,
        [("H", "555-0100"), ("M", "555-0199")],
    )
    data += record(
        999, 9999999, "JOSÉ ÑÚÑEZ", "D", 99999999999, 0, 19991231, 9999, -1, [("W", "0"), (" ", "")]
    )
    outcome, rows = decode(tmp_path, copybook, data)
    first, second = rows
    assert first == {
        "CUSTOMER-MASTER.CUST-KEY.CUST-BRANCH": 1,
        "CUSTOMER-MASTER.CUST-KEY.CUST-NUMBER": 42,
        "CUSTOMER-MASTER.CUST-NAME": "ACME CORP",
        "CUSTOMER-MASTER.CUST-STATUS": "A",
        "CUSTOMER-MASTER.CUST-BALANCE": Decimal("-1234.56"),
        "CUSTOMER-MASTER.CUST-CREDIT-LIMIT": Decimal("5000.00"),
        "CUSTOMER-MASTER.CUST-OPENED": 20240131,
        "CUSTOMER-MASTER.CUST-OPENED-R.CUST-OPENED-CCYY": 2024,
        "CUSTOMER-MASTER.CUST-OPENED-R.CUST-OPENED-MM": 1,
        "CUSTOMER-MASTER.CUST-OPENED-R.CUST-OPENED-DD": 31,
        "CUSTOMER-MASTER.CUST-RISK-SCORE": Decimal("-12.5"),
        "CUSTOMER-MASTER.CUST-TXN-COUNT": 7,
        "CUSTOMER-MASTER.CUST-PHONES[1].PHONE-TYPE": "H",
        "CUSTOMER-MASTER.CUST-PHONES[1].PHONE-NUMBER": "555-0100",
        "CUSTOMER-MASTER.CUST-PHONES[2].PHONE-TYPE": "M",
        "CUSTOMER-MASTER.CUST-PHONES[2].PHONE-NUMBER": "555-0199",
    }
    assert second["CUSTOMER-MASTER.CUST-NAME"] == "JOSÉ ÑÚÑEZ"
    assert second["CUSTOMER-MASTER.CUST-BALANCE"] == Decimal("999999999.99")
    assert second["CUSTOMER-MASTER.CUST-RISK-SCORE"] == Decimal("999.9")
    assert second["CUSTOMER-MASTER.CUST-TXN-COUNT"] == -1
    assert second["CUSTOMER-MASTER.CUST-PHONES[2].PHONE-TYPE"] == ""
    assert not any("FILLER" in name for name in outcome.tables[0].columns)
    fields = {f["path"]: f for f in outcome.metadata["layout"]["fields"]}
    assert [c["name"] for c in fields["CUSTOMER-MASTER.CUST-STATUS"]["conditions"]] == [
        "CUST-ACTIVE",
        "CUST-DORMANT",
        "CUST-CLOSED",
    ]
    assert fields["CUSTOMER-MASTER.CUST-OPENED-R"]["redefines"] == "CUST-OPENED"
    assert outcome.metadata["overlay_invalid_values"] == {}


def test_redefines_text_view_and_numeric_view_with_invalid_numbers_nulled(tmp_path: Path) -> None:
    copybook = """
       01 R.
          05 KIND PIC X.
          05 BODY PIC X(4).
          05 AMOUNT REDEFINES BODY PIC S9(5)V99 COMP-3.
          05 CODE-NUM REDEFINES BODY PIC 9(4).
    """
    data = text("A", 1) + packed(-12345, 7) + text("N", 1) + zoned(1234, 4, signed=False)
    outcome, rows = decode(tmp_path, copybook, data)
    assert rows[0]["R.AMOUNT"] == Decimal("-123.45")
    assert rows[0]["R.CODE-NUM"] is None
    assert rows[1]["R.CODE-NUM"] == 1234
    assert rows[1]["R.AMOUNT"] is None
    assert rows[1]["R.BODY"] == "1234"
    assert outcome.metadata["overlay_invalid_values"] == {"R.AMOUNT": 1, "R.CODE-NUM": 1}


def test_hfp_floats_and_p_scaling(tmp_path: Path) -> None:
    copybook = "01 R. 05 F COMP-1. 05 D COMP-2. 05 S PIC 9(3)PP. 05 L PIC SVPP9(2)."
    data = (
        bytes.fromhex("C276A000")  # -118.625 in IBM hexadecimal floating point
        + bytes.fromhex("4110000000000000")  # 1.0
        + zoned(123, 3, signed=False)
        + zoned(-45, 2)
    )
    outcome, rows = decode(tmp_path, copybook, data)
    assert rows[0]["R.F"] == -118.625
    assert rows[0]["R.D"] == 1.0
    assert rows[0]["R.S"] == 12300
    assert rows[0]["R.L"] == Decimal("-0.0045")
    assert outcome.tables[0].dtypes[:3] == ("double", "double", "int64")


def test_outcome_shape_preview_is_json_and_parquet_types(tmp_path: Path) -> None:
    copybook = "01 CUST. 05 ID PIC 9(5). 05 BAL PIC S9(5)V99 COMP-3. 05 NAME PIC X(4)."
    data = zoned(7, 5, signed=False) + packed(-150, 7) + text("AB", 4)
    outcome, _ = decode(tmp_path, copybook, data)
    assert (outcome.parser, outcome.content_kind, outcome.record_count) == (
        "copybook",
        "records",
        1,
    )
    (table,) = outcome.tables
    assert table.name == "CUST"
    assert table.columns == ("CUST.ID", "CUST.BAL", "CUST.NAME")
    assert table.preview == [{"CUST.ID": 7, "CUST.BAL": "-1.50", "CUST.NAME": "AB"}]
    json.dumps(outcome.metadata)
    json.dumps(table.preview)
    schema = pq.read_schema(table.parquet_path)
    assert schema.field("CUST.BAL").type == pa.decimal128(7, 2)
    assert [c["offset"] for c in outcome.metadata["columns"]] == [0, 5, 9]
    assert outcome.metadata["encoding"] == "cp037"
    assert not list((tmp_path / "out").glob(".*partial"))


def test_polars_reads_decimals(tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    outcome, _ = decode(tmp_path, "01 R. 05 A PIC S9(3)V99 COMP-3.", packed(-12345, 5))
    frame = pl.read_parquet(outcome.tables[0].parquet_path)
    assert str(frame["R.A"][0]) == "-123.45"


def test_empty_file_gives_an_empty_table(tmp_path: Path) -> None:
    outcome, rows = decode(tmp_path, "01 R. 05 A PIC X.", b"")
    assert rows == []
    assert outcome.record_count == 0
    assert outcome.tables[0].preview == []


def test_eight_byte_binary_with_decimals_and_p_scaled_wide_zoned(tmp_path: Path) -> None:
    copybook = "01 R. 05 B PIC S9(15)V99 COMP. 05 U PIC 9(16)V99 COMP-5. 05 Z PIC 9(17)PP."
    data = (
        binary(-(2**63), 8)
        + binary(2**64 - 1, 8, signed=False)
        + zoned(10**17 - 1, 17, signed=False)
    )
    outcome, rows = decode(tmp_path, copybook, data)
    assert rows[0]["R.B"] == Decimal("-92233720368547758.08")
    assert rows[0]["R.U"] == Decimal("184467440737095516.15")
    assert rows[0]["R.Z"] == Decimal("9999999999999999900")
    assert outcome.tables[0].dtypes == (
        "decimal128(19, 2)",
        "decimal128(20, 2)",
        "decimal128(19, 0)",
    )
