"""Parameters that name a file, a parsed file or a copybook say so in their JSON Schema
(`x-symphainy-ref`), so clients offer a picker; the hint changes no validation."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from symphainy.boot import build_registry
from symphainy.contracts import REF_KEY, CopybookFileId, FileId, ParsedFileId
from symphainy.errors import InvalidParameters


def _refs(schema: dict[str, Any]) -> dict[str, str]:
    """Each top-level property's reference kind (through `X | None` and lists)."""
    out = {}
    for name, prop in schema.get("properties", {}).items():
        for branch in [prop, *prop.get("anyOf", [])]:
            target = branch.get("items", branch)
            if REF_KEY in target:
                out[name] = target[REF_KEY]
    return out


@pytest.fixture(scope="module")
def registry() -> Any:
    return build_registry()


def test_shipped_intents_mark_their_artifact_references(registry: Any) -> None:
    refs = {c.intent_type: _refs(c.parameters_schema) for c in registry.contracts()}
    assert refs["parse_content"] == {"file_id": "file", "copybook_file_id": "copybook"}
    assert refs["save_materialization"] == {"file_id": "file"}
    assert refs["get_parsed_file"] == {"parsed_file_id": "parsed_content"}
    assert refs["assess_data_quality"] == {
        "parsed_file_id": "parsed_content",
        "source_file_id": "file",
    }
    assert refs["map_relationships"] == {
        "parsed_file_id": "parsed_content",
        "parsed_file_ids": "parsed_content",
    }
    assert refs["visualize_lineage"] == {"file_id": "artifact"}  # any artifact, upstream's name
    assert refs["echo"] == {}
    # Every parameter named like a file or parsed-file id is marked (none is forgotten).
    for intent, schema in ((c.intent_type, c.parameters_schema) for c in registry.contracts()):
        for name in schema.get("properties", {}):
            if name in {"file_id", "parsed_file_id", "copybook_file_id"}:
                assert name in refs[intent], f"{intent}.{name} carries no {REF_KEY}"


def test_the_file_journeys_input_is_a_file_reference(registry: Any) -> None:
    journey = registry.journey("content_ingest_pipeline")
    assert _refs(journey.describe()["input_schema"]) == {"file_id": "file"}


class _Refs(BaseModel):
    file: FileId
    parsed: ParsedFileId | None = None
    books: list[CopybookFileId] = []


def test_the_hint_only_describes() -> None:
    assert _Refs(file="f1", parsed="p1", books=["b1"]).books == ["b1"]
    with pytest.raises(ValidationError):
        _Refs(file=3)  # type: ignore[arg-type]


def test_a_journey_input_error_names_its_field(registry: Any) -> None:
    journey = registry.journey("content_ingest_pipeline")
    with pytest.raises(InvalidParameters) as caught:
        journey.validate_input({"file_id": ""})
    errors = caught.value.extra["errors"]
    assert [e["loc"] for e in errors] == [["parameters", "journey_params", "file_id"]]
    assert errors[0]["type"] == "string_too_short"
    assert str(caught.value).endswith(
        "are invalid: file_id: String should have at least 1 character"
    )
