"""Stream one file out of a multipart/form-data body without holding it in memory.

The file's name comes from its part's Content-Disposition: the RFC 5987 `filename*` when sent,
else `filename`, whose bytes browsers send as raw UTF-8 (RFC 7578 §4.2), not Latin-1.
"""

from __future__ import annotations

import email.message
import re
from collections.abc import AsyncIterator
from email.utils import collapse_rfc2231_value
from typing import Any

from python_multipart import MultipartParser
from python_multipart.exceptions import MultipartParseError
from starlette.requests import Request

from symphainy.errors import InvalidParameters, InvalidRequest

FILE_FIELD = "file"
_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class _FilePart:
    """Parser callbacks that keep only the bytes of the `file` field."""

    def __init__(self, boundary: str, max_filename_bytes: int) -> None:
        self.filename: str | None = None
        self._max_filename = max_filename_bytes
        self.started = self.finished = False
        self.out: list[bytes] = []
        self._field = self._value = b""
        self._headers: dict[str, str] = {}
        self._capture = False
        callbacks: Any = {
            "on_part_begin": self._begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_done,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }
        # Room for a file name over the limit in both `filename` and percent-encoded
        # `filename*`, so it is refused for its length (422), not as a malformed header.
        header_room = 8 * max_filename_bytes + 4096
        self.parser = MultipartParser(boundary, callbacks, max_header_size=header_room)

    def _begin(self) -> None:
        self._headers, self._capture = {}, False

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.decode("latin-1").lower()] = _text(self._value)
        self._field = self._value = b""

    def _headers_done(self) -> None:
        name, filename = _disposition(self._headers.get("content-disposition", ""))
        if name == FILE_FIELD and not self.started:
            self._capture = self.started = True
            self.filename = filename and _checked_name(filename, self._max_filename)

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._capture:
            self.out.append(data[start:end])

    def _end(self) -> None:
        if self._capture:
            self._capture, self.finished = False, True

    def write(self, chunk: bytes) -> None:
        """Feed body bytes to the parser; a malformed body is a 400 problem."""
        try:
            self.parser.write(chunk)
        except MultipartParseError as exc:
            raise InvalidRequest(f"malformed multipart body: {exc}") from None

    def take(self) -> bytes:
        data = b"".join(self.out)
        self.out.clear()
        return data


def _text(raw: bytes) -> str:
    # Header bytes are UTF-8 from every browser; Latin-1 only for what is not valid UTF-8.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _disposition(value: str) -> tuple[str | None, str | None]:
    """(name, filename) of a Content-Disposition; `filename*` (RFC 5987) wins over `filename`."""
    header = email.message.Message()
    header["content-disposition"] = value
    name = filename = None
    extended = False
    for key, raw in header.get_params(header="content-disposition", failobj=[])[1:]:
        if key == "name":
            name = collapse_rfc2231_value(raw)
        elif key == "filename" and not extended:
            filename, extended = collapse_rfc2231_value(raw), isinstance(raw, tuple)
    return name, filename or None


def _checked_name(filename: str, limit: int) -> str:
    if len(filename.encode()) > limit:
        raise _bad_name(f"the file name is longer than {limit} bytes", "string_too_long")
    if _CONTROL.search(filename):
        raise _bad_name("the file name contains control characters", "string_pattern_mismatch")
    return filename


def _bad_name(detail: str, kind: str) -> InvalidParameters:
    loc = ["body", FILE_FIELD, "filename"]
    return InvalidParameters(detail, errors=[{"loc": loc, "msg": detail, "type": kind}])


async def stream_multipart_file(
    request: Request, max_filename_bytes: int
) -> tuple[str | None, AsyncIterator[bytes]]:
    """(filename, chunks) of the `file` field.

    InvalidRequest if there is none or it is cut; InvalidParameters (422) for a name over
    `max_filename_bytes` bytes of UTF-8 or with control characters, or an empty file.
    """
    match = _BOUNDARY.search(request.headers.get("content-type", ""))
    if match is None:
        raise InvalidRequest("multipart body without a boundary")
    part = _FilePart(match.group(1), max_filename_bytes)
    source = request.stream()
    async for chunk in source:
        part.write(chunk)
        if part.started:
            break
    if not part.started:
        raise InvalidRequest(f"no `{FILE_FIELD}` field in the multipart body")
    return part.filename, non_empty(_rest(part, source))


async def _rest(part: _FilePart, source: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    if first := part.take():
        yield first
    async for chunk in source:
        part.write(chunk)
        if data := part.take():
            yield data
    part.parser.finalize()
    if not part.finished:
        raise InvalidRequest("the upload ended before the file part was complete")


async def non_empty(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The chunks, refusing (422, nothing kept) an upload that has no bytes at all."""
    empty = True
    async for chunk in chunks:
        empty = empty and not chunk
        yield chunk
    if empty:
        raise InvalidParameters(
            "the upload is empty",
            errors=[{"loc": ["body"], "msg": "no bytes", "type": "too_short"}],
        )
