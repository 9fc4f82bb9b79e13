"""Content sniffing: what a file is, judged from its bytes and structure, never its name."""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

import orjson

from symphainy.parsers._csv_dialect import complete_lines, has_csv_evidence
from symphainy.parsers._encoding import (
    SAMPLE_BYTES,
    bom_encoding,
    read_sample,
)

KINDS: frozenset[str] = frozenset(
    {
        "empty",
        "unknown",
        "pdf",
        "png",
        "jpeg",
        "tiff",
        "gif",
        "bmp",
        "webp",
        "xlsx",
        "docx",
        "pptx",
        "zip",
        "xls",
        "doc",
        "ole2",
        "x12",
        "bpmn",
        "xml",
        "html",
        "json",
        "jsonl",
        "json_schema",
        "yaml",
        "markdown",
        "csv",
        "text",
    }
)
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MEMBERS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.xml", "xlsx"),
    ("word/document.xml", "docx"),
    ("ppt/presentation.xml", "pptx"),
)
_HTML_ROOTS = frozenset(
    {"html", "head", "body", "div", "p", "span", "table", "section", "article", "main", "ul", "ol"}
    | {f"h{level}" for level in range(1, 7)}
)
_ROOT_TAG = re.compile(r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_PROLOG = re.compile(r"^(\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>))*\s*", re.DOTALL | re.I)
_YAML_KEY = re.compile(r"^\s*(- +)?(\"[^\"]*\"|'[^']*'|[^\s#:\"'][^:#]*?)\s*:(\s|$)")
_YAML_ITEM = re.compile(r"^\s*- ")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_MD_FENCE = re.compile(r"^ {0,3}(```|~~~)", re.MULTILINE)
_MD_SETEXT = re.compile(r"^\S.*\n(=+|-{3,})[ \t]*$", re.MULTILINE)
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.MULTILINE)
_JSON_START = re.compile(r'(\{\s*["}]|\[\s*([\[\]{"\d-]|true|false|null))')
_MD_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")
_COLUMN_NAME = re.compile(r"[A-Za-z_][\w.#%()/-]*( [\w.#%()/-]+){0,3}")


def sniff(path: Path) -> str:
    """Identify a file's content kind from its bytes.

    Args:
        path: the file to inspect.

    Returns:
        One of `KINDS`, e.g. "csv", "xlsx", "pdf", "bpmn", "x12", "jsonl", "text".

    Raises:
        ParseError: the file cannot be read.
    """
    head, complete = read_sample(path, SAMPLE_BYTES)
    if not head.strip():
        return "empty"
    binary = _binary_kind(path, head)
    if binary:
        return binary
    text = _decode(head, complete)
    if text is None:
        return "unknown"
    return sniff_text(text, complete)


def _binary_kind(path: Path, head: bytes) -> str | None:
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"BM") and len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00":
        return "bmp"
    if head.startswith(_OLE2):
        return _ole2_kind(path)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(path, head)
    return None


def _zip_kind(path: Path, head: bytes) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        # A truncated archive has no central directory; local headers still name members.
        for member, kind in _ZIP_MEMBERS:
            if member.split("/")[0].encode() + b"/" in head:
                return kind
        return "zip"
    for member, kind in _ZIP_MEMBERS:
        if member in names:
            return kind
    return "zip"


def _ole2_kind(path: Path) -> str:
    workbook = "Workbook".encode("utf-16-le")
    book = "Book".encode("utf-16-le")
    word = "WordDocument".encode("utf-16-le")
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            if workbook in chunk or book in chunk:
                return "xls"
            if word in chunk:
                return "doc"
    return "ole2"


def _decode(head: bytes, complete: bool) -> str | None:
    announced = bom_encoding(head)
    if announced:
        return head.decode(announced, errors="replace").removeprefix("\ufeff")
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
    except UnicodeDecodeError:
        pass
    if b"\x00" in head:
        return None
    text = head.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return None if controls > len(text) / 10 else text


def sniff_text(text: str, complete: bool = True) -> str:
    """Identify the kind of decoded text (X12, markup, JSON, YAML, Markdown, CSV or text).

    Args:
        text: the decoded file, or its start.
        complete: whether `text` is the whole file.
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("ISA") and len(stripped) > 3:
        separator = stripped[3]
        if not separator.isalnum() and not separator.isspace():
            return "x12"
    if stripped.startswith("<"):
        return _markup_kind(stripped)
    if _JSON_START.match(stripped):
        return _json_kind(stripped, complete)
    if _looks_like_yaml(stripped):
        return "yaml"
    if _looks_like_markdown(stripped):
        return "markdown"
    if has_csv_evidence(stripped, complete) or _header_only_csv(stripped, complete):
        return "csv"
    return "text"


def _markup_kind(text: str) -> str:
    lowered = text[:4096].lower()
    if lowered.startswith("<!doctype html") or "<html" in lowered:
        return "html"
    body = _PROLOG.sub("", text, count=1)
    root = _ROOT_TAG.match(body)
    if root is None:
        return "xml"
    prefix, local = root.group(1) or "", root.group(2)
    if local == "definitions" and BPMN_NS in body[:4096]:
        return "bpmn"
    if not prefix and local.lower() in _HTML_ROOTS:
        return "html"
    return "xml"


def looks_like_json_lines(text: str, complete: bool = True) -> bool:
    """Whether `text` is JSON Lines: its first line is a whole JSON value and more follows.

    A single JSON document cannot continue after a complete value, so this also routes a
    JSON Lines file with a broken later line to the JSON Lines parser (which reports it).
    """
    lines = [line for line in complete_lines(text, complete).splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    try:
        orjson.loads(lines[0])
    except orjson.JSONDecodeError:
        return False
    return True


def _json_kind(text: str, complete: bool) -> str:
    if looks_like_json_lines(text, complete):
        return "jsonl"
    head = text[:4096]
    if '"$schema"' in head and "json-schema" in head:
        return "json_schema"
    return "json"


def _looks_like_yaml(text: str) -> bool:
    if text.startswith("%YAML"):
        return True
    lines = [ln for ln in text.splitlines()[:200] if ln.strip() and not ln.lstrip().startswith("#")]
    if text.startswith("---") and not _MD_HEADING.search(text):
        return True
    # A YAML document opens with a key or an item; a CSV whose later cells hold "label: value"
    # opens with its header row.
    if not lines or not (_YAML_KEY.match(lines[0]) or _YAML_ITEM.match(lines[0])):
        return False
    keys = sum(1 for ln in lines if _YAML_KEY.match(ln))
    fitting = sum(
        1 for ln in lines if _YAML_KEY.match(ln) or _YAML_ITEM.match(ln) or ln[:1] in " \t"
    )
    return keys >= 1 and fitting / len(lines) >= 0.9


def _looks_like_markdown(text: str) -> bool:
    return any(
        pattern.search(text)
        for pattern in (_MD_HEADING, _MD_FENCE, _MD_SETEXT, _MD_TABLE_RULE, _MD_LINK)
    )


def _header_only_csv(text: str, complete: bool) -> bool:
    # One line of column names and nothing else: a table with no rows yet. Column names are
    # identifier-like and sit tight against the delimiter; prose puts a space after its commas.
    lines = [line for line in text.splitlines() if line.strip()]
    if not complete or len(lines) != 1:
        return False
    line = lines[0].strip()
    for delimiter in (",", "\t", ";", "|"):
        fields = line.split(delimiter)
        if len(fields) >= 2 and all(_COLUMN_NAME.fullmatch(f) for f in fields):
            return True
    return False
