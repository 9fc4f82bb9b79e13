"""Developer View intents: documentation, code examples and patterns, from the Catalogue.

Everything here is derived from the registered contracts at the moment of the call: the
documentation is `ctx.catalogue.documents()`, the very Markdown `symphainy docs build` writes to
docs/intent_contracts/, and every example's parameters pass the intent's own parameter model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from symphainy.capabilities.control_tower import _models as m
from symphainy.errors import ConfigurationError, NotFound
from symphainy.runtime import Catalogue, ExecutionContext, IntentSpec

INDEXES = ("INTENT_CAPABILITY_EXPERIENCE_MAP", "RUNTIME_OBLIGATIONS_INDEX")


def _sections(catalogue: Catalogue) -> list[str]:
    return sorted({*INDEXES, *(s.realm for s in catalogue), *(s.intent_type for s in catalogue)})


def _title(markdown: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip().strip("`")
    return ""


def _matches(path: str, section: str | None, catalogue: Catalogue) -> bool:
    if section is None:
        return "/" not in path  # the index documents
    if section in INDEXES:
        return path == f"{section}.md"
    if section in catalogue:
        return path == f"{catalogue.spec(section).realm}/{section}.md"
    return path.startswith(f"{section}/")


async def get_documentation(
    ctx: ExecutionContext, p: m.DocumentationParams
) -> m.DocumentationResult:
    """The generated contract documents of a section (an intent, a realm, or an index)."""
    catalogue = ctx.catalogue
    sections = _sections(catalogue)
    if p.section is not None and p.section not in sections:
        raise NotFound(f"no documentation section {p.section!r}", sections=sections)
    docs = catalogue.documents()
    documents = [
        m.Document(path=path, title=_title(text), markdown=text)
        for path, text in sorted(docs.items())
        if _matches(path, p.section, catalogue)
    ]
    return m.DocumentationResult(section=p.section, documents=documents, sections=sections)


async def get_code_examples(ctx: ExecutionContext, p: m.CodeExamplesParams) -> m.CodeExamplesResult:
    """How to submit each intent (SDK and HTTP), for one realm or intent, or all."""
    catalogue = ctx.catalogue
    categories = sorted({s.realm for s in catalogue} | {s.intent_type for s in catalogue})
    if p.category is not None and p.category not in categories:
        raise NotFound(f"no code examples for {p.category!r}", categories=categories)
    chosen = [s for s in catalogue if p.category in (None, s.realm, s.intent_type)]
    return m.CodeExamplesResult(
        category=p.category, examples=[example(s) for s in chosen], categories=categories
    )


def example(spec: IntentSpec) -> m.CodeExample:
    """A submission of `spec` with parameters built from its JSON Schema."""
    schema = spec.params.model_json_schema()
    params = _object(schema, schema.get("$defs", {}))
    body = {"intent_type": spec.intent_type, "session_id": "$SESSION_ID", "parameters": params}
    payload = json.dumps(body, indent=2).replace("'", "'\\''")
    return m.CodeExample(
        intent_type=spec.intent_type,
        realm=spec.realm,
        parameters=params,
        python_sdk=(
            f"submitted = await sdk.invoke_intent({spec.intent_type!r}, "
            f"{params!r}, session)\n"
            "view = await sdk.wait(submitted.execution_id)\n"
            "print(view.status, view.result or view.error)\n"
        ),
        http=(
            'curl -sS -X POST "$SYMPHAINY_URL/api/intent/submit" \\\n'
            '  -H "Authorization: Bearer $SYMPHAINY_TOKEN" \\\n'
            "  -H 'Content-Type: application/json' \\\n"
            f"  -d '{payload}'\n"
        ),
    )


def _object(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = schema.get("properties", {})
    return {
        name: _value(name, props[name], defs)
        for name in schema.get("required", [])
        if name in props
    }


def _value(name: str, prop: dict[str, Any], defs: dict[str, Any]) -> Any:
    for key, pick in _PICKS:
        if key in prop:
            return pick(prop[key])
    if "$ref" in prop:
        return _object(defs[str(prop["$ref"]).rsplit("/", 1)[-1]], defs)
    if "anyOf" in prop:
        branch = next(b for b in prop["anyOf"] if b.get("type") != "null")
        return _value(name, branch, defs)
    return _by_type(name, prop, defs)


_PICKS: tuple[tuple[str, Callable[[Any], Any]], ...] = (
    ("examples", lambda v: v[0]),
    ("default", lambda v: v),
    ("const", lambda v: v),
    ("enum", lambda v: v[0]),
)


def _by_type(name: str, prop: dict[str, Any], defs: dict[str, Any]) -> Any:
    kind = prop.get("type")
    if kind in ("integer", "number"):
        low = prop.get("minimum", prop.get("exclusiveMinimum", 0) + 1)
        return int(low) if kind == "integer" else float(low)
    if kind == "boolean":
        return False
    if kind == "array":
        count = int(prop.get("minItems", 0))
        return [_value(name, prop.get("items", {}), defs) for _ in range(count)]
    if kind == "object":
        return _object(prop, defs)
    text = f"<{name}>".ljust(int(prop.get("minLength", 0)), "_")
    if "pattern" in prop and not re.search(str(prop["pattern"]), text):
        # A placeholder cannot satisfy the pattern: the field must show an example.
        raise ConfigurationError(f"field {name!r} has a pattern and no `examples`")
    return text


_PATTERNS: tuple[tuple[str, str, Callable[[IntentSpec], bool]], ...] = (
    (
        "anonymous_first",
        "Callers may start in an anonymous session and upgrade it in place on login; "
        "these intents accept anonymous callers.",
        lambda s: s.anonymous_ok,
    ),
    (
        "artifact_producer",
        "Registers artifacts with lineage (the types listed in `produces`); read them back "
        "with artifact resolve, lineage and content.",
        lambda s: bool(s.produces),
    ),
    (
        "deferred_by_pending_intent",
        "Records a pending intent for a later step (e.g. save defers parse) instead of "
        "running it now; list and claim it through the pending-intent routes.",
        lambda s: "pending.create" in s.obligations,
    ),
    (
        "claims_pending_intent",
        "Completes a pending intent that an earlier step deferred.",
        lambda s: "pending.claim" in s.obligations,
    ),
    (
        "retry_with_backoff",
        "Transient failures are retried with exponential backoff; a typed client error "
        "(4xx problem) fails at once.",
        lambda s: s.retry.max_attempts > 1,
    ),
    (
        "long_running",
        "May run for minutes (timeout of 10 minutes or more): follow the execution stream "
        "(SSE or WebSocket) rather than polling.",
        lambda s: (s.timeout_seconds or 0) >= 600,
    ),
    (
        "admin_only",
        "Needs the admin role; platform-wide figures also need an operator tenant.",
        lambda s: s.role == "admin",
    ),
)


async def get_patterns(ctx: ExecutionContext, p: m.Empty) -> m.PatternsResult:
    """Usage patterns and which registered intents follow each (derived from contracts)."""
    specs = list(ctx.catalogue)
    return m.PatternsResult(
        patterns=[
            m.Pattern(
                name=name, description=text, intents=[s.intent_type for s in specs if test(s)]
            )
            for name, text, test in _PATTERNS
        ]
    )
