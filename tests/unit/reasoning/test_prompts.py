"""Prompt files: two sections, strict placeholders, structured values rendered as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from symphainy.errors import ConfigurationError
from symphainy.reasoning import PromptLibrary, parse_prompt

GOOD = "## system\nYou answer about {topic}.\n\n## user\nFacts: {facts}\nBraces: {{x}}\n"


def test_renders_both_sections_with_json_for_structured_values() -> None:
    prompt = parse_prompt("demo", GOOD)
    assert prompt.variables == {"topic", "facts"}
    system, user = prompt.render({"topic": "tables", "facts": {"rows": 3, "cols": ["a"]}})
    assert system == {"role": "system", "content": "You answer about tables."}
    assert user["role"] == "user"
    facts = user["content"].split("Facts: ", 1)[1].split("\nBraces:")[0]
    assert json.loads(facts) == {"rows": 3, "cols": ["a"]}
    assert user["content"].endswith("Braces: {x}")


def test_missing_and_unused_variables_are_configuration_errors() -> None:
    prompt = parse_prompt("demo", GOOD)
    with pytest.raises(ConfigurationError, match=r"needs \['facts'\]"):
        prompt.render({"topic": "t"})
    with pytest.raises(ConfigurationError, match=r"does not use \['extra'\]"):
        prompt.render({"topic": "t", "facts": "f", "extra": 1})


@pytest.mark.parametrize(
    "text",
    [
        "no sections at all {x}",
        "## user\nonly a user section",
        "## user\nu\n## system\ns",
        "## system\n\n## user\nu",
        "## system\ns {a.b}\n## user\nu",
        "## system\ns {unclosed\n## user\nu",
    ],
)
def test_malformed_prompt_files_are_rejected(text: str) -> None:
    with pytest.raises(ConfigurationError):
        parse_prompt("bad", text)


def test_library_reads_a_directory_and_rejects_unknown_or_unsafe_names(tmp_path: Path) -> None:
    (tmp_path / "hello.md").write_text(GOOD, encoding="utf-8")
    library = PromptLibrary(tmp_path)
    assert library.names() == ["hello"]
    assert library.get("hello").variables == {"topic", "facts"}
    with pytest.raises(ConfigurationError, match="no prompt file"):
        library.get("missing")
    with pytest.raises(ConfigurationError, match="invalid prompt name"):
        library.get("../hello")


def test_every_shipped_prompt_parses() -> None:
    library = PromptLibrary()
    names = library.names()
    assert "guide_answer" in names
    for name in names:
        assert library.get(name).variables, f"{name} uses no variables"
