"""Parameter and result models of the content intents (the contract, as code)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_INLINE_BYTES = 8 * 1024 * 1024


class Params(BaseModel):
    """Intent parameters refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class EchoParams(Params):
    """Anything to send back."""

    message: Any = None


class EchoResult(BaseModel):
    """The message, unchanged."""

    echo: Any


class IngestFileParams(Params):
    """Bytes come from a staged upload (`upload_uri`) or, when small, base64 in the intent.

    Changed from upstream: `file_content` was hex inside JSON; it is base64 here and capped,
    and large files arrive as multipart uploads that are streamed to the blob store.
    """

    ui_name: str = Field(min_length=1, max_length=256)
    filename: str | None = Field(default=None, max_length=256)
    mime_type: str | None = Field(default=None, max_length=128)
    ingestion_type: Literal["upload", "api", "edi"] = "upload"
    upload_uri: str | None = Field(default=None, pattern=r"^blob://[A-Za-z0-9_\-]{1,128}$")
    file_content_base64: str | None = Field(default=None, max_length=MAX_INLINE_BYTES * 4 // 3 + 4)
    source_metadata: dict[str, Any] = Field(default_factory=dict)
    retention_days: int = Field(default=365, ge=1, le=3650)


class IngestFileResult(BaseModel):
    """The PENDING file artifact and its boundary contract."""

    artifact_id: str
    file_reference: str
    storage_location: str
    boundary_contract_id: str
    materialization_pending: bool
    size: int
    sha256: str
    content_type: str


class SaveMaterializationParams(Params):
    """The explicit save of an ingested file."""

    file_id: str
    boundary_contract_id: str


class SaveMaterializationResult(BaseModel):
    """The file is READY and a parse is pending."""

    file_id: str
    materialization: dict[str, Any]
    pending_intent_id: str
    available_for_parsing: bool


class ParseContentParams(Params):
    """Parse a saved file (resuming its pending parse intent when there is one)."""

    file_id: str
    parsing_type: str | None = None
    parse_options: dict[str, Any] = Field(default_factory=dict)
    copybook: str | None = Field(default=None, max_length=2_000_000)
    copybook_file_id: str | None = None


class ParseContentResult(BaseModel):
    """The parsed_content artifact."""

    parsed_file_id: str
    parser: str
    content_kind: str
    parsing_type: str | None
    record_count: int
    tables: list[dict[str, Any]]
    preview: Any


class GetParsedFileParams(Params):
    """Read back parsed rows (paged) or document sections."""

    parsed_file_id: str
    table: str | None = None
    offset: int = Field(default=0, ge=0)
    limit: int = Field(default=100, ge=1, le=10_000)


class GetParsedFileResult(BaseModel):
    """A page of rows or the document."""

    parsed_file_id: str
    table: str | None
    columns: list[str]
    rows: list[dict[str, Any]]
    total_rows: int
    offset: int
    document: Any = None


class ListArtifactsParams(Params):
    """Filters and paging."""

    artifact_type: str | None = None
    lifecycle_state: str | None = None
    limit: int = Field(default=100, ge=1, le=1000)
    offset: int = Field(default=0, ge=0)


class ArtifactListResult(BaseModel):
    """A page of artifact metadata."""

    artifacts: list[dict[str, Any]]
    total: int


class ArtifactRefParams(Params):
    """One artifact."""

    artifact_id: str
    artifact_type: str | None = None


class ArtifactMetadataResult(BaseModel):
    """One artifact's metadata and lineage."""

    artifact: dict[str, Any]
    parents: list[str]
    children: list[str]


class FileRefParams(Params):
    """One file artifact."""

    file_id: str
    reason: str | None = Field(default=None, max_length=1000)


class FileLifecycleResult(BaseModel):
    """The file's new lifecycle state."""

    file_id: str
    lifecycle_state: str
    removed_blobs: int = 0
