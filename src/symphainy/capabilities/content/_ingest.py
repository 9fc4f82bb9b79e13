"""ingest_file and save_materialization: bytes in, PENDING file, explicit save to READY."""

from __future__ import annotations

import asyncio
import base64
import binascii
import time
import uuid
from pathlib import Path
from typing import Any, ClassVar, Literal, NoReturn

from symphainy.capabilities.content._models import (
    MAX_INLINE_BYTES,
    IngestFileParams,
    IngestFileResult,
    SaveMaterializationParams,
    SaveMaterializationResult,
)
from symphainy.contracts import ArtifactView, Materialization
from symphainy.errors import (
    IllegalTransition,
    InvalidRequest,
    NotFound,
    PayloadTooLarge,
    SymphainyError,
)
from symphainy.parsers import sniff
from symphainy.runtime import ExecutionContext

MATERIALIZATION_TYPES = [
    "full_artifact",
    "partial_extraction",
    "deterministic",
    "semantic_embedding",
]
# What each sniffed kind is parsed as, unless the caller asks otherwise.
DEFAULT_PARSING: dict[str, str] = {"bpmn": "workflow", "json_schema": "data_model", "x12": "edi"}
Source = Literal["staged_upload", "inline"]
IngestionType = Literal["upload", "api", "edi"]
# The byte source that `upload` and `api` stand for; `edi` may come either way.
_SOURCE_OF: dict[str, Source] = {"upload": "staged_upload", "api": "inline"}


class ContentTypeMismatch(SymphainyError):
    """The sniffed content is not what the request declared it to be."""

    problem_type = "content-type-mismatch"
    status = 415
    title = "Content type mismatch"
    retryable: ClassVar[bool] = False


async def ingest_file(ctx: ExecutionContext, p: IngestFileParams) -> IngestFileResult:
    """Store the bytes, sniff their type, and register a PENDING file artifact."""
    ingestion, source = _ingestion(p)
    mat = await _materialize(ctx, p)
    path = ctx.artifacts.local_path(mat.uri)
    kind = await asyncio.to_thread(sniff, path)
    if kind == "empty" or (ingestion == "edi" and kind != "x12"):
        # Nothing is registered, so nothing else would ever remove these bytes.
        await ctx.artifacts.delete_blob(mat.uri)
        _refuse(kind)
    contract = _boundary_contract(ctx, p)
    descriptor = {
        "ui_name": p.ui_name,
        "filename": _safe_name(p.filename or p.ui_name),
        "declared_mime_type": p.mime_type,
        "content_type": kind,
        "size": mat.size,
        "sha256": mat.sha256,
        "ingestion_type": ingestion,
        "received_via": source,
        "source_metadata": p.source_metadata,
        "boundary_contract": contract,
    }
    art = await ctx.artifacts.register("file", descriptor=descriptor, materializations=[mat])
    await ctx.emit("artifact_ingested", artifact_id=art.artifact_id, content_type=kind)
    return IngestFileResult(
        artifact_id=art.artifact_id,
        file_reference=f"file:{art.artifact_id}",
        storage_location=mat.uri,
        boundary_contract_id=contract["boundary_contract_id"],
        materialization_pending=True,
        size=mat.size or 0,
        sha256=mat.sha256 or "",
        content_type=kind,
        ingestion_type=ingestion,
        received_via=source,
    )


def _ingestion(p: IngestFileParams) -> tuple[IngestionType, Source]:
    """The ingestion type (declared or implied by the byte source) and that source."""
    if (p.upload_uri is None) == (p.file_content_base64 is None):
        raise InvalidRequest("give exactly one of upload_uri or file_content_base64")
    source: Source = "staged_upload" if p.upload_uri is not None else "inline"
    if p.ingestion_type is None:
        return ("upload" if source == "staged_upload" else "api"), source
    expected = _SOURCE_OF.get(p.ingestion_type)
    if expected is not None and expected != source:
        field = "upload_uri" if expected == "staged_upload" else "file_content_base64"
        raise InvalidRequest(
            f"ingestion_type {p.ingestion_type!r} takes its bytes from {field}",
            ingestion_type=p.ingestion_type,
        )
    return p.ingestion_type, source


def _refuse(kind: str) -> NoReturn:
    if kind == "empty":
        raise InvalidRequest("the file is empty")
    raise ContentTypeMismatch(
        f"ingestion_type 'edi' needs an X12 interchange (an ISA segment first); "
        f"the content was sniffed as {kind!r}",
        expected="x12",
        sniffed=kind,
    )


