"""Write the generated documents (deterministic: same registry, same bytes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from symphainy.contracts import GENERATED
from symphainy.docs_gen._runtime_doc import runtime_sections
from symphainy.docs_gen._sdk_doc import sdk_sections
from symphainy.docs_gen._sections import fill
from symphainy.docs_gen._vision import vision_summary
from symphainy.docs_gen._vocabulary import check_vocabulary
from symphainy.runtime import Catalogue, IntentRegistry

ARCHITECTURE: dict[str, Callable[[], dict[str, str]]] = {
    "EXPERIENCE_SDK_CONTRACT.md": sdk_sections,
    "RUNTIME_CONTRACTS.md": runtime_sections,
}
"""Hand-written documents under docs/architecture/ with generated sections inside."""


def build_documents(registry: IntentRegistry, repo_root: Path) -> dict[str, str]:
    """Relative path under docs/intent_contracts/ → Markdown text.

    Everything is read through the registry's read-only Catalogue: the contracts and indexes
    are `Catalogue.documents()` (what the Control Tower serves), plus the vision summary and
    the README index, which need the repository.
    """
    catalogue = Catalogue(registry)
    check_vocabulary(catalogue)
    docs = catalogue.documents()
    docs["VISION_ALIGNMENT_SUMMARY.md"] = GENERATED + vision_summary(catalogue, repo_root)
    docs["README.md"] = _index(catalogue)
    return docs


def build_architecture(architecture_dir: Path) -> dict[str, str]:
    """Relative path under docs/architecture/ → the document with its sections regenerated."""
    out = {}
    for name, sections in ARCHITECTURE.items():
        path = architecture_dir / name
        out[name] = fill(path.read_text(), sections(), str(path))
    return out


def write_documents(registry: IntentRegistry, repo_root: Path) -> list[Path]:
    """Regenerate docs/intent_contracts/ and the architecture sections under `repo_root`."""
    written = _write_contracts(registry, repo_root)
    architecture = repo_root / "docs" / "architecture"
    for name, text in build_architecture(architecture).items():
        (architecture / name).write_text(text)
        written.append(architecture / name)
    return written


def _write_contracts(registry: IntentRegistry, repo_root: Path) -> list[Path]:
    root = repo_root / "docs" / "intent_contracts"
    docs = build_documents(registry, repo_root)
    for old in root.rglob("*.md") if root.exists() else []:
        rel = old.relative_to(root).as_posix()
        if rel not in docs and old.read_text().startswith(GENERATED):
            old.unlink()
    written = []
    for rel, text in sorted(docs.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written.append(path)
    return written


def _index(catalogue: Catalogue) -> str:
    lines = [
        GENERATED,
        "# Intent contracts\n",
        "One contract per registered intent, generated from the IntentRegistry by "
        "`symphainy docs build` (a test fails when a committed file differs). Start with the "
        "[vision alignment summary](VISION_ALIGNMENT_SUMMARY.md); see also the "
        "[runtime obligations index](RUNTIME_OBLIGATIONS_INDEX.md), the "
        "[intent → capability → experience map](INTENT_CAPABILITY_EXPERIENCE_MAP.md) and the "
        "[handoff](../HANDOFF_TO_TEAM_B.md).\n",
    ]
    for realm in catalogue.realms():
        lines.append(f"## {realm.realm}\n")
        for name in realm.intents:
            spec = catalogue.spec(name)
            lines.append(f"- [`{name}`]({realm.realm}/{name}.md): {spec.description}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
