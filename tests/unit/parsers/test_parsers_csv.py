from __future__ import annotations

import polars as pl
import pytest

from symphainy.errors import InvalidParameters
from symphainy.parsers import ParseError
from symphainy.parsers.csv_parser import parse_csv
from symphainy.parsers.dispatch import parse_file
from symphainy.parsers.sniffer import sniff


def _frame(outcome):
    table = outcome.tables[0]
    assert table.parquet_path is not None
    return pl.read_parquet(table.parquet_path)


@pytest.mark.parametrize(
    ("delimiter", "kind"), [(",", "csv"), (";", "csv"), ("\t", "tsv"), ("|", "csv")]
)
def test_dialects_are_detected(write_file, out_dir, delimiter, kind):
    rows = ["id,name,amount", "1,Alice,10.5", "2,Bob,20", "3,Carol,30.25"]
    path = write_file("data.txt", "\n".join(r.replace(",", delimiter) for r in rows) + "\n")

    outcome = parse_csv(path, out_dir)

    assert outcome.content_kind == kind
    assert outcome.metadata["delimiter"] == delimiter
    assert outcome.metadata["has_header"] is True
    table = outcome.tables[0]
    assert table.columns == ("id", "name", "amount")
    assert table.dtypes == ("Int64", "String", "Float64")
    assert table.row_count == 3
    assert table.preview[1] == {"id": 2, "name": "Bob", "amount": 20.0}
    assert _frame(outcome)["amount"].sum() == pytest.approx(60.75)


def test_quoted_fields_with_delimiters_newlines_and_quotes(write_file, out_dir):
    text = (
        'id,comment,city\n1,"Hello, world","Paris"\n2,"line one\nline two",Rome\n3,"say ""hi""",\n'
    )
    outcome = parse_csv(write_file("q.csv", text), out_dir)

    frame = _frame(outcome)
    assert frame["comment"].to_list() == ["Hello, world", "line one\nline two", 'say "hi"']
    assert frame["city"].to_list() == ["Paris", "Rome", None]
    assert outcome.metadata["quotechar"] == '"'


def test_single_quote_dialect(write_file, out_dir):
    text = "a;b\n'x;y';1\n'z';2\n"
    outcome = parse_csv(write_file("sq.csv", text), out_dir)

    assert outcome.metadata == outcome.metadata | {"delimiter": ";", "quotechar": "'"}
    assert _frame(outcome)["a"].to_list() == ["x;y", "z"]


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-16-be", b"\xfe\xff", "utf-16"),
        ("cp1252", b"", None),
    ],
)
def test_encodings_are_detected(write_file, out_dir, encoding, bom, expected):
    text = "name,city,note\nJosé,Zürich,café crème\nFrançois,Besançon,naïve € price\n"
    path = write_file("enc.csv", bom + text.encode(encoding))

    outcome = parse_csv(path, out_dir)

    if expected:
        assert outcome.metadata["encoding"] == expected
    else:
        assert outcome.metadata["encoding"] in {"cp1252", "latin_1", "iso8859_15"}
    frame = _frame(outcome)
    assert frame.columns == ["name", "city", "note"]
    assert frame["city"].to_list() == ["Zürich", "Besançon"]


def test_legacy_encoding_after_ascii_sample_is_recovered(write_file, out_dir):
    body = "".join(f"{i},plain{i}\n" for i in range(20_000))
    path = write_file("late.csv", b"id,word\n" + body.encode() + "99999,Genève\n".encode("cp1252"))

    outcome = parse_csv(path, out_dir)

    assert outcome.metadata["encoding"] == "cp1252"
    assert _frame(outcome)["word"][-1] == "Genève"


def test_forced_wrong_encoding_reports_line(write_file, out_dir):
    path = write_file("bad.csv", "a,b\n1,2\n3,caf\xe9\n".encode("cp1252"))

    with pytest.raises(ParseError) as caught:
        parse_csv(path, out_dir, {"encoding": "utf-8"})

    assert caught.value.extra["line"] == 3
    assert caught.value.problem_type == "parse-failed"


def test_corrupt_utf8_after_utf8_sample_reports_line(write_file, out_dir):
    head = "id,word\n1,naïve\n" + "".join(f"{i},w{i}\n" for i in range(2, 30_000))
    path = write_file("corrupt.csv", head.encode() + b"30000,\xff\xfe\n")

    with pytest.raises(ParseError) as caught:
        parse_csv(path, out_dir)

    assert caught.value.extra["line"] == 30_001


def test_headerless_numeric_file_gets_generated_names(write_file, out_dir):
    outcome = parse_csv(write_file("n.csv", "1,2.5,x\n3,4.5,y\n"), out_dir)

    assert outcome.metadata["has_header"] is False
    assert outcome.tables[0].columns == ("column_1", "column_2", "column_3")
    assert outcome.tables[0].row_count == 2


