"""parse_content and ingest_file refuse what a request must not control or cannot afford:
a program to run, options no parser takes, decompression bombs, uploads over the limit."""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from symphainy.capabilities.content import register
from symphainy.errors import InvalidParameters
from symphainy.runtime import IntentRegistry, Runtime, SubmitIntent
from symphainy.testing import local_runtime
from tests.unit.capabilities.content._bombs import docx_bomb, xlsx_bomb
from tests.unit.capabilities.content._chain import T, ok, run

CSV = b"id,name,amount\n1,alpha,10.5\n2,beta,7\n"
UPLOAD_LIMIT = 4096


def png() -> bytes:
    """A valid 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


async def start(database_url: str, home: Path, **settings: Any) -> Any:
    registry = IntentRegistry()
    register(registry)
    return local_runtime(
        registry, database_url=database_url, home=home, poll_seconds=0.05, **settings
    )


@pytest.fixture
async def runtime(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    async with await start(database_url, tmp_path) as rt:
        yield rt


@pytest.fixture
async def small_uploads(database_url: str, tmp_path: Path) -> AsyncIterator[Runtime]:
    """A runtime whose upload limit is UPLOAD_LIMIT bytes."""
    async with await start(database_url, tmp_path, max_upload_bytes=UPLOAD_LIMIT) as rt:
        yield rt


async def saved_file(rt: Runtime, data: bytes, name: str) -> str:
    """Ingest `data` inline and save it; the file id."""
    encoded = base64.b64encode(data).decode()
    params = {"ui_name": name, "filename": name, "file_content_base64": encoded}
    ingested = await ok(rt, "ingest_file", params)
    contract = ingested["boundary_contract_id"]
    await ok(
        rt,
        "save_materialization",
        {"file_id": ingested["artifact_id"], "boundary_contract_id": contract},
    )
    return str(ingested["artifact_id"])


async def refused_at_submit(rt: Runtime, params: dict[str, Any]) -> InvalidParameters:
    with pytest.raises(InvalidParameters) as caught:
        await rt.submit(SubmitIntent(T, "parse_content", params))
    return caught.value


async def nothing_parsed(rt: Runtime) -> None:
    page = await rt.artifacts.list(T, artifact_type="parsed_content")
    assert page.total == 0


# Item 1: no request may name a program, a path on the server or a module.


async def test_a_request_cannot_choose_the_ocr_program(runtime: Runtime) -> None:
    file_id = await saved_file(runtime, png(), "scan.png")
    error = await refused_at_submit(
        runtime, {"file_id": file_id, "parse_options": {"tesseract_cmd": "/bin/echo"}}
    )
    assert "tesseract_cmd" in str(error.extra)
    await nothing_parsed(runtime)


@pytest.mark.parametrize("lang", ["../../../tmp/evil", "/etc/passwd", "eng/../x"])
async def test_ocr_language_cannot_be_a_path(runtime: Runtime, lang: str) -> None:
    file_id = await saved_file(runtime, png(), "scan.png")
    error = await refused_at_submit(runtime, {"file_id": file_id, "parse_options": {"lang": lang}})
    assert error.extra["errors"][0]["loc"] == ["parameters", "parse_options"]
    assert "lang" in error.extra["errors"][0]["msg"]


async def test_encoding_must_be_a_text_codec(runtime: Runtime) -> None:
    file_id = await saved_file(runtime, CSV, "people.csv")
    for codec in ("zlib_codec", "base64", "no-such-codec"):
        params = {"file_id": file_id, "parse_options": {"encoding": codec}}
        error = await refused_at_submit(runtime, params)
        assert "encoding" in str(error.extra), codec
        assert "not a text encoding" in str(error.extra), codec
    await nothing_parsed(runtime)


# Item 2: unknown or ill-typed options are 422s that name the key (and the parser).


@pytest.mark.parametrize(
    "key", ["delimeter", "on_bad_lines", "floating_point_format", "ebcdic_code_page"]
)
async def test_unknown_option_is_refused_at_submit(runtime: Runtime, key: str) -> None:
    file_id = await saved_file(runtime, CSV, "people.csv")
    error = await refused_at_submit(runtime, {"file_id": file_id, "parse_options": {key: "x"}})
    assert error.status == 422
    assert key in str(error.extra)


async def test_option_of_another_parsing_type_is_refused_at_submit(runtime: Runtime) -> None:
    file_id = await saved_file(runtime, CSV, "people.csv")
    params = {"file_id": file_id, "parsing_type": "structured", "parse_options": {"password": "x"}}
    error = await refused_at_submit(runtime, params)
    assert "password" in str(error.extra)
    assert "csv" in str(error.extra)


async def test_option_the_chosen_parser_does_not_take_names_key_and_parser(
    runtime: Runtime,
) -> None:
    file_id = await saved_file(runtime, CSV, "people.csv")
    # `password` is a PDF option: valid for automatic parsing until the content says CSV.
    view = await run(
        runtime, "parse_content", {"file_id": file_id, "parse_options": {"password": "x"}}
    )
    assert view.status == "failed"
    assert view.error.type.endswith("/invalid-parameters")
    assert view.error.model_extra["parser"] == "csv"
    assert view.error.model_extra["errors"][0]["loc"] == ["parameters", "parse_options", "password"]
    await nothing_parsed(runtime)


async def test_ill_typed_option_is_refused(runtime: Runtime) -> None:
    file_id = await saved_file(runtime, CSV, "people.csv")
    options = {"has_header": "maybe"}
    params = {"file_id": file_id, "parsing_type": "structured", "parse_options": options}
    error = await refused_at_submit(runtime, params)
    assert "has_header" in str(error.extra)
    assert "the csv parser" in str(error.extra)


async def test_known_options_still_work(runtime: Runtime) -> None:
    file_id = await saved_file(runtime, b"a;b\n1;2\n3;4\n", "semi.csv")
    params = {"file_id": file_id, "parse_options": {"delimiter": ";", "has_header": True}}
    result = await ok(runtime, "parse_content", params)
    assert result["tables"][0]["columns"] == ["a", "b"]


def test_contract_shows_each_parsers_options(runtime: Runtime) -> None:
    schema = runtime.registry.get("parse_content").spec.contract().parameters_schema
    options = schema["properties"]["parse_options"]
    refs = [ref["$ref"].rsplit("/", 1)[-1] for ref in options["anyOf"] if "$ref" in ref]
    titles = {schema["$defs"][ref]["title"] for ref in refs}
    assert {
        "CsvOptions",
        "ExcelOptions",
        "PdfOptions",
        "ImageOptions",
        "MainframeOptions",
    } <= titles
    csv = schema["$defs"]["CsvOptions"]
    assert csv["additionalProperties"] is False
    assert {"delimiter", "quotechar", "has_header", "encoding"} <= set(csv["properties"])
    assert "tesseract_cmd" not in str(schema)


# Item 3: decompression bombs fail fast and typed, leaving nothing READY.


@pytest.mark.parametrize(("build", "name"), [(xlsx_bomb, "bomb.xlsx"), (docx_bomb, "bomb.docx")])
async def test_decompression_bomb_is_refused(
    runtime: Runtime, tmp_path: Path, build: Any, name: str
) -> None:
    data = build(tmp_path / name).read_bytes()
    assert len(data) < 1_000_000
    file_id = await saved_file(runtime, data, name)
    view = await run(runtime, "parse_content", {"file_id": file_id})
    assert view.status == "failed"
    assert view.error.type.endswith("/limit-exceeded"), view.error
    assert view.error.status == 413
    await nothing_parsed(runtime)


# ingest_file enforces max_upload_bytes on every path by which bytes arrive.


async def test_inline_content_over_the_upload_limit_is_413(small_uploads: Runtime) -> None:
    encoded = base64.b64encode(b"x" * (UPLOAD_LIMIT + 1)).decode()
    view = await run(
        small_uploads, "ingest_file", {"ui_name": "big", "file_content_base64": encoded}
    )
    assert view.status == "failed"
    assert view.error.type.endswith("/payload-too-large")
    assert view.error.status == 413
    assert (await small_uploads.artifacts.list(T)).total == 0


async def test_staged_upload_over_the_upload_limit_is_413(small_uploads: Runtime) -> None:
    info = await small_uploads.artifacts.blobs.put_bytes(T, b"x" * (UPLOAD_LIMIT + 1))
    view = await run(small_uploads, "ingest_file", {"ui_name": "big", "upload_uri": info.uri})
    assert view.status == "failed"
    assert view.error.type.endswith("/payload-too-large")
    assert (await small_uploads.artifacts.list(T)).total == 0


async def test_content_at_the_upload_limit_is_accepted(small_uploads: Runtime) -> None:
    data = b"a,b\n" + b"1,2\n" * ((UPLOAD_LIMIT - 4) // 4)
    info = await small_uploads.artifacts.blobs.put_bytes(T, data)
    assert info.size <= UPLOAD_LIMIT
    await ok(small_uploads, "ingest_file", {"ui_name": "ok", "upload_uri": info.uri})
    encoded = base64.b64encode(data).decode()
    await ok(small_uploads, "ingest_file", {"ui_name": "ok", "file_content_base64": encoded})
