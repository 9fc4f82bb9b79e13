"""JSON Schema / OpenAPI schemas to entities: object schemas become entities, `$ref`s references."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TypeGuard

from symphainy.parsers._common import json_value
from symphainy.parsers._model import ParseError
from symphainy.types import JSONObject, JSONValue

Schema = Mapping[str, object]
_DEF_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("#/$defs/", ("$defs",)),
    ("#/definitions/", ("definitions",)),
    ("#/components/schemas/", ("components", "schemas")),
)


@dataclass(frozen=True, slots=True)
class _Type:
    type: str
    nullable: bool = False
    is_array: bool = False
    reference: str | None = None
    format: JSONValue = None
    enum: JSONValue = None


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _pascal(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in text.replace("-", "_").split("_"))


def _is_object(schema: object) -> TypeGuard[Schema]:
    """Whether `schema` describes an entity: it has properties (directly or via allOf)."""
    if not isinstance(schema, Mapping):
        return False
    members = schema.get("allOf")
    return "properties" in schema or (
        isinstance(members, list) and any(_is_object(m) for m in members)
    )


class SchemaModel:
    """Walks one JSON Schema (or OpenAPI) document and collects entities and references."""

    def __init__(self, root: Schema) -> None:
        self.root = root
        self.registry: dict[str, tuple[str, object]] = {}
        for prefix, path in _DEF_SECTIONS:
            section = self._lookup(path)
            if isinstance(section, Mapping):
                for name, schema in section.items():
                    self.registry[prefix + _escape(str(name))] = (str(name), schema)
        self.entities: list[JSONValue] = []
        self.references: list[JSONValue] = []
        self._seen: set[str] = set()
        self._resolving: set[str] = set()

    def _lookup(self, path: tuple[str, ...]) -> object:
        node: object = self.root
        for key in path:
            if not isinstance(node, Mapping) or key not in node:
                return None
            node = node[key]
        return node

    def build(self, fmt: str, root_name: str | None) -> JSONObject:
        """Collect the root entity (if named) and every object definition."""
        if root_name is not None and _is_object(self.root):
            self.entity(root_name, self.root, "#")
        for pointer, (name, schema) in self.registry.items():
            if _is_object(schema) and name not in self._seen:
                self.entity(name, schema, pointer)
        return {"format": fmt, "entities": self.entities, "references": self.references}

    def _object_parts(
        self, schema: Schema, pointer: str
    ) -> tuple[list[tuple[str, object]], list[str]]:
        props = schema.get("properties")
        parts = list(props.items()) if isinstance(props, Mapping) else []
        listed, members = schema.get("required"), schema.get("allOf")
        required = [r for r in listed if isinstance(r, str)] if isinstance(listed, list) else []
        for index, member in enumerate(members if isinstance(members, list) else []):
            target = self._deref(member, f"{pointer}/allOf/{index}")
            if isinstance(target, Mapping):
                more, needed = self._object_parts(target, f"{pointer}/allOf/{index}")
                parts += more
                required += needed
        return parts, required

    def _deref(self, schema: object, pointer: str) -> object:
        if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
            ref = str(schema["$ref"])
            if ref in self.registry:
                return self.registry[ref][1]
            return self._pointer(ref, pointer)
        return schema

    def _pointer(self, ref: str, pointer: str) -> object:
        if not ref.startswith("#"):
            raise ParseError(f"external $ref {ref!r} is not supported", pointer=pointer, ref=ref)
        keys = [k.replace("~1", "/").replace("~0", "~") for k in ref[1:].split("/") if k]
        target = self._lookup(tuple(keys))
        if target is None:
            raise ParseError(f"unresolved $ref {ref!r}", pointer=pointer, ref=ref)
        return target

    def entity(self, name: str, schema: Schema, pointer: str) -> None:
        """Add `schema` (an object schema) as entity `name`, with its fields."""
        self._seen.add(name)
        fields: list[JSONValue] = []
        parts, required = self._object_parts(schema, pointer)
        self.entities.append(
            {
                "name": name,
                "description": json_value(schema.get("description")),
                "fields": fields,
                "required": list[JSONValue](required),
            }
        )
        for field_name, field_schema in parts:
            where = f"{pointer}/properties/{_escape(field_name)}"
            resolved = self.resolve(name, field_name, field_schema, where)
            fields.append(self._field(field_name, field_schema, resolved, field_name in required))
            if resolved.reference:
                self.references.append(
                    {
                        "from_entity": name,
                        "field": field_name,
                        "to_entity": resolved.reference,
                        "to_field": None,
                    }
                )

    @staticmethod
    def _field(name: str, schema: object, kind: _Type, required: bool) -> JSONObject:
        description = schema.get("description") if isinstance(schema, Mapping) else None
        return {
            "name": name,
            "type": kind.type,
            "required": required,
            "nullable": kind.nullable,
            "is_array": kind.is_array,
            "reference": kind.reference,
            "format": kind.format,
            "enum": kind.enum,
            "description": json_value(description),
        }

    def resolve(self, owner: str, field: str, schema: object, pointer: str) -> _Type:
        """The type of one property schema, following `$ref`s and unions."""
        if schema is True or schema == {}:
            return _Type("any")
        if not isinstance(schema, Mapping):
            raise ParseError("a schema must be an object", pointer=pointer)
        if isinstance(schema.get("$ref"), str):
            return self._ref(owner, field, str(schema["$ref"]), pointer)
        for key in ("anyOf", "oneOf"):
            options = schema.get(key)
            if isinstance(options, list):
                return self._union(owner, field, options, f"{pointer}/{key}")
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1 and "properties" not in schema:
            return self.resolve(owner, field, all_of[0], f"{pointer}/allOf/0")
        return self._typed(owner, field, schema, pointer)

    def _typed(self, owner: str, field: str, schema: Schema, pointer: str) -> _Type:
        declared = schema.get("type")
        nullable = schema.get("nullable") is True
        if isinstance(declared, list):
            nullable = nullable or "null" in declared
            declared = "|".join(str(t) for t in declared if t != "null") or "null"
        if declared == "array":
            item = self.resolve(owner, field, schema.get("items", {}), f"{pointer}/items")
            return replace(item, is_array=True, nullable=nullable)
        if _is_object(schema):
            nested = f"{owner}{_pascal(field)}"
            self.entity(nested, schema, pointer)
            return _Type("object", nullable=nullable, reference=nested)
        kind = str(declared) if declared else ("string" if "enum" in schema else "any")
        return _Type(
            kind,
            nullable,
            False,
            None,
            json_value(schema.get("format")),
            json_value(schema.get("enum")),
        )

    def _ref(self, owner: str, field: str, ref: str, pointer: str) -> _Type:
        if ref in self.registry:
            name, target = self.registry[ref]
            if _is_object(target):
                return _Type("object", reference=name)
        else:
            target = self._pointer(ref, pointer)
        if ref in self._resolving:
            raise ParseError(f"circular $ref {ref!r}", pointer=pointer, ref=ref)
        self._resolving.add(ref)
        try:
            return self.resolve(owner, field, target, ref)
        finally:
            self._resolving.discard(ref)

    def _union(self, owner: str, field: str, options: list[object], pointer: str) -> _Type:
        kinds = [self.resolve(owner, field, o, f"{pointer}/{i}") for i, o in enumerate(options)]
        real = [k for k in kinds if k.type != "null"]
        nullable = len(real) < len(kinds) or any(k.nullable for k in kinds)
        if len(real) == 1:
            return replace(real[0], nullable=nullable)
        return _Type("|".join(k.reference or k.type for k in real) or "null", nullable=nullable)
