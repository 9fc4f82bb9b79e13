"""Record framing: OCCURS DEPENDING ON, fixed vs RDW, blocks and row groups, record types."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from copybook_encode import binary, decode, packed, rdw, text, zoned

from symphainy.parsers.copybook import _reader

FIXTURES = Path(__file__).parent / "fixtures"


def test_occurs_depending_on_in_rdw_file(tmp_path: Path) -> None:
    copybook = (FIXTURES / "txn_free.cpy").read_text()

    def record(txn_id, kind, amount, lines, memo):
        head = text(txn_id, 12) + text(kind, 1) + packed(amount, 13) + binary(len(lines), 2)
        body = b"".join(text(s, 8) + packed(q, 5) + zoned(p, 7) for s, q, p in lines)
        return rdw(head + body + text(memo, 10))

    data = (
        record("T1", "C", 1050, [("SKU1", 2, 525)], "ONE LINE")
        + record("T2", "D", -99, [], "NO LINES")
        + record(
            "T3",
            "C",
            7,
            [("A", 1, 1), ("B", -2, -2), ("C", 3, 3), ("D", 4, 4), ("E", 5, 5)],
            "FULL",
        )
    )
    outcome, rows = decode(tmp_path, copybook, data, record_format="rdw", variable_size_occurs=True)
    assert [r["TXN-RECORD.TXN-MEMO"] for r in rows] == ["ONE LINE", "NO LINES", "FULL"]
    assert [r["TXN-RECORD.TXN-LINE-COUNT"] for r in rows] == [1, 0, 5]
    assert rows[0]["TXN-RECORD.TXN-AMOUNT"] == Decimal("10.50")
    assert rows[0]["TXN-RECORD.TXN-LINES[1].LINE-SKU"] == "SKU1"
    assert rows[0]["TXN-RECORD.TXN-LINES[1].LINE-PRICE"] == Decimal("5.25")
    assert rows[0]["TXN-RECORD.TXN-LINES[2].LINE-SKU"] is None
    assert rows[1]["TXN-RECORD.TXN-LINES[1].LINE-QTY"] is None
    assert rows[2]["TXN-RECORD.TXN-LINES[2].LINE-QTY"] == -2
    assert rows[2]["TXN-RECORD.TXN-LINES[5].LINE-SKU"] == "E"
    assert outcome.metadata["layout"]["variable_length"] is True
    assert outcome.record_count == 3


def test_occurs_depending_on_in_fixed_file_shifts_following_fields(tmp_path: Path) -> None:
    copybook = """
       01 R.
          05 N    PIC 9.
          05 T    OCCURS 1 TO 3 TIMES DEPENDING ON N.
             10 V PIC S9(3) COMP-3.
          05 TAIL PIC X(2).
    """
    # each slot is the maximum length (1 + 3*2 + 2 = 9); shorter records are padded
    one = zoned(1, 1, signed=False) + packed(-7, 3) + text("AB", 2)
    three = zoned(3, 1, signed=False) + packed(1, 3) + packed(2, 3) + packed(3, 3) + text("CD", 2)
    data = one.ljust(9, b"\x40") + three
    _, rows = decode(tmp_path, copybook, data, variable_size_occurs=True)
    assert [(r["R.T[1].V"], r["R.T[2].V"], r["R.T[3].V"], r["R.TAIL"]) for r in rows] == [
        (-7, None, None, "AB"),
        (1, 2, 3, "CD"),
    ]


def test_fixed_occurs_and_explicit_record_length(tmp_path: Path) -> None:
    copybook = "01 R. 05 M OCCURS 3 TIMES PIC S9(2)V9 COMP-3."
    data = (packed(1, 3) + packed(-22, 3) + packed(333, 3)).ljust(10, b"\x00")
    outcome, rows = decode(tmp_path, copybook, data * 2, record_length=10)
    assert [rows[1][f"R.M[{i}]"] for i in (1, 2, 3)] == [
        Decimal("0.1"),
        Decimal("-2.2"),
        Decimal("33.3"),
    ]
    assert outcome.metadata["record_length"] == 10


def test_streaming_blocks_give_row_groups_and_global_record_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_reader, "BLOCK_BYTES", 64)
    copybook = "01 R. 05 I PIC 9(4) COMP. 05 T PIC X(6)."
    data = b"".join(binary(i, 2, signed=False) + text(f"N{i}", 6) for i in range(50))
    outcome, rows = decode(tmp_path, copybook, data)
    assert [r["R.I"] for r in rows] == list(range(50))
    assert [r["R.T"] for r in rows] == [f"N{i}" for i in range(50)]
    parquet = pq.ParquetFile(outcome.tables[0].parquet_path)
    assert parquet.metadata.num_row_groups == 7 == outcome.metadata["row_groups"]
    assert len(outcome.tables[0].preview) == 20


def test_rdw_records_across_read_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reader, "BLOCK_BYTES", 10)
    copybook = "01 R. 05 N PIC 9(2). 05 T OCCURS 0 TO 30 DEPENDING ON N PIC X."
    records = [text("", 0) + zoned(n, 2, signed=False) + text("x" * n, n) for n in (0, 30, 5, 1)]
    outcome, rows = decode(
        tmp_path,
        copybook,
        b"".join(rdw(r) for r in records),
        record_format="rdw",
        variable_size_occurs=True,
    )
    assert [r["R.N"] for r in rows] == [0, 30, 5, 1]
    assert [sum(r[f"R.T[{i}]"] is not None for i in range(1, 31)) for r in rows] == [0, 30, 5, 1]
    assert outcome.record_count == 4


def test_record_types_as_several_01s_in_an_rdw_file(tmp_path: Path) -> None:
    copybook = """
       01 HEADER-REC.
          05 H-TYPE  PIC X.
          05 H-DATE  PIC 9(8).
       01 DETAIL-REC.
          05 D-TYPE  PIC X.
          05 D-ID    PIC 9(4).
          05 D-AMT   PIC S9(5)V99 COMP-3.
          05 D-NAME  PIC X(10).
    """
    header = text("H", 1) + zoned(20240229, 8, signed=False)
    detail = text("D", 1) + zoned(17, 4, signed=False) + packed(-4250, 7) + text("WIDGET", 10)
    outcome, rows = decode(tmp_path, copybook, rdw(header) + rdw(detail), record_format="rdw")
    assert rows[0]["HEADER-REC.H-TYPE"] == "H"
    assert rows[0]["HEADER-REC.H-DATE"] == 20240229
    assert rows[0]["DETAIL-REC.D-ID"] == 2024  # the other view of the same bytes
    assert rows[0]["DETAIL-REC.D-AMT"] is None  # zoned "0229" is not packed: nulled, counted
    assert rows[0]["DETAIL-REC.D-NAME"] is None  # past the end of the 9-byte header record
    assert rows[1]["DETAIL-REC.D-TYPE"] == "D"
    assert rows[1]["DETAIL-REC.D-ID"] == 17
    assert rows[1]["DETAIL-REC.D-AMT"] == Decimal("-42.50")
    assert rows[1]["DETAIL-REC.D-NAME"] == "WIDGET"
    assert rows[1]["HEADER-REC.H-DATE"] is None  # 0017 + packed bytes: not zoned digits
    assert outcome.metadata["overlay_invalid_values"] == {
        "DETAIL-REC.D-AMT": 1,
        "HEADER-REC.H-DATE": 1,
    }
    assert outcome.tables[0].name == "records"