def test_blank_and_duplicate_header_names_are_made_unique(write_file, out_dir):
    outcome = parse_csv(write_file("h.csv", "a,a,,b\n1,2,3,4\n"), out_dir)

    assert outcome.tables[0].columns == ("a", "a_2", "column_3", "b")


def test_short_row_raises_with_line(write_file, out_dir):
    path = write_file("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n")

    with pytest.raises(ParseError) as caught:
        parse_csv(path, out_dir)

    assert caught.value.extra == {"line": 3, "expected_fields": 3, "found_fields": 2}
    assert not list(out_dir.glob("*.parquet"))


def test_long_row_raises_with_line_after_multiline_field(write_file, out_dir):
    path = write_file("long.csv", 'a,b\n1,"two\nlines"\n2,3\n4,5,6\n')

    with pytest.raises(ParseError) as caught:
        parse_csv(path, out_dir)

    assert caught.value.extra["line"] == 5
    assert caught.value.extra["found_fields"] == 3


def test_blank_lines_are_skipped(write_file, out_dir):
    outcome = parse_csv(write_file("blank.csv", "a,b\n1,\n\n3,4\n\n"), out_dir)

    assert _frame(outcome).rows() == [(1, None), (3, 4)]


def test_type_inference_falls_back_past_the_sample(write_file, out_dir):
    body = "".join(f"{i},{i}\n" for i in range(12_000))
    outcome = parse_csv(write_file("late_type.csv", "a,b\n" + body + "12000,n/a\n"), out_dir)

    assert outcome.metadata["schema_inference"] == "full"
    assert outcome.tables[0].dtypes == ("Int64", "String")
    assert outcome.tables[0].row_count == 12_001


def test_empty_file_raises(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_csv(write_file("empty.csv", ""), out_dir)
    assert caught.value.extra == {"line": 1}


def test_options_override_detection(write_file, out_dir):
    outcome = parse_csv(
        write_file("o.csv", "x|y\n1|2\n"), out_dir, {"delimiter": "|", "has_header": False}
    )

    assert outcome.tables[0].columns == ("column_1", "column_2")
    assert _frame(outcome).rows() == [("x", "y"), ("1", "2")]


def test_bad_delimiter_option_is_rejected(write_file, out_dir):
    with pytest.raises(InvalidParameters) as caught:
        parse_csv(write_file("o.csv", "a,b\n1,2\n"), out_dir, {"delimiter": "::"})
    assert caught.value.extra["parser"] == "csv"
    assert caught.value.extra["errors"][0]["loc"] == ["parameters", "parse_options", "delimiter"]


@pytest.mark.parametrize("key", ["delimeter", "on_bad_lines", "floating_point_format"])
def test_unknown_option_names_the_key_and_the_parser(write_file, out_dir, key):
    with pytest.raises(InvalidParameters) as caught:
        parse_csv(write_file("o.csv", "a,b\n1,2\n"), out_dir, {key: "x"})
    assert caught.value.status == 422
    assert caught.value.extra["parser"] == "csv"
    assert caught.value.extra["errors"][0]["loc"] == ["parameters", "parse_options", key]


def test_short_row_hidden_by_a_quoted_delimiter_is_found(write_file, out_dir):
    path = write_file("hidden.csv", 'a,b,c\n1,"x,y",2\n3,"p,q"\n4,z,5\n')

    with pytest.raises(ParseError) as caught:
        parse_csv(path, out_dir)

    assert caught.value.extra == {"line": 3, "expected_fields": 3, "found_fields": 2}


def test_nullable_last_column_with_multiline_values_passes(write_file, out_dir):
    text = 'id,memo,tag\n1,"a\nb, c",\n2,"",x\n3,plain,\n'
    outcome = parse_csv(write_file("ok.csv", text), out_dir)

    assert _frame(outcome).rows() == [(1, "a\nb, c", None), (2, "", "x"), (3, "plain", None)]


def test_unterminated_quote_reports_the_record_line(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_csv(write_file("open.csv", 'a,b\n1,2\n3,"oops\n4,5\n'), out_dir)
    assert caught.value.extra == {"line": 3}


def test_header_only_file_is_a_table_with_no_rows(write_file, out_dir):
    path = write_file("upload.bin", "id,name,email\n")
    assert sniff(path) == "csv"
    outcome = parse_file(path, out_dir, None, None)
    assert outcome.parser == "csv"
    table = outcome.tables[0]
    assert table.columns == ("id", "name", "email")
    assert table.row_count == 0


def test_label_value_cells_do_not_make_a_csv_yaml(write_file, out_dir):
    body = "".join(f"{i},status: ok {i}\n" for i in range(30))
    path = write_file("upload.bin", "id,note\n" + body)
    assert sniff(path) == "csv"
    outcome = parse_file(path, out_dir, None, None)
    assert _frame(outcome).row(29) == (29, "status: ok 29")


@pytest.mark.parametrize("prose", ["apples, pears, plums\n", "Hello world.\n", "a, b\n"])
def test_one_line_of_prose_stays_text(write_file, prose):
    assert sniff(write_file("note.bin", prose)) == "text"
