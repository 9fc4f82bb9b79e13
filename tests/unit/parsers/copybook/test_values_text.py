"""Text values at Cobrix parity (issue #16): control bytes, trimming, NUL fields, code pages.

Bytes are written by hand; each expected string is derived in a comment (cp037 letters:
A-I C1-C9, J-R D1-D9, S-Z E2-E9; space 40).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from copybook_encode import decode

from symphainy.parsers._model import ParseError
from symphainy.parsers._options import MainframeOptions
from symphainy.parsers.copybook._codepages import EBCDIC_CODE_PAGES

ONE = "01 R. 05 T PIC X(6)."


def _texts(tmp_path: Path, hexdata: str, copybook: str = ONE, **options: object) -> list[object]:
    _, rows = decode(tmp_path, copybook, bytes.fromhex(hexdata), **options)
    return [row["R.T"] for row in rows]


def test_control_bytes_decode_as_spaces(tmp_path: Path) -> None:
    # "A" NUL "B" CR NUL NUL: C1 00 C2 0D 00 00. NUL and CR (0x0D) are controls, so they
    # become spaces: "A B   ", trimmed "A B". Before, the NULs came through raw.
    # "AB" NEL(0x15) HT(0x05) "C" DEL(0x07): C1 C2 15 05 C3 07 -> "AB  C " -> "AB  C".
    assert _texts(tmp_path, "C100C20D0000C1C21505C307") == ["A B", "AB  C"]


def test_extended_code_page_and_keep_all_keep_control_characters(tmp_path: Path) -> None:
    # cp037 0x05 is HT, 0x25 is LF: "A\tB\n" then two spaces.
    data = "C105C2254040"
    assert _texts(tmp_path, data, ebcdic_code_page="cp037_extended") == ["A\tB\n"]
    # keep_all keeps the controls and trims nothing.
    assert _texts(tmp_path, data, string_trimming_policy="keep_all") == ["A\tB\n  "]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("both", "AB"), ("left", "AB  "), ("right", "  AB"), ("none", "  AB  ")],
)
def test_string_trimming_policy(tmp_path: Path, policy: str, expected: str) -> None:
    # "  AB  ": 40 40 C1 C2 40 40
    assert _texts(tmp_path, "4040C1C24040", string_trimming_policy=policy) == [expected]


def test_improved_null_detection_makes_all_nul_text_null(tmp_path: Path) -> None:
    # Six NUL bytes; then six spaces (an empty string, never null).
    data = "000000000000404040404040"
    assert _texts(tmp_path, data) == [None, ""]
    assert _texts(tmp_path, data, improved_null_detection="false") == ["", ""]


def test_ebcdic_code_page_cp500_decodes_its_own_characters(tmp_path: Path) -> None:
    # 4A 5A 4F: cp500 has [ ] ! there; cp037 has ¢ ! | (the old silent default).
    assert _texts(tmp_path, "4A5A4F404040", ebcdic_code_page="cp500") == ["[]!"]
    assert _texts(tmp_path, "4A5A4F404040") == ["¢!|"]


@pytest.mark.parametrize(
    ("page", "hexdata", "expected"),
    [
        # cp1047 moves [ and ] to AD and BD (cp037 has Ý and ¨ there).
        ("cp1047", "ADC1BD5F4040", "[A]^"),
        ("cp037", "ADC1BD5F4040", "ÝA¨¬"),
        # The euro pages: 9F is € where their base page has ¤.
        ("cp1140", "9FF1404040", "€1"),
        ("cp1141", "9F4A404040", "€Ä"),
        ("cp1148", "9F4A404040", "€["),
        ("cp273", "9F4A404040", "¤Ä"),
        # National variants: UK £ at 5B, Denmark/Norway € at 5A and Æ at 7B, France à at 7C,
        # Spain Ñ at 7B, Italy é at 5A, Finland/Sweden Ä at 7B.
        ("cp1146", "5B4A404040", "£$"),
        ("cp1142", "5A7B404040", "€Æ"),
        ("cp1147", "7C44404040", "à@"),
        ("cp1145", "7B6A404040", "Ññ"),
        ("cp1144", "5A7C404040", "é§"),
        ("cp1143", "7B7C404040", "ÄÖ"),
    ],
)
def test_code_pages_by_cobrix_name(tmp_path: Path, page: str, hexdata: str, expected: str) -> None:
    copybook = f"01 R. 05 T PIC X({len(hexdata) // 2})."
    assert _texts(tmp_path, hexdata, copybook, ebcdic_code_page=page) == [expected]


def test_cobrix_common_code_page_keeps_the_invariant_characters(tmp_path: Path) -> None:
    # C1 "A", 4A (cp037 ¢, not invariant: a space), C2 "B", 6A (¦, read as |),
    # 5F (cp037 ¬: a space), CA (soft hyphen, read as -): "A B| -".
    assert _texts(tmp_path, "C14AC26A5FCA", ebcdic_code_page="common") == ["A B| -"]


def test_a_code_page_we_do_not_have_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as caught:
        _texts(tmp_path, "C1C2C3C4C5C6", ebcdic_code_page="cp9999")
    assert caught.value.status == 422
    assert "ebcdic_code_page" in caught.value.detail


def test_options_offer_every_code_page_the_tables_have() -> None:
    offered = MainframeOptions.model_fields["ebcdic_code_page"].annotation
    assert set(offered.__args__) == set(EBCDIC_CODE_PAGES)  # type: ignore[union-attr]


def test_ascii_charset(tmp_path: Path) -> None:
    # "Café  " in latin-1: 43 61 66 E9 20 20 -> "Café"
    data = "436166E92020"
    assert _texts(tmp_path, data, encoding="ascii", ascii_charset="latin-1") == ["Café"]
    # Plain ASCII has no byte E9: the value names it.
    with pytest.raises(ParseError) as caught:
        _texts(tmp_path, data, encoding="ascii")
    assert "0xE9" in caught.value.detail
