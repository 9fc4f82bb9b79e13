"""Executions live over SSE: progress while running, cancel, retry; a failure rendered from
its problem detail, retried (the same intent and parameters) once its cause is fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import Console, problem_facts

pytestmark = pytest.mark.slow

FILE_ID = """async (name) => {
  const auth = `Bearer ${JSON.parse(localStorage.getItem('symphainy.auth')).token}`;
  const res = await fetch('/api/artifact/list', {method: 'POST',
    body: JSON.stringify({artifact_type: 'file'}),
    headers: {'Content-Type': 'application/json', Authorization: auth}});
  const files = (await res.json()).artifacts;
  return files.find((a) => a.semantic_descriptor.ui_name === name).artifact_id;
}"""


def _run(console: Console, intent: str, params: dict[str, object]) -> None:
    console.nav("Intents")
    page = console.page
    page.click(f"#intent-{intent} > summary")
    console.intent_json(intent, params)
    page.click(f"#intent-{intent} .run-form button[type=submit]")
    page.wait_for_selector("h2:text('Executions')")


def test_live_progress_cancel_and_retry(console: Console, tmp_path: Path) -> None:
    page = console.page
    events = tmp_path / "events.jsonl"
    # JSON Lines parse record by record: a few seconds, long enough to watch and cancel.
    events.write_text(
        "".join(
            json.dumps({"id": i, "tags": [i % 7], "n": {"a": i}}) + "\n" for i in range(120_000)
        )
    )
    console.open()
    console.register()
    console.upload(events)
    console.row("events.jsonl").get_by_role("button", name="Save events.jsonl").click()
    console.row("events.jsonl").locator("td.state:text-is('READY')").wait_for()
    console.row("events.jsonl").get_by_role("button", name="Parse events.jsonl").click()
    console.nav("Executions")
    running = page.locator("#runs li[data-status=running]", has_text="parse_content")
    running.locator(".message:text-is('parsing')").wait_for()
    assert running.locator("progress").get_attribute("value") == "10"
    console.shot("running")
    running.get_by_role("button", name="Cancel parse_content").click()
    cancelled = page.locator("#runs li[data-status=cancelled]", has_text="parse_content")
    cancelled.wait_for()
    console.shot("cancelled")

    cancelled.get_by_role("button", name="Retry parse_content").click()
    done = page.locator("#runs li[data-status=completed]", has_text="parse_content")
    done.wait_for(timeout=60_000)
    result = json.loads(done.locator(".result pre").text_content() or "{}")
    assert result["record_count"] == 120_000
    assert page.locator("#runs li", has_text="parse_content").count() == 2
    console.shot("retried")


def test_failure_shows_the_problem_and_retry_succeeds_after_the_fix(
    console: Console, tmp_path: Path
) -> None:
    page = console.page
    notes = tmp_path / "notes.txt"
    notes.write_text("First paragraph.\n\nSecond paragraph.\n")
    console.open()
    console.register()
    console.upload(notes)
    file_id = page.evaluate(FILE_ID, "notes.txt")
    _run(console, "parse_content", {"file_id": file_id})
    failed = page.locator("#runs li[data-status=failed]", has_text="parse_content")
    failed.wait_for()
    problem = failed.locator(".problem")
    assert problem.locator(".problem-title").inner_text() == "Illegal transition"
    assert (
        problem.locator(".problem-detail").inner_text()
        == f"file {file_id} is PENDING; save it first"
    )
    facts = problem_facts(problem)
    assert facts["Status"] == "409"
    assert facts["current_state"] == "PENDING"
    console.shot("failed")

    console.nav("Content")
    console.row("notes.txt").get_by_role("button", name="Save notes.txt").click()
    console.row("notes.txt").locator("td.state:text-is('READY')").wait_for()
    console.nav("Executions")
    page.locator("#runs li[data-status=failed]").get_by_role(
        "button", name="Retry parse_content"
    ).click()
    done = page.locator("#runs li[data-status=completed]", has_text="parse_content")
    done.wait_for()
    assert json.loads(done.locator(".result pre").text_content() or "{}")["record_count"] == 2
    # The server re-ran it as a new execution linked to the failed one.
    failed_id = failed.get_attribute("data-execution") or ""
    assert done.locator(".retry-of").inner_text() == f"retry of {failed_id[:12]}"
    console.shot("retried")


def _upload_then_forget(console: Console, notes: Path) -> str | None:
    """Upload a file, then forget every run this tab tracks; the ingest's execution id."""
    page = console.page
    notes.write_text("Some notes.\n")
    console.open()
    console.register()
    console.upload(notes)
    console.nav("Executions")
    ingest = page.locator("#runs li", has_text="ingest_file").get_attribute("data-execution")
    page.evaluate("sessionStorage.removeItem('runs')")
    page.reload()
    page.wait_for_selector("#runs li.muted")  # nothing tracked in this tab any more
    return ingest


def test_watch_an_execution_by_id(console: Console, tmp_path: Path) -> None:
    page = console.page
    ingest = _upload_then_forget(console, tmp_path / "watched.txt")
    page.get_by_label("Execution id").fill(ingest or "")
    page.get_by_role("button", name="Watch", exact=True).click()
    watched = page.locator(f"#runs li[data-execution='{ingest}'][data-status=completed]")
    watched.wait_for()
    assert "ingest_file" in watched.inner_text()
    page.evaluate("sessionStorage.removeItem('runs')")
    console.open("#/executions/" + (ingest or ""))
    page.reload()  # a fresh tab at that address: the execution's own page, followed live
    page.locator("#view h2:text-is('ingest_file execution')").wait_for()
    page.locator(".live .status:text-is('completed')").wait_for()
    console.shot("watched")


def test_all_executions_of_the_tenant_are_listed_and_can_be_watched(
    console: Console, tmp_path: Path
) -> None:
    page = console.page
    _upload_then_forget(console, tmp_path / "listed.txt")
    row = page.locator("#history tr", has_text="ingest_file")
    row.wait_for()  # the tab tracks nothing, but the tenant's history lists the upload
    assert "completed" in row.inner_text()
    page.select_option("#history select", "failed")
    page.get_by_role("button", name="Show").click()
    page.wait_for_selector("#history .page-label:text('No executions.')")
    page.select_option("#history select", "")
    page.get_by_role("button", name="Show").click()
    row.wait_for()
    row.get_by_role("button", name="Watch").click()
    page.locator("#runs li[data-status=completed]", has_text="ingest_file").wait_for()
    console.shot("history")
