"""Schedules in the console: create one from the form (timing fields from the published
schema), run it now and see its run, pause and resume it, a refused cron shown as a problem,
delete it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Console, problem_facts

pytestmark = pytest.mark.slow


def _row(console: Console) -> object:
    return console.page.locator("#schedules tbody tr").first


def test_create_run_now_pause_resume_and_delete_a_schedule(console: Console) -> None:
    page = console.page
    console.open()
    console.register()
    console.nav("Schedules")
    page.wait_for_selector("#schedule-form")
    assert page.inner_text("#schedule-list") == "No schedules yet."
    # the timing fields come from CreateScheduleRequest's schema, with its defaults
    assert page.get_by_label("overlap").input_value() == "skip"
    assert page.get_by_label("catchup").input_value() == "latest"
    page.get_by_label("Intent").select_option("echo")
    page.get_by_role("tab", name="Advanced (JSON)").click()
    page.get_by_label("Parameters of echo (JSON)").fill('{"message": "tick"}')
    page.get_by_label("every_seconds").fill("3600")
    page.get_by_role("button", name="Create schedule").click()
    row = page.locator("#schedules tbody tr")
    row.first.wait_for()
    assert row.count() == 1
    cells = row.first.locator("td").all_inner_texts()
    assert cells[1:5] == ["echo", "every 3600 s", "0", "active"]
    assert cells[5] != "", "the next due time is shown"
    # The shared table (dom.table): the priority, a number, is right-aligned under its heading.
    table = page.locator("table.data#schedules")
    assert table.locator("th.num").all_inner_texts() == ["Priority"]
    assert row.first.locator("td.num").all_inner_texts() == ["0"]
    assert row.first.locator("td.num").evaluate("td => getComputedStyle(td).textAlign") == "right"
    name = f"echo {row.first.get_attribute('data-schedule')[:8]}"  # type: ignore[index]
    console.shot("created")

    page.get_by_role("button", name=f"Run {name} now").click()
    # the row is redrawn with its last run once the trigger is recorded: only then can the
    # runs list hold it (clicking Runs at once raced the trigger and read "No runs yet.")
    row.first.locator("a[href^='#/executions/']").wait_for()
    page.get_by_role("button", name=f"Runs of {name}").click()
    runs = page.locator("#schedule-runs tbody tr")
    runs.first.wait_for()
    assert runs.count() == 1
    assert page.inner_text("#schedule-runs h3") == "Runs of echo (1)"
    assert page.locator("#schedule-runs table.data tbody tr").count() == 1  # the shared table

    page.get_by_role("button", name=f"Pause {name}").click()
    page.wait_for_selector("#schedules td.status:text-is('paused')")
    page.get_by_role("button", name=f"Resume {name}").click()
    page.wait_for_selector("#schedules td.status:text-is('active')")
    console.shot("resumed")

    page.get_by_label("every_seconds").fill("")
    page.get_by_label("cron").fill("61 * * * *")
    page.get_by_role("button", name="Create schedule").click()
    # the refusal shows in the form: its error beside the cron field, the problem below
    cron = page.get_by_label("cron")
    beside = page.locator("[data-option=cron] .field-error")
    beside.wait_for()
    assert "not a valid cron expression" in beside.inner_text()
    assert cron.get_attribute("aria-invalid") == "true"
    assert beside.get_attribute("id") in (cron.get_attribute("aria-describedby") or "").split()
    refusal = page.locator("#schedule-form .inline-problem")
    refusal.locator("summary", has_text="Details").click()
    problem = refusal.locator(".problem")
    assert problem_facts(problem)["Status"] == "422"
    assert any(
        "cron" in line
        for line in problem.locator(".problem-errors li, .problem-detail").all_inner_texts()
    )
    assert [e for e in console.errors if "422" not in e] == []
    console.errors.clear()
    console.shot("refused")
    assert page.locator("#schedules tbody tr").count() == 1

    page.get_by_role("button", name=f"Delete {name}").click()
    page.wait_for_selector("#schedule-list p:text-is('No schedules yet.')")
