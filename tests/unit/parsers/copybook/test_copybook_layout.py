"""Copybook parsing: PIC, USAGE sizes, offsets, OCCURS, REDEFINES, level-88, formats, rejects."""

from __future__ import annotations

from pathlib import Path

import pytest

from symphainy.parsers import ParseError
from symphainy.parsers.copybook import ValueOptions, parse_copybook

VARIABLE = ValueOptions(variable_size_occurs=True)
"""Tables that take only their current occurrences (the IBM variable layout)."""

FIXTURES = Path(__file__).parent / "fixtures"


def _columns(text: str) -> dict[str, tuple[int, int, str]]:
    layout = parse_copybook(text)
    return {c.name: (c.offset, c.element.length, c.element.kind) for c in layout.columns}


def test_fixed_format_fixture_offsets_and_lengths() -> None:
    layout = parse_copybook((FIXTURES / "custmast.cpy").read_text())
    cols = {c.name: c for c in layout.columns}
    assert layout.record_length == 120
    assert layout.min_record_length == 120
    expected = {
        "CUSTOMER-MASTER.CUST-KEY.CUST-BRANCH": (0, 3),
        "CUSTOMER-MASTER.CUST-KEY.CUST-NUMBER": (3, 7),
        "CUSTOMER-MASTER.CUST-NAME": (10, 25),
        "CUSTOMER-MASTER.CUST-STATUS": (35, 1),
        "CUSTOMER-MASTER.CUST-BALANCE": (36, 6),
        "CUSTOMER-MASTER.CUST-CREDIT-LIMIT": (42, 5),
        "CUSTOMER-MASTER.CUST-OPENED": (47, 8),
        "CUSTOMER-MASTER.CUST-OPENED-R.CUST-OPENED-CCYY": (47, 4),
        "CUSTOMER-MASTER.CUST-OPENED-R.CUST-OPENED-MM": (51, 2),
        "CUSTOMER-MASTER.CUST-OPENED-R.CUST-OPENED-DD": (53, 2),
        "CUSTOMER-MASTER.CUST-RISK-SCORE": (55, 5),
        "CUSTOMER-MASTER.CUST-TXN-COUNT": (60, 4),
        "CUSTOMER-MASTER.CUST-PHONES[1].PHONE-TYPE": (64, 1),
        "CUSTOMER-MASTER.CUST-PHONES[1].PHONE-NUMBER": (65, 12),
        "CUSTOMER-MASTER.CUST-PHONES[2].PHONE-TYPE": (77, 1),
        "CUSTOMER-MASTER.CUST-PHONES[2].PHONE-NUMBER": (78, 12),
    }
    assert {name: (c.offset, c.element.length) for name, c in cols.items()} == expected
    balance = cols["CUSTOMER-MASTER.CUST-BALANCE"].element
    assert (balance.kind, balance.digits, balance.scale, balance.signed) == ("packed", 11, 2, True)
    risk = cols["CUSTOMER-MASTER.CUST-RISK-SCORE"].element
    assert (risk.sign_leading, risk.sign_separate, risk.scale) == (True, True, 1)
    assert cols["CUSTOMER-MASTER.CUST-OPENED"].overlay
    assert cols["CUSTOMER-MASTER.CUST-OPENED-R.CUST-OPENED-MM"].overlay
    assert not cols["CUSTOMER-MASTER.CUST-NAME"].overlay


def test_level_88_conditions_are_metadata_on_their_field() -> None:
    layout = parse_copybook((FIXTURES / "custmast.cpy").read_text())
    status = layout.item("CUST-STATUS")
    assert [(c.name, c.values, c.ranges) for c in status.conditions] == [
        ("CUST-ACTIVE", ("A",), ()),
        ("CUST-DORMANT", ("D", "S"), ()),
        ("CUST-CLOSED", ("X",), ()),
    ]
    month = layout.item("CUST-OPENED-MM")
    assert month.conditions[0].ranges == ((1, 12),)
    fields = {f["path"]: f for f in layout.to_json()["fields"]}
    assert fields["CUSTOMER-MASTER.CUST-STATUS"]["conditions"] == [
        {"name": "CUST-ACTIVE", "values": ["A"], "ranges": []},
        {"name": "CUST-DORMANT", "values": ["D", "S"], "ranges": []},
        {"name": "CUST-CLOSED", "values": ["X"], "ranges": []},
    ]
    assert fields["CUSTOMER-MASTER.CUST-OPENED-R"]["redefines"] == "CUST-OPENED"
    assert fields["CUSTOMER-MASTER.FILLER"]["filler"] is True


