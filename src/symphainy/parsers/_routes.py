"""Which parser reads which sniffed content kind, per parsing type (names only, no imports).

The dispatcher runs the parsers named here; the options check uses the same tables to know,
before anything is read, which parsers a request could reach.
"""

from __future__ import annotations

from typing import Literal, get_args

ParsingType = Literal["structured", "unstructured", "workflow", "data_model", "edi", "mainframe"]
PARSING_TYPES: tuple[str, ...] = get_args(ParsingType)
MAINFRAME = "mainframe"
IMAGE_KINDS: frozenset[str] = frozenset({"png", "jpeg", "tiff", "gif", "bmp", "webp"})
_IMAGES: dict[str, str] = dict.fromkeys(IMAGE_KINDS, "image")

AUTO: dict[str, str] = {
    "csv": "csv",
    "xlsx": "excel",
    "xls": "excel",
    "json": "json",
    "jsonl": "json",
    "json_schema": "data_model",
    "yaml": "yaml",
    "pdf": "pdf",
    "docx": "docx",
    "html": "html",
    "markdown": "markdown",
    "text": "text",
    "bpmn": "bpmn",
    "x12": "x12",
    **_IMAGES,
}

BY_TYPE: dict[str, dict[str, str]] = {
    "structured": {
        "csv": "csv",
        "text": "csv",
        "xlsx": "excel",
        "xls": "excel",
        "json": "json",
        "jsonl": "json",
        "json_schema": "json",
        "yaml": "yaml",
    },
    "unstructured": {
        "pdf": "pdf",
        "docx": "docx",
        "html": "html",
        "xml": "html",
        "markdown": "markdown",
        "text": "text",
        "csv": "text",
        "json": "text",
        "jsonl": "text",
        "yaml": "text",
        **_IMAGES,
    },
    # Other XML goes to the BPMN parser too, which says where and why it is not BPMN.
    "workflow": {"bpmn": "bpmn", "xml": "bpmn"},
    "data_model": {"json_schema": "data_model", "json": "data_model", "yaml": "data_model"},
    "edi": {"x12": "x12"},
}


def reachable_parsers(parsing_type: str | None) -> tuple[str, ...]:
    """The parsers a file may end up in under `parsing_type` (None: automatic), sorted."""
    if parsing_type == MAINFRAME:
        return (MAINFRAME,)
    table = AUTO if parsing_type is None else BY_TYPE.get(parsing_type, {})
    return tuple(sorted(set(table.values())))
