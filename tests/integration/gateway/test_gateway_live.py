"""The Experience service over real sockets (uvicorn): live SSE with resume, and WebSocket."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn
import websockets

from symphainy.sdk import HttpSDK
from symphainy.testing import free_port
from tests.integration.gateway.platform import platform


@pytest.fixture
async def base_url(database_url: str, tmp_path: Path) -> AsyncIterator[str]:
    async with platform(database_url, tmp_path) as plat:
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(
                plat.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
            )
        )
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        yield f"127.0.0.1:{port}"
        server.should_exit = True
        await task


async def test_live_sse_resumes_without_loss_or_duplicates(base_url: str) -> None:
    async with HttpSDK(f"http://{base_url}") as sdk:
        await sdk.register("live@example.com", "correct horse 1", "Live")
        session = await sdk.create_session()
        sub = await sdk.invoke_intent("progress", {"x": 6}, session)
        first: list[int] = []
        async for event in sdk.subscribe(sub.execution_id):
            first.append(event.seq)
            if len(first) == 4:
                break  # drop the connection mid-execution
        rest = [e.seq async for e in sdk.subscribe(sub.execution_id, after=first[-1])]
        final = await sdk.get_execution(sub.execution_id)
        assert first + rest == list(range(1, final.last_event_seq + 1))


async def test_websocket_streams_events_after_authenticating(base_url: str) -> None:
    async with HttpSDK(f"http://{base_url}") as sdk:
        await sdk.register("ws@example.com", "correct horse 1", "Ws")
        session = await sdk.create_session()
        sub = await sdk.invoke_intent("progress", {"x": 3}, session)
        url = f"ws://{base_url}/api/execution/{sub.execution_id}/ws"
        async with websockets.connect(url) as ws:
            await ws.send(json.dumps({"token": sdk.token, "after": 2}))
            frames = [json.loads(m) async for m in ws]
        assert frames[-1] == {"kind": "end"}
        seqs = [f["seq"] for f in frames[:-1]]
        assert seqs[0] == 3
        assert seqs == list(range(3, 3 + len(seqs)))
        async with websockets.connect(url) as ws:
            await ws.send(json.dumps({"token": "sym_at_bogus.token", "after": 0}))
            refusal = json.loads(await ws.recv())
        assert refusal["kind"] == "error"
        assert refusal["problem"]["status"] == 401
