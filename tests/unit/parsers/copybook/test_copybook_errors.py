"""Malformed data fails loudly, with record (1-based), file offset (0-based) and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from copybook_encode import binary, decode, packed, rdw, text, zoned

from symphainy.parsers import ParseError
from symphainy.parsers.copybook import _reader

COPYBOOK = """
   01 R.
      05 ID   PIC 9(4).
      05 AMT  PIC S9(5)V99 COMP-3.
      05 NAME PIC X(3).
"""
RECLEN = 4 + 4 + 3


def _record(ident: int, amount: int, name: str) -> bytes:
    return zoned(ident, 4, signed=False) + packed(amount, 7) + text(name, 3)


def _fails(tmp_path: Path, copybook: str, data: bytes, **kwargs) -> ParseError:
    with pytest.raises(ParseError) as caught:
        decode(tmp_path, copybook, data, **kwargs)
    assert caught.value.problem_type == "parse-failed"
    assert not list((tmp_path / "out").glob("*.parquet")), "no partial output may remain"
    assert not list((tmp_path / "out").glob(".*partial"))
    return caught.value


def test_file_length_not_a_multiple_of_record_length(tmp_path: Path) -> None:
    data = _record(1, 1, "A") * 3 + b"\x40\x40"
    error = _fails(tmp_path, COPYBOOK, data)
    assert "3 whole records and 2 bytes left over" in error.detail
    assert error.extra == {
        "record": 4,
        "offset": 3 * RECLEN,
        "remainder": 2,
        "record_count": 3,
        "record_length": RECLEN,
    }


def test_bad_packed_digit_nibble(tmp_path: Path) -> None:
    bad = bytearray(_record(2, 12345, "B"))
    bad[5] = 0x2A  # second packed byte: digit nibble A
    error = _fails(tmp_path, COPYBOOK, _record(1, 1, "A") + bytes(bad))
    assert "invalid packed-decimal digit nibble" in error.detail
    assert (error.extra["record"], error.extra["offset"], error.extra["field"]) == (
        2,
        RECLEN + 5,
        "R.AMT",
    )


def test_bad_packed_sign_nibble(tmp_path: Path) -> None:
    bad = bytearray(_record(1, 12345, "B"))
    bad[7] = 0x47  # last packed byte: sign nibble 7
    error = _fails(tmp_path, COPYBOOK, bytes(bad))
    assert "sign nibble 0x7" in error.detail
    assert (error.extra["record"], error.extra["offset"], error.extra["field"]) == (1, 7, "R.AMT")
    assert error.extra["bytes"] == "00123447"


def test_non_numeric_zoned_digit(tmp_path: Path) -> None:
    data = _record(1, 1, "A") * 2 + text("12X4", 4) + packed(0, 7) + text("C", 3)
    error = _fails(tmp_path, COPYBOOK, data)
    assert "non-numeric zoned digit byte 0xE7" in error.detail
    assert (error.extra["record"], error.extra["offset"], error.extra["field"]) == (
        3,
        2 * RECLEN + 2,
        "R.ID",
    )


def test_negative_overpunch_in_unsigned_zoned_field(tmp_path: Path) -> None:
    data = zoned(-1234, 4) + packed(0, 7) + text("", 3)
    error = _fails(tmp_path, COPYBOOK, data)
    assert (error.extra["record"], error.extra["offset"], error.extra["field"]) == (1, 3, "R.ID")


def test_spaces_in_a_numeric_field_are_an_error(tmp_path: Path) -> None:
    data = text("", 4) + packed(0, 7) + text("", 3)
    # A field of spaces only is null with improved_null_detection (the default).
    error = _fails(tmp_path, COPYBOOK, data, improved_null_detection=False)
    assert "0x40" in error.detail
    assert (error.extra["record"], error.extra["offset"]) == (1, 0)


def test_odo_count_over_max_in_rdw_file(tmp_path: Path) -> None:
    copybook = "01 R. 05 K PIC X(2). 05 N PIC 9(2). 05 T OCCURS 1 TO 3 DEPENDING ON N PIC X."
    good = rdw(text("OK", 2) + zoned(2, 2, signed=False) + text("ab", 2))
    bad = rdw(text("NO", 2) + zoned(4, 2, signed=False) + text("abcd", 4))
    error = _fails(tmp_path, copybook, good + bad, record_format="rdw", variable_size_occurs=True)
    assert "R.N = 4 is outside OCCURS 1 TO 3 of R.T" in error.detail
    assert error.extra["record"] == 2
    assert error.extra["offset"] == len(good) + 4 + 2
    assert error.extra["field"] == "R.N"
    assert (error.extra["count"], error.extra["max"]) == (4, 3)


def test_odo_count_under_min_in_fixed_file(tmp_path: Path) -> None:
    copybook = "01 R. 05 N PIC 9 COMP-3. 05 T OCCURS 2 TO 3 DEPENDING ON N PIC X."
    data = packed(3, 1, signed=False) + text("abc", 3) + packed(1, 1, signed=False) + text("a", 3)
    error = _fails(tmp_path, copybook, data)
    assert (error.extra["record"], error.extra["offset"], error.extra["field"]) == (2, 4, "R.N")
    assert error.extra["count"] == 1


def test_truncated_rdw_header(tmp_path: Path) -> None:
    data = rdw(_record(1, 1, "A")) + b"\x00\x0f"
    error = _fails(tmp_path, COPYBOOK, data, record_format="rdw")
    assert "truncated RDW" in error.detail
    assert (error.extra["record"], error.extra["offset"]) == (2, RECLEN + 4)


def test_truncated_rdw_record(tmp_path: Path) -> None:
    data = rdw(_record(1, 1, "A")) + rdw(_record(2, 2, "B"))[:-3]
    error = _fails(tmp_path, COPYBOOK, data, record_format="rdw")
    assert "announces 15 bytes but the file ends after 12" in error.detail
    assert (error.extra["record"], error.extra["offset"]) == (2, RECLEN + 4)


def test_rdw_reserved_bytes_must_be_zero(tmp_path: Path) -> None:
    data = rdw(_record(1, 1, "A")) + b"\x00\x0f\x00\x01" + _record(2, 2, "B")
    error = _fails(tmp_path, COPYBOOK, data, record_format="rdw")
    assert "reserved bytes 0x0001 are not zero" in error.detail
    assert (error.extra["record"], error.extra["offset"]) == (2, RECLEN + 4)


def test_rdw_length_inconsistent_with_layout(tmp_path: Path) -> None:
    data = rdw(_record(1, 1, "A")) + rdw(_record(2, 2, "B") + b"\x40")
    error = _fails(tmp_path, COPYBOOK, data, record_format="rdw")
    assert "RDW length 16 gives 12 data bytes but the layout needs 11" in error.detail
    assert (error.extra["record"], error.extra["offset"]) == (2, RECLEN + 4)


def test_rdw_length_inconsistent_with_odo_counts(tmp_path: Path) -> None:
    copybook = "01 R. 05 N PIC 9. 05 T OCCURS 1 TO 3 DEPENDING ON N PIC X."
    data = rdw(zoned(2, 1, signed=False) + text("abc", 3))
    error = _fails(tmp_path, copybook, data, record_format="rdw", variable_size_occurs=True)
    assert "with its OCCURS DEPENDING ON counts needs 3" in error.detail
    assert (error.extra["record"], error.extra["offset"]) == (1, 0)
    short = rdw(b"")
    error = _fails(tmp_path, copybook, short, record_format="rdw", variable_size_occurs=True)
    assert "needs at least 2" in error.detail


def test_error_in_a_later_block_reports_the_global_record_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_reader, "BLOCK_BYTES", 3 * RECLEN)
    bad = bytearray(_record(9, 9, "Z"))
    bad[4] = 0xF0  # first packed byte: digit nibble F
    data = b"".join(_record(i, i, "A") for i in range(7)) + bytes(bad)
    error = _fails(tmp_path, COPYBOOK, data)
    assert (error.extra["record"], error.extra["offset"], error.extra["field"]) == (
        8,
        7 * RECLEN + 4,
        "R.AMT",
    )


def test_undefined_byte_in_ascii_text(tmp_path: Path) -> None:
    data = b"0001" + packed(0, 7) + b"A\xe9 "
    error = _fails(tmp_path, COPYBOOK, data, encoding="ascii")
    assert "byte 0xE9 is not defined in code page ascii" in error.detail
    assert (error.extra["record"], error.extra["offset"], error.extra["field"]) == (1, 9, "R.NAME")


def test_unknown_code_page_and_bad_options(tmp_path: Path) -> None:
    data = _record(1, 1, "A")
    error = _fails(tmp_path, COPYBOOK, data, encoding="cp1047-nope")
    assert "unknown code page" in error.detail
    error = _fails(tmp_path, COPYBOOK, data, encoding="utf-8")
    assert "not a single-byte code page" in error.detail
    error = _fails(tmp_path, COPYBOOK, data, record_length=5)
    assert "shorter than the copybook's 11 bytes" in error.detail
    error = _fails(tmp_path, COPYBOOK, data, record_format="vb")
    assert "record_format" in error.detail
    error = _fails(tmp_path, COPYBOOK, rdw(data), record_format="rdw", record_length=11)
    assert "fixed records only" in error.detail


def test_cp1047_is_available_whether_or_not_python_has_it(tmp_path: Path) -> None:
    _, rows = decode(tmp_path, COPYBOOK, _record(1, 1, "A"), encoding="cp1047")
    assert rows[0]["R.ID"] == 1


def test_binary_counter_value_out_of_range_is_reported_on_the_counter(tmp_path: Path) -> None:
    copybook = "01 R. 05 N PIC S9(4) COMP. 05 T OCCURS 0 TO 2 DEPENDING ON N PIC X."
    error = _fails(tmp_path, copybook, binary(-1, 2) + text("ab", 2))
    assert (error.extra["record"], error.extra["offset"], error.extra["field"]) == (1, 0, "R.N")
    assert error.extra["count"] == -1


def test_text_file_fed_as_rdw_reports_the_bad_descriptor(tmp_path: Path) -> None:
    error = _fails(tmp_path, COPYBOOK, b"HELLO WORLD\n", record_format="rdw")
    assert "invalid RDW" in error.detail
    assert (error.extra["record"], error.extra["offset"]) == (1, 0)


def test_shrinking_tables_read_at_their_maximum_size_say_which_option_to_give(
    tmp_path: Path,
) -> None:
    # A V file written with shrinking tables (N = 2 of 3), read with Cobrix's default
    # (tables at their maximum size): the record is one byte short, and the error says why.
    copybook = "01 R. 05 N PIC 9. 05 T OCCURS 1 TO 3 DEPENDING ON N PIC X."
    data = rdw(zoned(2, 1, signed=False) + text("ab", 2))
    ibm = {"record_format": "V", "is_rdw_big_endian": True, "rdw_adjustment": -4}
    error = _fails(tmp_path, copybook, data, **ibm)
    assert "RDW length 7 gives 3 data bytes" in error.detail
    assert "give variable_size_occurs true if the file's tables shrink" in error.detail
    _, rows = decode(tmp_path, copybook, data, **ibm, variable_size_occurs=True)
    assert rows == [{"R.N": 2, "R.T[1]": "a", "R.T[2]": "b", "R.T[3]": None}]