async def _materialize(ctx: ExecutionContext, p: IngestFileParams) -> Materialization:
    limit = ctx.settings.max_upload_bytes
    if p.file_content_base64 is not None:
        try:
            data = base64.b64decode(p.file_content_base64, validate=True)
        except binascii.Error as exc:
            raise InvalidRequest(f"file_content_base64 is not valid base64: {exc}") from None
        if len(data) > MAX_INLINE_BYTES:
            raise PayloadTooLarge(
                f"inline content is limited to {MAX_INLINE_BYTES} bytes; upload larger files",
                limit=MAX_INLINE_BYTES,
                size=len(data),
            )
        _within_upload_limit(len(data), limit)
        return await ctx.artifacts.store_bytes(data, "binary")
    assert p.upload_uri is not None
    try:
        info = await ctx.artifacts.blob_info(p.upload_uri)
    except NotFound:
        raise NotFound(f"no staged upload {p.upload_uri} in this tenant") from None
    if info.size > limit:
        # It can never be ingested, and nothing registered owns it: remove it now.
        await ctx.artifacts.delete_blob(p.upload_uri)
        _within_upload_limit(info.size, limit)
    return Materialization(
        storage_type="blob",
        uri=p.upload_uri,
        format="binary",
        size=info.size,
        sha256=info.sha256,
    )


def _within_upload_limit(size: int, limit: int) -> None:
    """Every way bytes arrive honours `max_upload_bytes`, not only the upload route."""
    if size > limit:
        raise PayloadTooLarge(
            f"the file is {size} bytes; the limit is {limit} (max_upload_bytes)",
            limit=limit,
            size=size,
        )


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    cleaned = "".join(c if c.isalnum() or c in "._- " else "_" for c in base).strip(" .")
    return cleaned[:200] or "file"


def _boundary_contract(ctx: ExecutionContext, p: IngestFileParams) -> dict[str, Any]:
    return {
        "boundary_contract_id": uuid.uuid4().hex,
        "allowed_materializations": MATERIALIZATION_TYPES,
        "scope": "session" if ctx.session_id else "tenant",
        "retention_days": p.retention_days,
        "created_at": time.time(),
    }


async def save_materialization(
    ctx: ExecutionContext, p: SaveMaterializationParams
) -> SaveMaterializationResult:
    """PENDING → READY under the boundary contract, then defer a parse_content intent."""
    art = await ctx.artifacts.resolve(p.file_id, "file")
    contract = art.semantic_descriptor.get("boundary_contract", {})
    if contract.get("boundary_contract_id") != p.boundary_contract_id:
        raise InvalidRequest("boundary_contract_id does not match the file's contract")
    if art.lifecycle_state == "PENDING":
        art = await _mark_saved(ctx, art, contract)
    elif art.lifecycle_state != "READY":
        raise IllegalTransition(
            f"file {p.file_id} is {art.lifecycle_state}; cannot be saved",
            current_state=art.lifecycle_state,
        )
    pending = await _pending_parse(ctx, art)
    return SaveMaterializationResult(
        file_id=art.artifact_id,
        materialization=art.semantic_descriptor["materialization"],
        pending_intent_id=pending,
        available_for_parsing=True,
    )


async def _mark_saved(
    ctx: ExecutionContext, art: ArtifactView, contract: dict[str, Any]
) -> ArtifactView:
    record = {
        "type": "full_artifact",
        "scope": contract.get("scope", "tenant"),
        "backing_store": "blob",
        "saved_at": time.time(),
    }
    await ctx.artifacts.update(
        art.artifact_id, descriptor={**art.semantic_descriptor, "materialization": record}
    )
    return await ctx.artifacts.transition(art.artifact_id, "READY")


async def _pending_parse(ctx: ExecutionContext, art: ArtifactView) -> str:
    # Idempotent: a repeated save finds the parse it already deferred.
    existing = await ctx.pending.list(
        target_artifact_id=art.artifact_id, intent_type="parse_content"
    )
    for intent in existing.intents:
        if intent.status in {"pending", "claimed"}:
            return intent.intent_id
    kind = str(art.semantic_descriptor.get("content_type"))
    created = await ctx.pending.create(
        "parse_content",
        target_artifact_id=art.artifact_id,
        context={"content_type": kind, "parsing_type": default_parsing(art.semantic_descriptor)},
    )
    return created.intent_id


def default_parsing(descriptor: dict[str, Any]) -> str | None:
    """The parsing type a file gets when the caller names none.

    An EDI ingestion is parsed as EDI; otherwise the sniffed kind decides (None: automatic).
    """
    if descriptor.get("ingestion_type") == "edi":
        return "edi"
    return DEFAULT_PARSING.get(str(descriptor.get("content_type")))
