"""parse_content on a multi-segment mainframe file (issue #16), options as Spark gives them:
one table per segment with its schema in the result, rows by table, invalid-value counts in
the parsed artifact's metadata, and an unknown option refused at submit naming the key."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from symphainy.runtime import Runtime
from tests.unit.capabilities.content._chain import T, ok
from tests.unit.capabilities.content.test_parse_hardening import (
    refused_at_submit,
    saved_file,
    start,
)
from tests.unit.parsers.copybook.test_segments_files import COPYBOOK, DATA

OPTIONS: dict[str, Any] = {
    "record_format": "V",
    "is_rdw_big_endian": "true",
    "rdw_adjustment": "-4",
    "segment_field": "SEGMENT_ID",
    "redefine_segment_id_map": ["STATIC-DETAILS => C", "CONTACTS => P"],
    "segment_children": "STATIC-DETAILS => CONTACTS",
    "invalid_values": "null",
}


@pytest.fixture
async def runtime(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    async with await start(database_url, tmp_path) as rt:
        yield rt


async def test_segments_through_parse_content(runtime: Runtime) -> None:
    # one more company record whose EMPLOYEES bytes are blanks (40 40): invalid packed
    # decimal, nulled in lenient mode; it is record 5 (0-based), data at 5 * 16 + 4 = 84,
    # EMPLOYEES at byte 10 of the record -> offset 94
    dirty = bytes([0, 16, 0, 0]) + "C003INITEC".encode("cp037") + b"\x40\x40"
    file_id = await saved_file(runtime, DATA + dirty, "companies.dat")
    params = {
        "file_id": file_id,
        "parsing_type": "mainframe",
        "copybook": COPYBOOK,
        "parse_options": OPTIONS,
    }
    result = await ok(runtime, "parse_content", params)
    tables = {t["name"]: t for t in result["tables"]}
    assert list(tables) == ["STATIC-DETAILS", "CONTACTS"]
    assert tables["STATIC-DETAILS"]["row_count"] == 3
    contacts = tables["CONTACTS"]
    assert contacts["row_count"] == 3
    # the schema: record ids, the parent link, shared columns, then the segment's own
    assert contacts["columns"][:5] == [
        "File_Id",
        "Record_Id",
        "Record_Byte_Length",
        "Record_Byte_Offset",
        "Parent_Record_Id",
    ]
    assert contacts["dtypes"][4] == "int64"
    page = await ok(
        runtime,
        "get_parsed_file",
        {"parsed_file_id": result["parsed_file_id"], "table": "CONTACTS"},
    )
    assert [(r["Record_Id"], r["Parent_Record_Id"]) for r in page["rows"]] == [
        (1, 0),
        (2, 0),
        (4, 3),
    ]
    art = await runtime.artifacts.resolve(T, result["parsed_file_id"])
    invalid = art.semantic_descriptor["metadata"]["invalid_values"]
    assert [(k.rsplit(".", 1)[-1], v) for k, v in invalid.items()] == [
        ("EMPLOYEES", {"count": 1, "first": [{"record": 6, "offset": 94}]})
    ]


async def test_an_unknown_mainframe_option_is_refused_at_submit(runtime: Runtime) -> None:
    file_id = await saved_file(runtime, DATA, "companies.dat")
    params = {
        "file_id": file_id,
        "parsing_type": "mainframe",
        "copybook": COPYBOOK,
        "parse_options": {**OPTIONS, "segment_id_levl0": "C"},
    }
    error = await refused_at_submit(runtime, params)
    assert error.status == 422
    assert "segment_id_levl0" in str(error.extra["errors"])
