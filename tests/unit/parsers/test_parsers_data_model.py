from __future__ import annotations

import json

import pytest

from symphainy.parsers import ParseError
from symphainy.parsers.data_model_parser import parse_data_model

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Order",
    "type": "object",
    "required": ["id", "customer"],
    "properties": {
        "id": {"type": "integer"},
        "customer": {"$ref": "#/$defs/Customer"},
        "lines": {"type": "array", "items": {"$ref": "#/$defs/Line"}},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "note": {"type": ["string", "null"]},
        "shipping": {
            "type": "object",
            "required": ["city"],
            "properties": {"city": {"type": "string"}, "zip": {"$ref": "#/$defs/Zip"}},
        },
        "paid_at": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
    },
    "$defs": {
        "Customer": {
            "type": "object",
            "required": ["email"],
            "properties": {
                "email": {"type": "string", "format": "email"},
                "name": {"type": "string"},
            },
        },
        "Line": {
            "allOf": [
                {"$ref": "#/$defs/Priced"},
                {"properties": {"sku": {"type": "string"}}, "required": ["sku"]},
            ]
        },
        "Priced": {"type": "object", "properties": {"price": {"type": "number"}}},
        "Zip": {"type": "string", "pattern": "^[0-9]{5}$"},
    },
}


def _fields(document, entity):
    found = next(e for e in document["entities"] if e["name"] == entity)
    return {f["name"]: f for f in found["fields"]}


def test_json_schema_entities_fields_and_references(write_file, out_dir):
    outcome = parse_data_model(write_file("order.schema.json", json.dumps(SCHEMA)), out_dir)

    doc = outcome.document
    assert doc["format"] == "json_schema"
    assert [e["name"] for e in doc["entities"]] == [
        "Order",
        "OrderShipping",
        "Customer",
        "Line",
        "Priced",
    ]
    order = _fields(doc, "Order")
    assert order["id"] | {} == {
        "name": "id",
        "type": "integer",
        "required": True,
        "nullable": False,
        "is_array": False,
        "reference": None,
        "format": None,
        "enum": None,
        "description": None,
    }
    assert (order["customer"]["type"], order["customer"]["reference"]) == ("object", "Customer")
    assert (order["lines"]["is_array"], order["lines"]["reference"]) == (True, "Line")
    assert order["status"]["enum"] == ["open", "closed"]
    assert (order["note"]["type"], order["note"]["nullable"]) == ("string", True)
    assert (order["paid_at"]["format"], order["paid_at"]["nullable"]) == ("date-time", True)
    assert _fields(doc, "OrderShipping")["zip"]["type"] == "string"
    assert set(_fields(doc, "Line")) == {"price", "sku"}
    assert next(e for e in doc["entities"] if e["name"] == "Line")["required"] == ["sku"]
    assert {(r["from_entity"], r["field"], r["to_entity"]) for r in doc["references"]} == {
        ("Order", "customer", "Customer"),
        ("Order", "lines", "Line"),
        ("Order", "shipping", "OrderShipping"),
    }


def test_unresolved_ref_reports_pointer(write_file, out_dir):
    broken = json.loads(json.dumps(SCHEMA))
    broken["properties"]["customer"] = {"$ref": "#/$defs/Missing"}
    with pytest.raises(ParseError) as caught:
        parse_data_model(write_file("s.json", json.dumps(broken)), out_dir)
    assert caught.value.extra == {"pointer": "#/properties/customer", "ref": "#/$defs/Missing"}


YAML_MODEL = """
entities:
  Customer:
    description: A buyer
    fields:
      id: {type: integer, required: true}
      email: string
  Order:
    fields:
      - {name: id, type: integer, required: true}
      - {name: customer_id, type: integer, references: Customer.id, nullable: false}
      - {name: items, type: "OrderItem[]"}
  OrderItem:
    columns:
      - {name: sku, data_type: varchar, tests: [not_null]}
"""


def test_yaml_entity_model(write_file, out_dir):
    outcome = parse_data_model(write_file("model.yaml", YAML_MODEL), out_dir)

    doc = outcome.document
    assert doc["format"] == "entities"
    assert [e["name"] for e in doc["entities"]] == ["Customer", "Order", "OrderItem"]
    assert doc["entities"][0]["required"] == ["id"]
    order = _fields(doc, "Order")
    assert order["customer_id"]["reference"] == "Customer"
    assert (order["items"]["type"], order["items"]["is_array"], order["items"]["reference"]) == (
        "object",
        True,
        "OrderItem",
    )
    assert _fields(doc, "OrderItem")["sku"]["required"] is True
    assert doc["references"] == [
        {"from_entity": "Order", "field": "customer_id", "to_entity": "Customer", "to_field": "id"},
        {"from_entity": "Order", "field": "items", "to_entity": "OrderItem", "to_field": None},
    ]
    assert outcome.record_count == 3


def test_openapi_components(write_file, out_dir):
    spec = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Pet:\n      type: object\n      required: [name]\n      properties:\n"
        "        name: {type: string}\n        owner: {$ref: '#/components/schemas/Owner'}\n"
        "        age: {type: integer, nullable: true}\n"
        "    Owner:\n      type: object\n      properties:\n"
        "        id: {type: string, format: uuid}\n"
    )
    doc = parse_data_model(write_file("api.yaml", spec), out_dir).document
    assert doc["format"] == "openapi"
    assert _fields(doc, "Pet")["owner"]["reference"] == "Owner"
    assert _fields(doc, "Pet")["age"]["nullable"] is True


def test_yaml_reference_to_unknown_entity_raises(write_file, out_dir):
    broken = YAML_MODEL.replace("references: Customer.id", "references: Client.id")
    with pytest.raises(ParseError) as caught:
        parse_data_model(write_file("m.yaml", broken), out_dir)
    assert caught.value.extra == {"entity": "Order", "field": "customer_id"}


def test_invalid_yaml_reports_line(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_data_model(write_file("m.yaml", "entities:\n  A:\n    fields: [a, b\n"), out_dir)
    assert caught.value.extra["line"] == 4


def test_not_a_model_raises(write_file, out_dir):
    with pytest.raises(ParseError) as caught:
        parse_data_model(write_file("x.yaml", "just: config\n"), out_dir)
    assert caught.value.extra == {"pointer": "#"}
