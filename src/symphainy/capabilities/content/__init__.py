"""Content capability: ingest → save → parse (→ embeddings), on real files.

Besides `register`, it exports what other capabilities build on: a parsed document's
passages, the column-embedding model and column descriptions, the known file formats.
Parsed tables are read through the runtime (`ctx.artifacts.read_table`).
"""

from __future__ import annotations

from symphainy.capabilities.content import (
    _embeddings,
    _ingest,
    _manage,
    _parse,
    _search,
    _semantic,
)
from symphainy.capabilities.content import _models as m
from symphainy.capabilities.content._minilm import ENCODERS
from symphainy.capabilities.content._parsed import document as parsed_document
from symphainy.capabilities.content._profile import FORMATS
from symphainy.capabilities.content._semantic import metadata_text
from symphainy.capabilities.content._text import Passage, document_passages
from symphainy.runtime import Handler, IntentRegistry, IntentSpec, RetryPolicy

REALM = "content"
EXPERIENCE = "content_pillar"

__all__ = [
    "ENCODERS",
    "EXPERIENCE",
    "FORMATS",
    "REALM",
    "Passage",
    "document_passages",
    "metadata_text",
    "parsed_document",
    "register",
]


def register(registry: IntentRegistry) -> None:
    """Register the content intents."""
    for spec, handler in [*_specs(), *_embedding_specs()]:
        registry.register(spec, handler)


def _specs() -> list[tuple[IntentSpec, Handler]]:
    once = RetryPolicy(max_attempts=1)
    io_retry = RetryPolicy(max_attempts=3, backoff_seconds=0.5)
    return [
        (
            IntentSpec(
                "echo",
                m.EchoParams,
                m.EchoResult,
                REALM,
                "Send the message back.",
                anonymous_ok=True,
                retry=once,
                timeout_seconds=10,
                experience=EXPERIENCE,
            ),
            _manage.echo,
        ),
        (
            IntentSpec(
                "ingest_file",
                m.IngestFileParams,
                m.IngestFileResult,
                REALM,
                "Store uploaded bytes as a PENDING file artifact under a boundary contract.",
                retry=io_retry,
                timeout_seconds=600,
                produces=("file",),
                experience=EXPERIENCE,
                obligations=("artifacts.register", "blobs.write"),
            ),
            _ingest.ingest_file,
        ),
        (
            IntentSpec(
                "save_materialization",
                m.SaveMaterializationParams,
                m.SaveMaterializationResult,
                REALM,
                "The explicit save: PENDING → READY, and defer a parse_content intent.",
                retry=io_retry,
                timeout_seconds=60,
                experience=EXPERIENCE,
                obligations=("artifacts.transition", "pending.create"),
            ),
            _ingest.save_materialization,
        ),
        (
            IntentSpec(
                "parse_content",
                m.ParseContentParams,
                m.ParseContentResult,
                REALM,
                "Parse a saved file with the parser its content calls for.",
                retry=once,
                timeout_seconds=1800,
                produces=("parsed_content",),
                experience=EXPERIENCE,
                obligations=("pending.claim", "artifacts.register", "blobs.write"),
            ),
            _parse.parse_content,
        ),
        (
            IntentSpec(
                "get_parsed_file",
                m.GetParsedFileParams,
                m.GetParsedFileResult,
                REALM,
                "Read back parsed rows (paged) or the parsed document.",
                retry=once,
                timeout_seconds=120,
                experience=EXPERIENCE,
                obligations=("artifacts.read",),
            ),
            _parse.get_parsed_file,
        ),
        (
            IntentSpec(
                "list_artifacts",
                m.ListArtifactsParams,
                m.ArtifactListResult,
                REALM,
                "List the tenant's artifacts.",
                retry=once,
                timeout_seconds=30,
                experience=EXPERIENCE,
            ),
            _manage.list_artifacts,
        ),
        (
            IntentSpec(
                "retrieve_artifact_metadata",
                m.ArtifactRefParams,
                m.ArtifactMetadataResult,
                REALM,
                "One artifact's metadata and lineage.",
                retry=once,
                timeout_seconds=30,
                experience=EXPERIENCE,
            ),
            _manage.retrieve_artifact_metadata,
        ),
        (
            IntentSpec(
                "archive_file",
                m.FileRefParams,
                m.FileLifecycleResult,
                REALM,
                "Soft delete a file (READY → ARCHIVED).",
                retry=once,
                timeout_seconds=30,
                experience=EXPERIENCE,
            ),
            _manage.archive_file,
        ),
        (
            IntentSpec(
                "delete_file",
                m.FileRefParams,
                m.FileLifecycleResult,
                REALM,
                "Remove a file's bytes and those of everything derived from it.",
                retry=once,
                timeout_seconds=120,
                experience=EXPERIENCE,
            ),
            _manage.delete_file,
        ),
    ]


def _embedding_specs() -> list[tuple[IntentSpec, Handler]]:
    retry_once = RetryPolicy(max_attempts=2, backoff_seconds=1.0)
    return [
        (
            IntentSpec(
                "create_deterministic_embeddings",
                m.CreateDeterministicEmbeddingsParams,
                m.CreateDeterministicEmbeddingsResult,
                REALM,
                "Schema fingerprints and column pattern signatures of parsed content.",
                retry=retry_once,
                timeout_seconds=900,
                produces=("deterministic_embeddings",),
                experience=EXPERIENCE,
                obligations=("artifacts.read", "blobs.read", "artifacts.register"),
            ),
            _embeddings.create_deterministic_embeddings,
        ),
        (
            IntentSpec(
                "extract_embeddings",
                m.ExtractEmbeddingsParams,
                m.ExtractEmbeddingsResult,
                REALM,
                "Semantic vectors (all-MiniLM-L6-v2) of parsed columns and text chunks.",
                retry=retry_once,
                timeout_seconds=1800,
                produces=("embeddings",),
                experience=EXPERIENCE,
                obligations=("artifacts.read", "blobs.read", "artifacts.register", "blobs.write"),
            ),
            _semantic.extract_embeddings,
        ),
        (
            IntentSpec(
                "search_content",
                m.SearchContentParams,
                m.SearchContentResult,
                REALM,
                "Search the tenant's parsed content by text, by meaning, or both.",
                retry=retry_once,
                timeout_seconds=120,
                experience=EXPERIENCE,
                obligations=("artifacts.read", "blobs.read"),
            ),
            _search.search_content,
        ),
    ]
