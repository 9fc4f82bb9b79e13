"""A delayed start in the console: "Start at" submits it scheduled, the run shows when it
starts and a Cancel button, and its timeline (and any execution's) reads back after the fact."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.browser.conftest import Console

pytestmark = pytest.mark.slow


def test_schedule_cancel_and_read_the_timeline(console: Console) -> None:
    page = console.page
    console.open()
    console.register()
    console.nav("Intents")
    page.click("#intent-echo > summary")
    console.intent_json("echo", {"message": "later"})
    # A day ahead in the browser's own clock: whatever its time zone, still in the future.
    at = (datetime.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    page.fill("#intent-echo input[name=not_before]", at)
    page.click("#intent-echo .run-form button[type=submit]")
    scheduled = page.locator("#runs li[data-status=scheduled]", has_text="echo")
    scheduled.locator(".not-before").wait_for()
    assert scheduled.locator(".not-before").inner_text().startswith("starts ")
    console.shot("scheduled")
    scheduled.get_by_role("button", name="Cancel echo").click()
    cancelled = page.locator("#runs li[data-status=cancelled]", has_text="echo")
    cancelled.wait_for()
    cancelled.locator("details.timeline > summary").click()
    kinds = cancelled.locator("table.timeline td.kind")
    kinds.last.wait_for()
    assert kinds.all_inner_texts() == [
        "intent.received",
        "execution.created",
        "execution.scheduled",
        "execution.cancelled",
    ]
    facts = cancelled.locator(".timeline-facts").inner_text()
    assert "Not before" in facts
    assert "cancelled" in facts
    # Every execution of the tenant, filtered to the scheduled ones: none left.
    page.select_option("#history select", "scheduled")
    page.click("#history form button[type=submit]")
    page.locator("#history .page-label:text-is('No executions.')").wait_for()
    page.select_option("#history select", "cancelled")
    page.click("#history form button[type=submit]")
    page.locator("#history tr[data-history]").first.get_by_role(
        "button", name="Timeline of echo", exact=False
    ).click()
    page.locator("#history .timeline-box td.kind:text-is('execution.scheduled')").wait_for()
    console.shot("timeline")
