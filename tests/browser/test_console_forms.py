"""Intent and journey input as forms generated from their JSON Schemas (issue #19, item 3):
files and parsed files picked by name (never a hex id typed), the server's validation errors
beside the field they name, and the Advanced (JSON) tab holding the same value as the form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, Console

pytestmark = pytest.mark.slow

ORDERS = Path(__file__).resolve().parents[1] / "fixtures" / "content" / "orders.xls"


def _saved(console: Console, path: Path) -> str:
    """Upload and save a file from the Content page; its artifact id."""
    console.upload(path)
    save = console.row(path.name).get_by_role("button", name=f"Save {path.name}")
    file_id = save.get_attribute("data-file")
    save.click()
    console.row(path.name).locator("td.state:text-is('READY')").wait_for()
    assert file_id
    return file_id


def _shot(console: Console, label: str, part: Any) -> None:
    """A screenshot of one part of the page (the intent list is long)."""
    part.screenshot(path=str(ARTIFACTS / f"{console.name}-{label}.png"))


def _submitted(console: Console, click: Any, path: str = "**/api/intent/submit") -> Any:
    with console.page.expect_request(path) as sent:
        click()
    return sent.value.post_data_json


def test_run_an_intent_from_its_form_with_a_picked_file(console: Console) -> None:
    page = console.page
    console.open()
    console.register()
    file_id = _saved(console, ORDERS)
    console.nav("Intents")
    entry = page.locator("#intent-parse_content")
    entry.locator("> summary").click()
    form = entry.locator(".input-form")
    picker = form.get_by_label("file_id", exact=True)
    # the picker names the file, its type, state and date; the id is the option's value only
    label = picker.locator(f"option[value='{file_id}']").inner_text()
    assert label.startswith("orders.xls · ")
    assert "READY" in label
    assert file_id not in label
    # An id typed on the JSON tab comes back as the picked file; one not offered is refused.
    entry.get_by_role("tab", name="Advanced (JSON)").click()
    text = entry.get_by_label("Parameters of parse_content (JSON)")
    text.fill(json.dumps({"file_id": "0" * 32}))
    entry.get_by_role("tab", name="Form").click()
    note = entry.locator(".tab-note .inline-problem")
    note.wait_for()
    assert "file_id: not one of the choices offered here" in note.inner_text()
    text.fill(json.dumps({"file_id": file_id}))
    entry.get_by_role("tab", name="Form").click()
    assert picker.input_value() == file_id
    assert note.count() == 0
    picker.select_option(label=label)
    assert form.get_by_label("parsing_type").locator("option").count() > 2  # an enum: a select
    help_id = picker.get_attribute("aria-describedby").split()[0]  # type: ignore[union-attr]
    assert page.locator(f"[id='{help_id}']").count() == 1
    _shot(console, "parse-form", entry)
    body = _submitted(console, entry.get_by_role("button", name="Run parse_content").click)
    assert body["parameters"] == {"file_id": file_id}
    done = page.locator("#runs li[data-status=completed]", has_text="parse_content")
    done.wait_for(timeout=60_000)
    result = json.loads(done.locator(".result pre").text_content() or "{}")
    assert result["parser"] == "excel"
    assert result["record_count"] == 4  # the Orders sheet's 3 rows and the Notes sheet's one

    # the parsed file is now offered to the intents that read parsed content
    console.nav("Intents")
    entry = page.locator("#intent-get_parsed_file")
    entry.locator("> summary").click()
    parsed = entry.get_by_label("parsed_file_id", exact=True)
    parsed.locator(f"option[value='{result['parsed_file_id']}']").wait_for(state="attached")
    assert (
        parsed.locator(f"option[value='{result['parsed_file_id']}']")
        .inner_text()
        .startswith("orders.xls · ")
    )


def test_start_a_journey_and_a_schedule_with_a_picked_file(console: Console) -> None:
    page = console.page
    console.open()
    console.register()
    file_id = _saved(console, ORDERS)
    console.nav("Journeys")
    card = page.locator("#journey-content_ingest_pipeline-card")
    picker = card.get_by_label("file_id", exact=True)
    # Run with nothing picked: the server's error appears beside the field it names.
    card.get_by_role("button", name="Run content_ingest_pipeline").click()
    beside = card.locator("[data-field=file_id] .field-error")
    beside.wait_for()
    assert beside.inner_text() == "Field required"
    assert picker.get_attribute("aria-invalid") == "true"
    assert [e for e in console.errors if "422" not in e] == []
    console.errors.clear()
    console.shot("journey-refused")

    picker.select_option(label=picker.locator("option", has_text="orders.xls").inner_text())
    body = _submitted(
        console,
        card.get_by_role("button", name="Run content_ingest_pipeline").click,
        "**/api/journey/trigger",
    )
    assert body["parameters"] == {"file_id": file_id}
    assert beside.is_hidden()
    card.locator(".journey-status[data-status=completed]").wait_for(timeout=120_000)
    console.shot("journey-done")

    console.nav("Schedules")
    form = page.locator("#schedule-form")
    form.get_by_label("Intent").select_option("parse_content")
    picker = form.get_by_label("file_id", exact=True)
    picker.select_option(label=picker.locator("option", has_text="orders.xls").inner_text())
    form.get_by_label("parsing_type").select_option("structured")
    form.get_by_label("every_seconds").fill("3600")
    body = _submitted(
        console,
        form.get_by_role("button", name="Create schedule").click,
        "**/api/schedule/create",
    )
    assert body["parameters"] == {"file_id": file_id, "parsing_type": "structured"}
    row = page.locator("#schedules tbody tr")
    row.first.wait_for()
    assert row.first.locator("td").nth(1).inner_text() == "parse_content"

    # A journey is scheduled the same way: its input from its schema, errors beside it.
    form.get_by_label("Intent or journey").select_option(label="content_ingest_pipeline (journey)")
    form.get_by_label("every_seconds").fill("3600")
    form.get_by_role("button", name="Create schedule").click()
    beside = form.locator("[data-field=file_id] .field-error")
    beside.wait_for()
    assert beside.inner_text() == "Field required"
    console.errors.clear()
    picker = form.get_by_label("file_id", exact=True)
    picker.select_option(label=picker.locator("option", has_text="orders.xls").inner_text())
    body = _submitted(
        console,
        form.get_by_role("button", name="Create schedule").click,
        "**/api/schedule/create",
    )
    assert body["journey_id"] == "content_ingest_pipeline"
    assert "intent_type" not in body
    assert body["parameters"] == {"file_id": file_id}
    page.locator("#schedules td:text-is('content_ingest_pipeline')").wait_for()
    assert row.count() == 2
    console.shot("schedule")


def test_errors_beside_fields_and_the_json_tab_round_trip(console: Console) -> None:
    page = console.page
    console.open()
    console.register()
    console.nav("Intents")
    entry = page.locator("#intent-search_content")
    entry.locator("> summary").click()
    form = entry.locator(".input-form")
    # The form alone (no parameters table repeating it): each field says whether it is
    # required, and its help says a number's range and the default the server takes.
    assert entry.locator("table:has(caption:text-is('Parameters'))").count() == 0
    assert entry.locator("table:has(caption:text-is('Result'))").count() == 1
    assert form.locator("[data-field=query] .required").inner_text() == "required"
    assert form.locator("[data-field=limit] .required").count() == 0
    limit_help = form.locator("[data-field=limit] small.muted").inner_text()
    assert limit_help.endswith("A whole number from 1 to 200. Default: 20."), limit_help
    assert form.get_by_label("mode").input_value() != ""  # the default, preselected
    form.get_by_label("query").fill("orders")
    form.get_by_label("mode").select_option("both")
    form.get_by_label("limit").fill("500")  # above the contract's 200: the server says so
    entry.get_by_role("button", name="Run search_content").click()
    beside = entry.locator("[data-field=limit] .field-error")
    beside.wait_for()
    assert "200" in beside.inner_text()
    assert entry.locator("[data-field=query] .field-error").is_hidden()
    assert entry.locator(".run-problem .inline-problem").count() == 1
    assert page.locator("h2").inner_text() == "Intents"  # a refusal stays on the form
    assert [e for e in console.errors if "422" not in e] == []
    console.errors.clear()
    _shot(console, "refused", entry)

    # The form's value moves to the JSON tab (by keyboard: arrows between the tabs), an edit
    # there comes back to the form.
    form.get_by_label("limit").fill("5")
    entry.get_by_role("tab", name="Form").focus()
    page.keyboard.press("ArrowRight")
    json_tab = entry.get_by_role("tab", name="Advanced (JSON)")
    assert json_tab.get_attribute("aria-selected") == "true"
    assert json_tab.evaluate("t => t === document.activeElement")
    text = entry.get_by_label("Parameters of search_content (JSON)")
    assert json.loads(text.input_value()) == {"query": "orders", "mode": "both", "limit": 5}
    assert form.is_hidden()
    text.fill(json.dumps({"query": "acme", "limit": 7}))
    entry.get_by_role("tab", name="Form").click()
    assert form.get_by_label("query").input_value() == "acme"
    assert form.get_by_label("limit").input_value() == "7"
    assert form.get_by_label("mode").locator("option:checked").inner_text() == "text"

    # A key the form has no field for keeps the JSON tab open, saying why.
    entry.get_by_role("tab", name="Advanced (JSON)").click()
    text.fill(json.dumps({"query": "acme", "colour": "red"}))
    entry.get_by_role("tab", name="Form").click()
    note = entry.locator(".tab-note .inline-problem")
    note.wait_for()
    assert "colour" in note.inner_text()
    assert form.is_hidden()
    _shot(console, "json-tab", entry)
    # Sent from the JSON tab as typed: the server refuses the unknown key, by name.
    body = _submitted(console, entry.get_by_role("button", name="Run search_content").click)
    assert body["parameters"] == {"query": "acme", "colour": "red"}
    problem = entry.locator(".run-problem .inline-problem")
    problem.locator("summary").click()
    assert "colour" in problem.locator(".problem-errors").inner_text()
    console.errors.clear()


def test_nested_objects_and_lists_in_the_form(console: Console) -> None:
    page = console.page
    console.open()
    console.register()
    console.nav("Intents")
    entry = page.locator("#intent-create_workflow")
    entry.locator("> summary").click()
    field = lambda path: entry.locator(f"[data-field='{path}'] > :is(input, select, textarea)")  # noqa: E731
    entry.get_by_role("button", name="Add steps item").click()
    entry.get_by_role("button", name="Add steps item").click()
    # each step is its own group of fields, with the step's defaults filled in
    assert entry.locator("[data-field='steps.1'] > legend").inner_text() == "steps #2"
    assert field("steps.0.task_type").locator("option:checked").inner_text() == "task"
    field("steps.0.number").fill("1")
    field("steps.0.action").fill("Receive the order")
    field("steps.1.number").fill("2")
    field("steps.1.action").fill("Ship it")
    field("steps.1.role").fill("clerk")
    entry.get_by_role("button", name="Add steps.1.after item").click()
    field("steps.1.after.0").fill("1")
    field("workflow_name").fill("Orders")
    _shot(console, "nested", entry.locator(".input-panel"))
    entry.get_by_role("tab", name="Advanced (JSON)").click()
    text = entry.get_by_label("Parameters of create_workflow (JSON)")
    first = {"number": 1, "action": "Receive the order", "task_type": "task"}
    second = {"number": 2, "action": "Ship it", "role": "clerk", "after": [1], "task_type": "task"}
    assert json.loads(text.input_value()) == {"steps": [first, second], "workflow_name": "Orders"}

    # back on the form, a step removed renumbers the rest; the JSON follows
    entry.get_by_role("tab", name="Form").click()
    entry.get_by_role("button", name="Remove steps #1").click()
    assert field("steps.0.action").input_value() == "Ship it"
    assert field("steps.0.after.0").input_value() == "1"
    assert entry.locator("[data-field='steps.1']").count() == 0
    entry.get_by_role("tab", name="Advanced (JSON)").click()
    assert json.loads(text.input_value()) == {"steps": [second], "workflow_name": "Orders"}
    body = _submitted(console, entry.get_by_role("button", name="Run create_workflow").click)
    assert body["parameters"] == {"steps": [second], "workflow_name": "Orders"}
    page.locator("#runs li", has_text="create_workflow").wait_for()
