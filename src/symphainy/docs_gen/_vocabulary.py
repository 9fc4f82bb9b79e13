"""The values an IntentSpec's `experience=` and `obligations=` take, and what each means.

The registry keeps them as plain strings; this is where they are listed. `symphainy docs build`
refuses an intent that uses a value not listed here, so the list in RUNTIME_CONTRACTS.md (which
is generated from these tables) is always the complete set in use. A new value is one new line
here, with its meaning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from symphainy.errors import ConfigurationError
from symphainy.runtime import IntentSpec

EXPERIENCES: Mapping[str, str] = {
    "content_pillar": "The console's Content pillar: upload, ingest, parse, read back files.",
    "insights_pillar": "The console's Insights pillar: quality, interpretation, analyses.",
    "operations_pillar": "The console's Operations pillar: SOPs, workflows, BPMN.",
    "outcomes_pillar": "The console's Outcomes pillar: roadmaps, POCs, blueprints.",
    "guide_agent": "The guide agent: catalogue search, suggestions, solution introduction.",
    "security_gateway": "Sign-in, accounts, roles and API keys (the Experience service's auth).",
    "admin_control_tower": "The Control Tower: platform monitoring and administration (admins).",
    "journeys": "The journey engine itself (`compose_journey`, `request_approval`).",
}
"""`experience=`: the surface that offers the intent (the map groups intents by it)."""

OBLIGATIONS: Mapping[str, str] = {
    "artifacts.read": "Resolves, lists or walks the lineage of artifacts (`ctx.artifacts`).",
    "artifacts.register": "Registers new artifacts (`ctx.artifacts.register`, `put_json`).",
    "artifacts.transition": "Moves artifacts through their lifecycle or deletes their content.",
    "blobs.read": "Reads artifact bytes (`open_content`, `read_json`, `read_table`).",
    "blobs.write": "Stores bytes (`store_bytes`, `store_file`, `put_json`).",
    "state.execution": "Reads and writes this execution's state (`ctx.state.execution`).",
    "state.session": "Reads and writes the session's state (`ctx.state.session`).",
    "state.session.read": "Reads the session's state only.",
    "state.session.write": "Writes the session's state.",
    "pending.create": "Creates pending intents (`ctx.pending.create`).",
    "signals.wait": "Waits for signals sent to its execution (`ctx.signals.wait`, `drain`).",
    "pending.claim": "Claims or moves pending intents (`ctx.pending.move`).",
    "children.submit": "Starts child executions (`ctx.children.submit`).",
    "executions.children": "Starts and follows child executions and parks on them (journeys).",
    "wal.append": "Appends domain events to the stream and the WAL (`ctx.wal.append`).",
    "registry.read": "Reads the intent catalogue: contracts, journeys, solutions.",
    "identity.read": "Reads users, roles, tokens and tenants (`ctx.identity`).",
    "identity.write": "Changes users, roles, tokens or tenants (`ctx.identity`).",
    "store.read": "Reads platform-wide figures (`ctx.metrics`, the Control Tower).",
    "store.retention": "Removes what the tenant's retention policy expires (`ctx.retention`).",
    "solutions.read": "Reads the tenant's composed solutions and their runs (`ctx.solutions`).",
    "solutions.write": "Stores versions of, archives or deletes the tenant's composed solutions "
    "(`ctx.solutions`; WAL `solution.*`).",
    "reasoning.optional": "Uses the reasoning provider when configured; works without it.",
}
"""`obligations=`: what the intent reads and writes (RUNTIME_OBLIGATIONS_INDEX lists them)."""


def vocabulary_section() -> str:
    """The two tables, for RUNTIME_CONTRACTS.md."""
    return "\n".join(
        [
            _table("`experience=`", EXPERIENCES),
            _table("`obligations=` (any number of)", OBLIGATIONS),
        ]
    )


def check_vocabulary(registry: Iterable[IntentSpec]) -> None:
    """ConfigurationError naming each intent that uses an unlisted value."""
    unknown = [
        f"{spec.intent_type}: {kind} {value!r}"
        for spec in registry
        for kind, values, known in (
            ("experience", (spec.experience,) if spec.experience else (), EXPERIENCES),
            ("obligation", spec.obligations, OBLIGATIONS),
        )
        for value in values
        if value not in known
    ]
    if unknown:
        raise ConfigurationError(
            "values not listed in symphainy/docs_gen/_vocabulary.py (add each with its "
            f"meaning): {'; '.join(unknown)}"
        )


def _table(title: str, values: Mapping[str, str]) -> str:
    rows = [f"| {title} | Meaning |", "|---|---|"]
    rows += [f"| `{value}` | {meaning} |" for value, meaning in values.items()]
    return "\n".join(rows) + "\n"
