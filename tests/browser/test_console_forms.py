"""Intent and journey input as forms generated from their JSON Schemas (issue #19, item 3):
files and parsed files picked by name (never a hex id typed), the server's validation errors
beside the field they name, and the Advanced (JSON) tab holding the same value as the form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Console

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
    picker.select_option(label=label)
    assert form.get_by_label("parsing_type").locator("option").count() > 2  # an enum: a select
    help_id = picker.get_attribute("aria-describedby").split()[0]  # type: ignore[union-attr]
    assert page.locator(f"[id='{help_id}']").count() == 1
    console.shot("parse-form")
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
