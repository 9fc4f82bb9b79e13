"""Search: indexing an execution's search attributes, and the SQL of the list filters.

An attribute's value goes in the column of its type (`value_str`; `value_int` for int and
bool; `value_num` for float and datetime, as epoch seconds), each with its own
(tenant_id, key, value) index; `kind` keeps the type, so a filter matches type and value.
Values arrive in their wire form (see `contracts._search`): a datetime is
`{"datetime": "<RFC 3339>"}`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from symphainy.store._json import loads
from symphainy.store._tx import Tx

Clauses = tuple[list[str], dict[str, Any]]


def stored_value(value: Any) -> tuple[str, str, Any]:
    """(kind, column, value as stored) of one wire-form attribute value."""
    match value:
        case bool():
            return "bool", "value_int", int(value)
        case int():
            return "int", "value_int", value
        case float():
            return "float", "value_num", value
        case str():
            return "str", "value_str", value
        case {"datetime": str(text)}:
            return "datetime", "value_num", datetime.fromisoformat(text).timestamp()
    raise TypeError(f"not a search attribute value: {value!r}")


def index_attributes(tx: Tx, tenant_id: str, execution_id: str, attributes: str | None) -> None:
    """Write the index rows of a new execution's attributes (JSON, as submitted)."""
    if attributes is None:
        return
    rows = []
    for key, value in loads(attributes).items():
        kind, column, stored = stored_value(value)
        row = {"value_str": None, "value_int": None, "value_num": None, column: stored}
        rows.append({"e": execution_id, "k": key, "t": tenant_id, "kind": kind, **row})
    tx.many(
        "INSERT INTO execution_attributes (execution_id, key, tenant_id, kind, value_str, "
        "value_int, value_num) VALUES (:e, :k, :t, :kind, :value_str, :value_int, :value_num)",
        rows,
    )


def move_attributes(tx: Tx, session_id: str, from_tenant: str, to_tenant: str) -> None:
    """An upgraded session's executions moved tenant: their index rows follow."""
    tx.q(
        "UPDATE execution_attributes SET tenant_id = :t WHERE tenant_id = :f AND execution_id "
        "IN (SELECT execution_id FROM executions WHERE session_id = :s AND tenant_id = :t)",
        {"t": to_tenant, "f": from_tenant, "s": session_id},
    )


def attribute_clauses(attributes: dict[str, Any] | None, exclude: bool = False) -> Clauses:
    """One semi-join per attribute: executions carrying every key with that value and type.

    With `exclude`, one anti-join per attribute: executions carrying none of them.
    """
    parts: list[str] = []
    params: dict[str, Any] = {}
    p, op = ("x", "NOT IN") if exclude else ("a", "IN")
    for i, (key, value) in enumerate((attributes or {}).items()):
        kind, column, stored = stored_value(value)
        # IN (…) rather than EXISTS: both engines can drive the page from the attribute index
        # (few matches among many executions) instead of testing every execution of the tenant.
        parts.append(
            f"execution_id {op} (SELECT execution_id FROM execution_attributes WHERE tenant_id "
            f"= :tenant_id AND key = :{p}k{i} AND kind = :{p}w{i} AND {column} = :{p}v{i})"
        )
        params.update({f"{p}k{i}": key, f"{p}w{i}": kind, f"{p}v{i}": stored})
    return parts, params


def range_clauses(bounds: dict[str, tuple[str, str]], values: dict[str, Any]) -> Clauses:
    """`column op :name` for each bound given (`bounds`: name -> (column, operator))."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    for name, (column, op) in bounds.items():
        if values.get(name) is not None:
            parts.append(f"{column} {op} :{name}")
            params[name] = values[name]
    return parts, params


EXECUTION_TIMES = {
    "created_after": ("created_at", ">="),
    "created_before": ("created_at", "<"),
    "finished_after": ("completed_at", ">="),
    "finished_before": ("completed_at", "<"),
}
"""The execution list's time bounds (epoch seconds): at or after, strictly before."""
ARTIFACT_TIMES = {
    "created_after": ("created_at", ">="),
    "created_before": ("created_at", "<"),
}


def _json_text(dialect: str, column: str, key: str) -> str:
    if dialect == "sqlite":
        return f"json_extract({column}, '$.{key}')"
    return f"({column}::jsonb ->> '{key}')"


