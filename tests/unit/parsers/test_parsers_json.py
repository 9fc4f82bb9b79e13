from __future__ import annotations

import polars as pl
import pytest

from symphainy.parsers import ParseError
from symphainy.parsers.json_parser import parse_json, parse_yaml


def test_array_of_objects_becomes_a_table(write_file, out_dir):
    path = write_file(
        "people.json",
        '[{"id": 1, "name": "Ann", "score": 9.5, "tags": ["a", "b"]},\n'
        ' {"id": 2, "name": "Bo", "score": 7, "extra": {"k": true}}]',
    )

    outcome = parse_json(path, out_dir)

    table = outcome.tables[0]
    assert outcome.content_kind == "json"
    assert table.columns == ("id", "name", "score", "tags", "extra")
    assert table.dtypes == ("Int64", "String", "Float64", "String", "String")
    frame = pl.read_parquet(table.parquet_path)
    assert frame["score"].to_list() == [9.5, 7.0]
    assert frame["tags"].to_list() == ['["a","b"]', None]
    assert frame["extra"].to_list() == [None, '{"k":true}']


def test_other_json_becomes_the_document(write_file, out_dir):
    outcome = parse_json(
        write_file("cfg.json", '{"service": {"port": 8080}, "debug": false}'), out_dir
    )

    assert outcome.tables == ()
    assert outcome.document == {"service": {"port": 8080}, "debug": False}


def test_scalar_array_is_wrapped(write_file, out_dir):
    outcome = parse_json(write_file("n.json", "[1, 2, 3]"), out_dir)
    assert outcome.document == {"value": [1, 2, 3]}
    assert outcome.record_count == 3


def test_invalid_json_reports_line_and_column(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_json(write_file("bad.json", '{\n  "a": 1,\n  "b": \n}'), out_dir)
    assert caught.value.extra["line"] == 4
    assert caught.value.extra["column"] == 1


def test_json_lines_stream_into_batches(write_file, out_dir):
    lines = [f'{{"n": {i}, "even": {str(i % 2 == 0).lower()}}}' for i in range(25)]
    lines[3] = '{"n": 3, "even": false, "late": "x"}'
    path = write_file("events.jsonl", "\n".join(lines) + "\n\n")

    outcome = parse_json(path, out_dir, {"batch_rows": 10})

    table = outcome.tables[0]
    assert outcome.content_kind == "jsonl"
    assert table.columns == ("n", "even", "late")
    assert table.row_count == 25
    frame = pl.read_parquet(table.parquet_path)
    assert frame["n"].to_list() == list(range(25))
    assert frame["late"].drop_nulls().to_list() == ["x"]
    assert len(table.preview) == 20


def test_json_lines_of_mixed_values_become_records(write_file, out_dir):
    outcome = parse_json(write_file("m.jsonl", '{"a": 1}\n[1, 2]\n"x"\n'), out_dir)
    assert outcome.document == {"records": [{"a": 1}, [1, 2], "x"]}


def test_broken_json_line_reports_its_line(write_file, out_dir):
    path = write_file("bad.jsonl", '{"a": 1}\n{"a": 2}\n\n{"a": 3,,}\n{"a": 4}\n')

    with pytest.raises(ParseError) as caught:
        parse_json(path, out_dir)

    assert caught.value.extra["line"] == 4


def test_yaml_documents(write_file, out_dir):
    path = write_file(
        "list.yaml", "- name: Ann\n  joined: 2024-01-02\n- name: Bo\n  joined: 2023-05-06\n"
    )
    outcome = parse_yaml(path, out_dir)
    assert outcome.tables[0].dtypes == ("String", "Date")
    assert outcome.tables[0].preview[0] == {"name": "Ann", "joined": "2024-01-02"}

    multi = parse_yaml(write_file("multi.yaml", "a: 1\n---\nb: [x, y]\n"), out_dir)
    assert multi.document == {"documents": [{"a": 1}, {"b": ["x", "y"]}]}


def test_invalid_yaml_reports_line(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_yaml(write_file("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n"), out_dir)
    assert caught.value.extra["line"] == 3


def test_yaml_alias_bomb_and_cycles_are_rejected(write_file, out_dir):
    levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for index in range(1, 10):
        prev, name = chr(96 + index), chr(97 + index)
        levels.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    with pytest.raises(ParseError, match="expands to"):
        parse_yaml(write_file("bomb.yaml", "\n".join(levels) + "\n"), out_dir)
    with pytest.raises(ParseError, match="recursive alias"):
        parse_yaml(write_file("cycle.yaml", "&a [*a]\n"), out_dir)
    assert parse_yaml(write_file("ok.yaml", "a: &x [1]\nb: *x\n"), out_dir).document == {
        "a": [1],
        "b": [1],
    }
