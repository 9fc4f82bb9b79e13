"""Server-sent events for the Runtime API clients, without I/O.

`SseDecoder` turns `text/event-stream` lines into frames; `_Resume` and `_Snapshots` are
where an event or snapshot stream is, so that both clients resume a dropped one the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from symphainy.contracts import ExecutionEvent, PendingIntentPage
from symphainy.contracts._sdk import PENDING_EVENT
from symphainy.sdk._errors import RuntimeApiError


@dataclass(slots=True)
class _Frame:
    id: str | None = None
    event: str = "message"
    data: str = ""


class SseDecoder:
    """Incremental `text/event-stream` parser: feed lines, get complete frames."""

    def __init__(self) -> None:
        self._frame = _Frame()
        self._data: list[str] = []

    def feed(self, line: str) -> _Frame | None:
        """Consume one line (without its newline); return a frame when one completes."""
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None  # A comment: keep-alive.
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._frame.event = value
        elif name == "id":
            self._frame.id = value
        return None

    def _dispatch(self) -> _Frame | None:
        frame, self._frame = self._frame, _Frame()
        frame.data, data = "\n".join(self._data), self._data
        self._data = []
        return frame if data or frame.event != "message" else None


class _Resume:
    """Where a stream is: it yields each sequence number once and knows when it has ended."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.ended = False

    def accept(self, frame: _Frame) -> ExecutionEvent | None:
        """The frame's event if it is new; marks the stream ended on the `end` frame."""
        if frame.event == "end":
            self.ended = True
            return None
        if frame.id is None or not frame.data:
            return None
        event = ExecutionEvent.model_validate_json(frame.data)
        if event.seq <= self.after:
            return None
        self.after = event.seq
        return event

    def next_failures(self, seen: int, failures: int, limit: int) -> int:
        """Consecutive reconnects without progress; RuntimeApiError past `limit`."""
        failures = 0 if self.after > seen else failures + 1
        if failures > limit:
            raise RuntimeApiError(f"event stream kept dropping after seq {self.after}")
        return failures


class _Snapshots:
    """Where a snapshot stream is: the last snapshot yielded, and reconnects without a frame."""

    def __init__(self) -> None:
        self.last: PendingIntentPage | None = None
        self.failures = 0

    def accept(self, frame: _Frame) -> PendingIntentPage | None:
        """The frame's snapshot if it is one and differs from the last one yielded."""
        if frame.event != PENDING_EVENT or not frame.data:
            return None
        self.failures = -1  # this connection made progress
        page = PendingIntentPage.model_validate_json(frame.data)
        if page == self.last:
            return None
        self.last = page
        return page

    def dropped(self, limit: int) -> int:
        """The connection ended: consecutive failures so far; RuntimeApiError past `limit`."""
        self.failures += 1
        if self.failures > limit:
            raise RuntimeApiError("the pending-intents stream kept dropping")
        return self.failures
