"""extract_embeddings: semantic vectors for a parsed file's columns and text.

Each column gets two vectors: one for its metadata text (name, type, detected formats) and
one for a sample of its values (taken from the deterministic embedding's signature). A
document's text is cut into ~200-word chunks, one vector each. Vectors are unit length
(cosine similarity is a dot product) and are stored as one Parquet file on an
`embeddings` artifact whose parents are the deterministic embedding and the parsed file.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import polars as pl
from numpy.typing import NDArray

from symphainy.capabilities.content import _parsed
from symphainy.capabilities.content._minilm import DIMENSION, ENCODERS, MODEL_NAME, MODEL_PACKAGE
from symphainy.capabilities.content._models import ExtractEmbeddingsParams, ExtractEmbeddingsResult
from symphainy.capabilities.content._text import chunk_passages, document_passages, humanise
from symphainy.contracts import ArtifactView, Materialization
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext

ARTIFACT_TYPE: Final = "embeddings"
REPRESENTS: Final = {
    "column_metadata": "the column's name, detected formats and data type, as a phrase",
    "column_values": "up to 10 sample values of the column, comma separated",
    "text_chunk": "about 200 consecutive words of the document's text",
}
LAYOUT: Final = ("position", "kind", "table", "column", "chunk", "section", "text", "vector")
MIN_FORMAT_RATIO: Final = 0.5
FORMAT_WORDS: Final = {
    "email": "email addresses",
    "phone": "phone numbers",
    "uuid": "UUIDs",
    "iso_date": "dates",
    "iso_datetime": "timestamps",
    "integer_like": "whole numbers",
    "decimal_like": "decimal numbers",
    "url": "web links",
    "zip": "ZIP codes",
}
_TYPE_WORDS: Final = {
    "String": "text",
    "Boolean": "true or false",
    "Date": "date",
    "Time": "time of day",
}


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to embed, and where it comes from."""

    kind: str
    text: str
    table: str | None = None
    column: str | None = None
    chunk: int | None = None
    section: str | None = None


async def extract_embeddings(
    ctx: ExecutionContext, p: ExtractEmbeddingsParams
) -> ExtractEmbeddingsResult:
    """Embed a parsed file's columns and text chunks with all-MiniLM-L6-v2 (384 dims).

    Raises:
        ArtifactNotFound: either artifact is missing from the caller's tenant.
        InvalidRequest: the deterministic embedding is not of this parsed file.
        ConfigurationError: the model package is not installed.
    """
    parsed, det = await _sources(ctx, p)
    items = column_items(det.semantic_descriptor) + chunk_items(await _parsed.document(ctx, parsed))
    if not items:
        raise InvalidRequest(f"parsed content {parsed.artifact_id} has nothing to embed")
    await ctx.emit(message=f"embedding {len(items)} texts", percent=10)
    vectors = await asyncio.to_thread(_encode, [i.text for i in items])
    await ctx.emit(message="storing vectors", percent=85)
    mat = await _store(ctx, items, vectors)
    kinds = dict(Counter(i.kind for i in items))
    art = await ctx.artifacts.register(
        ARTIFACT_TYPE,
        parents=[det.artifact_id, parsed.artifact_id],
        descriptor=_descriptor(parsed.artifact_id, det.artifact_id, len(items), kinds, mat.uri),
        materializations=[mat],
        lifecycle_state="READY",
    )
    return ExtractEmbeddingsResult(
        embedding_id=art.artifact_id,
        parsed_file_id=parsed.artifact_id,
        deterministic_embedding_id=det.artifact_id,
        model=MODEL_NAME,
        dimension=DIMENSION,
        count=len(items),
        kinds=kinds,
    )


