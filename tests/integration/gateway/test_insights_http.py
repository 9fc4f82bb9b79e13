"""Over the Experience API: a quality report on an uploaded CSV, its chart served as SVG."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest
from fastapi import FastAPI

from symphainy.boot import Boot
from symphainy.capabilities import content, insights
from symphainy.config import Settings
from symphainy.sdk import HttpSDK
from symphainy.wiring import experience_app
from tests.unit.capabilities.insights._data import quality_csv

GW = "http://gateway.test"


@pytest.fixture
async def app(database_url: str, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = Settings(home=tmp_path, database_url=database_url, poll_seconds=0.05)
    boot = Boot(settings, capabilities=[content.register, insights.register])
    await boot.start()
    try:
        yield experience_app(boot)
    finally:
        await boot.stop()


async def _ok(sdk: HttpSDK, session: Any, intent: str, params: dict[str, Any]) -> Any:
    sub = await sdk.invoke_intent(intent, params, session)
    view = await sdk.wait(sub.execution_id, timeout=60)
    assert view.status == "completed", (intent, view.error)
    return view.result


async def _parsed(sdk: HttpSDK, session: Any) -> str:
    data = base64.b64encode(quality_csv()).decode()
    file = await _ok(
        sdk, session, "ingest_file", {"ui_name": "members.csv", "file_content_base64": data}
    )
    save = {"file_id": file["artifact_id"], "boundary_contract_id": file["boundary_contract_id"]}
    await _ok(sdk, session, "save_materialization", save)
    parsed = await _ok(sdk, session, "parse_content", {"file_id": file["artifact_id"]})
    return str(parsed["parsed_file_id"])


async def test_quality_report_and_svg_chart_over_http(app: FastAPI) -> None:
    transport = httpx.ASGITransport(app)
    async with HttpSDK(GW, transport=transport) as sdk, HttpSDK(GW, transport=transport) as other:
        await sdk.register("analyst@example.com", "correct horse 1", "Analyst")
        await other.register("other@example.com", "correct horse 1", "Other")
        session = await sdk.create_session()
        pid = await _parsed(sdk, session)
        report = await _ok(sdk, session, "assess_data_quality", {"parsed_file_id": pid})
        chart = report["charts"][0]["artifact_id"]
        async with httpx.AsyncClient(transport=transport, base_url=GW) as http:
            mine = {"Authorization": f"Bearer {sdk.token}"}
            svg = await http.get(f"/api/artifacts/{chart}/content", headers=mine)
            stored = await http.get(f"/api/artifacts/{report['report_id']}/content", headers=mine)
            theirs = {"Authorization": f"Bearer {other.token}"}
            foreign = await http.get(f"/api/artifacts/{chart}/content", headers=theirs)
    assert svg.status_code == 200
    assert svg.headers["content-type"] == "image/svg+xml"
    assert ElementTree.fromstring(svg.content).tag == "{http://www.w3.org/2000/svg}svg"
    assert stored.status_code == 200
    assert json.loads(stored.content)["grade"] == report["grade"]
    assert foreign.status_code == 404
