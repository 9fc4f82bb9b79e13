"""Column profiles, fingerprints and text chunks, on Parquet files and documents made here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from symphainy.capabilities.content._profile import ProfileOptions, profile_table
from symphainy.capabilities.content._text import (
    Passage,
    chunk_passages,
    document_passages,
    humanise,
    snippet,
)


def _write(tmp_path: Path, frame: pl.DataFrame, name: str = "t.parquet") -> Path:
    path = tmp_path / name
    frame.write_parquet(path)
    return path


def _by_name(path: Path, **options: float) -> dict[str, Any]:
    profile = profile_table(path, ProfileOptions(**options))  # type: ignore[arg-type]
    return {str(c["name"]): c for c in profile.columns}


@pytest.mark.parametrize(
    ("fmt", "good", "bad"),
    [
        ("email", ["a.b+c@mail.example.co.uk", "x@y.io"], ["a@b", "@x.com", "a b@c.com"]),
        (
            "phone",
            ["(555) 123-4567", "555.123.4567", "+1 555 123 4567", "+44 20 7946 0958"],
            ["12", "2024-01-15", "555-1234"],
        ),
        ("uuid", ["123E4567-e89b-12d3-a456-426614174000"], ["123e4567e89b12d3a456426614174000"]),
        ("iso_date", ["2024-02-29", " 1999-12-31 "], ["2024-13-01", "15/01/2024"]),
        (
            "iso_datetime",
            ["2024-01-15T10:20:30Z", "2024-01-15 10:20", "2024-01-15T10:20:30.5+02:00"],
            ["2024-01-15", "2024-01-15T25:00"],
        ),
        ("integer_like", ["42", "-7", "+0012"], ["4.2", "1e3"]),
        ("decimal_like", ["4.2", "-0.5", ".5", "1,234,567.89"], ["42", "1,23"]),
        (
            "url",
            ["https://example.com/a?b=1", "ftp://files.example.org"],
            ["example.com", "http://"],
        ),
        ("zip", ["02134", "12345-6789"], ["1234", "123456"]),
    ],
)
def test_format_detection(tmp_path: Path, fmt: str, good: list[str], bad: list[str]) -> None:
    path = _write(tmp_path, pl.DataFrame({"v": [*good, *bad]}))
    ratio = _by_name(path)["v"]["formats"].get(fmt, 0.0)
    assert ratio == pytest.approx(len(good) / (len(good) + len(bad)), abs=1e-6)


def test_signature_of_mixed_columns(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "Amount": [1.5, None, 2.0, 3.25, None],
            "email": ["a@x.com", "b@x.com", "bad", None, "a@x.com"],
            "when": ["2024-03-01", "2023-12-31", "2024-02-29T10:00:00Z", None, "2022-05-01"],
            "day": [dt.date(2020, 1, 1), None, dt.date(2019, 5, 5), None, dt.date(2021, 6, 1)],
            "flag": [True, False, None, True, True],
        }
    )
    cols = _by_name(_write(tmp_path, frame))
    assert cols["Amount"]["numeric"] == {"min": 1.5, "max": 3.25, "mean": 2.25, "std": 0.9013878189}
    assert (cols["Amount"]["nulls"], cols["Amount"]["distinct"]) == (2, 3)
    assert cols["email"]["formats"] == {"email": 0.75}
    assert cols["email"]["length"] == {"min": 3, "max": 7, "mean": 6.0}
    assert cols["email"]["sample_values"] == ["a@x.com", "b@x.com", "bad"]
    assert cols["email"]["primary_format"] is None  # 75% < the 80% threshold
    assert cols["when"]["date_range"] == {"min": "2022-05-01", "max": "2024-03-01"}
    assert cols["day"]["date_range"] == {"min": "2019-05-05", "max": "2021-06-01"}
    assert cols["flag"]["distinct"] == 2
    assert (
        _by_name(_write(tmp_path, frame), format_threshold=0.7)["email"]["primary_format"]
        == "email"
    )


def test_fingerprint_normalises_names_but_not_types_or_order(tmp_path: Path) -> None:
    base = pl.DataFrame({"id": [1, 2], "name": ["a", None]})
    variants = {
        "same": base,
        "case": base.rename({"id": " ID ", "name": "Name"}),
        "type": base.with_columns(pl.col("id").cast(pl.Float64)),
        "order": base.select("name", "id"),
        "nulls": base.with_columns(pl.col("name").fill_null("b")),
        "rename": base.rename({"name": "label"}),
    }
    prints = {
        k: profile_table(_write(tmp_path, f, f"{k}.parquet"), ProfileOptions()).schema_fingerprint
        for k, f in variants.items()
    }
    assert prints["same"] == prints["case"]
    assert len({prints[k] for k in ("same", "type", "order", "nulls", "rename")}) == 5


def test_a_million_rows_profile_streaming_and_reproducibly(tmp_path: Path) -> None:
    n = 1_000_000
    frame = pl.DataFrame({"id": pl.int_range(0, n, eager=True)}).with_columns(
        (pl.lit("user") + pl.col("id").cast(pl.String) + pl.lit("@example.com")).alias("email"),
        (pl.col("id") * 0.1).alias("amount"),
        pl.when(pl.col("id") % 10 == 0).then(None).otherwise(pl.col("id") % 97).alias("code"),
    )
    path = tmp_path / "big.parquet"
    frame.write_parquet(path, row_group_size=100_000)
    del frame
    first = profile_table(path, ProfileOptions())
    cols: dict[Any, Any] = {c["name"]: c for c in first.columns}
    assert first.row_count == n
    assert cols["email"]["formats"] == {"email": 1.0}
    assert cols["email"]["distinct"] == n
    assert (cols["code"]["nulls"], cols["code"]["distinct"]) == (n // 10, 97)
    assert cols["amount"]["numeric"]["max"] == pytest.approx(99999.9)
    again = profile_table(path, ProfileOptions())
    assert (again.schema_fingerprint, again.signature_hash) == (
        first.schema_fingerprint,
        first.signature_hash,
    )
    assert again.columns == first.columns


def test_passages_from_the_parsers_document_shapes() -> None:
    sections = {
        "sections": [
            {"heading": None, "paragraphs": ["intro"]},
            {"heading": "Terms", "paragraphs": ["one", "two"], "tables": ["table_1"]},
        ]
    }
    assert document_passages(sections) == [
        Passage(None, "intro"),
        Passage("Terms", "one"),
        Passage("Terms", "two"),
    ]
    pages = {"pages": [{"number": 1, "text": "page one"}, {"number": 2, "text": " "}]}
    assert document_passages(pages) == [Passage("page 1", "page one")]
    assert document_passages({"text": "plain"}) == [Passage(None, "plain")]
    nested = {"process": {"tasks": [{"name": "Review claim"}]}, "warnings": ["skip me"]}
    assert document_passages(nested) == [Passage(None, "Review claim")]


def test_chunks_are_about_200_words_and_restart_at_headings() -> None:
    words = " ".join(f"w{i}" for i in range(450))
    chunks = chunk_passages([Passage("A", words), Passage("B", "short tail")])
    assert [(c.section, len(c.text.split()), c.word_offset) for c in chunks] == [
        ("A", 200, 0),
        ("A", 200, 200),
        ("A", 50, 400),
        ("B", 2, 450),
    ]
    assert [c.index for c in chunks] == [0, 1, 2, 3]


def test_humanise_and_snippet() -> None:
    assert humanise("customerEmail_addr") == "customer email addr"
    assert humanise(" Signup-Date ") == "signup date"
    text = "x" * 200 + " Late Payment " + "y" * 200
    cut = snippet(text, "late payment", width=10)
    assert cut == "…" + "x" * 9 + " Late Payment " + "y" * 9 + "…"