def test_filler_is_not_a_column_but_takes_space() -> None:
    cols = _columns(
        """
        01 R.
           05 A PIC X(2).
           05 FILLER PIC X(3).
           05 PIC X(4).
           05 B PIC 9.
        """
    )
    assert cols == {"R.A": (0, 2, "text"), "R.B": (9, 1, "zoned")}


def test_free_format_fixture_with_odo() -> None:
    layout = parse_copybook((FIXTURES / "txn_free.cpy").read_text(), values=VARIABLE)
    assert layout.variable
    assert (layout.record_length, layout.min_record_length) == (122, 32)
    (table,) = layout.odo_tables
    assert (table.offset, table.element_size, table.min, table.max) == (22, 18, 0, 5)
    assert layout.columns[table.counter].name == "TXN-RECORD.TXN-LINE-COUNT"
    memo = layout.column("TXN-RECORD.TXN-MEMO")
    assert (memo.offset, memo.tables_before) == (112, 1)
    sku2 = layout.column("TXN-RECORD.TXN-LINES[2].LINE-SKU")
    assert (sku2.offset, sku2.odo_table, sku2.occurrence) == (40, 0, 2)
    assert layout.item("TXN-TYPE").conditions[1].values == ("D",)


@pytest.mark.parametrize(
    ("pic", "usage", "length", "digits", "scale"),
    [
        ("X(10)", "", 10, 0, 0),
        ("AAA", "", 3, 0, 0),
        ("9(5)V99", "", 7, 7, 2),
        ("S9(7)V9(2)", "", 9, 9, 2),
        ("S9(7)V9(2)", "COMP-3", 5, 9, 2),
        ("9(4)", "COMP-3", 3, 4, 0),
        ("S9(4)", "COMP", 2, 4, 0),
        ("S9(5)", "COMP-4", 4, 5, 0),
        ("9(9)", "BINARY", 4, 9, 0),
        ("S9(10)", "COMP-5", 8, 10, 0),
        ("S9(18)", "COMPUTATIONAL", 8, 18, 0),
        ("PPP99", "", 2, 2, 5),
        ("99PP", "", 2, 2, 0),
        ("SV9(3)", "", 3, 3, 3),
    ],
)
def test_pic_and_usage_sizes(pic: str, usage: str, length: int, digits: int, scale: int) -> None:
    layout = parse_copybook(f"01 R. 05 F PIC {pic} {usage}.")
    element = layout.column("R.F").element
    assert (element.length, element.digits, element.scale) == (length, digits, scale)


def test_trailing_p_is_a_multiplier_and_comp1_comp2_take_no_pic() -> None:
    layout = parse_copybook("01 R. 05 A PIC 99PP. 05 B COMP-1. 05 C USAGE COMP-2.")
    assert layout.column("R.A").element.multiplier == 100
    assert layout.column("R.B").element.length == 4
    assert layout.column("R.C").element.length == 8
    assert layout.record_length == 14


def test_group_usage_and_sign_are_inherited() -> None:
    layout = parse_copybook(
        """
        01 R.
           05 AMOUNTS COMP-3.
              10 A PIC S9(5).
              10 B PIC 9(3).
           05 ZONED SIGN LEADING SEPARATE.
              10 C PIC S9(3).
              10 D PIC 9(3).
        """
    )
    assert layout.column("R.AMOUNTS.A").element.kind == "packed"
    assert layout.column("R.AMOUNTS.B").element.length == 2
    c, d = layout.column("R.ZONED.C").element, layout.column("R.ZONED.D").element
    assert (c.length, c.sign_leading, c.sign_separate) == (4, True, True)
    assert (d.length, d.sign_separate) == (3, False)


def test_nested_occurs_names_and_offsets() -> None:
    cols = _columns(
        """
        01 R.
           05 ROWS OCCURS 2.
              10 ID PIC 9.
              10 CELLS OCCURS 3 TIMES INDEXED BY IX.
                 15 V PIC X(2).
           05 TAIL PIC X.
        """
    )
    assert cols["R.ROWS[1].ID"] == (0, 1, "zoned")
    assert cols["R.ROWS[1].CELLS[3].V"] == (5, 2, "text")
    assert cols["R.ROWS[2].ID"] == (7, 1, "zoned")
    assert cols["R.ROWS[2].CELLS[2].V"] == (10, 2, "text")
    assert cols["R.TAIL"] == (14, 1, "text")


