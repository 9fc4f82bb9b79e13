"""The journeys and solutions Symphainy ships, built from the capabilities' intents.

Each journey is a DAG of intents run by the journey engine (`compose_journey`); each step is a
child execution with its own record, WAL entries, retries and artifacts.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from symphainy.runtime import IntentRegistry, Journey, Solution, Step


class FileInput(BaseModel):
    """A saved (READY) file to take through the pipeline."""

    model_config = ConfigDict(extra="forbid")
    file_id: str = Field(min_length=1, max_length=64)
    parsing_type: str | None = Field(default=None, max_length=64)


CONTENT_PIPELINE = Journey(
    "content_ingest_pipeline",
    "A saved file → parsed content → deterministic embeddings → semantic embeddings.",
    (
        Step(
            "parse",
            "parse_content",
            {"file_id": "$input.file_id", "parsing_type": "$input.parsing_type"},
            description="Parse the file with the parser its content calls for.",
        ),
        Step(
            "deterministic",
            "create_deterministic_embeddings",
            {"parsed_file_id": "$steps.parse.result.parsed_file_id"},
            after=("parse",),
            description="Schema fingerprint and column pattern signatures.",
        ),
        Step(
            "semantic",
            "extract_embeddings",
            {
                "parsed_file_id": "$steps.parse.result.parsed_file_id",
                "deterministic_embedding_id": (
                    "$steps.deterministic.result.deterministic_embedding_id"
                ),
            },
            after=("deterministic",),
            description="MiniLM vectors per column and text chunk.",
        ),
    ),
    realm="content",
    input_model=FileInput,
)


def register(registry: IntentRegistry) -> None:
    """Register the shipped journeys and the solutions that bundle them."""
    registry.register_journey(CONTENT_PIPELINE)
    registry.register_solution(
        Solution(
            "content_intelligence",
            "Content intelligence",
            "Upload, save and parse files of any supported format, then embed and search them.",
            journeys=("content_ingest_pipeline",),
            intents=(
                "ingest_file",
                "save_materialization",
                "parse_content",
                "get_parsed_file",
                "search_content",
            ),
        )
    )
