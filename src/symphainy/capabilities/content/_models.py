"""Parameter and result models of the content intents (the contract, as code)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from symphainy.contracts import CopybookFileId, FileId, ParsedFileId
from symphainy.parsers._options import (
    ParseOptions,
    submitted_options,
)
from symphainy.parsers._routes import ParsingType

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

    `ingestion_type` says how the file entered: `upload` (a staged upload, `upload_uri`),
    `api` (a payload inside the intent, `file_content_base64`) or `edi` (an X12 interchange
    from a trading partner, either way). Left out, it follows from where the bytes are;
    `upload` or `api` that contradicts it is refused. `edi` refuses content that is not
    X12 (415 `content-type-mismatch`, nothing kept) and makes the X12 parser the default.
    """

    ui_name: str = Field(min_length=1, max_length=256)
    filename: str | None = Field(default=None, max_length=256)
    mime_type: str | None = Field(default=None, max_length=128)
    ingestion_type: Literal["upload", "api", "edi"] | None = None
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
    ingestion_type: Literal["upload", "api", "edi"]
    received_via: Literal["staged_upload", "inline"]


class SaveMaterializationParams(Params):
    """The explicit save of an ingested file."""

    file_id: FileId
    boundary_contract_id: str


class SaveMaterializationResult(BaseModel):
    """The file is READY and a parse is pending."""

    file_id: str
    materialization: dict[str, Any]
    pending_intent_id: str
    available_for_parsing: bool


class ParseContentParams(Params):
    """Parse a saved file (resuming its pending parse intent when there is one).

    `parse_options` are the options of the parser the content and `parsing_type` choose:
    at submit a key no reachable parser takes is refused; once the content picks the
    parser, its own model checks them again (422 naming the key and the parser).
    """

    file_id: FileId
    parsing_type: ParsingType | None = None
    parse_options: ParseOptions | None = Field(
        default=None, description="The chosen parser's options (see Notes)."
    )
    copybook: str | None = Field(default=None, max_length=2_000_000)
    copybook_file_id: CopybookFileId | None = None

    @field_validator("parse_options", mode="before")
    @classmethod
    def _reachable_options(cls, value: object, info: ValidationInfo) -> object:
        return submitted_options(info.data.get("parsing_type"), value)


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

    parsed_file_id: ParsedFileId
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
    cursor: str | None = None
    """The `next_cursor` of the previous page (None: the first page)."""


class ArtifactListResult(BaseModel):
    """A page of artifact metadata, newest first."""

    artifacts: list[dict[str, Any]]
    total: int
    next_cursor: str | None = None
    """Pass as `cursor` for the next page; None on the last page."""


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

    file_id: FileId
    reason: str | None = Field(default=None, max_length=1000)


class FileLifecycleResult(BaseModel):
    """The file's new lifecycle state."""

    file_id: str
    lifecycle_state: str
    removed_blobs: int = 0


class DeterministicEmbeddingOptions(Params):
    """How column signatures are sampled and when a detected format is the column's."""

    sample_values: int = Field(default=10, ge=0, le=10)
    format_threshold: float = Field(default=0.8, gt=0.0, le=1.0)


class CreateDeterministicEmbeddingsParams(Params):
    """Fingerprint a parsed file's schema and profile its columns."""

    parsed_file_id: ParsedFileId
    embedding_options: DeterministicEmbeddingOptions = Field(
        default_factory=DeterministicEmbeddingOptions
    )


class CreateDeterministicEmbeddingsResult(BaseModel):
    """The deterministic_embeddings artifact and a summary of what it holds."""

    deterministic_embedding_id: str
    parsed_file_id: str
    schema_fingerprint: str
    schema_fingerprints: dict[str, str]
    tables: list[dict[str, Any]]
    document: dict[str, Any] | None = None


class ExtractEmbeddingsParams(Params):
    """Semantic vectors for a parsed file, built on its deterministic embedding."""

    parsed_file_id: ParsedFileId
    deterministic_embedding_id: str


class ExtractEmbeddingsResult(BaseModel):
    """The embeddings artifact: what model, how many vectors, of what."""

    embedding_id: str
    parsed_file_id: str
    deterministic_embedding_id: str
    model: str
    dimension: int
    count: int
    kinds: dict[str, int]


class SearchContentParams(Params):
    """Search the caller's parsed content by words, by meaning, or both."""

    query: str = Field(min_length=1, max_length=1000)
    mode: Literal["text", "semantic", "both"] = "text"
    limit: int = Field(default=20, ge=1, le=200)


class SearchHit(BaseModel):
    """One place that matched: which artifact, where in it, how well, and what it says."""

    artifact_id: str
    artifact_type: str
    parsed_file_id: str
    match: Literal["text", "semantic"]
    kind: str
    table: str | None = None
    column: str | None = None
    row: int | None = None
    chunk: int | None = None
    section: str | None = None
    score: float
    snippet: str


class SearchContentResult(BaseModel):
    """Hits best first, text hit counts per column or document, and how much was searched."""

    query: str
    mode: str
    hits: list[SearchHit]
    text_hit_counts: list[dict[str, Any]]
    searched: dict[str, int]
    truncated: bool
