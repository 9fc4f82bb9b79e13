"""Generated documents are exactly what the code generates: documents cannot drift.

That is docs/intent_contracts/ (from the IntentRegistry) and the marked sections of the
architecture documents (from the SDK Protocol, the Experience service's routes, the error
tree and the runtime classes).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from symphainy.boot import build_registry
from symphainy.docs_gen import ARCHITECTURE, GENERATED, build_architecture, build_documents
from symphainy.docs_gen._sections import fill, section_names
from symphainy.errors import ConfigurationError
from symphainy.runtime import IntentRegistry

REPO = Path(__file__).resolve().parents[2]
CONTRACTS = REPO / "docs" / "intent_contracts"
ARCH = REPO / "docs" / "architecture"


def registry() -> IntentRegistry:
    return build_registry()


def test_committed_contracts_match_the_registry() -> None:
    reg = registry()
    expected = build_documents(reg, REPO)
    committed = {
        p.relative_to(CONTRACTS).as_posix(): p.read_text()
        for p in CONTRACTS.rglob("*.md")
        if p.read_text().startswith(GENERATED)
    }
    assert set(committed) == set(expected), "run `symphainy docs build`"
    stale = [rel for rel, text in expected.items() if committed[rel] != text]
    assert stale == [], f"stale documents (run `symphainy docs build`): {stale}"
    assert len(expected) == len(reg) + 4
    assert (
        "| `ingest_file` | content | content_pillar | no |"
        in expected["INTENT_CAPABILITY_EXPERIENCE_MAP.md"]
    )
    assert (
        "| [`ingest_file`](content/ingest_file.md) | content: `IngestFileParams` → "
        "`IngestFileResult` | 3 attempt(s), 600 s, signed-in | — | artifacts.register, "
        "blobs.write | — | file |" in expected["RUNTIME_OBLIGATIONS_INDEX.md"]
    )
    assert "- [`parse_content`](content/parse_content.md): " in expected["README.md"]


def test_vision_summary_links_each_item_to_what_realises_it() -> None:
    summary = build_documents(registry(), REPO)["VISION_ALIGNMENT_SUMMARY.md"]
    assert "[`parse_content`](content/parse_content.md)" in summary
    assert "`tests/e2e/test_e2e_path.py`" in summary
    assert "### `content`" in summary
    assert "- Tests: `tests/unit/capabilities/content/`" in summary
    # Hand-written prose next to the capability is merged in.
    assert "all-MiniLM-L6-v2" in summary


def test_vision_summary_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="missing path"):
        build_documents(registry(), tmp_path)


def test_committed_architecture_sections_match_the_code() -> None:
    generated = build_architecture(ARCH)
    assert set(generated) == set(ARCHITECTURE)
    for name, text in generated.items():
        assert (ARCH / name).read_text() == text, f"{name} is stale: run `symphainy docs build`"
    sdk = generated["EXPERIENCE_SDK_CONTRACT.md"]
    assert "| [`invoke_intent`](#invoke-intent) | `POST /api/intent/submit` |" in sdk
    assert "| `invalid-parameters` | 422 |" in sdk
    assert "#### SubmitIntentResponse" in sdk
    runtime = generated["RUNTIME_CONTRACTS.md"]
    assert "| `tenant_id` | `str` |" in runtime
    assert "| `PENDING` | `DELETED`, `FAILED`, `READY` |" in runtime


def test_sections_are_filled_in_place_and_must_match_exactly() -> None:
    doc = "intro\n<!-- BEGIN GENERATED: a -->\nold\n<!-- END GENERATED: a -->\noutro\n"
    assert section_names(doc) == ["a"]
    assert fill(doc, {"a": "new"}, "doc") == doc.replace("old", "new")
    with pytest.raises(ConfigurationError, match="generated but not marked"):
        fill(doc, {"a": "x", "b": "y"}, "doc")
    with pytest.raises(ConfigurationError, match="marked but not generated"):
        fill(doc, {}, "doc")
