"""Report prose comes from the reasoning provider (a local OpenAI-compatible test server)."""

from __future__ import annotations

import json
from pathlib import Path

from symphainy.reasoning.testing import Reply, fake_chat_server
from tests.unit.capabilities.content._chain import customers_csv
from tests.unit.capabilities.insights._chain import ok, run, runtime_for, table_id
from tests.unit.capabilities.insights._data import sales_csv


async def test_reports_are_narrated_from_their_facts(tmp_path: Path) -> None:
    with fake_chat_server() as llm:
        settings = {"reasoning_base_url": llm.url, "reasoning_model": "test-model"}
        async with runtime_for(f"sqlite:///{tmp_path}/s.db", tmp_path, **settings) as rt:
            pid = await table_id(rt, customers_csv(), "customers.csv")
            report = await ok(rt, "assess_data_quality", {"parsed_file_id": pid})
            sales = await table_id(rt, sales_csv(), "sales.csv")
            analysis = await ok(rt, "analyze_structured_data", {"parsed_file_id": sales})
    assert report["narrative_status"] == "generated"
    assert report["narrative"].startswith("echo: Report kind: data quality assessment")
    facts = json.loads(report["narrative"].split("(JSON):\n\n", 1)[1].rsplit("\n\n", 1)[0])
    assert (facts["grade"], facts["finding_count"]) == (report["grade"], report["finding_count"])
    assert {"column": "customer_email", "dimension": "validity"}.items() <= facts["findings"][
        0
    ].items()
    assert analysis["narrative_status"] == "generated"
    assert "structured data analysis" in analysis["narrative"]
    assert [r["model"] for r in llm.requests] == ["test-model", "test-model"]


async def test_a_failing_provider_fails_the_execution(tmp_path: Path) -> None:
    with fake_chat_server() as llm:
        llm.script(*[Reply(status=503)] * 20)
        settings = {
            "reasoning_base_url": llm.url,
            "reasoning_model": "test-model",
            "reasoning_max_retries": 1,
            "reasoning_backoff_seconds": 0.01,
        }
        async with runtime_for(f"sqlite:///{tmp_path}/s.db", tmp_path, **settings) as rt:
            pid = await table_id(rt, customers_csv(), "customers.csv")
            view = await run(rt, "assess_data_quality", {"parsed_file_id": pid})
    assert view.status == "failed"
    assert view.error is not None
    assert view.error.type.endswith("reasoning-unavailable")


async def test_without_a_provider_the_narrative_is_absent(tmp_path: Path) -> None:
    async with runtime_for(f"sqlite:///{tmp_path}/s.db", tmp_path) as rt:
        pid = await table_id(rt, customers_csv(), "customers.csv")
        report = await ok(rt, "assess_data_quality", {"parsed_file_id": pid})
    assert (report["narrative"], report["narrative_status"]) == (None, "absent")
