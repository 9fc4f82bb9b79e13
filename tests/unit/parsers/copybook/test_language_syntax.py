"""Copybook syntax real copybooks use (issue #16): each case decodes bytes written by hand.

Every expected value is derived in a comment from the bytes (EBCDIC cp037 unless said:
digits 0-9 are F0-F9, space 40, '.' 4B, ',' 6B, '-' 60, '+' 4E, '*' 5C, '$' 5B, 'C' C3,
'R' D9, 'D' C4, 'B' C2).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from copybook_encode import decode

from symphainy.parsers._model import ParseError
from symphainy.parsers.copybook import ValueOptions, parse_copybook


def test_comp0_is_big_endian_binary(tmp_path: Path) -> None:
    copybook = "01 R. 05 A PIC S9(4) COMP-0. 05 B PIC 9(4) COMPUTATIONAL-0."
    # A: FF FE = two's complement -2; B: 01 00 = 256.
    outcome, rows = decode(tmp_path, copybook, bytes.fromhex("FFFE0100"))
    assert rows == [{"R.A": -2, "R.B": 256}]
    assert outcome.tables[0].dtypes == ("int64", "int64")


EDITED = """
       01 R.
          05 E1 PIC 9(8).9(2).
          05 E2 PIC ZZZ9.
          05 E3 PIC +++9.
          05 E4 PIC 999.99CR.
          05 E5 PIC -ZZ9.
          05 E6 PIC Z,ZZ9.99-.
          05 E7 PIC 99B99.
          05 E8 PIC 9990.
          05 E9 PIC ***9.99.
          05 EA PIC $$,$$9.99.
          05 EB PIC 99/99DB.
