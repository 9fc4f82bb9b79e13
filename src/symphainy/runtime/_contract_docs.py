"""The contract documents of what a Catalogue holds: one per intent, and two indexes.

These are the very files `symphainy docs build` writes under docs/intent_contracts/, and what
the Control Tower's documentation intent serves, so both come from the registered declarations
and nothing else. Hand-written prose for an intent lives next to its capability in
`<capability>/docs/<intent_type>.md` and is merged in.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from symphainy.contracts import GENERATED, fields_table
from symphainy.runtime._registry import IntentSpec


def contract_documents(
    specs: Iterable[IntentSpec], versions: Mapping[str, list[int]] | None = None
) -> dict[str, str]:
    """Relative path under docs/intent_contracts/ → Markdown, for every spec given.

    `versions` lists every registered version of an intent type (the spec is the newest).
    """
    specs = list(specs)
    known = versions or {}
    docs = {
        f"{spec.realm}/{spec.intent_type}.md": _contract(spec, known.get(spec.intent_type))
        for spec in specs
    }
    docs["RUNTIME_OBLIGATIONS_INDEX.md"] = _obligations(specs)
    docs["INTENT_CAPABILITY_EXPERIENCE_MAP.md"] = _map(specs)
    return docs


def _contract(spec: IntentSpec, versions: list[int] | None) -> str:
    r = spec.retry
    others = ", ".join(map(str, versions or [spec.version]))
    lines = [
        GENERATED,
        f"# `{spec.intent_type}`\n",
        f"{spec.description}\n",
        "| | |",
        "|---|---|",
        f"| Version | {spec.version} (registered: {others}) |",
        f"| Realm (capability) | {spec.realm} |",
        f"| Experience | {spec.experience or '—'} |",
        f"| Anonymous callers | {'allowed' if spec.anonymous_ok else 'not allowed'} |",
        *([f"| Required role | {spec.role} |"] if spec.role else []),
        f"| Retry | {r.max_attempts} attempt(s), backoff {r.backoff_seconds}s, factor "
        f"{r.backoff_multiplier} (max {r.max_backoff_seconds}s) |",
        f"| Timeout | {spec.timeout_seconds or 'platform default'} s |",
        f"| Produces artifacts | {', '.join(spec.produces) or '—'} |",
        f"| Runtime obligations | {', '.join(spec.obligations) or '—'} |",
        "",
        "## Parameters\n",
        fields_table(spec.params.model_json_schema()),
        "## Result\n",
        fields_table(spec.result.model_json_schema()),
    ]
    prose = _prose(spec)
    if prose:
        lines += ["## Notes\n", prose]
    return "\n".join(lines).rstrip() + "\n"


def _prose(spec: IntentSpec) -> str:
    module = importlib.import_module(spec.params.__module__.rsplit(".", 1)[0])
    base = Path(module.__file__ or "").parent / "docs" / f"{spec.intent_type}.md"
    return base.read_text().strip() + "\n" if base.exists() else ""


def _obligations(specs: list[IntentSpec]) -> str:
    rows = [
        GENERATED,
        "# Runtime obligations index\n",
        "What the platform must provide for each intent, from its declaration: how it is "
        "registered (contract models), how it executes (attempts, timeout, who may call), and "
        "what it reads and writes through the state, artifact, blob and pending-intent surfaces "
        "(its declared obligations). The surfaces themselves are specified in "
        "[RUNTIME_CONTRACTS.md](../architecture/RUNTIME_CONTRACTS.md).\n",
        "| Intent | Registration | Execution | State | Artifacts and blobs | Pending | Produces |",
        "|---|---|---|---|---|---|---|",
    ]
    rows += [_obligation_row(spec) for spec in specs]
    return "\n".join(rows) + "\n"


def _obligation_row(spec: IntentSpec) -> str:
    def kinds(*prefixes: str) -> str:
        found = [o for o in spec.obligations if o.split(".", 1)[0] in prefixes]
        return ", ".join(found) or "—"

    timeout = f"{spec.timeout_seconds:g} s" if spec.timeout_seconds else "default timeout"
    who = "anonymous ok" if spec.anonymous_ok else "signed-in"
    return (
        f"| [`{spec.intent_type}`]({spec.realm}/{spec.intent_type}.md) | {spec.realm}: "
        f"`{spec.params.__name__}` → `{spec.result.__name__}` | "
        f"{spec.retry.max_attempts} attempt(s), {timeout}, {who} | {kinds('state')} | "
        f"{kinds('artifacts', 'blobs')} | {kinds('pending')} | "
        f"{', '.join(spec.produces) or '—'} |"
    )


def _map(specs: list[IntentSpec]) -> str:
    rows = [
        GENERATED,
        "# Intent → capability → experience\n",
        "| Intent | Capability (realm) | Experience | Anonymous |",
        "|---|---|---|---|",
    ]
    for spec in specs:
        rows.append(
            f"| `{spec.intent_type}` | {spec.realm} | {spec.experience or '—'} | "
            f"{'yes' if spec.anonymous_ok else 'no'} |"
        )
    return "\n".join(rows) + "\n"
