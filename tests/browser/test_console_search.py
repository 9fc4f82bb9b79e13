"""Search in the console: the executions history filtered by intent, attribute and time, and
the artifacts list by name and producer."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.browser.conftest import Console

pytestmark = pytest.mark.slow

SUBMIT = """async ([intent, params, attrs]) => {
  const res = await fetch('/api/intent/submit', {method: 'POST',
    body: JSON.stringify({intent_type: intent, parameters: params, search_attributes: attrs}),
    headers: {'Content-Type': 'application/json',
              Authorization: `Bearer ${JSON.parse(localStorage.getItem('symphainy.auth')).token}`,
    }});
  return (await res.json()).execution_id;
}"""


def _show(console: Console, **fields: str) -> list[str]:
    page = console.page
    for name, value in fields.items():
        page.fill(f"#history input[name={name}]", value)
    # Mark the listing on screen, so the wait below is for the one this search draws.
    page.evaluate(
        "document.querySelectorAll('#history .page-label').forEach((e) => e.dataset.stale = '1')"
    )
    page.click("#history form button[type=submit]")
    page.locator("#history .page-label:not([data-stale])").wait_for()
    rows = page.locator("#history tr[data-history]")
    return [rows.nth(i).get_attribute("data-history") or "" for i in range(rows.count())]


def test_filter_executions_and_artifacts(console: Console, tmp_path: Path) -> None:
    page = console.page
    console.open()
    console.register()
    acme = page.evaluate(SUBMIT, ["echo", {"message": "a"}, {"customer": "acme"}])
    page.evaluate(SUBMIT, ["echo", {"message": "g"}, {"customer": "globex"}])
    console.nav("Executions")
    page.locator("#history tr[data-history]").nth(1).wait_for()
    assert _show(console, attribute="customer=acme") == [acme]
    assert _show(console, intent_type="parse_content", attribute="") == []
    page.locator("#history .page-label:text-is('No executions.')").wait_for()
    # The browser's own clock, whatever its time zone: a day ahead finds nothing, a day back all.
    ahead = (datetime.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    back = (datetime.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert _show(console, intent_type="echo", created_after=ahead) == []
    assert len(_show(console, created_after=back)) == 2
    console.shot("executions-filtered")

    notes = tmp_path / "quarterly-notes.txt"
    notes.write_text("Numbers.\n")
    console.nav("Content")
    console.upload(notes)
    console.nav("Artifacts")
    table = page.locator("#artifacts tbody tr")
    table.first.wait_for()
    page.fill("#artifact-filters input[name=name_contains]", "terly-no")
    page.click("#artifact-filters button[type=submit]")
    page.locator("#artifacts td:text-is('quarterly-notes.txt')").wait_for()
    page.fill("#artifact-filters input[name=name_contains]", "no-such-name")
    page.click("#artifact-filters button[type=submit]")
    page.locator(".pager", has_text="of 0").wait_for()
    assert table.count() == 0
    page.fill("#artifact-filters input[name=name_contains]", "")
    page.fill("#artifact-filters input[name=produced_by_intent]", "ingest_file")
    page.click("#artifact-filters button[type=submit]")
    page.locator("#artifacts td:text-is('quarterly-notes.txt')").wait_for()
    console.shot("artifacts-filtered")
