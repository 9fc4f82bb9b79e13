"""An execution's own page (#/executions/{id}): its facts, outcome and timeline, reached by URL
through sign-in; cancel after a confirmation, retry onto the new execution's page; a journey's
children and retry from a step. The executions list: ids link to pages, filters, find by id,
journey steps folded under their journey, the console's own reads hidden, live refresh."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import PASSWORD, Console, problem_facts

pytestmark = pytest.mark.slow
ID = re.compile(r"[0-9a-f]{32}")
TRACKED = "() => JSON.parse(sessionStorage.getItem('runs') || '[]')"  # the runs this tab follows


def _run(console: Console, intent: str, params: dict[str, object], start: str = "") -> str:
    """Run an intent from the catalogue; the new execution's id (the Executions view opens)."""
    page = console.page
    console.nav("Intents")
    console.intent_json(intent, params)
    if start:
        page.fill(f"#intent-{intent} input[name=not_before]", start)
    known = page.evaluate(TRACKED)
    page.click(f"#intent-{intent} .run-form button[type=submit]")
    page.wait_for_selector("h2:text('Executions')")
    new = page.wait_for_function(
        f"(known) => ({TRACKED})().find((id) => !known.includes(id))", arg=known
    )
    return str(new.json_value())


def _facts(page: Any) -> dict[str, str]:
    return problem_facts(page.locator("#facts dl"))


def _open_page(console: Console, execution_id: str, intent: str) -> None:
    console.open(f"#/executions/{execution_id}")
    console.page.locator(f"#view h2:text-is('{intent} execution')").wait_for()


def test_a_run_has_its_own_page_reached_through_sign_in(console: Console) -> None:
    page = console.page
    console.open()
    email = console.register()
    run_id = _run(console, "echo", {"message": "hello page"})
    page.locator(f"#runs li[data-execution='{run_id}'][data-status=completed]").wait_for()

    # Another browser is signed out (a tab of this one would share the sign-in): it asks to
    # sign in, then lands on the page the link named.
    other = page.context.browser.new_context()
    fresh = Console(other.new_page(), console.base_url, console.name + "-fresh")
    try:
        _signed_in_on_the_runs_page(fresh, email, run_id)
    finally:
        other.close()


def _signed_in_on_the_runs_page(fresh: Console, email: str, run_id: str) -> None:
    fresh.open(f"#/executions/{run_id}")
    login = fresh.page.locator("#login-form")
    login.get_by_label("Email").fill(email)
    login.get_by_label("Password").fill(PASSWORD)
    login.get_by_role("button", name="Log in").click()
    view = fresh.page.locator("#view")
    view.locator("h2:text-is('echo execution')").wait_for()
    assert fresh.page.url.endswith(f"#/executions/{run_id}")
    view.locator(".live .status:text-is('completed')").wait_for()
    facts = _facts(fresh.page)
    assert (facts["Status"], facts["Intent"], facts["Execution id"]) == (
        "completed",
        "echo (version 1)",
        run_id,
    )
    assert re.fullmatch(r"1 of \d+", facts["Attempts"])
    assert re.fullmatch(r"[0-9.]+ s", facts["Duration"])
    assert facts["Submitted by"] == f"you ({email})"
    assert facts["Started"]
    assert facts["Finished"]
    assert json.loads(view.locator("#outcome pre.result").inner_text()) == {"echo": "hello page"}
    assert json.loads(view.locator("#facts details.params pre").text_content() or "") == {
        "message": "hello page"
    }
    kinds = view.locator("#timeline td.kind").all_inner_texts()
    assert (kinds[0], kinds[-1]) == ("intent.received", "execution.completed")
    assert view.locator("progress").count() == 0  # finished: no progress bar
    assert view.get_by_role("button", name="Retry").count() == 0  # completed: nothing to retry
    fresh.shot("page")
    assert fresh.errors == []


def _scheduled_page(console: Console, message: str, ahead: timedelta) -> tuple[str, Any]:
    """Sign up, run echo `ahead` in the browser's own clock, open its page: (id, the view)."""
    console.open()
    console.register()
    at = (datetime.now() + ahead).strftime("%Y-%m-%dT%H:%M:%S")
    run_id = _run(console, "echo", {"message": message}, at)
    _open_page(console, run_id, "echo")
    view = console.page.locator("#view")
    view.locator("#facts .status:text-is('scheduled')").wait_for()
    return run_id, view


def test_the_page_follows_a_run_live(console: Console) -> None:
    _, view = _scheduled_page(console, "live", timedelta(seconds=6))
    assert view.locator("#timeline td.kind:text-is('execution.completed')").count() == 0
    # No click from here: the stream moves the page on when the run starts and finishes.
    view.locator("#facts .status:text-is('completed')").wait_for(timeout=30_000)
    view.locator("#timeline td.kind:text-is('execution.completed')").wait_for()
    assert json.loads(view.locator("#outcome pre.result").inner_text()) == {"echo": "live"}
    assert view.locator("progress").count() == 0
    seqs = [int(s) for s in view.locator("#timeline tr[data-seq] td:first-child").all_inner_texts()]
    assert seqs == list(range(1, len(seqs) + 1))  # every event once, in order