def test_redefines_overlays_and_group_takes_the_larger_size() -> None:
    layout = parse_copybook(
        """
        01 R.
           05 RAW PIC X(6).
           05 NUM REDEFINES RAW PIC 9(4).
           05 PARTS REDEFINES RAW.
              10 P1 PIC X(3).
              10 P2 PIC X(3).
           05 AFTER PIC X.
        """
    )
    assert [(c.name, c.offset) for c in layout.columns] == [
        ("R.RAW", 0),
        ("R.NUM", 0),
        ("R.PARTS.P1", 0),
        ("R.PARTS.P2", 3),
        ("R.AFTER", 6),
    ]
    assert all(c.overlay for c in layout.columns[:4])
    assert not layout.columns[4].overlay


def test_several_01_records_overlay_and_fragments_are_sequential() -> None:
    multi = parse_copybook("01 A. 05 X PIC X(4). 01 B. 05 Y PIC X(9).")
    assert [(c.name, c.offset, c.overlay) for c in multi.columns] == [
        ("A.X", 0, True),
        ("B.Y", 0, True),
    ]
    assert multi.record_length == 9
    fragment = parse_copybook("05 X PIC X(4).\n05 Y PIC 9(2).")
    assert [(c.name, c.offset) for c in fragment.columns] == [("X", 0), ("Y", 4)]


def _card(sequence: str, indicator: str, code: str, ident: str = "") -> str:
    assert len(code) <= 65
    return f"{sequence:<6}{indicator}{code:<65}{ident}"


def test_multi_line_clauses_continuation_literal_and_identification_area() -> None:
    long_literal = "05  F2  PIC X(3)  VALUE '" + "A" * 36
    text = "\n".join(
        [
            _card("000100", " ", "01  REC.", "ID000001"),
            _card("000200", " ", "    05  F1", "ID000002"),
            _card("000300", " ", "        PIC", "ID000003"),
            _card("000400", " ", "        X(5).", "ID000004"),
            _card("000500", " ", "    " + long_literal, "ID000005"),
            _card("000600", "-", "    'BBB'.", "ID000006"),
            _card("000700", " ", "    05  F3  PIC S9(3)V99 COMP-3 VALUE +1.5.", "ID000007"),
        ]
    )
    assert all(len(line) == 80 for line in text.splitlines())
    assert _columns(text) == {
        "REC.F1": (0, 5, "text"),
        "REC.F2": (5, 3, "text"),
        "REC.F3": (8, 3, "packed"),
    }


def test_fixed_format_literal_continuation_keeps_its_text() -> None:
    opening = "        88  LONG-ONE  VALUE 'HELLO"
    text = "\n".join(
        [
            _card("", " ", "01  REC."),
            _card("", " ", "    05  F PIC X(70)."),
            _card("", " ", opening),
            _card("", "-", "        'WORLD'."),
            _card("", " ", "        88  SHORT-ONE VALUE 'HI THERE'."),
        ]
    )
    layout = parse_copybook(text)
    assert layout.column("REC.F").element.length == 70
    continued = "HELLO".ljust(65 - opening.index("'") - 1) + "WORLD"
    assert [c.values for c in layout.item("F").conditions] == [(continued,), ("HI THERE",)]


def test_free_format_lowercase_and_inline_comments() -> None:
    text = """
    * a comment line
    01 rec.                 *> the record
       05 cust-id pic 9(4). *> id
       05 amt pic s9(3)v99
          comp-3.
    """
    assert _columns(text) == {"REC.CUST-ID": (0, 4, "zoned"), "REC.AMT": (4, 3, "packed")}


