"""Text encoding detection, decoding with error locations, and streaming transcoding."""

from __future__ import annotations

import codecs
from pathlib import Path

from symphainy.parsers._model import ParseError

SAMPLE_BYTES = 64 * 1024
_CHUNK = 1 << 20
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
UTF8_FAMILY = frozenset({"utf-8", "utf-8-sig", "ascii"})


def read_sample(path: Path, size: int = SAMPLE_BYTES) -> tuple[bytes, bool]:
    """The first `size` bytes of `path` and whether they are the whole file.

    Raises:
        ParseError: the file cannot be read.
    """
    try:
        with path.open("rb") as handle:
            data = handle.read(size + 1)
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror}", offset=0) from exc
    return data[:size], len(data) <= size


def bom_encoding(sample: bytes) -> str | None:
    """The encoding announced by a byte-order mark, if any."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    return None


def _is_utf8(sample: bytes, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def normalise(encoding: str) -> str:
    """The canonical Python codec name for `encoding`.

    Raises:
        ParseError: Python does not know the encoding.
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError as exc:
        raise ParseError(f"unknown text encoding {encoding!r}", encoding=encoding) from exc
    return "utf-8" if name == "ascii" else name


def detect_encoding(sample: bytes, *, complete: bool) -> str:
    """Detect the text encoding of `sample` (BOM, then UTF-8, then charset-normalizer).

    Args:
        sample: the first bytes of the file.
        complete: whether `sample` is the whole file (a cut multi-byte character is
            tolerated at the end of a partial sample).

    Raises:
        ParseError: the bytes are not text in any recognised encoding.
    """
    announced = bom_encoding(sample)
    if announced:
        return announced
    if _is_utf8(sample, complete):
        return "utf-8"
    if b"\x00" not in sample:
        # Imported here: only legacy-encoded files need it, and it costs ~30 ms to import.
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
        if best is not None:
            return normalise(best.encoding)
    raise ParseError(
        "the file is not text in a recognised encoding", offset=_first_bad_utf8(sample)
    )


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _error_location(decoded_before: str, base_line: int, offset: int) -> dict[str, object]:
    return {"line": base_line + decoded_before.count("\n"), "offset": offset}


def decode_bytes(data: bytes, encoding: str) -> str:
    """Decode a whole file's bytes, reporting the line and byte offset of bad input.

    Raises:
        ParseError: the bytes are not valid in `encoding`.
    """
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode(encoding, errors="replace")
        where = _error_location(before, 1, exc.start)
        raise ParseError(f"the file is not valid {encoding}: {exc.reason}", **where) from exc


def read_text(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Read a whole text file; return (text without BOM, encoding used).

    Raises:
        ParseError: the file cannot be read or decoded.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror}", offset=0) from exc
    chosen = normalise(encoding) if encoding else detect_encoding(data, complete=True)
    text = decode_bytes(data, chosen)
    return text.removeprefix("\ufeff"), chosen


def find_decode_error(path: Path, encoding: str) -> tuple[int, int, str] | None:
    """Stream-decode `path`; return (line, byte offset, reason) of the first bad byte.

    Raises:
        ParseError: the file cannot be read.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    line, consumed = 1, 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                before = chunk[: max(exc.start, 0)].decode(encoding, errors="replace")
                return line + before.count("\n"), consumed + max(exc.start, 0), exc.reason
            line += text.count("\n")
            consumed += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return line, consumed, exc.reason
    return None


def transcode_to_utf8(source: Path, encoding: str, target: Path) -> None:
    """Stream `source` from `encoding` into a UTF-8 file at `target` (BOM dropped).

    Raises:
        ParseError: a byte sequence is invalid in `encoding` (with its line and offset).
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    line, consumed, first = 1, 0, True
    with source.open("rb") as src, target.open("wb") as dst:
        while True:
            chunk = src.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                before = chunk[: max(exc.start, 0)].decode(encoding, errors="replace")
                where = _error_location(before, line, consumed + max(exc.start, 0))
                raise ParseError(
                    f"the file is not valid {encoding}: {exc.reason}", **where
                ) from exc
            if first:
                text, first = text.removeprefix("\ufeff"), False
            dst.write(text.encode("utf-8"))
            line += text.count("\n")
            consumed += len(chunk)
            if not chunk:
                return