def test_cancel_asks_first_and_retry_opens_the_new_page(console: Console) -> None:
    page = console.page
    # A day ahead: scheduled, live, cancellable.
    run_id, view = _scheduled_page(console, "later", timedelta(days=1))
    assert view.locator(".live .status").inner_text() == "scheduled"
    assert view.locator(".live progress").count() == 1
    view.locator("details.signal > summary").click()  # a live run takes signals here too
    view.get_by_label(f"Signal name for {run_id}").fill("nudge")
    view.get_by_role("button", name="Send signal").click()
    view.locator(".note:text-is('Signal nudge sent.')").wait_for()
    view.get_by_role("button", name="Cancel execution…").click()
    confirm = view.get_by_role("group", name="Confirm cancel")
    confirm.wait_for()
    console.shot("confirm-cancel")
    confirm.get_by_role("button", name="Keep it running").click()
    confirm.wait_for(state="hidden")
    assert _facts(page)["Status"] == "scheduled"  # nothing was cancelled
    view.get_by_role("button", name="Cancel execution…").click()
    confirm.get_by_role("button", name="Yes, cancel it").click()
    view.locator(".note:text-is('Cancelled.')").wait_for()
    view.locator("#facts .status:text-is('cancelled')").wait_for()
    assert view.locator("progress").count() == 0
    assert (
        view.locator("#outcome").inner_text().endswith("Cancelled before it finished: no result.")
    )
    console.shot("cancelled")

    view.get_by_role("button", name="Retry", exact=True).click()
    page.wait_for_url(re.compile(r"#/executions/(?!" + run_id + ")[0-9a-f]{32}$"))
    new_id = page.url.rsplit("/", 1)[1]
    view.locator("#facts dd a", has_text=run_id).wait_for()  # "Retry of" links the original
    assert _facts(page)["Retry of"] == run_id
    view.locator("#facts dd a", has_text=run_id).click()
    page.wait_for_url(re.compile(f"#/executions/{run_id}$"))
    view.locator("#facts .status:text-is('cancelled')").wait_for()
    page.go_back()
    assert page.url.endswith(new_id)
    view.locator("#facts .status:text-is('completed')").wait_for()  # the retry runs at once
    assert json.loads(view.locator("#outcome pre.result").inner_text()) == {"echo": "later"}
    console.shot("retry")


def test_a_failure_reads_in_plain_words_with_its_problem_one_click_away(
    console: Console, tmp_path: Path
) -> None:
    page = console.page
    notes = tmp_path / "notes.txt"
    notes.write_text("First paragraph.\n\nSecond paragraph.\n")
    console.open()
    console.register()
    console.upload(notes)
    console.nav("Executions")
    ingest = page.locator("#runs li[data-status=completed]", has_text="ingest_file")
    ingest.get_by_role("link", name=re.compile("^Page of ingest_file")).click()
    page.locator("#view h2:text-is('ingest_file execution')").wait_for()
    ingest_id = page.url.rsplit("/", 1)[1]
    produced = page.locator("#artifacts a", has_text="notes.txt")
    file_id = (produced.get_attribute("href") or "").rsplit("/", 1)[1]
    assert ID.fullmatch(file_id)

    run_id = _run(console, "parse_content", {"file_id": file_id})
    failed = page.locator(f"#runs li[data-execution='{run_id}'][data-status=failed]")
    failed.wait_for()
    assert failed.locator("progress").count() == 0  # a failed run keeps no partial bar
    _open_page(console, run_id, "parse_content")
    view = page.locator("#view")
    view.locator("#facts .status:text-is('failed')").wait_for()
    words = view.locator("#outcome .inline-problem-text")
    assert words.inner_text() == f"file {file_id} is PENDING; save it first"
    problem = view.locator("#outcome .problem")
    assert not problem.is_visible()
    view.locator("#outcome summary:text-is('Details')").click()
    assert problem_facts(problem)["Status"] == "409"
    assert problem.locator(".problem-title").inner_text() == "Illegal transition"
    assert view.get_by_role("button", name="Retry", exact=True).is_visible()
    console.shot("failed")
    produced_link = f"#/artifacts/{file_id}"
    _open_page(console, ingest_id, "ingest_file")
    page.locator(f"#artifacts a[href='{produced_link}']").click()
    page.wait_for_url(re.compile(f"{produced_link}$"))


