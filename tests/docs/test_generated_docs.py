"""docs/intent_contracts/ is exactly what the registry generates: documents cannot drift."""

from __future__ import annotations

from pathlib import Path

from symphainy.boot import discover
from symphainy.docs_gen import build_documents
from symphainy.docs_gen._render import GENERATED
from symphainy.runtime import IntentRegistry

ROOT = Path(__file__).resolve().parents[2] / "docs" / "intent_contracts"


def test_committed_contracts_match_the_registry() -> None:
    registry = IntentRegistry()
    for register in discover():
        register(registry)
    expected = build_documents(registry)
    committed = {
        p.relative_to(ROOT).as_posix(): p.read_text()
        for p in ROOT.rglob("*.md")
        if p.read_text().startswith(GENERATED)
    }
    assert set(committed) == set(expected), "run `symphainy docs build`"
    stale = [rel for rel, text in expected.items() if committed[rel] != text]
    assert stale == [], f"stale documents (run `symphainy docs build`): {stale}"
    assert len(expected) == len(registry) + 2
    assert (
        "| `ingest_file` | content | content_pillar | no |"
        in expected["INTENT_CAPABILITY_EXPERIENCE_MAP.md"]
    )