def test_odo_qualified_counter_and_items_after_the_table() -> None:
    layout = parse_copybook(
        """
        01 R.
           05 HDR.
              10 N PIC 9.
           05 T OCCURS 1 TO 3 DEPENDING ON N OF HDR.
              10 V PIC X(2).
           05 AFTER PIC X.
        """,
        values=VARIABLE,
    )
    assert (layout.record_length, layout.min_record_length) == (8, 4)
    assert layout.column("R.AFTER").tables_before == 1


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("01 R.\n 05 A PIC 9(4) COMP SYNC.", "SYNCHRONIZED", 2),
        ("01 R.\n 05 A PIC X(3)\n 05 B PIC X.", "missing period", 3),
        ("01 R.\n COPY OTHERBOOK.", "COPY", 2),
        ("01 R.\n 05 A PIC N(4).", "national", 2),
        ("01 R.\n 05 A PIC 9(4) INDEX.", "USAGE INDEX", 2),
        ("01 R.\n 05 A PIC X(4) COMP-3.", "cannot be COMP-3", 2),
        ("01 R.\n 05 A.", "no PICTURE", 2),
        ("01 R.\n 05 A PIC X.\n 10 B PIC X.", "subordinate", 3),
        ("01 R.\n 05 A PIC X.\n 05 B REDEFINES Z PIC X.", "REDEFINES Z", 3),
        ("01 R.\n 05 A OCCURS 1 TO 3 DEPENDING ON NOPE PIC X.", "not defined", 2),
        ("01 R.\n 05 A OCCURS 1 TO 3 PIC X.", "DEPENDING ON", 2),
        ("88 LONELY VALUE 1.", "no item", 1),
        ("01 R.\n 05 A PIC X(3) VALUE 'abc.", "unterminated literal", 2),
        ("01 R.\n 05 A PIC 9(40).", "at most 38", 2),
        ("01 R.\n 05 N COMP-1.\n 05 T OCCURS 1 TO 2 DEPENDING ON N PIC X.", "integer item", 3),
        ("01 R.\n 05 N PIC 9V9.\n 05 T OCCURS 1 TO 2 DEPENDING ON N PIC X.", "integer item", 3),
    ],
)
def test_rejected_copybooks_say_what_and_where(text: str, message: str, line: int) -> None:
    with pytest.raises(ParseError) as caught:
        parse_copybook(text)
    assert message in caught.value.detail
    assert caught.value.extra["line"] == line
    assert caught.value.problem_type == "parse-failed"


def test_odo_counter_after_table_or_nested_odo_is_rejected() -> None:
    with pytest.raises(ParseError, match="must come before the table"):
        parse_copybook("01 R. 05 T OCCURS 1 TO 2 DEPENDING ON N. 10 V PIC X. 05 N PIC 9.")
    with pytest.raises(ParseError, match="inside another OCCURS"):
        parse_copybook(
            "01 R. 05 N PIC 9. 05 O OCCURS 2. 10 T OCCURS 1 TO 2 DEPENDING ON N. 15 V PIC X.",
            values=VARIABLE,
        )
    with pytest.raises(ParseError, match="REDEFINES"):
        parse_copybook(
            "01 R. 05 N PIC 9. 05 A PIC X(4). "
            "05 B REDEFINES A. 10 T OCCURS 1 TO 2 DEPENDING ON N. 15 V PIC X(2).",
            values=VARIABLE,
        )


def test_layout_json_lists_every_item() -> None:
    layout = parse_copybook("01 R. 05 G. 10 A PIC S9(3)V9 COMP-3. 05 FILLER PIC X(2).")
    fields = layout.to_json()["fields"]
    assert [f["path"] for f in fields] == ["R", "R.G", "R.G.A", "R.FILLER"]
    a = fields[2]
    assert a == {
        "path": "R.G.A",
        "name": "A",
        "level": 10,
        "line": 1,
        "offset": 0,
        "length": 3,
        "group": False,
        "usage": "COMP-3",
        "pic": "S9(3)V9",
        "filler": False,
        "type": "packed",
        "dtype": "decimal128(4, 1)",
        "digits": 4,
        "scale": 1,
        "signed": True,
    }


def test_fixed_format_debug_lines_page_ejects_and_directives_are_skipped() -> None:
    text = "\n".join(
        [
            _card("000010", "/", "PAGE EJECT COMMENT"),
            _card("000020", " ", "01  REC."),
            _card("000030", "D", "    05  DEBUG-ONLY  PIC X(99)."),
            _card("000040", " ", "    EJECT"),
            _card("000050", " ", "    SKIP2"),
            _card("000060", " ", "    05  A  PIC X(2)."),
        ]
    )
    assert _columns(text) == {"REC.A": (0, 2, "text")}


def test_source_format_can_be_forced() -> None:
    text = "01 R.\n   05 A PIC X."
    assert _columns(text) == {"R.A": (0, 1, "text")}
    assert parse_copybook(text, source_format="free").record_length == 1
    with pytest.raises(ParseError, match="indicator") as caught:
        parse_copybook("000100$01 R.", source_format="fixed")
    assert caught.value.extra["line"] == 1
