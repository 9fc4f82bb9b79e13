"""Data models from JSON Schema, OpenAPI components, or a YAML/JSON `entities` list.

Every format yields the same document: entities with fields (type, required, nullable,
array-ness, format, enum, reference) and the list of references between entities.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import orjson

from symphainy.parsers._common import Options, json_value
from symphainy.parsers._data_model_schema import SchemaModel
from symphainy.parsers._encoding import read_text
from symphainy.parsers._model import ParseError, ParseOutcome
from symphainy.parsers._options import DataModelOptions
from symphainy.parsers.json_parser import load_yaml_documents
from symphainy.types import JSONObject, JSONValue

_SIMPLE_KEYS = ("entities", "models")
_FIELD_KEYS = ("fields", "columns", "attributes", "properties")
_REF_KEYS = ("references", "reference", "ref", "foreign_key")
_ARRAY_FORMS = (("list[", "]"), ("array<", ">"), ("", "[]"))


def parse_data_model(path: Path, out_dir: Path, options: Options | None = None) -> ParseOutcome:
    """Parse a JSON Schema, an OpenAPI document, or an `entities` model (JSON or YAML).

    Args:
        path: the model file.
        out_dir: unused; accepted for a uniform parser signature.
        options: `DataModelOptions`: `encoding` to skip detection.

    Returns:
        A ParseOutcome whose document is `{format, entities, references}`.

    Raises:
        ParseError: invalid JSON/YAML (with `line`), an unrecognised layout, or a dangling
            reference (with `pointer`, or `entity` and `field`).
    """
    text, _ = read_text(path, DataModelOptions.of(options).encoding)
    document = build_data_model(_load(text), default_name=path.stem)
    entities = document["entities"]
    return ParseOutcome(
        parser="data_model",
        content_kind=str(document["format"]),
        record_count=len(entities) if isinstance(entities, list) else 0,
        document=document,
        metadata={"format": document["format"]},
    )


def _load(text: str) -> object:
    if text.lstrip()[:1] in "{[":
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise ParseError(f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from exc
    documents = load_yaml_documents(text)
    if len(documents) != 1:
        raise ParseError(f"expected one YAML document, found {len(documents)}", line=1)
    return documents[0]


def build_data_model(value: object, *, default_name: str = "Root") -> JSONObject:
    """Build the entity document from an already-loaded model.

    Raises:
        ParseError: see `parse_data_model`.
    """
    if not isinstance(value, Mapping):
        raise ParseError("a data model must be a JSON/YAML object", pointer="#")
    if any(key in value for key in _SIMPLE_KEYS):
        return _simple_model(value)
    if "openapi" in value or "swagger" in value:
        return SchemaModel(value).build("openapi", root_name=None)
    if any(key in value for key in ("$schema", "properties", "$defs", "definitions")):
        title = value.get("title")
        return SchemaModel(value).build("json_schema", root_name=str(title or default_name))
    raise ParseError(
        "no data model found: expected JSON Schema, OpenAPI, or an 'entities' list",
        pointer="#",
    )


def _named(raw: object, what: str) -> list[tuple[str, Mapping[str, object]]]:
    """Entries given either as a mapping name -> spec or as a list of specs with `name`."""
    if isinstance(raw, Mapping):
        return [(str(k), v if isinstance(v, Mapping) else {"type": v}) for k, v in raw.items()]
    if isinstance(raw, list):
        named: list[tuple[str, Mapping[str, object]]] = []
        for index, item in enumerate(raw):
            if not isinstance(item, Mapping) or not item.get("name"):
                raise ParseError(f"{what} #{index + 1} needs a 'name'", index=index + 1)
            named.append((str(item["name"]), item))
        return named
    raise ParseError(f"{what}s must be a mapping or a list", section=what)


def _first(spec: Mapping[str, object], keys: tuple[str, ...]) -> object:
    return next((spec[k] for k in keys if spec.get(k) is not None), None)


def _array_of(type_name: str) -> str | None:
    for prefix, suffix in _ARRAY_FORMS:
        if (
            type_name.startswith(prefix)
            and type_name.endswith(suffix)
            and len(type_name) > len(prefix + suffix)
        ):
            return type_name[len(prefix) : len(type_name) - len(suffix)]
    return None


def _is_required(spec: Mapping[str, object]) -> bool:
    checks = spec.get("tests") or spec.get("constraints") or []
    listed = isinstance(checks, list) and any(c in ("not_null", "required") for c in checks)
    return spec.get("required") is True or spec.get("nullable") is False or listed


def _simple_field(name: str, spec: Mapping[str, object], entities: set[str]) -> JSONObject:
    raw_type = str(spec.get("type") or spec.get("data_type") or "any")
    element = _array_of(raw_type)
    base = element or raw_type
    ref = _first(spec, _REF_KEYS)
    target = str(ref) if ref is not None else (base if base in entities else None)
    required = _is_required(spec)
    return {
        "name": name,
        "type": "object" if base in entities else base,
        "required": required,
        "nullable": not required,
        "is_array": element is not None,
        "reference": target.split(".")[0] if target else None,
        "format": json_value(spec.get("format")),
        "enum": json_value(spec.get("enum")),
        "description": json_value(spec.get("description")),
        "_to_field": target.split(".", 1)[1] if target and "." in target else None,
    }


def _simple_model(value: Mapping[str, object]) -> JSONObject:
    raw = _first(value, _SIMPLE_KEYS)
    specs = _named(raw, "entity")
    names = {name for name, _ in specs}
    entities: list[JSONValue] = []
    references: list[JSONValue] = []
    for name, spec in specs:
        fields = [
            _simple_field(f, s, names) for f, s in _named(_first(spec, _FIELD_KEYS) or {}, "field")
        ]
        for field in fields:
            to_field = field.pop("_to_field")
            if field["reference"] is None:
                continue
            if field["reference"] not in names:
                raise ParseError(
                    f"{name}.{field['name']} references unknown entity {field['reference']!r}",
                    entity=name,
                    field=field["name"],
                )
            references.append(
                {
                    "from_entity": name,
                    "field": field["name"],
                    "to_entity": field["reference"],
                    "to_field": to_field,
                }
            )
        entities.append(
            {
                "name": name,
                "description": json_value(spec.get("description")),
                "fields": list[JSONValue](fields),
                "required": [f["name"] for f in fields if f["required"]],
            }
        )
    return {"format": "entities", "entities": entities, "references": references}
