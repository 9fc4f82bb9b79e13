"""parse_content's contract publishes the mainframe options as the console's form needs them:
each with its description and default, enumerations as enums, and a kind the form can offer
(js/schema_form.js refuses any other, so a new option of another shape fails here first)."""

from __future__ import annotations

from typing import Any

from symphainy.capabilities.content import register
from symphainy.runtime import IntentRegistry

FORM_KINDS = {"boolean", "integer", "number", "string", "array", "object"}


def _mainframe_options() -> dict[str, Any]:
    registry = IntentRegistry()
    register(registry)
    schema = registry.get("parse_content").spec.contract().parameters_schema
    refs = [r["$ref"] for r in schema["properties"]["parse_options"]["anyOf"] if "$ref" in r]
    assert "#/$defs/MainframeOptions" in refs
    options: dict[str, Any] = schema["$defs"]["MainframeOptions"]["properties"]
    return options


def _kind(prop: dict[str, Any]) -> dict[str, Any]:
    """The one non-null branch, as the form reads it."""
    kinds = [b for b in prop.get("anyOf", [prop]) if b.get("type") != "null"]
    assert len(kinds) == 1, prop
    return kinds[0]


def _unofferable(name: str, prop: dict[str, Any]) -> list[str]:
    kind = _kind(prop)
    problems = [] if prop.get("description", "").strip() else [f"{name}: no description"]
    problems += [] if "default" in prop else [f"{name}: no default"]
    if "enum" not in kind and kind.get("type") not in FORM_KINDS:
        problems.append(f"{name}: {kind} is no kind the form offers")
    if kind.get("type") == "array" and kind["items"].get("type") != "string":
        problems.append(f"{name}: a list of {kind['items']}, not of text")
    if "enum" in kind and prop["default"] not in [*kind["enum"], None]:
        problems.append(f"{name}: default {prop['default']!r} is not one of its choices")
    return problems


def test_each_option_is_described_defaulted_and_offerable() -> None:
    options = _mainframe_options()
    assert len(options) > 40
    assert [p for name, prop in options.items() for p in _unofferable(name, prop)] == []


def test_the_choices_the_form_shows_first_are_enumerations() -> None:
    options = _mainframe_options()
    chosen = {n for n, p in options.items() if "enum" in _kind(p)}
    assert {
        "record_format",
        "ebcdic_code_page",
        "floating_point_format",
        "string_trimming_policy",
        "schema_retention_policy",
        "invalid_values",
    } <= chosen


def test_older_spellings_and_fixed_options_are_annotated_for_the_form_to_leave_out() -> None:
    options = _mainframe_options()
    deprecated = sorted(n for n, p in options.items() if p.get("deprecated"))
    assert deprecated == ["is_rdw_part_of_record_length", "is_record_sequence"]
    assert sorted(n for n, p in options.items() if p.get("readOnly")) == ["pedantic"]
