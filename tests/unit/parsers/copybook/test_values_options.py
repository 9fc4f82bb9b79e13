"""The value options through parse_file, as Spark users write them (issue #16).

Values arrive as strings ("true", "cp500"); a code page or format we do not have is a 422
before anything is read, never a silent cp037.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from symphainy.errors import InvalidParameters
from symphainy.parsers._model import ParseError
from symphainy.parsers.dispatch import parse_file

COPYBOOK = "01 R. 05 T PIC X(4). 05 N PIC 9(2). 05 F COMP-1."


def _parse(tmp_path: Path, data: bytes, **options: str) -> list[dict[str, object]]:
    source = tmp_path / "in.dat"
    source.write_bytes(data)
    outcome = parse_file(source, tmp_path / "out", "mainframe", {"copybook": COPYBOOK, **options})
    return pq.read_table(outcome.tables[0].parquet_path).to_pylist()  # type: ignore[no-any-return]


def test_value_options_as_strings_reach_the_decoder(tmp_path: Path) -> None:
    # T: 4A 5A 40 00 -> cp500 "[]" then a space and a NUL (a control: a space), trimmed
    #    by none: "[]  "; N: 40 40 blank -> null (improved_null_detection default);
    # F: 3F 80 00 00 -> IEEE754 1.0.
    data = bytes.fromhex("4A5A400040403F800000")
    rows = _parse(
        tmp_path,
        data,
        ebcdic_code_page="cp500",
        string_trimming_policy="none",
        floating_point_format="IEEE754",
        strict_integral_precision="false",
    )
    assert rows == [{"R.T": "[]  ", "R.N": None, "R.F": 1.0}]
    # The same bytes with the defaults: cp037 ("¢!"), trimmed, IBM float 0x3F800000
    # (exponent 0x3F = 16^-1, fraction 0x800000 = 0.5: 0.5/16 = 0.03125).
    rows = _parse(tmp_path, data)
    assert rows == [{"R.T": "¢!", "R.N": None, "R.F": 0.03125}]


@pytest.mark.parametrize(
    "options",
    [
        {"encoding": "ascii", "ebcdic_code_page": "cp500"},
        {"encoding": "ebcdic", "ascii_charset": "latin-1"},
        {"encoding": "cp273", "ebcdic_code_page": "cp500"},
    ],
)
def test_code_page_options_that_contradict_encoding_are_refused(
    tmp_path: Path, options: dict[str, str]
) -> None:
    with pytest.raises(ParseError) as caught:
        _parse(tmp_path, bytes(10), **options)
    assert "contradicts the code page options" in caught.value.detail
    assert caught.value.status == 422


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("ebcdic_code_page", "cp9999"),
        ("ebcdic_code_page", "cp870"),
        ("floating_point_format", "VAX"),
        ("string_trimming_policy", "middle"),
        ("schema_retention_policy", "flatten"),
        ("improved_null_detection", "maybe"),
    ],
)
def test_values_we_do_not_offer_are_refused(tmp_path: Path, key: str, value: str) -> None:
    with pytest.raises(InvalidParameters) as caught:
        _parse(tmp_path, bytes(10), **{key: value})
    assert caught.value.status == 422
    assert key in caught.value.detail
