"""Artifacts, pending intents, the intent catalogue, the WAL, and uploads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from symphainy.contracts import WalPage
from symphainy.contracts._sdk import StagedUpload
from symphainy.errors import InvalidRequest
from symphainy.gateway._deps import SDK, User, deps_of
from symphainy.web import PathId, WalAfter, WalLimit, api_router

router = api_router(prefix="/api", tags=["resources"])


@router.get("/artifacts/{artifact_id}/content", response_class=Response)
async def content(artifact_id: PathId, sdk: SDK) -> Response:
    """The artifact's stored bytes, as a download."""
    art = await sdk.resolve_artifact(artifact_id)
    data = await sdk.artifact_content(artifact_id)
    name = str(art.semantic_descriptor.get("filename") or artifact_id)
    fmt = art.materializations[0].format if art.materializations else "binary"
    return Response(
        data,
        media_type=_MEDIA.get(fmt, "application/octet-stream"),
        headers={"Content-Disposition": _disposition(name)},
    )


_MEDIA = {
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
    "text": "text/plain; charset=utf-8",
    "csv": "text/csv",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "yaml": "application/yaml",
    "markdown": "text/markdown; charset=utf-8",
    "bpmn": "application/xml",
}


def _disposition(name: str) -> str:
    # RFC 6266: an ASCII fallback for old clients, and the exact name as UTF-8 in filename*
    # (a header is Latin-1 on the wire: a raw non-Latin-1 name could not even be sent).
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in name)
    exact = quote(name[:200], safe="")
    return f"attachment; filename=\"{fallback[:200] or 'download'}\"; filename*=UTF-8''{exact}"


@router.get("/wal")
async def wal(sdk: SDK, after: WalAfter = 0, limit: WalLimit = 100) -> WalPage:
    """The caller's tenant's WAL entries after `after` (a page, as on the Runtime API)."""
    return WalPage(entries=await sdk.wal_entries(after, limit))


class Limits(BaseModel):
    """What this service accepts, for clients to check before sending."""

    max_upload_bytes: int
    max_body_bytes: int


@router.get("/limits")
async def limits(request: Request) -> Limits:
    """The configured upload and JSON body limits (public: clients show them up front)."""
    settings = deps_of(request).settings
    return Limits(
        max_upload_bytes=settings.max_upload_bytes, max_body_bytes=settings.max_body_bytes
    )


UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        }
    },
}


@router.post("/uploads", status_code=201, openapi_extra={"requestBody": UPLOAD_BODY})
async def upload(request: Request, sdk: SDK, user: User) -> StagedUpload:
    """Stream one multipart file (field `file`, not empty) into the caller's blob area."""
    settings = deps_of(request).settings
    filename, chunks = await _multipart_file(request, settings.max_upload_filename_bytes)
    limit = settings.max_upload_bytes
    staged = await sdk.stage_upload(chunks, limit)
    return staged.model_copy(update={"filename": filename})


async def _multipart_file(
    request: Request, max_filename_bytes: int
) -> tuple[str | None, AsyncIterator[bytes]]:
    from symphainy.web import stream_multipart_file

    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidRequest("send the file as multipart/form-data (field `file`)")
    return await stream_multipart_file(request, max_filename_bytes)