"""
# Record 1, field by field:
#   E1 "00001234.56"  F0F0F0F0F1F2F3F4 4B F5F6       -> 1234.56
#   E2 "  42"         4040 F4F2                      -> 42 (Z suppresses to spaces)
#   E3 " -12"         40 60 F1F2                     -> -12 (floating sign string)
#   E4 "012.34CR"     F0F1F2 4B F3F4 C3D9            -> -12.34 (CR: negative)
#   E5 "- 12"         60 40 F1F2                     -> -12 (fixed leading minus)
#   E6 "1,234.50-"    F1 6B F2F3F4 4B F5F0 60        -> -1234.50 (trailing minus)
#   E7 "12 34"        F1F2 40 F3F4                   -> 1234 (B inserts a blank)
#   E8 "1230"         F1F2F3 F0                      -> 123 (the last 0 is inserted)
#   E9 "**12.50"      5C5C F1F2 4B F5F0              -> 12.50 (check protection)
#   EA "$1,234.56"    5B F1 6B F2F3F4 4B F5F6        -> 1234.56 (floating $)
#   EB "12/34DB"      F1F2 61 F3F4 C4C2              -> -1234 (DB: negative)
RECORD_1 = (
    "F0F0F0F0F1F2F3F44BF5F6"
    "4040F4F2"
    "4060F1F2"
    "F0F1F24BF3F4C3D9"
    "6040F1F2"
    "F16BF2F3F44BF5F060"
    "F1F240F3F4"
    "F1F2F3F0"
    "5C5CF1F24BF5F0"
    "5BF16BF2F3F44BF5F6"
    "F1F261F3F4C4C2"
)
# Record 2: the positive and blank forms.
#   E1 "99999999.99" -> 99999999.99; E2 "   0" -> 0; E3 "  +5" -> 5; E4 "000.01  " -> 0.01
#   E5 "  99" -> 99; E6 "    0.00 " -> 0.00; E7 "00 01" -> 1; E8 "0000" -> 0
#   E9 "***0.01" -> 0.01 (the 9 position is always a digit); EA "    $0.99" -> 0.99
#   EB "00/01  " -> 1
RECORD_2 = (
    "F9F9F9F9F9F9F9F94BF9F9"
    "404040F0"
    "40404EF5"
    "F0F0F04BF0F14040"
    "4040F9F9"
    "40404040F04BF0F040"
    "F0F040F0F1"
    "F0F0F0F0"
    "5C5C5CF04BF0F1"
    "404040405BF04BF9F9"
    "F0F061F0F14040"
)


def test_numeric_edited_pictures_are_decoded_by_position(tmp_path: Path) -> None:
    outcome, rows = decode(tmp_path, EDITED, bytes.fromhex(RECORD_1 + RECORD_2))
    names = ["E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "EA", "EB"]
    first = [Decimal("1234.56"), 42, -12, Decimal("-12.34"), -12, Decimal("-1234.50")]
    first += [1234, 123, Decimal("12.50"), Decimal("1234.56"), -1234]
    second = [Decimal("99999999.99"), 0, 5, Decimal("0.01"), 99, Decimal("0.00"), 1, 0]
    second += [Decimal("0.01"), Decimal("0.99"), 1]
    assert [rows[0][f"R.{n}"] for n in names] == first
    assert [rows[1][f"R.{n}"] for n in names] == second
    dtypes = dict(zip(outcome.tables[0].columns, outcome.tables[0].dtypes, strict=True))
    assert (dtypes["R.E1"], dtypes["R.E2"], dtypes["R.E4"]) == (
        "decimal128(10, 2)",
        "int64",
        "decimal128(5, 2)",
    )


def test_edited_picture_with_a_letter_in_a_digit_position_names_the_byte(
    tmp_path: Path,
) -> None:
    # "1A.00" in PIC 99.99: byte 1 is C1 ('A') where a digit must be.
    with pytest.raises(ParseError) as caught:
        decode(tmp_path, "01 R. 05 E PIC 99.99.", bytes.fromhex("F1C14BF0F0"))
    assert "0xC1" in caught.value.detail
    assert caught.value.extra["offset"] == 1


def test_binary_beyond_18_digits_is_an_exact_decimal(tmp_path: Path) -> None:
    copybook = "01 R. 05 U PIC 9(20) COMP. 05 S PIC S9(20) BINARY."
    # 20 digits: ceil((66.4 bits + 1) / 8) = 9 bytes each.
    # U: 10**19 + 7 = 0x8AC7230489E80007 -> 00 8A C7 23 04 89 E8 00 07
    # S: FF x 9 = two's complement -1
    data = bytes.fromhex("008AC7230489E80007" + "FF" * 9)
    outcome, rows = decode(tmp_path, copybook, data)
    assert rows == [{"R.U": 10**19 + 7, "R.S": -1}]
    assert outcome.tables[0].dtypes == ("decimal128(20, 0)", "decimal128(20, 0)")
    assert parse_copybook(copybook).column("R.U").element.length == 9
    # Cobrix's byte count, ceil((digits x log2(10) + 1) / 8), signed or not: 24 digits are
    # 79.7 bits + 1 = 80.7 -> 11 bytes (10 would hold every unsigned value, but the files
    # Cobrix reads have 11).
    assert parse_copybook("01 R. 05 X PIC 9(24) COMP.").record_length == 11


def test_sign_clauses_on_any_numeric_field(tmp_path: Path) -> None:
    copybook = """
       01 R.
          05 L  PIC S9(3) SIGN IS LEADING.
          05 TS PIC S9(3) SIGN TRAILING SEPARATE CHARACTER.
          05 U  PIC 9(3) SIGN IS LEADING SEPARATE.
          05 G  SIGN LEADING SEPARATE.
             10 GZ PIC S9(2).
             10 GP PIC S9(3) COMP-3.
    """
    # L:  D1 F2 F3   -> leading overpunch D (negative) on 1: -123
    # TS: F1 F2 F3 60 -> 123 then separate '-': -123
    # U:  4E F4 F5 F6 -> SIGN on an unsigned PICTURE is tolerated: separate '+', 456
    # GZ: 60 F4 F2   -> the group's SIGN LEADING SEPARATE applies: -42
    # GP: 12 3D      -> COMP-3 ignores the SIGN clause: sign nibble D, -123
    data = bytes.fromhex("D1F2F3F1F2F3604EF4F5F660F4F2123D")
    _, rows = decode(tmp_path, copybook, data)
    assert rows == [{"R.L": -123, "R.TS": -123, "R.U": 456, "R.G.GZ": -42, "R.G.GP": -123}]


PROGRAM = """\
000100 IDENTIFICATION DIVISION.                                         PAYROLL1
000200 PROGRAM-ID. PAYROLL.                                             PAYROLL1
000300 AUTHOR. J. O. SMITH.                                             PAYROLL1
000400 ENVIRONMENT DIVISION.                                            PAYROLL1
000500 INPUT-OUTPUT SECTION.                                            PAYROLL1
000600 FILE-CONTROL. SELECT PAYFILE ASSIGN TO PAYDD.                    PAYROLL1
000700 DATA DIVISION.                                                   PAYROLL1
000800 FILE SECTION.                                                    PAYROLL1
000900 FD  PAYFILE RECORDING MODE IS F.                                 PAYROLL1
001000 01  PAY-REC.                                                     CHANGED 2019
001100     05  EMP-ID     PIC 9(4).                                     PAYROLL1
001200     05  EMP-NAME   PIC X(6).                                     PAYROLL1
001300 WORKING-STORAGE SECTION.                                         PAYROLL1
001400 LINKAGE SECTION.                                                 PAYROLL1
001500 PROCEDURE DIVISION.                                              PAYROLL1
001600     DISPLAY 'NOT DATA'.                                          PAYROLL1
"""


def test_division_headers_and_sequence_areas_are_skipped_as_compilers_do(
    tmp_path: Path,
) -> None:
    layout = parse_copybook(PROGRAM)
    assert [(c.name, c.offset, c.element.length) for c in layout.columns] == [
        ("PAY-REC.EMP-ID", 0, 4),
        ("PAY-REC.EMP-NAME", 4, 6),
    ]
    # EMP-ID "0042" F0F0F4F2, EMP-NAME "SMITH " E2D4C9E3C840
    _, rows = decode(tmp_path, PROGRAM, bytes.fromhex("F0F0F4F2E2D4C9E3C840"))
    assert rows == [{"PAY-REC.EMP-ID": 42, "PAY-REC.EMP-NAME": "SMITH"}]


def test_identification_area_right_after_column_72_in_a_numbered_copybook() -> None:
    # Column 72 holds the period and column 73 starts the identification area at once:
    # with sequence numbers in columns 1-6 the text is fixed format, and 73-80 is ignored.
    second = "000200    05 A PIC" + " " * 49 + "X(3)."
    assert len(second) == 72
    lines = ["000100 01 R.".ljust(72) + "IDENT001", second + "IDENT002"]
    layout = parse_copybook("\n".join(lines))
    assert [(c.name, c.element.length) for c in layout.columns] == [("R.A", 3)]


def test_binary_usages_comp5_comp9_and_pointer(tmp_path: Path) -> None:
    copybook = """
       01 R.
          05 N5 PIC S9(4) COMP-5.
          05 L4 PIC S9(4) COMP-9.
          05 L1 PIC 9(2) COMP-9.
          05 L8 PIC 9(8) COMP-9.
          05 P  POINTER.
    """
    # N5: FF FE big-endian -> -2
    # L4: FE FF little-endian (COMP-9, Cobrix's extension) -> 0xFFFE -> -2
    # L1: 2A, one byte for 1-2 digits -> 42
    # L8: 01 02 00 00 little-endian -> 0x0201 = 513
    # P:  00 00 10 00, a 4-byte address -> 4096
    data = bytes.fromhex("FFFEFEFF2A0102000000001000")
    _, rows = decode(tmp_path, copybook, data)
    assert rows == [{"R.N5": -2, "R.L4": -2, "R.L1": 42, "R.L8": 513, "R.P": 4096}]
    assert parse_copybook(copybook).record_length == 13


def test_value_clauses_multi_line_and_level_88(tmp_path: Path) -> None:
    copybook = """
       01 R.
          05 STATUS-CODE PIC X VALUE 'A'.
             88 OPEN-STATUS VALUES ARE 'A' 'B'
                                       'C' THRU 'E'.
             88 CLOSED-STATUS VALUE IS 'Z'.
          05 COUNTER PIC 9(3) VALUE ZERO.
          05 LABEL-TEXT PIC X(12) VALUE
             'FIRST PART'.
    """
    layout = parse_copybook(copybook)
    status = layout.to_json()["fields"][1]
    assert status["conditions"] == [
        {"name": "OPEN-STATUS", "values": ["A", "B"], "ranges": [["C", "E"]]},
        {"name": "CLOSED-STATUS", "values": ["Z"], "ranges": []},
    ]
    # "B" C2, COUNTER "007" F0F0F7, LABEL-TEXT "HELLO" C8C5D3D3D6 + 7 spaces
    data = bytes.fromhex("C2F0F0F7C8C5D3D3D6" + "40" * 7)
    _, rows = decode(tmp_path, copybook, data)
    assert rows == [{"R.STATUS-CODE": "B", "R.COUNTER": 7, "R.LABEL-TEXT": "HELLO"}]


FILLERS = """
       01 R.
          05 FILLER.
             10 INNER PIC X(2).
          05 FILLER PIC X(1).
          05 OUTER PIC X(2).
