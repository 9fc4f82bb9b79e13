"""Numeric values at Cobrix parity (issue #16): floats, sign overpunching, nulls, types, names.

Bytes are written by hand; each expected value is derived in a comment.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from copybook_encode import decode

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook import parse_copybook
from symphainy.parsers.copybook._values import ValueOptions

FLOATS = "01 R. 05 F COMP-1. 05 D COMP-2."
# F = 1.0, D = -2.5 in each format:
#   IBM hex float: 1.0 = 0.1(hex) x 16^1 -> exponent 64+1 = 0x41, fraction 0x100000:
#     41 10 00 00. -2.5 = 0.28(hex) x 16^1 -> sign bit + 0x41 = C1, fraction 28 00..:
#     C1 28 00 00 00 00 00 00.
#   IEEE754: 1.0 -> 3F 80 00 00; -2.5 = -1.25 x 2^1 -> sign, exponent 1024 = 0x400,
#     mantissa .25 -> C0 04 00 00 00 00 00 00.
#   The little-endian variants are the same bytes reversed.
FLOAT_BYTES = {
    "IBM": "41100000C128000000000000",
    "IBM_little_endian": "0000104100000000000028C1",
    "IEEE754": "3F800000C004000000000000",
    "IEEE754_little_endian": "0000803F00000000000004C0",
}


@pytest.mark.parametrize("fmt", sorted(FLOAT_BYTES))
def test_floating_point_format(tmp_path: Path, fmt: str) -> None:
    data = bytes.fromhex(FLOAT_BYTES[fmt])
    _, rows = decode(tmp_path, FLOATS, data, floating_point_format=fmt)
    assert rows == [{"R.F": 1.0, "R.D": -2.5}]


def test_floats_default_to_ibm_for_ebcdic_and_ieee_for_ascii(tmp_path: Path) -> None:
    _, rows = decode(tmp_path, FLOATS, bytes.fromhex(FLOAT_BYTES["IBM"]))
    assert rows == [{"R.F": 1.0, "R.D": -2.5}]
    data = bytes.fromhex(FLOAT_BYTES["IEEE754"])
    _, rows = decode(tmp_path, FLOATS, data, encoding="ascii")
    assert rows == [{"R.F": 1.0, "R.D": -2.5}]


UNSIGNED = "01 R. 05 U PIC 9(3)."


def test_strict_sign_overpunching(tmp_path: Path) -> None:
    # F1 F2 C3: "12" then 3 with a positive overpunch (zone C) on an unsigned PICTURE.
    positive = bytes.fromhex("F1F2C3")
    with pytest.raises(ParseError) as caught:
        decode(tmp_path, UNSIGNED, positive)
    assert "0xC3" in caught.value.detail
    # Relaxed: the positive overpunch is taken (123), a negative one (D3) makes the value
    # null, a plain value (F4 F5 F6) is 456.
    data = positive + bytes.fromhex("F1F2D3F4F5F6")
    _, rows = decode(tmp_path, UNSIGNED, data, strict_sign_overpunching="false")
    assert [r["R.U"] for r in rows] == [123, None, 456]


def test_improved_null_detection_for_edited_numbers(tmp_path: Path) -> None:
    copybook = "01 R. 05 E PIC ZZZ.ZZ."
    # "      " (six 40s) is a valid ZZZ.ZZ (zero, every digit suppressed) but blank: null,
    # as Cobrix reads a blank number; "  1.50" (40 40 F1 4B F5 F0) is 1.50.
    data = bytes.fromhex("4040404040404040F14BF5F0")
    _, rows = decode(tmp_path, copybook, data)
    assert [r["R.E"] for r in rows] == [None, Decimal("1.50")]
    _, rows = decode(tmp_path, copybook, data, improved_null_detection=False)
    assert [r["R.E"] for r in rows] == [Decimal("0.00"), Decimal("1.50")]


def test_improved_null_detection_for_display_numbers(tmp_path: Path) -> None:
    # 40 40 40 (spaces) and 00 00 00 (NULs) are null; F0 F0 F7 is 7.
    data = bytes.fromhex("404040000000F0F0F7")
    _, rows = decode(tmp_path, UNSIGNED, data)
    assert [r["R.U"] for r in rows] == [None, None, 7]
    with pytest.raises(ParseError) as caught:
        decode(tmp_path, UNSIGNED, data, improved_null_detection=False)
    assert (caught.value.extra["record"], caught.value.extra["offset"]) == (1, 0)


TYPES = """
       01 R.
          05 Z  PIC S9(4).
          05 P  PIC S9(5)V99 COMP-3.
          05 B  PIC 9(4) COMP.
          05 L  PIC 9(18).
          05 W  PIC 9(19).
