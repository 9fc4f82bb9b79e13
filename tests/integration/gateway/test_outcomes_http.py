"""Over the Experience API: an uploaded SOP becomes a workflow, an analysis, a blueprint and a
PDF that downloads with the right type and name."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pypdf
import pytest
from fastapi import FastAPI

from symphainy.boot import Boot
from symphainy.capabilities import content, operations, outcomes
from symphainy.config import Settings
from symphainy.sdk import HttpSDK
from symphainy.wiring import experience_app
from tests.unit.capabilities.operations._ops import SOP_MARKDOWN

GW = "http://gateway.test"


@pytest.fixture
async def app(database_url: str, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = Settings(home=tmp_path, database_url=database_url, poll_seconds=0.05)
    boot = Boot(settings, capabilities=[content.register, operations.register, outcomes.register])
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


async def test_sop_to_pdf_blueprint_over_http(app: FastAPI) -> None:
    async with HttpSDK(GW, transport=httpx.ASGITransport(app)) as sdk:
        await sdk.register("ops@example.com", "correct horse 1", "Ops")
        session = await sdk.create_session()
        data = base64.b64encode(SOP_MARKDOWN.encode()).decode()
        file = await _ok(
            sdk, session, "ingest_file", {"ui_name": "sop.md", "file_content_base64": data}
        )
        await _ok(
            sdk,
            session,
            "save_materialization",
            {
                "file_id": file["artifact_id"],
                "boundary_contract_id": file["boundary_contract_id"],
            },
        )
        parsed = await _ok(sdk, session, "parse_content", {"file_id": file["artifact_id"]})
        wf = await _ok(sdk, session, "create_workflow", {"sop_id": parsed["parsed_file_id"]})
        analysis = await _ok(
            sdk, session, "analyze_coexistence", {"workflow_id": wf["workflow_artifact_id"]}
        )
        assert analysis["summary"] == {"automate": 6, "assist": 0, "keep-human": 2}
        bp = await _ok(
            sdk, session, "create_blueprint", {"workflow_id": wf["workflow_artifact_id"]}
        )
        assert bp["coexistence_analysis_id"] == analysis["coexistence_analysis_id"]
        export = await _ok(
            sdk,
            session,
            "export_artifact",
            {
                "artifact_id": bp["blueprint_id"],
                "export_format": "pdf",
            },
        )
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=GW) as http:
            response = await http.get(
                export["download_path"], headers={"Authorization": f"Bearer {sdk.token}"}
            )
            bpmn = await http.get(
                f"/api/artifacts/{wf['workflow_artifact_id']}/content",
                headers={"Authorization": f"Bearer {sdk.token}"},
            )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert export["filename"] in response.headers["content-disposition"]
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Blueprint: Invoice approval" in text
    assert bpmn.status_code == 200