"""


def test_filler_groups_are_kept_or_dropped(tmp_path: Path) -> None:
    # INNER "AB" C1C2, a FILLER byte 40, OUTER "CD" C3C4
    data = bytes.fromhex("C1C240C3C4")
    _, rows = decode(tmp_path, FILLERS, data)
    assert rows == [{"R.INNER": "AB", "R.OUTER": "CD"}]
    _, rows = decode(tmp_path, FILLERS, data, drop_group_fillers="true")
    assert rows == [{"R.OUTER": "CD"}]


def test_renames_level_66_is_listed_in_the_layout(tmp_path: Path) -> None:
    copybook = """
       01 R.
          05 A PIC X(2).
          05 B PIC 9(3).
          05 C PIC X(4).
       66 AB RENAMES A THRU B.
       66 CC RENAMES C.
    """
    layout = parse_copybook(copybook)
    assert [c.name for c in layout.columns] == ["R.A", "R.B", "R.C"]
    assert layout.to_json()["renames"] == [
        {"name": "AB", "renames": "A", "thru": "B", "offset": 0, "length": 5, "line": 6},
        {"name": "CC", "renames": "C", "thru": None, "offset": 5, "length": 4, "line": 7},
    ]
    # A "XY" E7E8, B "012" F0F1F2, C "WXYZ" E6E7E8E9: the alias adds no column.
    _, rows = decode(tmp_path, copybook, bytes.fromhex("E7E8F0F1F2E6E7E8E9"))
    assert rows == [{"R.A": "XY", "R.B": 12, "R.C": "WXYZ"}]


@pytest.mark.parametrize(
    ("text", "words", "line", "column", "clause"),
    [
        ("01 R.\n 05 A PIC 9(4)   INDEX.", "USAGE INDEX", 2, 18, "INDEX"),
        ("01 R.\n    05 A PIC +9.9E+99.", "'E'", 2, 5, "PICTURE"),
        (
            "01 R.\n 05 A PIC X.\n 66 B RENAMES NOPE.",
            "RENAMES NOPE is not defined",
            3,
            2,
            "RENAMES",
        ),
        ("01 R.\n 05 A PIC X.\n 66 B RENAMES.", "66 name RENAMES", 3, 2, "RENAMES"),
        (
            "ENVIRONMENT DIVISION.\nCONFIGURATION SECTION.\nSPECIAL-NAMES.\n"
            "   DECIMAL-POINT IS COMMA.\nDATA DIVISION.\n01 R. 05 A PIC 9,99.",
            "DECIMAL-POINT IS COMMA",
            4,
            4,
            "DECIMAL-POINT",
        ),
    ],
)
def test_refusals_name_the_clause_line_and_column(
    text: str, words: str, line: int, column: int, clause: str
) -> None:
    with pytest.raises(ParseError) as caught:
        parse_copybook(text)
    assert words in caught.value.detail
    where = caught.value.extra
    assert (where["line"], where.get("column"), where.get("clause")) == (line, column, clause)
    assert caught.value.status == 422


def test_nested_odo_is_refused_when_tables_shrink() -> None:
    # variable_size_occurs true (tables take their current size): a table inside a table
    # of changing size has no fixed place, so it is refused, and the error says where.
    text = (
        "01 R.\n 05 N PIC 9.\n 05 M PIC 9.\n 05 T OCCURS 1 TO 3 DEPENDING ON N.\n"
        "  10 U PIC X OCCURS 1 TO 2 DEPENDING ON M."
    )
    with pytest.raises(ParseError) as caught:
        parse_copybook(text, values=ValueOptions(variable_size_occurs=True))
    assert "inside another OCCURS" in caught.value.detail
    where = caught.value.extra
    assert (where["line"], where["column"], where["clause"]) == (5, 3, "OCCURS DEPENDING ON")
    assert caught.value.status == 422
    # With the default (tables at their maximum size, as in Cobrix) the same copybook reads.
    assert parse_copybook(text).record_length == 1 + 1 + 3 * 2


NESTED_ODO = """
       01 R.
          05 N PIC 9.
          05 T OCCURS 1 TO 3 DEPENDING ON N.
             10 M PIC 9.
             10 U PIC X OCCURS 1 TO 2 DEPENDING ON M.
          05 AFTER PIC X.