def error_type_clause(dialect: str, error_type: str | None) -> Clauses:
    """Executions whose stored problem has this `type` URI."""
    if error_type is None:
        return [], {}
    return [f"{_json_text(dialect, 'error', 'type')} = :error_type"], {"error_type": error_type}


ARTIFACT_NAME_KEYS = ("name", "ui_name", "filename", "title")
"""Where an artifact's name is in its descriptor, first found wins."""


def name_clauses(dialect: str, prefix: str | None, contains: str | None) -> Clauses:
    """Artifacts whose name starts with `prefix` / contains `contains` (case-sensitive)."""
    name = ", ".join(_json_text(dialect, "semantic_descriptor", k) for k in ARTIFACT_NAME_KEYS)
    name = f"COALESCE({name})"
    parts: list[str] = []
    params: dict[str, Any] = {}
    if prefix is not None:
        # substr and instr/strpos compare characters exactly on both engines (LIKE would not:
        # SQLite's folds ASCII case and both treat % and _ as wildcards).
        parts.append(f"substr({name}, 1, :name_len) = :name_prefix")
        params.update(name_len=len(prefix), name_prefix=prefix)
    if contains is not None:
        find = "instr" if dialect == "sqlite" else "strpos"
        parts.append(f"{find}({name}, :name_contains) > 0")
        params["name_contains"] = contains
    return parts, params


EXECUTION_EQUALS = ("intent_version", "user_id")
EXECUTION_OTHER = (
    "error_type",
    "search_attributes",
    "exclude_attributes",
    "top_level",
    "id_prefix",
)


def _shape_clauses(top_level: bool | None, id_prefix: str | None) -> Clauses:
    """Top-level executions (or only children), and ids starting with `id_prefix`."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    if top_level is not None:
        parts.append(f"parent_execution_id IS {'' if top_level else 'NOT '}NULL")
    if id_prefix is not None:
        # substr compares characters exactly on both engines (LIKE would treat % and _ as
        # wildcards, and SQLite's folds ASCII case).
        parts.append("substr(execution_id, 1, :id_len) = :id_prefix")
        params.update(id_len=len(id_prefix), id_prefix=id_prefix)
    return parts, params


def execution_clauses(dialect: str, tenant_id: str, search: dict[str, Any]) -> Clauses:
    """The tenant clause and the SQL of the search filters (see `contracts.ExecutionSearch`)."""
    unknown = set(search) - {*EXECUTION_EQUALS, *EXECUTION_TIMES, *EXECUTION_OTHER}
    if unknown:
        raise TypeError(f"unknown execution filters {sorted(unknown)}")
    # With attributes, the page is driven by their index (the few ids it finds, read by primary
    # key), not by a walk of every execution of the tenant: `|| ''` keeps the tenant index out
    # of the plan on both engines, while the tenant is still checked on every row.
    tenant = "tenant_id || '' = :tenant_id" if search.get("search_attributes") else None
    parts = [tenant or "tenant_id = :tenant_id"]
    parts += [f"{k} = :{k}" for k in EXECUTION_EQUALS if search.get(k) is not None]
    params = {k: search[k] for k in EXECUTION_EQUALS if search.get(k) is not None}
    params["tenant_id"] = tenant_id
    for more, values in (
        range_clauses(EXECUTION_TIMES, search),
        error_type_clause(dialect, search.get("error_type")),
        attribute_clauses(search.get("search_attributes")),
        attribute_clauses(search.get("exclude_attributes"), exclude=True),
        _shape_clauses(search.get("top_level"), search.get("id_prefix")),
    ):
        parts += more
        params.update(values)
    return parts, params


def artifact_clauses(dialect: str, search: dict[str, Any]) -> Clauses:
    """The SQL of the artifact list's search filters (see `contracts.ArtifactSearch`)."""
    unknown = set(search) - {*ARTIFACT_TIMES, "produced_by_intent", "name_prefix", "name_contains"}
    if unknown:
        raise TypeError(f"unknown artifact filters {sorted(unknown)}")
    parts, params = range_clauses(ARTIFACT_TIMES, search)
    if search.get("produced_by_intent") is not None:
        parts.append("produced_by_intent = :produced_by_intent")
        params["produced_by_intent"] = search["produced_by_intent"]
    names = name_clauses(dialect, search.get("name_prefix"), search.get("name_contains"))
    return parts + names[0], {**params, **names[1]}