async def _sources(
    ctx: ExecutionContext, p: ExtractEmbeddingsParams
) -> tuple[ArtifactView, ArtifactView]:
    """The parsed file and its deterministic embedding, checked to belong together."""
    parsed = await _parsed.ready_parsed(ctx, p.parsed_file_id)
    det = await ctx.artifacts.resolve(p.deterministic_embedding_id, "deterministic_embeddings")
    if det.semantic_descriptor.get("parsed_file_id") != parsed.artifact_id:
        raise InvalidRequest(
            f"deterministic embedding {det.artifact_id} was not made from {parsed.artifact_id}"
        )
    return parsed, det


def column_items(descriptor: dict[str, Any]) -> list[Item]:
    """A metadata item and a values item per column of every profiled table."""
    items: list[Item] = []
    for table in descriptor.get("tables") or []:
        for column in table.get("columns") or []:
            where = (str(table["name"]), str(column["name"]))
            items.append(Item("column_metadata", metadata_text(column), *where))
            values = [str(v) for v in column.get("sample_values") or []]
            if values:
                items.append(Item("column_values", ", ".join(values), *where))
    return items


def metadata_text(column: dict[str, Any]) -> str:
    """What a column is, in words: `customer email (email addresses) [text]`.

    Formats matched by fewer than half the values are left out: they are noise here.
    """
    dtype = str(column.get("dtype") or "")
    words = _TYPE_WORDS.get(dtype) or _type_words(dtype)
    ratios: dict[str, float] = column.get("formats") or {}
    kept = sorted((f for f, r in ratios.items() if r >= MIN_FORMAT_RATIO), key=lambda f: -ratios[f])
    formats = ", ".join(FORMAT_WORDS.get(f, f) for f in kept)
    name = humanise(str(column["name"]))
    return f"{name} ({formats}) [{words}]" if formats else f"{name} [{words}]"


def _type_words(dtype: str) -> str:
    if dtype.startswith(("Int", "UInt")):
        return "integer number"
    if dtype.startswith(("Float", "Decimal")):
        return "decimal number"
    if dtype.startswith("Datetime"):
        return "date and time"
    return dtype.lower() or "unknown type"


def chunk_items(doc: Any) -> list[Item]:
    """One item per ~200-word chunk of the document's text."""
    if doc is None:
        return []
    return [
        Item("text_chunk", c.text, chunk=c.index, section=c.section)
        for c in chunk_passages(document_passages(doc))
    ]


def _encode(texts: list[str]) -> NDArray[np.float32]:
    return ENCODERS.get().encode(texts)


async def _store(
    ctx: ExecutionContext, items: list[Item], vectors: NDArray[np.float32]
) -> Materialization:
    frame = pl.DataFrame(
        {
            "position": pl.Series(range(len(items)), dtype=pl.Int32),
            "kind": [i.kind for i in items],
            "table": pl.Series([i.table for i in items], dtype=pl.String),
            "column": pl.Series([i.column for i in items], dtype=pl.String),
            "chunk": pl.Series([i.chunk for i in items], dtype=pl.Int32),
            "section": pl.Series([i.section for i in items], dtype=pl.String),
            "text": [i.text for i in items],
            "vector": pl.Series(vectors, dtype=pl.Array(pl.Float32, DIMENSION)),
        }
    )
    with tempfile.TemporaryDirectory(prefix="symphainy-embed-") as tmp:
        path = Path(tmp) / "embeddings.parquet"
        await asyncio.to_thread(frame.write_parquet, path, compression="zstd")
        return await ctx.artifacts.store_file(path, "parquet")


def _descriptor(
    parsed_id: str, det_id: str, count: int, kinds: dict[str, int], uri: str
) -> dict[str, Any]:
    return {
        "parsed_file_id": parsed_id,
        "deterministic_embedding_id": det_id,
        "model": MODEL_NAME,
        "model_package": MODEL_PACKAGE,
        "dimension": DIMENSION,
        "count": count,
        "normalized": True,
        "metric": "cosine",
        "kinds": kinds,
        "represents": {k: REPRESENTS[k] for k in kinds},
        "layout": {"format": "parquet", "uri": uri, "columns": list(LAYOUT)},
    }
