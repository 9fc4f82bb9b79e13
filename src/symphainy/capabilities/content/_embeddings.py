"""create_deterministic_embeddings: schema fingerprints and column pattern signatures.

A deterministic embedding is not a neural vector. Per table it is (a) the schema
fingerprint, SHA-256 of the normalised column list (position, lower-cased stripped name,
dtype, observed nullability), and (b) a pattern signature per column (counts, nulls,
distinct values, numeric and length statistics, sample values, detected formats with
match ratios, date range). A document gets a structure fingerprint over its headings and
a digest of its text. The same bytes give the same fingerprints and signatures.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from symphainy.capabilities.content import _parsed
from symphainy.capabilities.content._models import (
    CreateDeterministicEmbeddingsParams,
    CreateDeterministicEmbeddingsResult,
)
from symphainy.capabilities.content._profile import (
    ProfileOptions,
    TableProfile,
    digest,
    profile_table,
    schema_fingerprint,
)
from symphainy.capabilities.content._text import document_passages
from symphainy.errors import InvalidRequest
from symphainy.runtime import ExecutionContext
from symphainy.types import JSONObject, JSONValue

ARTIFACT_TYPE = "deterministic_embeddings"


async def create_deterministic_embeddings(
    ctx: ExecutionContext, p: CreateDeterministicEmbeddingsParams
) -> CreateDeterministicEmbeddingsResult:
    """Fingerprint and profile every table (and the document) of a parsed file.

    Registers a READY `deterministic_embeddings` artifact whose parent is the parsed file.

    Raises:
        ArtifactNotFound: no parsed_content artifact with that id in the caller's tenant.
        IllegalTransition: the parsed content is not READY.
        InvalidRequest: the parsed content has neither tables nor a document.
    """
    parsed = await _parsed.ready_parsed(ctx, p.parsed_file_id)
    options = ProfileOptions(**p.embedding_options.model_dump())
    tables = await _profile_tables(ctx, _parsed.tables(ctx, parsed), options)
    document = _document_profile(await _parsed.document(ctx, parsed))
    if not tables and document is None:
        raise InvalidRequest(f"parsed content {p.parsed_file_id} has no tables and no text")
    overall = _overall(tables, document)
    descriptor = {
        "parsed_file_id": parsed.artifact_id,
        "options": p.embedding_options.model_dump(),
        "schema_fingerprint": overall,
        "tables": tables,
        "document": document,
    }
    art = await ctx.artifacts.register(
        ARTIFACT_TYPE, parents=[parsed.artifact_id], descriptor=descriptor, lifecycle_state="READY"
    )
    return CreateDeterministicEmbeddingsResult(
        deterministic_embedding_id=art.artifact_id,
        parsed_file_id=parsed.artifact_id,
        schema_fingerprint=overall,
        schema_fingerprints={str(t["name"]): str(t["schema_fingerprint"]) for t in tables},
        tables=[_summary(t) for t in tables],
        document=document,
    )


async def _profile_tables(
    ctx: ExecutionContext, refs: list[_parsed.TableRef], options: ProfileOptions
) -> list[JSONObject]:
    out: list[JSONObject] = []
    for number, ref in enumerate(refs, start=1):
        profile = await _profile(ref, options)
        out.append(
            {
                "name": ref.name,
                "row_count": profile.row_count,
                "column_count": len(profile.columns),
                "schema_fingerprint": profile.schema_fingerprint,
                "signature_hash": profile.signature_hash,
                "columns": list[JSONValue](profile.columns),
            }
        )
        percent = 10 + 80 * number // max(len(refs), 1)
        await ctx.emit(message=f"profiled table {ref.name}", percent=percent)
    return out


async def _profile(ref: _parsed.TableRef, options: ProfileOptions) -> TableProfile:
    if ref.path is not None:
        return await asyncio.to_thread(profile_table, ref.path, options)
    # A parser may describe an empty table without writing Parquet: profile its header.
    columns: list[JSONObject] = [
        {"position": i, "name": name, "dtype": dtype, "nullable": False, "count": 0, "nulls": 0}
        for i, (name, dtype) in enumerate(zip(ref.columns, ref.dtypes, strict=False))
    ]
    return TableProfile(0, columns, schema_fingerprint(columns), digest(columns))


def _document_profile(doc: Any) -> JSONObject | None:
    passages = document_passages(doc) if doc is not None else []
    if not passages:
        return None
    headings = list(dict.fromkeys(p.section for p in passages if p.section))
    text = "\n".join(p.text for p in passages)
    normalised = [" ".join(h.lower().split()) for h in headings]
    return {
        "structure_fingerprint": digest(normalised),
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "sections": len(headings),
        "headings": list[JSONValue](headings[:50]),
        "passages": len(passages),
        "word_count": len(text.split()),
        "char_count": len(text),
    }


def _overall(tables: list[JSONObject], document: JSONObject | None) -> str:
    """One table: its fingerprint; several: SHA-256 over theirs in order; else the document's."""
    prints = [str(t["schema_fingerprint"]) for t in tables]
    if len(prints) == 1:
        return prints[0]
    if prints:
        return hashlib.sha256(":".join(prints).encode()).hexdigest()
    assert document is not None
    return str(document["structure_fingerprint"])


def _summary(table: JSONObject) -> dict[str, Any]:
    columns = table["columns"]
    assert isinstance(columns, list)
    return {
        "name": table["name"],
        "row_count": table["row_count"],
        "schema_fingerprint": table["schema_fingerprint"],
        "signature_hash": table["signature_hash"],
        "columns": [_column_summary(c) for c in columns if isinstance(c, dict)],
    }


def _column_summary(column: JSONObject) -> dict[str, Any]:
    keys = ("name", "dtype", "nulls", "distinct", "primary_format", "formats")
    return {k: column.get(k) for k in keys}
