from __future__ import annotations

import polars as pl
import pytest

from symphainy.parsers import ParseError
from symphainy.parsers.x12_parser import parse_x12

ISA = (
    "ISA*00*          *00*          *ZZ*BUYERID        *ZZ*SELLERID       "
    "*240115*1030*^*00501*000000905*0*T*>~"
)
PO_850 = [
    ISA,
    "GS*PO*BUYERID*SELLERID*20240115*1030*905*X*005010~",
    "ST*850*0001~",
    "BEG*00*SA*PO-4711**20240115~",
    "REF*DP*038~",
    "N1*ST*Acme Warehouse*92*W-01~",
    "PO1*1*10*EA*9.5**VP*WIDGET-A>RED~",
    "PO1*2*4*CS*27**VP*GADGET-B~",
    "CTT*2~",
    "SE*8*0001~",
    "ST*850*0002~",
    "BEG*00*SA*PO-4712**20240115~",
    "PO1*1*1*EA*100**VP*THING~",
    "SE*4*0002~",
    "GE*2*905~",
    "IEA*1*000000905~",
]


def _edi(write_file, segments, sep="\n"):
    return write_file("po.edi", sep.join(segments) + sep)


def test_850_purchase_orders(write_file, out_dir):
    outcome = parse_x12(_edi(write_file, PO_850), out_dir)

    doc = outcome.document
    assert doc["delimiters"] == {
        "element": "*",
        "component": ">",
        "segment": "~",
        "repetition": "^",
    }
    (interchange,) = doc["interchanges"]
    assert (interchange["sender_id"], interchange["receiver_id"]) == ("BUYERID", "SELLERID")
    assert (interchange["control_number"], interchange["version"]) == ("000000905", "00501")
    (group,) = interchange["groups"]
    assert (group["functional_id"], group["control_number"], group["version"]) == (
        "PO",
        "905",
        "005010",
    )
    first, second = group["transactions"]
    assert (first["set_id"], first["control_number"], first["segment_count"]) == ("850", "0001", 8)
    assert first["segments"][0] == {
        "id": "BEG",
        "elements": ["00", "SA", "PO-4711", "", "20240115"],
    }
    assert first["segments"][3]["elements"][6] == "WIDGET-A>RED"
    assert second["segment_count"] == 4
    assert outcome.record_count == 2
    table = outcome.tables[0]
    frame = pl.read_parquet(table.parquet_path)
    assert frame.height == len(PO_850)
    assert frame.filter(pl.col("segment_id") == "PO1")["transaction_control"].to_list() == [
        "0001",
        "0001",
        "0002",
    ]


def test_single_line_file_with_other_delimiters(write_file, out_dir):
    text = "".join(s.replace("*", "|").replace("~", "\n").replace(">", ":") for s in PO_850)
    outcome = parse_x12(write_file("po.x12", text), out_dir)
    assert outcome.document["delimiters"]["element"] == "|"
    assert outcome.document["delimiters"]["segment"] == "\n"
    assert outcome.document["delimiters"]["component"] == ":"


@pytest.mark.parametrize(
    ("index", "replacement", "segment_id", "position"),
    [
        (9, "SE*9*0001~", "SE", 10),
        (9, "SE*8*0009~", "SE", 10),
        (14, "GE*1*905~", "GE", 15),
        (14, "GE*2*906~", "GE", 15),
        (15, "IEA*2*000000905~", "IEA", 16),
        (15, "IEA*1*000000904~", "IEA", 16),
    ],
)
def test_envelope_mismatches_raise_with_segment(
    write_file, out_dir, index, replacement, segment_id, position
):
    segments = list(PO_850)
    segments[index] = replacement

    with pytest.raises(ParseError) as caught:
        parse_x12(_edi(write_file, segments), out_dir)

    assert caught.value.extra["segment"] == position
    assert caught.value.extra["segment_id"] == segment_id


def test_missing_trailer_raises(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_x12(_edi(write_file, PO_850[:-1]), out_dir)
    assert caught.value.extra == {"segment": 15, "segment_id": "IEA"}


def test_segment_outside_transaction_raises(write_file, out_dir):
    segments = [*PO_850[:2], "BEG*00*SA*X~", *PO_850[2:]]
    with pytest.raises(ParseError) as caught:
        parse_x12(_edi(write_file, segments), out_dir)
    assert caught.value.extra == {"segment": 3, "segment_id": "BEG"}


def test_truncated_isa_raises(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_x12(write_file("cut.edi", ISA[:60]), out_dir)
    assert caught.value.extra == {"segment": 1}
