"""Journeys in the console: run one and watch its steps; approve and reject the approval
requests people are asked for (pending `approval` intents)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import Console, problem_facts

pytestmark = pytest.mark.slow


def _request_approval(console: Console, title: str) -> None:
    page = console.page
    console.nav("Intents")
    page.click("#intent-request_approval > summary")
    params = {"title": title, "details": {"amount": 1200}}
    page.fill("#intent-request_approval textarea", json.dumps(params))
    page.click("#intent-request_approval .run-form button[type=submit]")
    waiting = page.locator("#runs li[data-status=waiting]", has_text="request_approval")
    waiting.filter(has_text=title).wait_for()  # this request's run (an earlier one waits too)


def test_run_a_journey_and_watch_its_steps(console: Console, tmp_path: Path) -> None:
    page = console.page
    csv = tmp_path / "journey.csv"
    csv.write_text("city,population\nOslo,700000\nBergen,290000\n")
    console.open()
    console.register()
    console.upload(csv)
    save = console.row("journey.csv").get_by_role("button", name="Save journey.csv")
    file_id = save.get_attribute("data-file")
    save.click()
    console.row("journey.csv").locator("td.state:text-is('READY')").wait_for()
    console.nav("Journeys")
    card = page.locator("#journey-content_ingest_pipeline-card")
    graph = card.locator("svg.dag")
    graph.wait_for()
    assert graph.locator(".node").count() == 3
    assert graph.locator("path.edge").count() == 2
    card.locator("textarea").fill(json.dumps({"file_id": file_id}))
    card.get_by_role("button", name="Run content_ingest_pipeline").click()
    card.locator(".journey-status[data-status=completed]").wait_for(timeout=120_000)
    states = card.locator("svg.dag .node").evaluate_all("ns => ns.map(n => n.classList[1])")
    assert states == ["completed", "completed", "completed"]
    console.shot("journey")
    card.locator("svg.dag a.node[data-node=semantic]").click()  # a step's own execution
    step = page.locator("#runs li[data-status=completed]", has_text="extract_embeddings")
    step.wait_for()
    console.nav("Executions")
    journey = page.locator("#runs li[data-status=completed]", has_text="compose_journey")
    result = json.loads(journey.locator(".result pre").text_content() or "{}")
    assert [s["step"] for s in result["steps"]] == ["parse", "deterministic", "semantic"]


def test_approve_and_reject_pending_requests(console: Console) -> None:
    page = console.page
    console.open()
    console.register()
    _request_approval(console, "Buy the licence")
    _request_approval(console, "Delete the archive")
    console.nav("Journeys")
    approvals = page.locator("#approvals li.approval")
    approvals.nth(1).wait_for()
    assert approvals.count() == 2
    console.shot("approvals")
    page.get_by_label("Comment on Buy the licence").fill("within budget")
    page.get_by_role("button", name="Approve Buy the licence").click()
    page.get_by_label("Comment on Delete the archive").fill("keep it")
    page.get_by_role("button", name="Reject Delete the archive").click()
    page.wait_for_selector("#approvals p:text('Nothing waits for approval.')")

    console.nav("Executions")
    approved = page.locator("#runs li[data-status=completed]", has_text="request_approval")
    approved.wait_for()
    result = json.loads(approved.locator(".result pre").text_content() or "{}")
    assert result["approved"] is True
    assert result["comment"] == "within budget"
    rejected = page.locator("#runs li[data-status=failed]", has_text="request_approval")
    rejected.wait_for()
    problem = rejected.locator(".problem")
    detail = problem.locator(".problem-detail").inner_text()
    assert detail == "'Delete the archive' was rejected: keep it"
    facts = problem_facts(problem)
    assert facts["comment"] == "keep it"
    console.shot("decided")


def test_a_comment_being_typed_survives_a_refresh(console: Console) -> None:
    # The list refreshes on its own (a decision, another request's event): a request still
    # pending keeps its input, so text typed into it is never lost to a replaced element.
    page = console.page
    console.open()
    console.register()
    _request_approval(console, "Ship it")
    console.nav("Journeys")
    comment = page.get_by_label("Comment on Ship it")
    comment.fill("typed")
    typed_into = comment.element_handle()
    page.get_by_role("button", name="Refresh approvals").click()
    page.wait_for_selector("#approvals:not([aria-busy])")
    assert typed_into.evaluate("el => el.isConnected && el.value") == "typed"
    comment.press("End")
    comment.press_sequentially(" late")
    page.get_by_role("button", name="Reject Ship it").click()
    page.wait_for_selector("#approvals p:text('Nothing waits for approval.')")
    console.nav("Executions")
    rejected = page.locator("#runs li[data-status=failed]", has_text="request_approval")
    rejected.wait_for()
    detail = rejected.locator(".problem .problem-detail").inner_text()
    assert detail == "'Ship it' was rejected: typed late"
