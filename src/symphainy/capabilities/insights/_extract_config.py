"""Declarative extraction configs: which fields to pull out of a document or table, and how.

A config lists fields; each field has a type and rules tried in order until one yields a value:
`label` ("Policy Number: VL-2041"), `regex` (a pattern with a `value` group), `section` (the
text under headings, as a list or a paragraph) and `column` (a table column by name). The three
upstream patterns ship as JSON files in `configs/`; a tenant's own config is a parsed JSON or
YAML file of the same shape.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from symphainy.errors import InvalidRequest

FieldType = Literal["string", "number", "money", "percent", "date", "list", "boolean"]


class Rule(BaseModel):
    """One way to find a field's value."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["label", "regex", "section", "column"]
    labels: list[str] = Field(default_factory=list)
    pattern: str | None = None
    headings: list[str] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"pattern does not compile: {exc}") from exc
        return value


class FieldSpec(BaseModel):
    """A field to extract."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    type: FieldType = "string"
    required: bool = False
    description: str = ""
    rules: list[Rule] = Field(min_length=1)


class ExtractionConfig(BaseModel):
    """A named set of fields: what an extraction pattern pulls out."""

    model_config = ConfigDict(extra="forbid")

    pattern_id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str = ""
    version: str = "1"
    fields: list[FieldSpec] = Field(min_length=1)


SHIPPED = ("variable_life_policy", "after_action_review", "permit_semantic_object")


def shipped(pattern: str) -> ExtractionConfig:
    """A config that ships with the platform (`configs/<pattern>.json`)."""
    if pattern not in SHIPPED:
        raise InvalidRequest(f"unknown extraction pattern {pattern!r}; shipped: {list(SHIPPED)}")
    text = resources.files(__package__).joinpath("configs", f"{pattern}.json").read_text("utf-8")
    return ExtractionConfig.model_validate(json.loads(text))


def custom(document: Any, source_id: str) -> ExtractionConfig:
    """A tenant's config, from a parsed JSON or YAML document."""
    try:
        return ExtractionConfig.model_validate(document)
    except ValidationError as exc:
        problems = [
            {"loc": list(map(str, e["loc"])), "msg": e["msg"]}
            for e in exc.errors(include_url=False, include_input=False)
        ]
        raise InvalidRequest(
            f"{source_id} is not a valid extraction config", errors=problems
        ) from None
