"""Images (PNG, JPEG, TIFF, GIF, BMP, WebP) through Tesseract OCR: text and word confidences."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

from symphainy.errors import MissingDependency
from symphainy.parsers._common import Options
from symphainy.parsers._limits import ParserSettings
from symphainy.parsers._model import ParseError, ParseOutcome
from symphainy.parsers._options import ImageOptions
from symphainy.parsers._routes import IMAGE_KINDS
from symphainy.parsers.sniffer import sniff
from symphainy.types import JSONObject, JSONValue

_WORD_LEVEL = "5"
_LineKey = tuple[int, int, int, int]


def parse_image(
    path: Path,
    out_dir: Path,
    options: Options | None = None,
    settings: ParserSettings | None = None,
) -> ParseOutcome:
    """Recognise the text in an image with the server's Tesseract.

    Args:
        path: the image file (multi-page TIFF is supported).
        out_dir: unused; accepted for a uniform parser signature.
        options: `ImageOptions`: `lang` (default "eng"), `psm` (page segmentation mode,
            default 3), `timeout_s` (default 120, capped by `ocr_max_timeout_seconds`).
        settings: where the program comes from (`tesseract_cmd`, else PATH) and the
            timeout cap; default: the Settings' defaults.

    Raises:
        MissingDependency: the tesseract binary is not installed.
        ParseError: the file is not a supported image or OCR fails.
        InvalidParameters: an option the image parser does not take.
    """
    opts = ImageOptions.of(options)
    kind = sniff(path)
    if kind not in IMAGE_KINDS:
        raise ParseError(f"not a supported image (content looks like {kind})", offset=0)
    tsv = _run_tesseract(path, opts, settings or ParserSettings.defaults())
    words, lines = _read_tsv(tsv)
    text = "\n".join(" ".join(ws) for ws in lines.values())
    confidences = [w["confidence"] for w in words if isinstance(w["confidence"], float)]
    pages = max((int(str(w["page"])) for w in words), default=1)
    return ParseOutcome(
        parser="ocr",
        content_kind=kind,
        record_count=len(words),
        document={
            "text": text,
            "words": list(words),
            "word_count": len(words),
            "line_count": len(lines),
            "page_count": pages,
            "mean_confidence": round(sum(confidences) / len(confidences), 2)
            if confidences
            else None,
        },
        metadata={"engine": "tesseract", "lang": opts.lang},
    )


def _tesseract(settings: ParserSettings) -> str:
    # Server configuration only: a request can never name the program that runs.
    command = settings.tesseract_cmd or shutil.which("tesseract")
    if not command:
        raise MissingDependency(
            "OCR needs the Tesseract binary: install the 'tesseract-ocr' package",
            dependency="tesseract",
        )
    return command


def _run_tesseract(path: Path, opts: ImageOptions, settings: ParserSettings) -> str:
    command = [_tesseract(settings), str(path.resolve()), "stdout"]
    command += ["-l", opts.lang, "--psm", str(opts.psm), "tsv"]
    timeout = min(opts.timeout_s, settings.ocr_max_timeout_seconds)
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError as exc:
        raise MissingDependency(
            f"the Tesseract binary {command[0]!r} was not found", dependency="tesseract"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise ParseError("OCR timed out", timeout_s=exc.timeout) from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise ParseError(f"OCR failed: {message[-1] if message else 'unknown error'}", page=1)
    return done.stdout.decode("utf-8", errors="replace")


def _read_tsv(tsv: str) -> tuple[list[JSONObject], dict[_LineKey, list[str]]]:
    """Words (level 5 rows) in reading order, and the words of each text line."""
    words: list[JSONObject] = []
    lines: dict[_LineKey, list[str]] = {}
    numbers: dict[_LineKey, int] = {}
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        if row.get("level") != _WORD_LEVEL or not text:
            continue
        key = (
            _int(row, "page_num"),
            _int(row, "block_num"),
            _int(row, "par_num"),
            _int(row, "line_num"),
        )
        if key not in lines:
            lines[key] = []
            numbers[key] = len(numbers) + 1
        lines[key].append(text)
        words.append(_word(row, text, key, line=numbers[key]))
    return words, lines


def _word(row: dict[str, str], text: str, key: _LineKey, *, line: int) -> JSONObject:
    conf = float(row.get("conf") or -1)
    box: list[JSONValue] = [_int(row, k) for k in ("left", "top", "width", "height")]
    return {
        "text": text,
        "confidence": round(conf, 2) if conf >= 0 else None,
        "page": key[0],
        "block": key[1],
        "paragraph": key[2],
        "line": line,
        "bbox": box,
    }


def _int(row: dict[str, str], key: str) -> int:
    try:
        return int(row.get(key) or 0)
    except ValueError:
        return 0
