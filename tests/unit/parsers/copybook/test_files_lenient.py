"""Lenient mode (issue #16): invalid values become null and are counted per column with
their first locations, instead of refusing the whole file; strict stays the default."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from tests.unit.parsers.copybook.test_files_formats import cell, parse, rows_of

from symphainy.config import Settings
from symphainy.parsers import ParseError
from symphainy.parsers._limits import ParserSettings
from symphainy.parsers.dispatch import parse_file

COPYBOOK = """
       01 REC.
          05 ID   PIC 9(3).
          05 AMT  PIC S9(3)V99 COMP-3.
"""
# 3 + 3 = 6 bytes a record. AMT 12.34 is packed 01 23 4C; -0.05 is 00 00 5D.
GOOD_1 = bytes([0xF0, 0xF0, 0xF1, 0x01, 0x23, 0x4C])
BLANK_ID = bytes([0x40, 0x40, 0xF2, 0x00, 0x00, 0x5D])  # ID "  2": blanks in a zoned field
ALPHA_ID = bytes([0xF0, 0xC1, 0xF3, 0x01, 0x23, 0x4C])  # ID "0A3": a letter
BAD_AMT = bytes([0xF0, 0xF0, 0xF4, 0x0A, 0x00, 0x0C])  # digit nibble A in AMT
DATA = GOOD_1 + BLANK_ID + ALPHA_ID + BAD_AMT


def only(mapping: dict[str, Any], leaf: str) -> Any:
    keys = [k for k in mapping if k == leaf or k.endswith(f".{leaf}")]
    assert len(keys) == 1, (leaf, list(mapping))
    return mapping[keys[0]]


def test_strict_is_the_default_and_names_the_first_invalid_byte(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as caught:
        parse(tmp_path, DATA, COPYBOOK)
    # record 2 starts at offset 6; its first byte (a blank) is the invalid one
    assert (caught.value.extra["record"], caught.value.extra["offset"]) == (2, 6)


def test_null_mode_nulls_and_counts_with_first_locations(tmp_path: Path) -> None:
    outcome = parse(tmp_path, DATA, COPYBOOK, invalid_values="null")
    rows = rows_of(outcome)
    assert [cell(r, "ID") for r in rows] == [1, None, None, 4]
    assert [cell(r, "AMT") for r in rows] == [
        Decimal("12.34"),
        Decimal("-0.05"),
        Decimal("12.34"),
        None,
    ]
    invalid = outcome.metadata["invalid_values"]
    # ID: records 2 and 3 (field at offsets 6 and 12); AMT: record 4, field at 18 + 3 = 21
    assert only(invalid, "ID") == {
        "count": 2,
        "first": [{"record": 2, "offset": 6}, {"record": 3, "offset": 12}],
    }
    assert only(invalid, "AMT") == {"count": 1, "first": [{"record": 4, "offset": 21}]}
    assert outcome.metadata["invalid_values_mode"] == "null"


def test_null_mode_keeps_only_the_first_locations(tmp_path: Path) -> None:
    outcome = parse(tmp_path, BLANK_ID * 8, COPYBOOK, invalid_values="null")
    counted = only(outcome.metadata["invalid_values"], "ID")
    assert counted["count"] == 8
    assert counted["first"] == [{"record": n, "offset": 6 * (n - 1)} for n in range(1, 6)]
    assert outcome.metadata["invalid_values_locations_kept"] == 5


def test_locations_kept_is_the_server_setting(tmp_path: Path) -> None:
    # The server's Setting reaches the parser through parse_file, as parse_content calls it.
    source = tmp_path / "records.dat"
    source.write_bytes(BLANK_ID * 8)
    settings = ParserSettings.from_settings(Settings(parse_invalid_value_locations=2))
    options = {"copybook": COPYBOOK, "invalid_values": "null"}
    outcome = parse_file(source, tmp_path / "out", "mainframe", options, settings)
    counted = only(outcome.metadata["invalid_values"], "ID")
    assert counted == {
        "count": 8,
        "first": [{"record": 1, "offset": 0}, {"record": 2, "offset": 6}],
    }
    assert outcome.metadata["invalid_values_locations_kept"] == 2
