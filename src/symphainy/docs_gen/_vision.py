"""VISION_ALIGNMENT_SUMMARY.md: each item of the handoff plan's vision → what realises it.

An item names the plan's words, the registered intents that realise it (a rule over the
registry, so new capabilities show up by themselves), the platform code and the tests. The
builder checks that every named path exists, so the summary cannot point at nothing.
Hand-written prose is merged from `docs_gen/vision/<key>.md` and, per capability, from
`<capability>/docs/VISION.md`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from symphainy.contracts import JOURNEY_INTENT
from symphainy.docs_gen._upstream import upstream_gaps
from symphainy.errors import ConfigurationError
from symphainy.runtime import Catalogue, IntentSpec

UPSTREAM_FOLDERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("journey_content_* (upload/materialization, parsing, embedding, management)", ("content",)),
    ("insights_*, journey_insights_*", ("insights",)),
    (
        "journey_sop_management, journey_workflow_management, journey_coexistence_analysis",
        ("operations",),
    ),
    ("journey_journey_*, compose_journey", ("journey_engine", "journeys")),
    ("journey_outcomes_*", ("solution_synthesis", "outcomes")),
    ("journey_security_authentication, journey_security_registration", ("security",)),
    ("control_tower_*, journey_control_tower_*", ("control_tower",)),
    ("journey_coexistence_*", ("coexistence",)),
)
"""Upstream intent-contract folders (reference/upstream_survey.md §4) → our capability packages
(the target layout of DESIGN.md); a row with no registered intent is a gap."""

PROSE = Path(__file__).parent / "vision"


def _none(spec: IntentSpec) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class VisionItem:
    """One commitment of the plan and where it is made true."""

    key: str
    title: str
    plan: str
    source: str
    code: tuple[str, ...]
    tests: tuple[str, ...]
    intents: Callable[[IntentSpec], bool] = _none
    needs_intents: bool = False
    extra: Callable[[Catalogue], str] | None = None


ITEMS: tuple[VisionItem, ...] = (
    VisionItem(
        "experience-sdk",
        "Experience SDK contract defined, implemented, every route through it",
        "Experience SDK contract is defined and implemented; all Experience routes go "
        "through the SDK facade.",
        "Handoff statement 1; tasks A.1.1, A.2.1, A.2.2",
        (
            "src/symphainy/sdk/_protocol.py",
            "src/symphainy/gateway",
            "docs/architecture/EXPERIENCE_SDK_CONTRACT.md",
        ),
        ("tests/contract/test_sdk_contract.py", "tests/integration/gateway/test_gateway_live.py"),
    ),
    VisionItem(
        "runtime-client",
        "RuntimeClient aligned with the Runtime API",
        "RuntimeClient is aligned with Runtime API.",
        "Task A.1.2",
        ("src/symphainy/contracts/_routes.py", "src/symphainy/sdk/_runtime_client.py"),
        ("tests/contract/test_runtime_client.py",),
    ),
    VisionItem(
        "boot-phases",
        "Boot: Φ3 → SDK ready, Φ4 = attach experience",
        "Startup succeeds when the Experience SDK is ready (Φ3); Φ4 attaches experiences.",
        "Task A.1.3",
        ("src/symphainy/boot.py", "docs/architecture/BOOT_PHASES.md"),
        ("tests/unit/boot/test_boot.py",),
    ),
    VisionItem(
        "capability-mapping",
        "Intents live in capabilities and are reached from experiences",
        "Journey and realm names map to vision capabilities vs experiences "
        "(journey_content_* → capabilities/content, experience/content, …).",
        "Tasks B.1.1, B.2",
        ("src/symphainy/capabilities", "docs/intent_contracts/INTENT_CAPABILITY_EXPERIENCE_MAP.md"),
        ("tests/docs/test_generated_docs.py",),
        intents=lambda spec: True,
        needs_intents=True,
    ),
    VisionItem(
        "runtime-obligations",
        "Runtime obligations declared per intent",
        "Every intent has documented runtime obligations (registration, execution, state, "
        "artifacts).",
        "Task B.1.2",
        (
            "src/symphainy/runtime/_registry.py",
            "docs/intent_contracts/RUNTIME_OBLIGATIONS_INDEX.md",
        ),
        ("tests/docs/test_generated_docs.py",),
        intents=lambda spec: bool(spec.obligations),
        needs_intents=True,
    ),
    VisionItem(
        "execution-contract",
        "The runtime creates, runs and tracks executions",
        "The runtime creates an execution, invokes the handler with ExecutionContext, and "
        "updates lifecycle; handlers are stateless with respect to execution storage.",
        "Task C.1 §2",
        (
            "src/symphainy/runtime/_worker.py",
            "src/symphainy/runtime/_context.py",
            "docs/architecture/RUNTIME_CONTRACTS.md",
        ),
        (
            "tests/unit/runtime/test_lifecycle.py",
            "tests/unit/runtime/test_submit.py",
            "tests/e2e/test_processes.py",
        ),
        intents=lambda spec: True,
        needs_intents=True,
    ),
    VisionItem(
        "state-contract",
        "State only through the state surface",
        "Intent handlers read/write state only through the state surface; no direct DB or "
        "cache access for platform state.",
        "Task C.1 §3",
        ("src/symphainy/runtime/_state.py",),
        ("tests/unit/runtime/test_lifecycle.py",),
        intents=lambda spec: any(o.startswith("state.") for o in spec.obligations),
    ),
    VisionItem(
        "artifact-contract",
        "Artifacts are the canonical output of intents",
        "Intent handlers register artifacts via ArtifactRegistry; artifacts are the canonical "
        "output of intents; experiences resolve them via the Experience SDK or Runtime API.",
        "Task C.1 §4",
        ("src/symphainy/runtime/_artifacts.py",),
        (
            "tests/unit/capabilities/content/test_content_intents.py",
            "tests/contract/test_sdk_contract.py",
        ),
        intents=lambda spec: bool(spec.produces),
        needs_intents=True,
    ),
    VisionItem(
        "journeys",
        "Journeys: trigger_journey is compose_journey",
        "trigger_journey — same as invoke_intent with compose_journey.",
        "Task A.1.1",
        ("src/symphainy/runtime/_journey_engine.py", "src/symphainy/capabilities/journeys"),
        (
            "tests/unit/runtime/test_journeys.py",
            "tests/contract/test_sdk_journeys.py",
            "tests/e2e/test_e2e_path.py",
        ),
        intents=lambda spec: spec.intent_type == JOURNEY_INTENT,
        needs_intents=True,
        extra=lambda catalogue: _journeys(catalogue),
    ),
    VisionItem(
        "anonymous-sessions",
        "Sessions: anonymous first, upgraded in place",
        "Create session (e.g. anonymous or auth); anonymous callers reach only what is "
        "allowed to them.",
        "Task D.3 step 2",
        ("src/symphainy/gateway/_sessions.py", "src/symphainy/security"),
        ("tests/unit/runtime/test_submit.py", "tests/contract/test_sdk_contract.py"),
        intents=lambda spec: spec.anonymous_ok,
        needs_intents=True,
    ),
    VisionItem(
        "wal-policy-telemetry",
        "WAL for audit, telemetry for observability, policy for governance",
        "WAL for audit; telemetry for observability; policy for governance.",
        "Task C.1 §5",
        ("src/symphainy/runtime/_wal.py", "src/symphainy/store/_chain.py"),
        ("tests/contract/test_store_wal.py",),
    ),
    VisionItem(
        "backend-e2e",
        "Backend-only end-to-end path runs",
        "Start Runtime + Experience; create session; submit intent; get execution status; "
        "resolve artifact or result: all via direct calls, no frontend.",
        "Task D.3",
        ("scripts/e2e_path.py", "docs/MVP_CRITICAL_PATH.md"),
        ("tests/e2e/test_e2e_path.py",),
    ),
    VisionItem(
        "handoff-package",
        "Handoff published",
        "HANDOFF_TO_TEAM_B.md and links to all deliverables; Team B remit and Takeoff remit "
        "clearly stated.",
        "Tasks D.1, D.2",
        ("docs/HANDOFF_TO_TEAM_B.md", "docs/architecture/RUNTIME_CONTRACTS.md"),
        ("tests/docs/test_doc_blocks.py",),
    ),
)


def vision_summary(catalogue: Catalogue, repo_root: Path) -> str:
    """The whole VISION_ALIGNMENT_SUMMARY.md."""
    parts = [
        "# Vision alignment summary\n",
        "Each commitment of the handoff plan (`TAKEOFF_PRE_TEAMB_HANDOFF_PLAN.md`), and the "
        "intents, code and tests that make it true. Generated from the IntentRegistry; "
        "every path below exists.\n",
        "## Vision items\n",
        _item_index(catalogue),
        *(_item(item, catalogue, repo_root) for item in ITEMS),
        "## Upstream contract folders → capabilities (B.1.1 a)\n",
        _upstream(catalogue),
        "## Capabilities: where each intent lives (B.1.1 a, B.2)\n",
        _capabilities(catalogue, repo_root),
        "## Gaps (B.1.1 b)\n",
        _gaps(catalogue),
    ]
    return "\n".join(parts).rstrip() + "\n"


def _realising(item: VisionItem, catalogue: Catalogue) -> list[IntentSpec]:
    return [spec for spec in catalogue if item.intents(spec)]


def _status(item: VisionItem, catalogue: Catalogue) -> str:
    if item.needs_intents and not _realising(item, catalogue):
        return "**gap**: no registered intent realises it yet"
    return "realised"


def _item_index(catalogue: Catalogue) -> str:
    rows = ["| Item | Plan | Status |", "|---|---|---|"]
    for item in ITEMS:
        rows.append(f"| [{item.title}](#{item.key}) | {item.source} | {_status(item, catalogue)} |")
    return "\n".join(rows) + "\n"


def _item(item: VisionItem, catalogue: Catalogue, root: Path) -> str:
    for path in (*item.code, *item.tests):
        if not (root / path).exists():
            raise ConfigurationError(f"vision item {item.key!r} names a missing path: {path}")
    specs = _realising(item, catalogue)
    intents = ", ".join(f"[`{s.intent_type}`]({s.realm}/{s.intent_type}.md)" for s in specs)
    if not intents:
        intents = "— none registered yet" if item.needs_intents else "— (a platform surface)"
    realms = sorted({_package(s) for s in specs})
    lines = [
        f'<a id="{item.key}"></a>\n### {item.title}\n',
        f"> {item.plan} ({item.source})\n",
        f"- Status: {_status(item, catalogue)}",
        f"- Intents: {intents}",
        f"- Capabilities: {', '.join(f'`{r}`' for r in realms) or '—'}",
        f"- Code: {', '.join(f'`{p}`' for p in item.code)}",
        f"- Tests: {', '.join(f'`{p}`' for p in item.tests)}",
        "",
    ]
    if item.extra is not None:
        lines.append(item.extra(catalogue))
    prose = PROSE / f"{item.key}.md"
    if prose.exists():
        lines.append(prose.read_text().strip() + "\n")
    return "\n".join(lines)


def _journeys(catalogue: Catalogue) -> str:
    rows = ["| Journey | Steps (→ after a dependency) | Description |", "|---|---|---|"]
    for journey in catalogue.journeys():
        steps = ", ".join(
            f"`{s.name}`: `{s.intent_type}`" + (f" → after {', '.join(s.after)}" if s.after else "")
            for s in journey.steps
        )
        rows.append(f"| `{journey.journey_id}` | {steps} | {journey.description} |")
    return "\n".join(rows) + "\n" if len(rows) > 2 else ""


def _package(spec: IntentSpec) -> str:
    parts = spec.params.__module__.split(".")
    if parts[:2] == ["symphainy", "capabilities"] and len(parts) > 2:
        return parts[2]
    return spec.realm


def _capabilities(catalogue: Catalogue, root: Path) -> str:
    by_package: dict[str, list[IntentSpec]] = {}
    for spec in catalogue:
        by_package.setdefault(_package(spec), []).append(spec)
    out = []
    for package, specs in sorted(by_package.items()):
        realms = sorted({s.realm for s in specs})
        experiences = sorted({s.experience or "—" for s in specs})
        tests = f"tests/unit/capabilities/{package}"
        out += [
            f"### `{package}`\n",
            f"- Package: `src/symphainy/capabilities/{package}/`",
            f"- Realm(s): {', '.join(realms)}; experience(s): {', '.join(experiences)}",
            f"- Intents ({len(specs)}): {', '.join(f'`{s.intent_type}`' for s in specs)}",
            f"- Tests: `{tests}/`" if (root / tests).is_dir() else "- Tests: **none found**",
            "",
        ]
        note = _capability_prose(specs[0])
        if note:
            out.append(note)
    return "\n".join(out) + "\n"


def _capability_prose(spec: IntentSpec) -> str:
    module = importlib.import_module(spec.params.__module__.rsplit(".", 1)[0])
    path = Path(module.__file__ or "").parent / "docs" / "VISION.md"
    return path.read_text().strip() + "\n" if path.exists() else ""


def _counts(catalogue: Catalogue) -> dict[str, int]:
    counts: dict[str, int] = {}
    for spec in catalogue:
        counts[_package(spec)] = counts.get(_package(spec), 0) + 1
    return counts


def _upstream(catalogue: Catalogue) -> str:
    counts = _counts(catalogue)
    rows = ["| Upstream folder(s) | Capability | Registered intents |", "|---|---|---|"]
    for folders, packages in UPSTREAM_FOLDERS:
        count = sum(counts.get(p, 0) for p in packages)
        found = [p for p in packages if counts.get(p)] or packages[:1]
        names = ", ".join(f"`{p}`" for p in found)
        rows.append(f"| {folders} | {names} | {count or '**none yet**'} |")
    return "\n".join(rows) + "\n"


def _gaps(catalogue: Catalogue) -> str:
    counts = _counts(catalogue)
    missing = [
        f"- `{packages[0]}` ({folders})"
        for folders, packages in UPSTREAM_FOLDERS
        if not any(counts.get(p) for p in packages)
    ]
    lines = ["Upstream contract folders with no capability registering intents yet:\n"]
    lines += missing or ["- none"]
    silent = [f"`{s.intent_type}`" for s in catalogue if not s.obligations]
    lines += ["", "Intents that declare no runtime obligations (B.1.2 wants them explicit):\n"]
    lines += [f"- {', '.join(silent)}" if silent else "- none"]
    open_items = [i.title for i in ITEMS if _status(i, catalogue) != "realised"]
    lines += ["", "Vision items not yet realised:\n"]
    lines += [f"- {t}" for t in open_items] or ["- none"]
    return "\n".join(lines) + "\n\n" + upstream_gaps(catalogue)
