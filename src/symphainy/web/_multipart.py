"""Stream one file out of a multipart/form-data body without holding it in memory."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from python_multipart import MultipartParser
from starlette.requests import Request

from symphainy.errors import InvalidRequest

FILE_FIELD = "file"
_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)
_PARAM = re.compile(r'(\w+)="([^"]*)"')


class _FilePart:
    """Parser callbacks that keep only the bytes of the `file` field."""

    def __init__(self, boundary: str) -> None:
        self.filename: str | None = None
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
        self.parser = MultipartParser(boundary, callbacks)

    def _begin(self) -> None:
        self._headers, self._capture = {}, False

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.decode("latin-1").lower()] = self._value.decode("latin-1")
        self._field = self._value = b""

    def _headers_done(self) -> None:
        params = dict(_PARAM.findall(self._headers.get("content-disposition", "")))
        if params.get("name") == FILE_FIELD and not self.started:
            self._capture = self.started = True
            self.filename = params.get("filename") or None

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._capture:
            self.out.append(data[start:end])

    def _end(self) -> None:
        if self._capture:
            self._capture, self.finished = False, True

    def take(self) -> bytes:
        data = b"".join(self.out)
        self.out.clear()
        return data


async def stream_multipart_file(request: Request) -> tuple[str | None, AsyncIterator[bytes]]:
    """(filename, chunks) of the `file` field; InvalidRequest if there is none or it is cut."""
    match = _BOUNDARY.search(request.headers.get("content-type", ""))
    if match is None:
        raise InvalidRequest("multipart body without a boundary")
    part = _FilePart(match.group(1))
    source = request.stream()
    async for chunk in source:
        part.parser.write(chunk)
        if part.started:
            break
    if not part.started:
        raise InvalidRequest(f"no `{FILE_FIELD}` field in the multipart body")
    return part.filename, _rest(part, source)


async def _rest(part: _FilePart, source: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    if first := part.take():
        yield first
    async for chunk in source:
        part.parser.write(chunk)
        if data := part.take():
            yield data
    part.parser.finalize()
    if not part.finished:
        raise InvalidRequest("the upload ended before the file part was complete")
