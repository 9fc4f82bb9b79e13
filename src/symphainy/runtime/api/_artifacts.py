"""Artifact routes: read, stream content, lineage, resolve, list."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response, StreamingResponse

from symphainy.contracts import Materialization
from symphainy.runtime.api._deps import Caller, Facade, RuntimeDep, operation, reply
from symphainy.web import PathId, api_router

router = api_router(errors=(), tags=["artifacts"])

MEDIA_TYPES = {
    "text": "text/plain; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "xml": "application/xml",
    "bpmn": "application/xml",
    "pdf": "application/pdf",
    "png": "image/png",
    "svg": "image/svg+xml",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "parquet": "application/vnd.apache.parquet",
    "arrow": "application/vnd.apache.arrow.file",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
BYTES_CONTENT: dict[str, Any] = {"*/*": {"schema": {"type": "string", "format": "binary"}}}
UPLOAD_BODY: dict[str, Any] = {
    "description": "The file's bytes; an empty upload is refused (422).",
    "content": BYTES_CONTENT,
    "required": True,
}
Format = Annotated[str | None, Query(alias="format", max_length=64)]


@operation(
    router,
    "get_artifact_content",
    response_class=Response,
    openapi_extra={"responses": {"200": {"description": "Bytes", "content": BYTES_CONTENT}}},
)
async def get_artifact_content(
    artifact_id: PathId, rt: RuntimeDep, caller: Caller, fmt: Format = None
) -> Response:
    """The bytes of the artifact's stored materialization (optionally of one `format`)."""
    mat, chunks = await rt.artifacts.open_content(caller.tenant_id, artifact_id, fmt)
    return StreamingResponse(chunks, media_type=media_type(mat.format), headers=_headers(mat))


def media_type(fmt: str) -> str:
    """The Content-Type for a materialization format (a MIME type passes through)."""
    if "/" in fmt:
        return fmt
    return MEDIA_TYPES.get(fmt.lower(), "application/octet-stream")


def _headers(mat: Materialization) -> dict[str, str]:
    headers = {"X-Content-Type-Options": "nosniff"}
    if mat.size is not None:
        headers["Content-Length"] = str(mat.size)
    if mat.sha256:
        headers["ETag"] = f'"{mat.sha256}"'
    return headers


@operation(
    router,
    "stage_upload",
    status_code=201,
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def stage_upload(request: Request, facade: Facade) -> Response:
    """Stream the raw request body (not empty) into the caller's blob area (`ingest_file`).

    A member's only, as every write: the caller facade checks the role and the limit.
    """
    limit = request.app.state.settings.max_upload_bytes
    return reply(await facade.stage_upload(request.stream(), limit), 201)
