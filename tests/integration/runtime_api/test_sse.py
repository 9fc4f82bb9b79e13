"""The execution stream over a real socket: resume after a disconnect, each event exactly once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from symphainy.errors import ExecutionNotFound
from symphainy.sdk import RuntimeClient
from tests.integration.runtime_api.harness import Api, auth, runtime_api, serve, token

SLOW = {"intent_type": "slow_progress", "parameters": {"steps": 8, "delay": 0.08}}


@pytest.fixture
async def live(database_url: str, tmp_path: Path) -> AsyncIterator[tuple[Api, str]]:
    async with (
        runtime_api(database_url, tmp_path, sse_keepalive_seconds=0.05) as api,
        serve(api.app) as url,
    ):
        yield api, url


async def _frames(response: httpx.Response) -> AsyncIterator[dict[str, str]]:
    frame: dict[str, str] = {}
    async for line in response.aiter_lines():
        if not line:
            if frame:
                yield frame
            frame = {}
        elif line.startswith(":"):
            yield {"comment": line}
        else:
            name, _, value = line.partition(": ")
            frame[name] = value


async def _read(
    http: httpx.AsyncClient, url: str, headers: dict[str, str], stop_after: int | None = None
) -> tuple[list[int], list[dict[str, str]]]:
    seqs: list[int] = []
    frames: list[dict[str, str]] = []
    async with http.stream("GET", url, headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        async for frame in _frames(response):
            frames.append(frame)
            if "id" in frame:
                seqs.append(int(frame["id"]))
            if frame.get("event") == "end" or (stop_after and len(seqs) == stop_after):
                break  # leaving the block drops the connection mid-stream
    return seqs, frames


async def test_reconnect_with_last_event_id_gets_every_event_once(live: tuple[Api, str]) -> None:
    api, url = live
    async with httpx.AsyncClient(base_url=url, headers=auth()) as http:
        sub = (await http.post("/api/intent/submit", json=SLOW)).json()
        stream = f"/api/execution/{sub['execution_id']}/stream"
        first, _ = await _read(http, stream, {}, stop_after=4)
        status = (await http.get(f"/api/execution/{sub['execution_id']}/status")).json()
        assert status["status"] == "running"  # we really left mid-execution
        rest, frames = await _read(http, stream, {"Last-Event-ID": str(first[-1])})
    seqs = first + rest
    assert seqs == list(range(1, len(seqs) + 1))
    kinds = [f.get("event") for f in frames if "id" in f]
    assert kinds.count("progress") >= 1
    assert kinds[-1] == "execution.completed"
    assert frames[-1] == {"event": "end", "data": "{}"}
    assert any("comment" in f for f in frames)  # keep-alives while the handler sleeps
    final = await api.runtime.get_execution("tenant-a", sub["execution_id"])
    assert seqs[-1] == final.last_event_seq


async def test_after_query_and_a_finished_stream(live: tuple[Api, str]) -> None:
    _, url = live
    async with httpx.AsyncClient(base_url=url, headers=auth()) as http:
        sub = (await http.post("/api/intent/submit", json=SLOW)).json()
        stream = f"/api/execution/{sub['execution_id']}/stream"
        everything, _ = await _read(http, stream, {})
        tail, _ = await _read(http, f"{stream}?after=5", {})
        assert tail == everything[5:]
        done, frames = await _read(http, stream, {"Last-Event-ID": str(everything[-1])})
        assert done == []
        assert frames[-1]["event"] == "end"
        bad = await http.get(stream, headers={"Last-Event-ID": "seven"})
        assert bad.status_code == 422


class DroppingTransport(httpx.AsyncBaseTransport):
    """Cuts the first `drops` event streams after `chunks` chunks, like a flaky proxy."""

    def __init__(self, drops: int, chunks: int) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.drops, self.chunks = drops, chunks
        self.resumed_from: list[str | None] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path.endswith("/stream"):
            self.resumed_from.append(request.headers.get("last-event-id"))
            if self.drops > 0:
                self.drops -= 1
                response.stream = _Cut(response.stream, self.chunks)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


class _Cut(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, chunks: int) -> None:
        self.inner, self.chunks = inner, chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        count = 0
        async for chunk in self.inner:
            yield chunk
            count += 1
            if count >= self.chunks:
                raise httpx.ReadError("connection dropped")

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_client_reconnects_transparently_without_duplicates(live: tuple[Api, str]) -> None:
    _, url = live
    transport = DroppingTransport(drops=3, chunks=4)
    async with RuntimeClient(url, token(), transport=transport, reconnect_delay=0.01) as rc:
        sub = await rc.submit_intent("slow_progress", {"steps": 10, "delay": 0.05})
        events = [e async for e in rc.stream_events(sub.execution_id)]
    seqs = [e.seq for e in events]
    assert seqs == list(range(1, len(seqs) + 1))
    assert events[-1].kind == "execution.completed"
    assert [e.data["step"] for e in events if e.kind == "progress"] == list(range(10))
    assert len(transport.resumed_from) >= 4
    assert transport.resumed_from[0] == "0"
    resumed = [int(x) for x in transport.resumed_from[1:] if x is not None]
    assert resumed == sorted(resumed)
    assert resumed[-1] > 0


async def test_stream_of_unknown_execution_raises_not_found(live: tuple[Api, str]) -> None:
    _, url = live
    async with RuntimeClient(url, token()) as rc:
        with pytest.raises(ExecutionNotFound):
            [e async for e in rc.stream_events("f" * 32)]