def test_a_journey_lists_its_steps_and_retries_from_a_step(
    console: Console, tmp_path: Path
) -> None:
    page = console.page
    csv = tmp_path / "towns.csv"
    csv.write_text("city,population\nOslo,700000\nBergen,290000\n")
    console.open()
    console.register()
    console.upload(csv)
    save = console.row("towns.csv").get_by_role("button", name="Save towns.csv")
    file_id = save.get_attribute("data-file")
    console.nav("Journeys")  # not saved yet: its first step fails
    card = page.locator("#journey-content_ingest_pipeline-card")
    card.get_by_role("tab", name="Advanced (JSON)").click()  # an id typed, as a script would
    card.locator("textarea").fill(json.dumps({"file_id": file_id}))
    card.get_by_role("button", name="Run content_ingest_pipeline").click()
    card.locator(".journey-status[data-status=failed]").wait_for(timeout=60_000)
    console.nav("Executions")
    journey = page.locator("#runs li[data-status=failed]", has_text="compose_journey")
    journey_id = journey.get_attribute("data-execution") or ""
    _open_page(console, journey_id, "compose_journey")
    view = page.locator("#view")
    step = view.locator("#children li", has_text="parse: parse_content")
    step.locator(".status:text-is('failed')").wait_for()
    step.get_by_role("link").click()
    view.locator("h2:text-is('parse_content execution')").wait_for()
    assert _facts(page)["Parent"] == journey_id

    console.nav("Content")
    save.click()
    console.row("towns.csv").locator("td.state:text-is('READY')").wait_for()
    _open_page(console, journey_id, "compose_journey")
    assert view.get_by_label("Step").input_value() == "parse"  # the failed step, preselected
    console.shot("journey-failed")
    view.get_by_role("button", name="Retry from step").click()
    page.wait_for_url(re.compile(r"#/executions/(?!" + journey_id + ")[0-9a-f]{32}$"))
    view.locator("#facts .status:text-is('completed')").wait_for(timeout=120_000)
    steps = view.locator("#children li")
    steps.nth(2).wait_for()
    assert steps.locator(".status").all_inner_texts() == ["completed"] * 3
    console.shot("journey-retried")

    # The list: top-level rows only; the journey's steps fold in under it on demand.
    console.nav("Executions")
    history = page.locator("#history")
    history.locator("tr[data-history]").first.wait_for()
    intents = history.locator("tr[data-history] td:nth-child(2)").all_inner_texts()
    assert "parse_content" not in intents
    assert intents.count("compose_journey") == 2
    retried = history.locator("tr[data-history]", has_text="compose_journey").first
    retried.get_by_role("button", name=re.compile("^Steps of")).click()
    kids = history.locator("tr.child")
    kids.nth(2).wait_for()
    names = kids.locator("td:nth-child(2)").all_inner_texts()
    assert names[0] == "parse_content"  # the first step; the other two may run side by side
    assert sorted(names[1:]) == ["create_deterministic_embeddings", "extract_embeddings"]
    console.shot("list-folded")


def test_the_list_filters_finds_by_id_hides_internal_reads_and_refreshes(
    console: Console, tmp_path: Path
) -> None:
    page = console.page
    console.open()
    console.register()
    echo_id = _run(console, "echo", {"message": "listed"})
    console.nav("Control Tower")  # its panels are reads the console makes for itself
    page.locator("#chart-executions-by-state").wait_for()
    console.nav("Executions")
    history = page.locator("#history")
    row = history.locator(f"tr[data-history='{echo_id}']")
    row.wait_for()
    assert row.locator("td").nth(4).inner_text()  # started
    assert re.fullmatch(r"[0-9.]+ s", row.locator("td.duration").inner_text())
    intents = history.locator("tr[data-history] td:nth-child(2)")
    assert "get_platform_statistics" not in intents.all_inner_texts()
    history.get_by_label("Include the console's own reads").check()
    history.get_by_role("button", name="Show").click()
    history.locator("td:text-is('get_platform_statistics')").first.wait_for()
    history.get_by_label("Include the console's own reads").uncheck()
    history.get_by_label("Intent", exact=True).fill("echo")
    history.get_by_role("button", name="Show").click()
    history.locator("td:text-is('get_platform_statistics')").first.wait_for(state="detached")
    assert set(intents.all_inner_texts()) == {"echo"}
    history.get_by_label("Created after").fill(
        (datetime.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    )
    history.get_by_role("button", name="Show").click()
    history.locator(".page-label:text-is('No executions.')").wait_for()
    console.shot("list-filtered")

    # Live refresh: a run starting in a few seconds moves on in the list with no click.
    soon = (datetime.now() + timedelta(seconds=8)).strftime("%Y-%m-%dT%H:%M:%S")
    later_id = _run(console, "echo", {"message": "soon"}, soon)
    later = page.locator(f"#history tr[data-history='{later_id}']")
    later.locator(".status:text-is('scheduled')").wait_for()
    later.locator(".status:text-is('completed')").wait_for()

    find = page.get_by_label("Find execution by id (or its start)")
    other = echo_id[:30] + ("0" if echo_id[30] != "0" else "1")  # no execution starts so
    find.fill(other)
    page.get_by_role("button", name="Find").click()
    history.locator(f".page-label:text-is('No executions. (ids starting {other})')").wait_for()
    find.fill(echo_id[:8])  # the start of an id, as the list shows it: its page opens
    page.get_by_role("button", name="Find").click()
    page.locator("#view h2:text-is('echo execution')").wait_for()
    assert page.url.endswith(f"#/executions/{echo_id}")
    console.shot("found")