"""
# Z: F0 F0 F1 D2 -> -12 (overpunch D on the last digit 2)
# P: 12 34 56 7D -> digits 1234567, sign D -> -12345.67
# B: 27 0F -> 0x270F = 9999
# L: 18 x F9 -> 999999999999999999 (18 digits fit int64)
# W: F1 then 18 x F0 -> 10**18 (19 digits: decimal)
TYPES_DATA = "F0F0F1D21234567D270F" + "F9" * 18 + "F1" + "F0" * 18


def test_numbers_come_back_as_int64_and_exact_decimals(tmp_path: Path) -> None:
    outcome, rows = decode(tmp_path, TYPES, bytes.fromhex(TYPES_DATA))
    assert rows == [
        {
            "R.Z": -12,
            "R.P": Decimal("-12345.67"),
            "R.B": 9999,
            "R.L": 10**18 - 1,
            "R.W": Decimal(10**18),
        }
    ]
    assert outcome.tables[0].dtypes == (
        "int64",
        "decimal128(7, 2)",
        "int64",
        "int64",
        "decimal128(19, 0)",
    )


def test_strict_integral_precision_gives_the_copybook_digits(tmp_path: Path) -> None:
    outcome, rows = decode(
        tmp_path, TYPES, bytes.fromhex(TYPES_DATA), strict_integral_precision="true"
    )
    assert rows[0]["R.Z"] == Decimal(-12)
    assert rows[0]["R.B"] == Decimal(9999)
    assert outcome.tables[0].dtypes == (
        "decimal128(4, 0)",
        "decimal128(7, 2)",
        "decimal128(4, 0)",
        "decimal128(18, 0)",
        "decimal128(19, 0)",
    )


def test_strict_integral_precision_refuses_a_binary_value_beyond_its_digits(
    tmp_path: Path,
) -> None:
    # PIC 9(4) COMP holding 27 10 = 10000: five digits do not fit decimal(4, 0).
    with pytest.raises(ParseError) as caught:
        decode(
            tmp_path,
            "01 R. 05 B PIC 9(4) COMP.",
            bytes.fromhex("2710"),
            strict_integral_precision=True,
        )
    assert "beyond the 4 digits" in caught.value.detail


def test_schema_retention_policy_collapse_root(tmp_path: Path) -> None:
    copybook = "01 RECORD. 05 ID PIC 9(2). 05 COMPANY. 10 SHORT-NAME PIC X(3)."
    # ID "07" F0 F7, SHORT-NAME "ABC" C1 C2 C3
    data = bytes.fromhex("F0F7C1C2C3")
    outcome, rows = decode(tmp_path, copybook, data, schema_retention_policy="collapse_root")
    assert outcome.tables[0].columns == ("ID", "COMPANY.SHORT-NAME")
    assert rows == [{"ID": 7, "COMPANY.SHORT-NAME": "ABC"}]
    outcome, _ = decode(tmp_path, copybook, data)
    assert outcome.tables[0].columns == ("RECORD.ID", "RECORD.COMPANY.SHORT-NAME")


def _dtypes(values: ValueOptions) -> dict[object, object]:
    fields = parse_copybook(TYPES, values=values).to_json()["fields"]
    assert isinstance(fields, list)
    return {f["name"]: f.get("dtype") for f in fields if isinstance(f, dict)}


def test_the_layout_metadata_shows_the_types_the_options_give() -> None:
    assert _dtypes(ValueOptions(strict_integral_precision=True))["Z"] == "decimal128(4, 0)"
    assert _dtypes(ValueOptions())["Z"] == "int64"