"""


def test_nested_occurs_depending_on_with_tables_at_their_maximum(tmp_path: Path) -> None:
    # variable_size_occurs false (Cobrix's default): T is 3 x (1 + 2) = 9 bytes whatever
    # the counts, the record 1 + 9 + 1 = 11 bytes.
    # N "2" F2; T[1]: M "1" F1, U "A" C1 + unused 40; T[2]: M "2" F2, U "BC" C2 C3;
    # T[3] is absent (N = 2): E9 E9 E9 ("ZZZ", not even a digit for M) is never read;
    # AFTER "X" E7.
    data = bytes.fromhex("F2F1C140F2C2C3E9E9E9E7")
    _, rows = decode(tmp_path, NESTED_ODO, data, variable_size_occurs="false")
    assert rows == [
        {
            "R.N": 2,
            "R.T[1].M": 1,
            "R.T[1].U[1]": "A",
            "R.T[1].U[2]": None,
            "R.T[2].M": 2,
            "R.T[2].U[1]": "B",
            "R.T[2].U[2]": "C",
            "R.T[3].M": None,
            "R.T[3].U[1]": None,
            "R.T[3].U[2]": None,
            "R.AFTER": "X",
        }
    ]


def test_nested_odo_counter_out_of_range_names_its_occurrence(tmp_path: Path) -> None:
    # N "1" F1; T[1].M "3" F3 is over OCCURS 1 TO 2.
    data = bytes.fromhex("F1F3C1C2404040404040E7")
    with pytest.raises(ParseError) as caught:
        decode(tmp_path, NESTED_ODO, data, variable_size_occurs=False)
    assert "R.T[1].M = 3 is outside OCCURS 1 TO 2" in caught.value.detail
    assert caught.value.extra["offset"] == 1


def test_unsigned_packed_comp3u(tmp_path: Path) -> None:
    copybook = """
       01 R.
          05 A PIC 9(8) COMP-3U.
          05 B PIC X(2) COMP-3U.
          05 C PIC 9(3)V99 COMP-3U.
    """
    # Cobrix's COMP-3U: packed digits without a sign nibble.
    # A: 12 34 56 78 -> 12345678 (8 digits, 4 bytes)
    # B: 09 87 -> PIC X(2) is 2 bytes of 4 digits: 0987 = 987
    # C: 01 23 45 -> 5 digits in 3 bytes, the first nibble a 0 pad: 12345, scale 2: 123.45
    outcome, rows = decode(tmp_path, copybook, bytes.fromhex("123456780987012345"))
    assert rows == [{"R.A": 12345678, "R.B": 987, "R.C": Decimal("123.45")}]
    assert outcome.tables[0].dtypes == ("int64", "int64", "decimal128(5, 2)")
    # A sign nibble is no digit: 12 34 56 7C names the byte.
    with pytest.raises(ParseError) as caught:
        decode(tmp_path, copybook, bytes.fromhex("1234567C0987012345"))
    assert "COMP-3U" in caught.value.detail
    assert caught.value.extra["offset"] == 3


def test_signed_explicit_decimal_point_pictures(tmp_path: Path) -> None:
    # Cobrix's type-variety copybook has PIC S9(3).99 and the like: digits, a real '.',
    # and the sign overpunched (or separate, by the SIGN clause).
    copybook = """
       01 R.
          05 E3 PIC S9(3).99.
          05 E4 PIC S9(4).9(4) SIGN LEADING SEPARATE.
          05 E5 PIC S9(2).9 SIGN TRAILING SEPARATE.
          05 E6 PIC S9(2).9 SIGN IS LEADING.
    """
    # E3 "123.4" + 5 overpunched negative (D5): F1F2F3 4B F4 D5 -> -123.45
    # E4 "+1234.5678": 4E F1F2F3F4 4B F5F6F7F8 -> 1234.5678
    # E5 "12.3-": F1F2 4B F3 60 -> -12.3
    # E6 1 overpunched positive (C1) then "2.3": C1 F2 4B F3 -> 12.3
    data = bytes.fromhex("F1F2F34BF4D54EF1F2F3F44BF5F6F7F8F1F24BF360C1F24BF3")
    outcome, rows = decode(tmp_path, copybook, data)
    assert rows == [
        {
            "R.E3": Decimal("-123.45"),
            "R.E4": Decimal("1234.5678"),
            "R.E5": Decimal("-12.3"),
            "R.E6": Decimal("12.3"),
        }
    ]
    assert outcome.tables[0].dtypes == (
        "decimal128(5, 2)",
        "decimal128(8, 4)",
        "decimal128(3, 1)",
        "decimal128(3, 1)",
    )
